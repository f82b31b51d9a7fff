/// What a column holds, which decides both how the schema declares it and how a row reads it.
enum ColumnType: Sendable, CustomStringConvertible {
    /// The table's rowid (`INTEGER PRIMARY KEY`): assigned on insert when bound as NULL.
    case rowid
    /// A text primary key of a table stored `WITHOUT ROWID`.
    case textKey
    case integer
    case text
    /// Text that may be NULL.
    case optionalText
    /// A computed result (`kb_hits`), never a stored column.
    case blob

    /// The declaration after the column's name in `CREATE TABLE`.
    var declaration: String {
        switch self {
        case .rowid: "INTEGER PRIMARY KEY"
        case .textKey: "TEXT PRIMARY KEY"
        case .integer: "INTEGER NOT NULL"
        case .text: "TEXT NOT NULL"
        case .optionalText: "TEXT"
        case .blob: "BLOB NOT NULL"
        }
    }

    /// True when a row may read a column of this type as `reading`.
    func reads(as reading: ColumnType) -> Bool {
        self == reading || (self == .rowid && reading == .integer) || (self == .textKey && reading == .text)
    }

    var description: String { declaration }
}

/// A column of a query's result: a stored column or an expression (`rowid`, `kb_hits(fts)`).
protocol ResultColumn: Hashable, Sendable {
    /// What the SELECT list says for it.
    var expression: String { get }
    var type: ColumnType { get }
}

/// A column of one of the index's tables. The table's `CREATE TABLE`, its `INSERT` and the column
/// lists of every statement that reads it are made from `allCases`, so that a column exists in all
/// of them or in none.
protocol TableColumn: ResultColumn, CaseIterable where AllCases == [Self] {
    static var table: String { get }
    /// Table constraints after the columns (a primary key over several columns).
    static var constraints: [String] { get }
    /// Tables keyed by their primary key alone are stored `WITHOUT ROWID`.
    static var withoutRowID: Bool { get }
    var name: String { get }
    /// What follows the type in the declaration (`UNIQUE`, `DEFAULT 'synonym'`), if anything.
    var declarationSuffix: String? { get }
}

extension TableColumn {
    var expression: String { name }
    var declarationSuffix: String? { nil }
    static var constraints: [String] { [] }
    static var withoutRowID: Bool { false }

    static var createTable: String {
        let columns = allCases.map { column in
            ([column.name, column.type.declaration] + [column.declarationSuffix].compactMap { $0 }).joined(separator: " ")
        }
        return "CREATE TABLE \(table)(\((columns + constraints).joined(separator: ", ")))\(withoutRowID ? " WITHOUT ROWID" : "");"
    }

    /// `INSERT INTO table(every column) VALUES(?1, …)`: bind `values(of:)` in `allCases` order.
    static var insert: String {
        "INSERT INTO \(table)(\(allCases.map(\.name).joined(separator: ", "))) VALUES("
            + allCases.indices.map { "?\($0 + 1)" }.joined(separator: ", ") + ")"
    }

    /// `SELECT columns FROM table` and what follows (`WHERE …`, `ORDER BY …`).
    static func select(_ columns: [Self], _ rest: String = "") -> Selected<Self> {
        Selected(columns, "FROM \(table)" + (rest.isEmpty ? "" : " " + rest))
    }
}

/// Which columns a statement selects, in order: what a `Row` needs to find each by name.
///
/// Columns are found by a linear scan, never hashed: a statement selects a handful, and a `Set` or
/// `Dictionary` keyed by a column type makes the runtime look up that type's `Hashable` conformance
/// the first time (a scan of every conformance record in the binary, once per column type and
/// process: most of a short search's generic-metadata time).
struct Selection<Column: ResultColumn>: Sendable {
    let columns: [Column]
    /// The SELECT list.
    let list: String

    init(_ columns: [Column]) {
        precondition(columns.indices.allSatisfy { !columns[..<$0].contains(columns[$0]) }, "a column selected twice")
        self.columns = columns
        self.list = columns.map(\.expression).joined(separator: ", ")
    }

    /// The column's place in the result row, or nil when it is not selected.
    func position(of column: Column) -> Int32? {
        columns.firstIndex(of: column).map { Int32($0) }
    }
}

/// A SELECT statement's text with the selection it reads its rows by: the two cannot disagree.
struct Selected<Column: ResultColumn>: Sendable {
    let selection: Selection<Column>
    let sql: String

    /// A query selecting `columns` (expressions or stored columns), followed by `rest` (`FROM …`).
    init(_ columns: [Column], _ rest: String) {
        selection = Selection(columns)
        sql = "SELECT \(selection.list) \(rest)"
    }
}
