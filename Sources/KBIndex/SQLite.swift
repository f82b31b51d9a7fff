import CSQLite

/// A failed SQLite call, with the statement or step it came from.
public struct SQLiteError: Error, Equatable, CustomStringConvertible {
    public var code: Int32
    public var message: String
    public var context: String

    public var description: String { "\(context): \(message) (SQLite code \(code))" }

    /// The file is not a database, or its pages are damaged.
    public var isCorruption: Bool {
        let primary = code & 0xFF
        return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB
    }
}

/// One SQLite connection. Not thread-safe: each thread or process opens its own.
final class Connection {
    let handle: OpaquePointer
    let path: String

    enum Mode {
        /// Reading the published index, which builds update in place in WAL mode: each read
        /// transaction sees one committed version, whatever a build is writing meanwhile.
        case readOnly
        /// Reading a file nothing writes while it is open (no locks, no WAL): the fallback for an
        /// index in a folder where a reader cannot create the WAL's shared-memory file, which no
        /// build can be writing either.
        case immutable
        case readWrite, readWriteCreate
    }

    init(path: String, mode: Mode) throws {
        var db: OpaquePointer?
        let flags: Int32 = switch mode {
        case .readOnly, .immutable: SQLITE_OPEN_READONLY | SQLITE_OPEN_URI
        case .readWrite: SQLITE_OPEN_READWRITE
        case .readWriteCreate: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        let name = switch mode {
        case .readOnly: "file:\(Connection.uriEscape(path))?mode=ro"
        case .immutable: "file:\(Connection.uriEscape(path))?immutable=1"
        case .readWrite, .readWriteCreate: path
        }
        let status = sqlite3_open_v2(name, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: status, message: message, context: "opening \(path)")
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        // A reader waits out the moments a build's checkpoint or a WAL recovery holds the lock.
        if mode == .readOnly { sqlite3_busy_timeout(db, 5_000) }
    }

    deinit { sqlite3_close_v2(handle) }

    /// Escapes the characters that would end the path part of a `file:` URI.
    private static func uriEscape(_ path: String) -> String {
        var escaped = ""
        for character in path {
            switch character {
            case "%": escaped += "%25"
            case "?": escaped += "%3F"
            case "#": escaped += "%23"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    func error(_ status: Int32, _ context: String) -> SQLiteError {
        SQLiteError(code: status, message: String(cString: sqlite3_errmsg(handle)), context: context)
    }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        if status != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(message)
            throw SQLiteError(code: status, message: text, context: String(sql.prefix(80)))
        }
    }

    func prepare(_ sql: String) throws -> Statement {
        try Statement(connection: self, sql: sql)
    }

    /// Runs `body` in a transaction, rolling back if it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    var changes: Int { Int(sqlite3_changes(handle)) }

    /// Size in bytes of the database file this connection has open. A build may rename a new index
    /// over the path at any moment; the path's size could then belong to another file.
    func openFileSize() throws -> Int64 {
        var file: UnsafeMutablePointer<sqlite3_file>?
        let status = sqlite3_file_control(handle, "main", SQLITE_FCNTL_FILE_POINTER, &file)
        guard status == SQLITE_OK, let file, let fileSize = file.pointee.pMethods?.pointee.xFileSize else {
            throw SQLiteError(code: status == SQLITE_OK ? SQLITE_ERROR : status, message: "no open file", context: "measuring \(path)")
        }
        var size: sqlite3_int64 = 0
        let measured = fileSize(file, &size)
        guard measured == SQLITE_OK else { throw error(measured, "measuring \(path)") }
        return size
    }
}

/// A prepared statement. Values are always bound as parameters, never spliced into SQL.
final class Statement {
    let handle: OpaquePointer
    unowned let connection: Connection
    let sql: String

    init(connection: Connection, sql: String) throws {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v3(connection.handle, sql, -1, 0, &statement, nil)
        guard status == SQLITE_OK, let statement else {
            throw connection.error(status, "preparing \(sql.prefix(80))")
        }
        self.handle = statement
        self.connection = connection
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    @discardableResult
    func bind(_ values: SQLValue?...) throws -> Statement {
        try bind(values)
    }

    @discardableResult
    func bind(_ values: [SQLValue?]) throws -> Statement {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case nil:
                status = sqlite3_bind_null(handle, index)
            case let .integer(number)?:
                status = sqlite3_bind_int64(handle, index, number)
            case let .real(number)?:
                status = sqlite3_bind_double(handle, index, number)
            case let .text(text)?:
                status = text.utf8CString.withUnsafeBufferPointer { buffer in
                    kb_sqlite3_bind_text_transient(handle, index, buffer.baseAddress, Int32(buffer.count - 1))
                }
            case let .blob(bytes)?:
                status = bytes.withUnsafeBytes { raw in
                    kb_sqlite3_bind_blob_transient(handle, index, raw.baseAddress, Int32(raw.count))
                }
            }
            guard status == SQLITE_OK else { throw connection.error(status, "binding \(sql.prefix(60))") }
        }
        return self
    }

    /// Advances to the next row; false when done.
    func step() throws -> Bool {
        let status = sqlite3_step(handle)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.error(status, "running \(sql.prefix(80))")
        }
    }

