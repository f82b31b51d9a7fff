/// Why an index could not be opened or written. Every message ends with what to do.
public enum IndexError: Error, Equatable, CustomStringConvertible {
    /// No index file yet.
    case missing(path: String)
    /// The file is not a kb index, or its pages are damaged.
    case damaged(path: String, detail: String)
    /// The file is there but this user may not read it.
    case unreadable(path: String, detail: String)
    /// The index was written by another version of kb.
    case incompatibleSchema(path: String, found: Int32, expected: Int32)
    /// A database operation failed.
    case sqlite(SQLiteError)
    /// The file system refused (copy, rename, sync).
    case fileSystem(path: String, detail: String)

    public var description: String {
        switch self {
        case let .missing(path):
            "no index at \(path) yet: run `kb build` first"
        case let .damaged(path, detail):
            "the index at \(path) is damaged (\(detail)): rebuild it with `kb build --full`"
        case let .unreadable(path, detail):
            "cannot read the index at \(path) (\(detail)): check its permissions, or rebuild it with `kb build --full`"
        case let .incompatibleSchema(path, found, expected):
            "the index at \(path) has schema version \(found), this kb needs \(expected): rebuild it with `kb build --full`"
        case let .sqlite(error):
            "index error: \(error)"
        case let .fileSystem(path, detail):
            "cannot write \(path): \(detail)"
        }
    }
}
