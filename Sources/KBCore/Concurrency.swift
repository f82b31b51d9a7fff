import Dispatch
import Foundation

/// Work spread over every core with `DispatchQueue.concurrentPerform`, results in input order.
/// The closures only read what they capture; Swift cannot see that, so the captures travel in an
/// unchecked box here, once, instead of at every call site.
public enum Concurrently {
    /// `transform` applied to every element, on every core; the results in the elements' order.
    public static func map<Element, Value>(_ elements: [Element], _ transform: (Element) -> Value) -> [Value] {
        let results = Slots<Value>(count: elements.count)
        withoutActuallyEscaping(transform) { transform in
            let shared = Unchecked((elements, transform))
            DispatchQueue.concurrentPerform(iterations: elements.count) { index in
                let (elements, transform) = shared.value
                results.set(index, transform(elements[index]))
            }
        }
        return results.values.map { $0! }
    }

    /// `body` run for every index below `count`, on every core. All run; the first failure in index
    /// order is then thrown.
    public static func forEach(_ count: Int, _ body: (Int) throws -> Void) throws {
        let failures = Slots<Error>(count: count)
        withoutActuallyEscaping(body) { body in
            let shared = Unchecked(body)
            DispatchQueue.concurrentPerform(iterations: count) { index in
                do { try shared.value(index) } catch { failures.set(index, error) }
            }
        }
        if let failure = failures.values.lazy.compactMap({ $0 }).first { throw failure }
    }
}

/// Values a finished piece of work leaves behind, freed later on another thread: a build's
/// articles, pages and manifests took 5–7 % of an edit build at 10,000 articles to free, after the
/// work was done. `kb build` exits before the delay ends, so it never pays; a long-running
/// process (`kb serve`) frees them in the background. Only where the freeing happens changes.
public enum Retire {
    /// Long enough for the caller to have dropped its own references, so that the last one is ours.
    static let delay = DispatchTimeInterval.milliseconds(500)

    public static func later<Value>(_ value: Value) {
        let box = Unchecked(value)
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + delay) { _ = box }
    }
}

/// One slot per worker's result.
private final class Slots<Value>: @unchecked Sendable {
    private(set) var values: [Value?]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }
}

/// Captures that workers only read.
private struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
