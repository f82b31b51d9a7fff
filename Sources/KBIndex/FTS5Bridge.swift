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
/// number of hits (UInt16), then each column's size in tokens (UInt32); and, on the first row of a
/// query only, the table's row count and each column's total size (UInt64), which BM25 averages
/// over. All little-endian. `kb_hits(fts, 0)` leaves out the column sizes: FTS5 reads them from
/// its docsize table with one lookup per row, which a search does only for the rows it scores.
private func hitsFunction(_ api: UnsafePointer<Fts5ExtensionApi>?, _ fts: OpaquePointer?,
                          _ context: OpaquePointer?, _ argumentCount: Int32,
                          _ arguments: UnsafeMutablePointer<OpaquePointer?>?) {
    guard let api, let fts, let context else { return }
    let columns = Int(api.pointee.xColumnCount(fts))
    let phrases = Int(api.pointee.xPhraseCount(fts))
    let withSizes = argumentCount < 1 || sqlite3_value_int(arguments![0]) != 0
    // The totals are the same for every row: FTS5 keeps auxiliary data for the rest of the query,
    // so its presence says they were sent already.
    let totalsSent = api.pointee.xGetAuxdata(fts, 0) != nil
    let size = HitsBlob.size(phrases: phrases, columns: columns, totals: !totalsSent, sizes: withSizes)
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { blob in
        blob.initialize(repeating: 0)
        var status = SQLITE_OK
        // Each phrase's own position list, walked directly: unlike xInst, this does not first merge
        // every phrase's instances into one sorted array for each row.
        var iterator = Fts5PhraseIter()
        var column: Int32 = 0, offset: Int32 = 0
        for phrase in 0..<phrases where status == SQLITE_OK {
            status = api.pointee.xPhraseFirst(fts, Int32(phrase), &iterator, &column, &offset)
            while status == SQLITE_OK && column >= 0 {
                let at = 2 * (phrase * columns + Int(column))
                let count = UInt16(blob[at]) | UInt16(blob[at + 1]) << 8
                if count < UInt16.max { HitsBlob.store(UInt64(count + 1), bytes: 2, at: at, in: blob) }
                api.pointee.xPhraseNext(fts, &iterator, &column, &offset)
            }
        }
        var at = 2 * phrases * columns
        for c in 0..<columns where status == SQLITE_OK && withSizes {
            var tokens: Int32 = 0
            status = api.pointee.xColumnSize(fts, Int32(c), &tokens)
            HitsBlob.store(UInt64(max(0, tokens)), bytes: 4, at: at, in: blob)
            at += 4
        }
        if !totalsSent && status == SQLITE_OK {
            var rows: Int64 = 0
            status = api.pointee.xRowCount(fts, &rows)
            HitsBlob.store(UInt64(max(0, rows)), bytes: 8, at: at, in: blob)
            at += 8
            for c in 0..<columns where status == SQLITE_OK {
                var total: Int64 = 0
                status = api.pointee.xColumnTotalSize(fts, Int32(c), &total)
                HitsBlob.store(UInt64(max(0, total)), bytes: 8, at: at, in: blob)
                at += 8
            }
            if status == SQLITE_OK {
                status = api.pointee.xSetAuxdata(fts, UnsafeMutableRawPointer(bitPattern: 0x1), nil)
            }
        }
        guard status == SQLITE_OK else {
            sqlite3_result_error_code(context, status)
            return
        }
        kb_sqlite3_result_blob_transient(context, UnsafeRawPointer(blob.baseAddress), Int32(size))
    }
}

/// Decodes `kb_hits` blobs.
enum HitsBlob {
    struct Decoded {
        var counts: [UInt16]
        var sizes: [Int]
        /// Row count and column totals: present in the first row's blob only.
        var totals: (rowCount: Int, sizes: [Int])?
    }

