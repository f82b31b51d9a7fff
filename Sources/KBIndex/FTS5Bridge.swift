import CSQLite
import KBSearch
import KBText

/// Registers kb's tokenizer and ranking helper with FTS5 on a connection. The tokenizing itself is
/// KBText's pure Swift tokenizer; this file is only the C calling convention around it.
enum FTS5Bridge {
    /// Name used in `CREATE VIRTUAL TABLE … tokenize='kb'`.
    static let tokenizerName = "kb"
    /// Auxiliary function returning per-phrase, per-column hit counts and column sizes.
    static let hitsFunctionName = "kb_hits"

    static func register(on connection: Connection) throws {
        let api = try fts5API(connection)
        var tokenizer = fts5_tokenizer(xCreate: createTokenizer, xDelete: deleteTokenizer, xTokenize: tokenize)
        var status = withUnsafeMutablePointer(to: &tokenizer) { pointer in
            api.pointee.xCreateTokenizer(api, tokenizerName, nil, pointer, nil)
        }
        guard status == SQLITE_OK else { throw connection.error(status, "registering the kb tokenizer") }
        status = api.pointee.xCreateFunction(api, hitsFunctionName, nil, hitsFunction, nil)
        guard status == SQLITE_OK else { throw connection.error(status, "registering kb_hits") }
    }

    /// FTS5 hands out its API through a pointer-typed parameter of `SELECT fts5(?)`. The pointer and
    /// its type tag must stay valid until the statement has run, so both live across the step.
    private static func fts5API(_ connection: Connection) throws -> UnsafeMutablePointer<fts5_api> {
        let statement = try connection.prepare("SELECT fts5(?1)")
        let slot = UnsafeMutablePointer<UnsafeMutablePointer<fts5_api>?>.allocate(capacity: 1)
        defer { slot.deallocate() }
        slot.initialize(to: nil)
        let status = sqlite3_bind_pointer(statement.handle, 1, slot, fts5PointerType, nil)
        guard status == SQLITE_OK else { throw connection.error(status, "binding fts5_api_ptr") }
        _ = try statement.step()
        guard let api = slot.pointee else {
            throw SQLiteError(code: SQLITE_ERROR, message: "this SQLite has no FTS5", context: "loading FTS5")
        }
        return api
    }
}

/// The type tag FTS5 compares (with strcmp) when `fts5(?)` runs: SQLite asks for a C string with
/// static lifetime. Written once, never mutated.
nonisolated(unsafe) private let fts5PointerType: UnsafePointer<CChar> = {
    let tag = "fts5_api_ptr"
    let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: tag.utf8.count + 1)
    tag.withCString { buffer.initialize(from: $0, count: tag.utf8.count + 1) }
    return UnsafePointer(buffer)
}()

private func createTokenizer(_ context: UnsafeMutableRawPointer?, _ arguments: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
                             _ count: Int32, _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    // The tokenizer holds no state, so any non-null pointer serves as its instance.
    out?.pointee = OpaquePointer(bitPattern: 0x1)
    return SQLITE_OK
}

private func deleteTokenizer(_ tokenizer: OpaquePointer?) {}

/// FTS5 calls this for documents (index time and highlight) and for query strings. Stops as soon
/// as FTS5's callback reports an error, and passes that code back.
private func tokenize(
    _ tokenizer: OpaquePointer?, _ context: UnsafeMutableRawPointer?, _ flags: Int32,
    _ text: UnsafePointer<CChar>?, _ length: Int32,
    _ emit: (@convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int32, Int32, Int32) -> Int32)?
) -> Int32 {
    guard let text, length > 0, let emit else { return SQLITE_OK }
    let mode: TokenizeMode = flags & FTS5_TOKENIZE_QUERY != 0 ? .query : .document
    var status = SQLITE_OK
    let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: Int(length))
    Tokenizer(mode: mode).tokenize(bytes) { event in
        let pointer = UnsafeRawPointer(event.text.baseAddress!).assumingMemoryBound(to: CChar.self)
        status = emit(context, event.colocated ? FTS5_TOKEN_COLOCATED : 0, pointer, Int32(event.text.count),
                      Int32(event.start), Int32(event.end))
        return status == SQLITE_OK
    }
    return status
}

