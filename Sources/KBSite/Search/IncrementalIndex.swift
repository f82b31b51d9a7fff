import KBCore
import KBSearch
import KBText

/// Updates the index files of the last build for the articles that changed since: reads back the
/// shards and postings of every term a changed article holds or held, applies the change, and
/// returns the files whose content follows from it. `run` returns nil when an update in place
/// would not be cheaper or not possible (the rounded averages or a shard count moved, too many
/// articles changed, a file is missing or unreadable): a full build follows.
struct IncrementalIndex: Sendable {
    let documents: [(number: Int, article: Article)]
    let previous: SearchIndexState
    /// The text of a file of the last build, by name below the index folder.
    let read: @Sendable (String) -> String?

    /// Above this share of changed articles, building everything is cheaper.
    static let maximumChangedShare = 0.2

    enum Refusal: Error { case needsFullBuild }

    func run() throws -> (IndexChanges, SearchIndexState) {
        var changes = IndexChanges()
        let current = Dictionary(uniqueKeysWithValues: documents.map { ($0.number, $0.article) })
        let removedNumbers = previous.documents.compactMap { key, hash -> Int? in
            guard let number = Int(key) else { return nil }
            return current[number]?.contentHash == hash ? nil : number
        }.sorted()
        let addedNumbers = documents.filter { previous.documents[String($0.number)] != $0.article.contentHash }.map(\.number)
        guard Double(removedNumbers.count + addedNumbers.count) <= Self.maximumChangedShare * Double(max(documents.count, 1)) + 2
        else { throw Refusal.needsFullBuild }

        // What the changed articles held, and hold now.
        var removed: [Int: DocumentTerms] = [:]
        for number in removedNumbers {
            guard let text = read(DocumentRecord.name(number)), let json = ScriptFile.json(of: text, name: DocumentRecord.name(number))
            else { throw Refusal.needsFullBuild }
            removed[number] = DocumentTerms(try DocumentRecord.parts(of: JSONValue.parse(json)))
            if current[number] == nil { changes.dropped.insert(DocumentRecord.name(number)) }
        }
        var added: [Int: DocumentTerms] = [:]
        for number in addedNumbers { added[number] = DocumentTerms(IndexedParts(current[number]!)) }

        var state = previous
        for (number, terms) in removed {
            for field in state.lengths.totals.indices { state.lengths.totals[field] -= Int(terms.lengths[field]) }
            state.documents[String(number)] = nil
            state.unusual[String(number)] = nil
            state.manySections.removeAll { $0 == number }
        }
        for (number, terms) in added {
            for field in state.lengths.totals.indices { state.lengths.totals[field] += Int(terms.lengths[field]) }
            state.documents[String(number)] = current[number]!.contentHash
            if !terms.unusualScalars.isEmpty { state.unusual[String(number)] = terms.unusualScalars.sorted() }
            if terms.manySections { state.manySections.append(number) }
        }
        state.manySections.sort()
        state.lengths.documentCount = documents.count
        let assigner = BandAssigner(statistics: state.lengths.layoutStatistics)
        guard assigner.statistics.averageFieldLengths == previous.layoutAverages else { throw Refusal.needsFullBuild }

        // Each affected term's change: the postings that go and those that come.
        var deltas: [String: TermDelta] = [:]
        for number in removedNumbers {
            let terms = removed[number]!
            for (term, occurrence) in terms.terms {
                deltas[term, default: TermDelta()].removed.append(Posting(document: number, occurrence, lengths: terms.lengths))
            }
        }
        for number in addedNumbers {
            let terms = added[number]!
            for (term, occurrence) in terms.terms {
                deltas[term, default: TermDelta()].added.append(Posting(document: number, occurrence, lengths: terms.lengths))
            }
        }
        guard !deltas.isEmpty else { return (changes, state) }

        let updates = try updateTerms(deltas, assigner: assigner, changes: &changes)
        state.termEntryBytes += updates.entryBytes
        guard IndexLayout.shardCount(bytes: state.termEntryBytes, target: IndexLayout.termShardTarget) == previous.shardCounts["t"]
        else { throw Refusal.needsFullBuild }
        state.pinyinEntryBytes += try updatePinyin(updates.frequencies, changes: &changes)
        guard IndexLayout.shardCount(bytes: state.pinyinEntryBytes, target: IndexLayout.pinyinShardTarget) == previous.shardCounts["y"]
        else { throw Refusal.needsFullBuild }
        state.wordLengths = try updateWords(updates.frequencies, wordLengths: previous.wordLengths, changes: &changes)
        return (changes, state)
    }