    /// Runs a statement that returns no rows.
    func run(_ values: SQLValue?...) throws {
        try run(values)
    }

    func run(_ values: [SQLValue?]) throws {
        try bind(values)
        while try step() {}
    }

    /// The integer a `PRAGMA` statement answers with (its only column).
    fileprivate func pragmaValue() throws -> Int64? {
        try bind([])
        return try step() ? sqlite3_column_int64(handle, 0) : nil
    }

    /// The text a `PRAGMA` statement answers with (its only column).
    func pragmaText() throws -> String? {
        try bind([])
        return try step() ? text(0) : nil
    }

    // Columns are read by position only here, for `Row`: everywhere else a column is named.

    fileprivate func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    fileprivate func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    fileprivate func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    fileprivate func withBlob<T>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let pointer = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        return try body(UnsafeRawBufferPointer(start: count > 0 ? pointer : nil, count: pointer == nil ? 0 : count))
    }
}

/// A prepared SELECT and the selection its rows are read by.
struct Query<Column: ResultColumn> {
    let statement: Statement
    let selection: Selection<Column>

    /// Calls `body` for every row.
    func forEachRow(_ values: [SQLValue?] = [], _ body: (Row<Column>) throws -> Void) throws {
        try statement.bind(values)
        let row = Row(statement: statement, selection: selection)
        while try statement.step() { try body(row) }
    }

    /// The first row, valid until the statement is stepped or bound again; nil when there is none.
    func firstRow(_ values: [SQLValue?] = []) throws -> Row<Column>? {
        try statement.bind(values)
        return try statement.step() ? Row(statement: statement, selection: selection) : nil
    }
}

extension Connection {
    func prepare<Column>(_ selected: Selected<Column>) throws -> Query<Column> {
        Query(statement: try prepare(selected.sql), selection: selected.selection)
    }

    /// The integer a `PRAGMA` answers with (its only column); nil when it answers nothing.
    func pragma(_ name: String) throws -> Int64? {
        try prepare("PRAGMA \(name)").pragmaValue()
    }
}

/// The current row of a statement, read by column (`row.text(.title)`), never by position: the
/// selection says where each of its columns is.
struct Row<Column: ResultColumn> {
    fileprivate let statement: Statement
    let selection: Selection<Column>

    func int(_ column: Column) -> Int64 { statement.int(position(column, .integer)) }

    func text(_ column: Column) -> String { statement.text(position(column, .text)) }

    func optionalText(_ column: Column) -> String? {
        let at = position(column, .optionalText)
        return statement.isNull(at) ? nil : statement.text(at)
    }

    /// The blob in place, valid until the next step: no copy.
    func withBlob<T>(_ column: Column, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try statement.withBlob(position(column, .blob), body)
    }

    func blob(_ column: Column) -> [UInt8] { withBlob(column) { Array($0) } }

    private func position(_ column: Column, _ reading: ColumnType) -> Int32 {
        guard let position = selection.position(of: column) else {
            preconditionFailure("\(column.expression) is not selected by: \(selection.list)")
        }
        assert(column.type.reads(as: reading), "\(column.expression) is \(column.type), read as \(reading)")
        return position
    }
}

/// A value bound to a statement parameter.
enum SQLValue {
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension SQLValue {
    static func int(_ value: Int) -> SQLValue { .integer(Int64(value)) }
}