/// `kb_hits(fts)`: a blob with, for each phrase of the MATCH expression and each column, the
/// number of hits (UInt16), then each column's size in tokens (UInt32), then the table's row count
/// and each column's total size (UInt64), all little-endian. The totals are what BM25 averages over.
private func hitsFunction(_ api: UnsafePointer<Fts5ExtensionApi>?, _ fts: OpaquePointer?,
                          _ context: OpaquePointer?, _ argumentCount: Int32,
                          _ arguments: UnsafeMutablePointer<OpaquePointer?>?) {
    guard let api, let fts, let context else { return }
    let columns = Int(api.pointee.xColumnCount(fts))
    let phrases = Int(api.pointee.xPhraseCount(fts))
    var counts = [UInt16](repeating: 0, count: phrases * columns)
    var instances: Int32 = 0
    var status = api.pointee.xInstCount(fts, &instances)
    var phrase: Int32 = 0, column: Int32 = 0, offset: Int32 = 0
    var index: Int32 = 0
    while status == SQLITE_OK && index < instances {
        status = api.pointee.xInst(fts, index, &phrase, &column, &offset)
        if status == SQLITE_OK {
            let slot = Int(phrase) * columns + Int(column)
            if counts[slot] < UInt16.max { counts[slot] += 1 }
        }
        index += 1
    }
    var blob: [UInt8] = []
    blob.reserveCapacity(counts.count * 2 + columns * 4)
    for count in counts {
        blob.append(UInt8(count & 0xFF))
        blob.append(UInt8(count >> 8))
    }
    for c in 0..<columns where status == SQLITE_OK {
        var size: Int32 = 0
        status = api.pointee.xColumnSize(fts, Int32(c), &size)
        let value = UInt32(max(0, size))
        for shift in stride(from: 0, to: 32, by: 8) { blob.append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
    var rows: Int64 = 0
    if status == SQLITE_OK { status = api.pointee.xRowCount(fts, &rows) }
    append64(UInt64(max(0, rows)), to: &blob)
    for c in 0..<columns where status == SQLITE_OK {
        var total: Int64 = 0
        status = api.pointee.xColumnTotalSize(fts, Int32(c), &total)
        append64(UInt64(max(0, total)), to: &blob)
    }
    guard status == SQLITE_OK else {
        sqlite3_result_error_code(context, status)
        return
    }
    blob.withUnsafeBytes { raw in
        kb_sqlite3_result_blob_transient(context, raw.baseAddress, Int32(raw.count))
    }
}

private func append64(_ value: UInt64, to blob: inout [UInt8]) {
    for shift in stride(from: 0, to: 64, by: 8) { blob.append(UInt8((value >> UInt64(shift)) & 0xFF)) }
}

/// Decodes `kb_hits` blobs.
enum HitsBlob {
    struct Decoded {
        var counts: [UInt16]
        var sizes: [Int]
        var rowCount: Int
        var totalSizes: [Int]
    }

    static func decode(_ blob: [UInt8], phrases: Int, columns: Int) -> Decoded? {
        guard blob.count == phrases * columns * 2 + columns * 4 + 8 + columns * 8 else { return nil }
        var counts = [UInt16](repeating: 0, count: phrases * columns)
        for i in 0..<(phrases * columns) {
            counts[i] = UInt16(blob[2 * i]) | UInt16(blob[2 * i + 1]) << 8
        }
        let base = phrases * columns * 2
        let sizes = (0..<columns).map { c -> Int in
            let at = base + 4 * c
            return Int(UInt32(blob[at]) | UInt32(blob[at + 1]) << 8 | UInt32(blob[at + 2]) << 16 | UInt32(blob[at + 3]) << 24)
        }
        func read64(_ at: Int) -> Int {
            var value: UInt64 = 0
            for i in 0..<8 { value |= UInt64(blob[at + i]) << UInt64(8 * i) }
            return Int(clamping: value)
        }
        let totalsBase = base + columns * 4
        let rowCount = read64(totalsBase)
        let totals = (0..<columns).map { read64(totalsBase + 8 + 8 * $0) }
        return Decoded(counts: counts, sizes: sizes, rowCount: rowCount, totalSizes: totals)
    }
}