    struct TermDelta: Sendable {
        var removed: [Posting] = []
        var added: [Posting] = []
    }

    struct TermUpdates {
        /// Change in the bytes of all term entries.
        var entryBytes = 0
        /// Terms whose document frequency changed: old and new.
        var frequencies: [String: (old: Int, new: Int)] = [:]
    }

    // MARK: Terms

    private func updateTerms(_ deltas: [String: TermDelta], assigner: BandAssigner,
                             changes: inout IndexChanges) throws -> TermUpdates {
        let shardCount = previous.shardCounts["t"] ?? 1
        var grouped: [Int: [String]] = [:]
        for term in deltas.keys { grouped[ShardHash.shard(term, count: shardCount), default: []].append(term) }
        let byShard = grouped
        let shards = byShard.keys.sorted()

        // Shards are independent: update them on both cores.
        let results = Concurrently.map(shards) { shard in
            Result { try updateShard(shard, terms: byShard[shard]!, deltas: deltas, assigner: assigner) }
        }
        var updates = TermUpdates()
        for result in results {
            let (shardChanges, shardUpdates) = try result.get()
            changes.files += shardChanges.files
            changes.dropped.formUnion(shardChanges.dropped)
            updates.entryBytes += shardUpdates.entryBytes
            updates.frequencies.merge(shardUpdates.frequencies) { _, new in new }
        }
        return updates
    }

    private func updateShard(_ shard: Int, terms: [String], deltas: [String: TermDelta], assigner: BandAssigner) throws
        -> (IndexChanges, TermUpdates) {
        let name = "t/\(shard)"
        guard let text = read(name), let json = ScriptFile.json(of: text, name: name) else { throw Refusal.needsFullBuild }
        var entries: [String: String] = [:]
        for member in try JSONValue.members(json) { entries[member.key] = try TermEntry(json: member.value).json }
        var changes = IndexChanges()
        var updates = TermUpdates()
        for term in terms {
            let old = try entries[term].map { try TermEntry(json: JSONValue.parse(Substring($0))) }
            let new = try updateTerm(term, old: old, delta: deltas[term]!, assigner: assigner, changes: &changes)
            let oldBytes = entries[term].map { ShardedTable.entryBytes(key: term, value: $0) } ?? 0
            entries[term] = new?.json
            let newBytes = entries[term].map { ShardedTable.entryBytes(key: term, value: $0) } ?? 0
            updates.entryBytes += newBytes - oldBytes
            let (before, after) = (old?.documentFrequency ?? 0, new?.documentFrequency ?? 0)
            if before != after { updates.frequencies[term] = (before, after) }
        }
        changes.files.append((name, ShardedTable.json(entries.map { ($0.key, $0.value) })))
        return (changes, updates)
    }

