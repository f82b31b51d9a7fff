import Foundation

/// Results written by `concurrentPerform` workers, each to its own slot.
public final class ConcurrentResults<Value>: @unchecked Sendable {
    public private(set) var values: [Value?]
    private let lock = NSLock()

    public init(count: Int) { values = Array(repeating: nil, count: count) }

    public func set(_ index: Int, _ value: Value) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }
}

/// A value that `concurrentPerform` workers only read (page plans, the site input): Swift cannot
/// see that no worker mutates it, so the box says so.
public struct SharedInput<Value>: @unchecked Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}
