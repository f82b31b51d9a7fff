import Foundation
import KBWorkspace

/// Opens a knowledge base's index once and times `SearchService.search` for each query of a
/// queries file (the first column of a TSV with a header line, as `dev-queries.tsv`). Prints one
/// JSON object per query: its latencies in nanoseconds and its ranked ids, for `bench.py`.
///
///     kb-query-bench --root DIR --queries FILE [--runs 50] [--warmup 3]
struct Arguments {
    var root = ""
    var queries = ""
    var runs = 50
    var warmup = 3

    init(_ arguments: [String]) throws {
        var rest = arguments.makeIterator()
        while let name = rest.next() {
            guard let value = rest.next() else { throw Usage("\(name) needs a value") }
            switch name {
            case "--root": root = value
            case "--queries": queries = value
            case "--runs": runs = try Self.count(value, name)
            case "--warmup": warmup = try Self.count(value, name)
            default: throw Usage("unknown option \(name)")
            }
        }
        guard !root.isEmpty, !queries.isEmpty else { throw Usage("--root and --queries are required") }
    }

    static func count(_ text: String, _ name: String) throws -> Int {
        guard let value = Int(text), value >= 0 else { throw Usage("\(name) must be a whole number") }
        return value
    }
}

struct Usage: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func readQueries(_ path: String) throws -> [String] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return text.split(separator: "\n").dropFirst().compactMap { line in
        let query = line.split(separator: "\t", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return query.isEmpty || query.hasPrefix("#") ? nil : query
    }
}

func nanoseconds(_ duration: Duration) -> Int64 {
    duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
}

do {
    let arguments = try Arguments(Array(CommandLine.arguments.dropFirst()))
    let base = try KnowledgeBase.locate(root: arguments.root, index: nil)
    let service = try SearchService(base: base)
    let clock = ContinuousClock()
    for query in try readQueries(arguments.queries) {
        var ids: [String] = []
        for _ in 0..<arguments.warmup {
            ids = try service.search(query).results.map(\.record.id.rawValue)
        }
        var latencies: [Int64] = []
        latencies.reserveCapacity(arguments.runs)
        for _ in 0..<arguments.runs {
            let started = clock.now
            let response = try service.search(query)
            latencies.append(nanoseconds(clock.now - started))
            ids = response.results.map(\.record.id.rawValue)
        }
        let line: [String: Any] = ["query": query, "ns": latencies, "ids": ids]
        let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
} catch {
    FileHandle.standardError.write(Data("kb-query-bench: \(error)\n".utf8))
    exit(2)
}