    /// The new entry of one term (nil when no document holds it any more), its frequent-term files
    /// added to `changes`.
    private func updateTerm(_ term: String, old: TermEntry?, delta: TermDelta, assigner: BandAssigner,
                            changes: inout IndexChanges) throws -> TermEntry? {
        let removedDocuments = Set(delta.removed.map(\.document))
        let newCount = (old?.documentFrequency ?? 0) - delta.removed.count + delta.added.count
        guard newCount >= 0 else { throw Refusal.needsFullBuild }

        switch old {
        case .frequent where newCount > IndexLayout.inlineLimit:
            return try updateFrequent(term, delta: delta, newCount: newCount, assigner: assigner, changes: &changes)
        case .frequent:
            // Becomes rare: gather every posting, drop the term's files.
            let head = try readHead(term)
            var postings = head.inline ?? []
            for (index, group) in head.groups.enumerated() {
                for name in FrequentTerm.fileNames(term, group: group, index: index) {
                    postings += try readPostings(name)
                    changes.dropped.insert(name)
                }
            }
            changes.dropped.insert(FrequentTerm.headName(term))
            postings.sort { $0.document < $1.document }
            postings = try Self.applyChecked(delta, to: postings, removing: removedDocuments)
            return postings.isEmpty ? nil : TermEntry(postings)
        case let .inline(_, encoded):
            let postings = try Self.applyChecked(delta, to: try PostingCoding.decode(encoded), removing: removedDocuments)
            return try entry(term, postings: postings, assigner: assigner, changes: &changes)
        case nil:
            guard delta.removed.isEmpty else { throw Refusal.needsFullBuild }
            return try entry(term, postings: Self.apply(delta, to: [], removing: []), assigner: assigner, changes: &changes)
        }
    }

    /// The entry of a term given all its postings; a frequent term's files are written afresh.
    private func entry(_ term: String, postings: [Posting], assigner: BandAssigner,
                       changes: inout IndexChanges) throws -> TermEntry? {
        guard !postings.isEmpty else { return nil }
        if postings.count > IndexLayout.inlineLimit {
            let (head, files) = FrequentTerm.make(term, postings: postings, assigner: assigner)
            changes.files.append((FrequentTerm.headName(term), head.json))
            changes.files += files.map { ($0.0, quoted(PostingCoding.encode($0.1))) }
        }
        return TermEntry(postings)
    }