    static func size(phrases: Int, columns: Int, totals: Bool, sizes: Bool = true) -> Int {
        phrases * columns * 2 + (sizes ? columns * 4 : 0) + (totals ? 8 + columns * 8 : 0)
    }

    /// Reads a blob of `kb_hits(fts, 0)` in place: each phrase's count per column goes to
    /// `counts[phraseSlots[phrase] + column]`; the totals, when the blob has them, are returned.
    /// False when the blob has neither expected size.
    static func readCounts(_ blob: UnsafeRawBufferPointer, phrases: Int, columns: Int,
                           into counts: UnsafeMutableBufferPointer<UInt16>, phraseSlots: [Int],
                           totals: inout (rowCount: Int, sizes: [Int])?) -> Bool {
        let plain = size(phrases: phrases, columns: columns, totals: false, sizes: false)
        let withTotals = size(phrases: phrases, columns: columns, totals: true, sizes: false)
        guard blob.count == plain || blob.count == withTotals else { return false }
        func read(_ at: Int, _ bytes: Int) -> Int {
            var value: UInt64 = 0
            for i in 0..<bytes { value |= UInt64(blob[at + i]) << UInt64(8 * i) }
            return Int(clamping: value)
        }
        for phrase in 0..<phrases {
            let slot = phraseSlots[phrase]
            for column in 0..<columns {
                let at = 2 * (phrase * columns + column)
                counts[slot + column] = UInt16(blob[at]) | UInt16(blob[at + 1]) << 8
            }
        }
        if blob.count == withTotals {
            let base = plain
            totals = (read(base, 8), (0..<columns).map { read(base + 8 + 8 * $0, 8) })
        }
        return true
    }

    /// FTS5's docsize record: each column's size in tokens as SQLite varints, nothing else. Nil
    /// when the record is not exactly that (a damaged page).
    static func decodeDocsize(_ blob: UnsafeRawBufferPointer, columns: Int) -> [Int]? {
        var sizes: [Int] = []
        sizes.reserveCapacity(columns)
        var at = 0
        for _ in 0..<columns {
            var value: UInt64 = 0
            var done = false
            for i in 0..<9 where !done {
                guard at < blob.count else { return nil }
                let byte = blob[at]
                at += 1
                if i == 8 {
                    value = value << 8 | UInt64(byte)
                    done = true
                } else {
                    value = value << 7 | UInt64(byte & 0x7f)
                    done = byte & 0x80 == 0
                }
            }
            guard value <= UInt64(Int32.max) else { return nil }
            sizes.append(Int(value))
        }
        return at == blob.count ? sizes : nil
    }

    @inline(__always)
    static func store(_ value: UInt64, bytes: Int, at offset: Int, in blob: UnsafeMutableBufferPointer<UInt8>) {
        for i in 0..<bytes { blob[offset + i] = UInt8(truncatingIfNeeded: value >> UInt64(8 * i)) }
    }

    static func decode(_ blob: [UInt8], phrases: Int, columns: Int) -> Decoded? {
        let hasTotals: Bool
        switch blob.count {
        case size(phrases: phrases, columns: columns, totals: false): hasTotals = false
        case size(phrases: phrases, columns: columns, totals: true): hasTotals = true
        default: return nil
        }
        func read(_ at: Int, _ bytes: Int) -> Int {
            var value: UInt64 = 0
            for i in 0..<bytes { value |= UInt64(blob[at + i]) << UInt64(8 * i) }
            return Int(clamping: value)
        }
        let counts = (0..<(phrases * columns)).map { UInt16(read(2 * $0, 2)) }
        let base = phrases * columns * 2
        let sizes = (0..<columns).map { read(base + 4 * $0, 4) }
        var totals: (Int, [Int])?
        if hasTotals {
            let totalsBase = base + columns * 4
            totals = (read(totalsBase, 8), (0..<columns).map { read(totalsBase + 8 + 8 * $0, 8) })
        }
        return Decoded(counts: counts, sizes: sizes, totals: totals)
    }
}
