import Foundation

/// Results written by `concurrentPerform` workers, each to its own slot.
final class ConcurrentResults<Value>: @unchecked Sendable {
    private(set) var values: [Value?]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }

    func removeAll() {
        lock.lock()
        values = []
        lock.unlock()
    }
}

/// A value that `concurrentPerform` workers only read (page plans, the site input): Swift cannot
/// see that no worker mutates it, so the box says so.
struct SharedInput<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