    /// A term that stays frequent: its head, and only the group files the change touches.
    private func updateFrequent(_ term: String, delta: TermDelta, newCount: Int, assigner: BandAssigner,
                                changes: inout IndexChanges) throws -> TermEntry {
        if try patchPostings(term, delta: delta, assigner: assigner, changes: &changes) {
            return .frequent(documentFrequency: newCount)
        }
        let old = try readHead(term)
        var head = old
        let removedDocuments = Set(delta.removed.map(\.document))
        guard removedDocuments.allSatisfy({ document in
            let at = Self.lowerBound(document, in: old.documents)
            return at < old.documents.count && old.documents[at] == document
        }) else { throw Refusal.needsFullBuild }
        // The lists are sorted by document and a change touches a few of thousands: remove and
        // insert by binary search instead of filtering through a set and sorting again.
        let removedSorted = removedDocuments.sorted()
        var documents = old.documents, bands = old.bands
        for document in removedSorted.reversed() {
            let at = Self.lowerBound(document, in: documents)
            documents.remove(at: at)
            bands.remove(at: at)
        }
        for posting in delta.added.sorted(by: { $0.document < $1.document }) {
            // After any equal document, as appending and a stable sort would put it.
            let at = Self.lowerBound(posting.document + 1, in: documents)
            documents.insert(posting.document, at: at)
            bands.insert(UInt8(assigner.band(of: posting)), at: at)
        }
        head.documents = documents
        head.bands = bands
        head.topical = Self.replacing(removedSorted, in: old.topical, with: delta.added.filter(\.isTopical).map(\.document))
        head.titled = Self.replacing(removedSorted, in: old.titled, with: delta.added.filter(\.inTitle).map(\.document))
        guard head.documents.count == newCount else { throw Refusal.needsFullBuild }

        // The change band by band, and the new grouping of the bands.
        var byBand: [Int: TermDelta] = [:]
        for posting in delta.removed { byBand[assigner.band(of: posting), default: TermDelta()].removed.append(posting) }
        for posting in delta.added { byBand[assigner.band(of: posting), default: TermDelta()].added.append(posting) }
        head.groups = []
        head.inline = nil

        // Old groups' postings, read once when a group is laid out anew.
        var oldPostings: [Int: [Posting]] = [:]
        func postings(ofOld index: Int) throws -> [Posting] {
            if let cached = oldPostings[index] { return cached }
            let group = old.groups[index]
            var list: [Posting] = FrequentTerm.isInline(group, index: index) ? (old.inline ?? []) : []
            for name in FrequentTerm.fileNames(term, group: group, index: index) { list += try readPostings(name) }
            list.sort { $0.document < $1.document }
            oldPostings[index] = list
            return list
        }
        var written = Set<String>()
        for (index, shape) in FrequentTerm.grouping(head.bandCounts).enumerated() {
            let groupDelta = TermDelta(removed: delta.removed.filter { shape.first...shape.last ~= assigner.band(of: $0) },
                                       added: delta.added.filter { shape.first...shape.last ~= assigner.band(of: $0) })
            let removedHere = Set(groupDelta.removed.map(\.document))
            let oldIndex = old.groups.firstIndex { $0.first == shape.first && $0.last == shape.last }
            let oldGroup = oldIndex.map { old.groups[$0] }
            let splitAfter = shape.count > IndexLayout.partThreshold
            if let oldIndex, let oldGroup, oldIndex == index, (oldGroup.parts != nil) == splitAfter, splitAfter {
                // Split before and after: only the parts that change.
                var group = oldGroup
                group.count = shape.count
                var parts = Set(oldGroup.parts!)
                let touched = Set((groupDelta.removed + groupDelta.added).map { BandAssigner.part(of: $0.document) })
                for part in touched.sorted() {
                    let name = FrequentTerm.fileName(term, group: group, part: part)
                    let existing = parts.contains(part) ? try readPostings(name) : []
                    let inPart = removedHere.filter { BandAssigner.part(of: $0) == part }
                    let list = try Self.applyChecked(groupDelta, to: existing, removing: inPart)
                        .filter { BandAssigner.part(of: $0.document) == part }
                    if list.isEmpty {
                        parts.remove(part)
                    } else {
                        parts.insert(part)
                        changes.files.append((name, quoted(PostingCoding.encode(list))))
                        written.insert(name)
                    }
                }
                group.parts = parts.sorted()
                head.groups.append(group)
                // Parts that did not change keep their files.
                for part in group.parts! where !touched.contains(part) { written.insert(FrequentTerm.fileName(term, group: group, part: part)) }
            } else {
                // Laid out again: the old groups covering these bands, read whole, changed, written.
                var members: [Posting] = []
                if let oldIndex, groupDelta.removed.isEmpty && groupDelta.added.isEmpty, oldIndex == index,
                   (oldGroup!.parts != nil) == splitAfter {
                    // Untouched and in place: nothing to rewrite.
                    head.groups.append(oldGroup!)
                    if FrequentTerm.isInline(oldGroup!, index: oldIndex) { head.inline = old.inline }
                    written.formUnion(FrequentTerm.fileNames(term, group: oldGroup!, index: index))
                    continue
                }
                for (candidate, group) in old.groups.enumerated() where group.first <= shape.last && group.last >= shape.first {
                    members += try postings(ofOld: candidate).filter { shape.first...shape.last ~= assigner.band(of: $0) }
                }
                members.sort { $0.document < $1.document }
                members = try Self.applyChecked(groupDelta, to: members, removing: removedHere)
                guard members.count == shape.count else { throw Refusal.needsFullBuild }
                let layout = FrequentTerm.lay(term, index: index, first: shape.first, last: shape.last, postings: members)
                head.groups.append(layout.group)
                if let inline = layout.inline { head.inline = inline }
                for (name, list) in layout.files {
                    changes.files.append((name, quoted(PostingCoding.encode(list))))
                    written.insert(name)
                }
            }
        }
        for (index, group) in old.groups.enumerated() {
            for name in FrequentTerm.fileNames(term, group: group, index: index) where !written.contains(name) {
                changes.dropped.insert(name)
            }
        }
        changes.files.append((FrequentTerm.headName(term), head.json))
        return .frequent(documentFrequency: newCount)
    }

    /// An edit that leaves the term in the same documents, each in the same band, topical and in
    /// the title or not as before, changes only postings: they are replaced in the files that hold
    /// them (the head only when they sit in it), its sets neither decoded nor encoded. False, with
    /// nothing done, when the change is not of that kind.
    private func patchPostings(_ term: String, delta: TermDelta, assigner: BandAssigner,
                               changes: inout IndexChanges) throws -> Bool {
        guard !delta.added.isEmpty, delta.removed.count == delta.added.count else { return false }
        let removed = delta.removed.sorted { $0.document < $1.document }
        let added = delta.added.sorted { $0.document < $1.document }
        var bands: [Int] = []
        for (old, new) in zip(removed, added) {
            let band = assigner.band(of: new)
            guard old.document == new.document, assigner.band(of: old) == band, old.isTopical == new.isTopical,
                  old.inTitle == new.inTitle else { return false }
            bands.append(band)
        }
        let name = FrequentTerm.headName(term)
        guard let text = read(name), let json = ScriptFile.json(of: text, name: name) else { throw Refusal.needsFullBuild }
        var head = try EncodedHead(json: JSONValue.parse(json))
        var byFile: [String: [Posting]] = [:]
        var inHead: [Posting] = []
        for (posting, band) in zip(added, bands) {
            guard let location = head.location(term, band: band, document: posting.document) else { throw Refusal.needsFullBuild }
            if let file = location.file { byFile[file, default: []].append(posting) } else { inHead.append(posting) }
        }
        for (file, postings) in byFile {
            guard let text = read(file), let json = ScriptFile.json(of: text, name: file), json.count >= 2,
                  json.first == "\"", json.last == "\"",
                  let patched = PostingCoding.replacing(postings, in: json.dropFirst().dropLast().utf8) else {
                throw Refusal.needsFullBuild
            }
            // The alphabet needs no escaping: quoted as `quoted` would.
            changes.files.append((file, "\"" + String(decoding: patched, as: UTF8.self) + "\""))
        }
        if !inHead.isEmpty {
            guard let inline = head.inline, let patched = PostingCoding.replacing(inHead, in: Substring(inline).utf8) else {
                throw Refusal.needsFullBuild
            }
            head.inline = String(decoding: patched, as: UTF8.self)
            changes.files.append((name, head.json))
        }
        return true
    }

    private func readHead(_ term: String) throws -> FrequentTerm {
        let name = FrequentTerm.headName(term)
        guard let text = read(name), let json = ScriptFile.json(of: text, name: name) else { throw Refusal.needsFullBuild }
        return try FrequentTerm(json: JSONValue.parse(json))
    }

    private func readPostings(_ name: String) throws -> [Posting] {
        guard let text = read(name), let json = ScriptFile.json(of: text, name: name),
              case let .string(encoded) = try JSONValue.parse(json) else { throw Refusal.needsFullBuild }
        return try PostingCoding.decode(encoded)
    }

    /// `postings` without the removed documents, with the added postings merged in by document.
    static func apply(_ delta: TermDelta, to postings: [Posting], removing removed: Set<Int>) -> [Posting] {
        let kept = postings.filter { !removed.contains($0.document) }
        return (kept + delta.added).sorted { $0.document < $1.document }
    }

    /// `apply`, making sure every removed document was there: a posting found in another band than
    /// the one computed for it means the files are not what this build expects.
    static func applyChecked(_ delta: TermDelta, to postings: [Posting], removing removed: Set<Int>) throws -> [Posting] {
        guard postings.filter({ removed.contains($0.document) }).count == removed.count else { throw Refusal.needsFullBuild }
        return apply(delta, to: postings, removing: removed)
    }

    static func merge(_ a: [Int], _ b: [Int]) -> [Int] { (a + b).sorted() }

    /// The first index of `sorted` whose element is not below `value`.
    static func lowerBound(_ value: Int, in sorted: [Int]) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// `sorted` without the members of `removed` (sorted), with `added` inserted in order: what
    /// `merge(sorted.filter { !removed.contains($0) }, added)` gives, in a few binary searches.
    static func replacing(_ removed: [Int], in sorted: [Int], with added: [Int]) -> [Int] {
        var result = sorted
        for document in removed.reversed() {
            let at = lowerBound(document, in: result)
            if at < result.count && result[at] == document { result.remove(at: at) }
        }
        for document in added.sorted() { result.insert(document, at: lowerBound(document + 1, in: result)) }
        return result
    }

    // MARK: Pinyin keys and words

    /// Rewrites the pinyin entries of terms whose document frequency changed; returns the change
    /// in bytes of all pinyin entries.
    private func updatePinyin(_ frequencies: [String: (old: Int, new: Int)], changes: inout IndexChanges) throws -> Int {
        let shardCount = previous.shardCounts["y"] ?? 1
        var byKey: [String: [String]] = [:]
        for term in frequencies.keys where PinyinEntry.isCandidate(term) {
            for key in PinyinTable.shared.keys(for: term, limit: SearchRules.homophoneReadings) { byKey[key, default: []].append(term) }
        }
        var byShard: [Int: [String]] = [:]
        for key in byKey.keys { byShard[ShardHash.shard(key, count: shardCount), default: []].append(key) }
        var delta = 0
        for (shard, keys) in byShard {
            let name = "y/\(shard)"
            guard let text = read(name), let json = ScriptFile.json(of: text, name: name) else { throw Refusal.needsFullBuild }
            var entries: [String: [(term: String, documentFrequency: Int)]] = [:]
            for member in try JSONValue.members(json) { entries[member.key] = try PinyinEntry.parse(member.value) }
            for key in keys {
                let before = entries[key].map { ShardedTable.entryBytes(key: key, value: PinyinEntry.json($0)) } ?? 0
                let changed = Set(byKey[key]!)
                var list = (entries[key] ?? []).filter { !changed.contains($0.term) }
                for term in byKey[key]! where frequencies[term]!.new > 0 { list.append((term, frequencies[term]!.new)) }
                entries[key] = list.isEmpty ? nil : list
                delta += (entries[key].map { ShardedTable.entryBytes(key: key, value: PinyinEntry.json($0)) } ?? 0) - before
            }
            changes.files.append((name, ShardedTable.json(entries.map { ($0.key, PinyinEntry.json($0.value)) })))
        }
        return delta
    }

    /// Rewrites the word lists whose words' document frequencies changed; returns the lengths that
    /// have words.
    private func updateWords(_ frequencies: [String: (old: Int, new: Int)], wordLengths: [Int],
                             changes: inout IndexChanges) throws -> [Int] {
        var lengths = Set(wordLengths)
        var byLength: [Int: [String]] = [:]
        for term in frequencies.keys where term.utf8.allSatisfy({ $0 < 0x80 }) { byLength[term.utf8.count, default: []].append(term) }
        for (length, words) in byLength {
            let name = "w/\(length)"
            var entries: [String: String] = [:]
            if lengths.contains(length) {
                guard let text = read(name), let json = ScriptFile.json(of: text, name: name) else { throw Refusal.needsFullBuild }
                for member in try JSONValue.members(json) {
                    guard case let .number(df) = member.value else { throw Refusal.needsFullBuild }
                    entries[member.key] = String(Int(df))
                }
            }
            for word in words { entries[word] = frequencies[word]!.new > 0 ? String(frequencies[word]!.new) : nil }
            if entries.isEmpty {
                lengths.remove(length)
                changes.dropped.insert(name)
            } else {
                lengths.insert(length)
                changes.files.append((name, ShardedTable.json(entries.map { ($0.key, $0.value) })))
            }
        }
        return lengths.sorted()
    }
}
