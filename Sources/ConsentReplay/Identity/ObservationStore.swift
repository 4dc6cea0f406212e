/// Every observation of a run, numbered: batch after batch, each input file's batches in line
/// order. A number (`Int32`) is how the later passes refer to a record.
public struct ObservationStore: Sendable {
    public private(set) var batches: [ObservationBatch] = []
    /// For each batch: the input file it came from (index into `sources`).
    public private(set) var batchFile: [Int] = []
    /// For each batch: the number of its first observation.
    public private(set) var batchStart: [Int] = []
    /// Input paths as given.
    public let sources: [String]
    /// Each input's rank among the paths sorted, so ties never depend on argument order.
    public let sourceRank: [Int]
    /// Files that were consent inputs: `unprovable-consent` needs at least one.
    public var hasConsentRecords = false
    public private(set) var count = 0

    public init(sources: [String]) {
        self.sources = sources
        let order = sources.indices.sorted { (sources[$0], $0) < (sources[$1], $1) }
        var rank = Array(repeating: 0, count: sources.count)
        for (r, i) in order.enumerated() { rank[i] = r }
        sourceRank = rank
    }

    public mutating func append(_ batch: ObservationBatch, file: Int) {
        guard !batch.observations.isEmpty else { return }
        batchStart.append(count)
        batchFile.append(file)
        batches.append(batch)
        count += batch.observations.count
        while blockBatch.count << Self.blockShift < count { blockBatch.append(Int32(batches.count - 1)) }
    }

    /// Marks the forward that is observation `n` with how the tagging linker tied it to its
    /// hit (the linker runs while the store is already being grouped into visitors).
    public mutating func setLink(_ confidence: TaggingLinker.Confidence, forward n: Int) {
        let (b, i) = locate(n)
        let o = batches[b].observations[i]
        guard o.kind == .forward else { return }
        batches[b].forwards[Int(o.detail)].link = confidence
    }

    /// For each block of 4,096 observations, the batch holding its first one: `locate` starts
    /// there and steps over the few batches a block spans.
    private var blockBatch: [Int32] = []
    private static let blockShift = 12

    /// The batch holding observation `n`, and its index in that batch.
    @inline(__always)
    public func locate(_ n: Int) -> (batch: Int, index: Int) {
        var b = Int(blockBatch[n >> Self.blockShift])
        while b + 1 < batchStart.count, batchStart[b + 1] <= n { b += 1 }
        return (b, n - batchStart[b])
    }

    public subscript(n: Int) -> Observation {
        let (b, i) = locate(n)
        return batches[b].observations[i]
    }

    /// The input path of observation `n`'s file.
    public func source(of n: Int) -> String { sources[batchFile[locate(n).batch]] }

    /// The string `index` of observation `n`'s batch.
    public func string(_ index: UInt32, of n: Int) -> String {
        batches[locate(n).batch].strings[Int(index)]
    }
}

/// Turns the consent records and tagging events of a file into observations (they are few
/// next to access records, and are kept whole while reading).
enum RecordObservations {
    /// A consent record's statement: each purpose's choice; `reject` denies every purpose it
    /// does not state; `withdraw` denies what it names (everything non-necessary when it names
    /// nothing); grants of an implied record are implied.
    static func statement(of record: ConsentRecord) -> ConsentStatement {
        var s = ConsentStatement()
        let action = record.effectiveAction
        for p in Purpose.allCases {
            switch record.choices[p] {
            case .granted?: s[p] = record.method == .implied ? .implied : .granted
            case .denied?: s[p] = .denied
            case nil: break
            }
        }
        switch action {
        case .reject?:
            for purpose in Purpose.allCases where purpose != .necessary && s[purpose] == .none { s[purpose] = .denied }
        case .withdraw? where record.choices.isEmpty:
            for purpose in Purpose.allCases where purpose != .necessary { s[purpose] = .denied }
        default: break
        }
        return s
    }

    static func consentRecords(_ records: [ConsentRecord], source: String, evidence: [EvidenceField]) -> ObservationBatch {
        var batch = ObservationBatch()
        for r in records {
            guard let time = r.time else { continue } // counted in summary.json (`withoutTime`)
            var o = Observation(time: time, line: r.line, kind: .consentRecord)
            o.consent = statement(of: r)
            var facts = RecordFacts()
            if let id = r.consentID, !id.isEmpty {
                facts.consentID = IdentifierHash.identifier(IdentifierHash.consentNamespace, IdentifierHash.value(id))
                facts.recordID = batch.intern(id)
            } else {
                facts.recordID = batch.intern("\(source):\(r.line)")
            }
            let missing = r.missingEvidence(evidence)
            if !missing.isEmpty { facts.missingEvidence = batch.intern(missing.map(\.rawValue).joined(separator: ",")) }
            facts.isWithdrawal = r.effectiveAction == .withdraw
            if let visitor = r.visitorID, !visitor.isEmpty {
                // A client id stored with the record (`<digits>.<digits>`) links like `_ga`.
                let ns = visitor.allSatisfy({ $0.isNumber || $0 == "." }) && visitor.contains(".")
                    ? IdentifierHash.gaNamespace : IdentifierHash.userNamespace
                o.ipUA = 0
                batch.extraIdentifiers.append((Int32(batch.observations.count), IdentifierHash.identifier(ns, IdentifierHash.value(visitor))))
            }
            o.detail = UInt32(batch.records.count)
            batch.records.append(facts)
            batch.observations.append(o)
        }
        return batch
    }

    /// One tagging event's observation and facts (incoming hit or outgoing vendor request; one
    /// observation per event, in order). A forward is left `unlinked`: the caller sets
    /// `ForwardFacts.link` once every file's events are linked.
    static func appendTaggingEvent(_ e: TaggingEvent, to batch: inout ObservationBatch, context: ParseContext, collectPath: String) {
        let catalogue = context.cookieCatalogue
        do {
            var o = Observation(time: e.time, line: e.line, kind: e.direction == .incoming ? .taggingHit : .forward)
            let ipHash = e.ip.map { IdentifierHash.value($0) } ?? 0
            o.ip = ipHash
            if e.ip != nil || e.userAgent != nil {
                o.ipUA = ByteHash.mix(ipHash ^ ((e.userAgent.map { IdentifierHash.value($0) } ?? 0) &* 31)) | 1
            }
            if e.direction == .incoming {
                o.consent = statement(of: e.consent)
                var facts = HitFacts()
                if let cid = e.clientID {
                    facts.clientID = IdentifierHash.identifier(IdentifierHash.gaNamespace, IdentifierHash.value(cid))
                    if facts.clientID != 0 { facts.clientIDText = batch.intern(cid); o.flags.insert(.clientID) }
                }
                if let uid = e.userID {
                    facts.userID = IdentifierHash.identifier(IdentifierHash.userNamespace, IdentifierHash.value(uid))
                    if facts.userID != 0 { facts.userIDText = batch.intern(uid); o.flags.insert(.persistentID) }
                }
                var entries: [ObservedCookie] = []
                for (name, value) in e.cookies {
                    guard let d = catalogue.lookup(name), let index = catalogue.definitions.firstIndex(of: d) else { continue }
                    guard d.purpose != .necessary || d.isIdentifier else { continue }
                    var c = ObservedCookie(name: batch.intern(name), definition: Int32(index), value: 0, rawValue: 0, isDeletion: false)
                    if d.isIdentifier {
                        c.value = IdentifierHash.value(String(d.normalisedValue(value[...])))
                        if c.value != 0 { c.rawValue = batch.intern(value); o.flags.insert(.persistentID) }
                    }
                    entries.append(c)
                }
                if !entries.isEmpty {
                    o.sent = UInt32(batch.cookieSets.count)
                    batch.cookieSets.append(entries)
                }
                facts.event = batch.intern(e.eventName ?? "")
                facts.sameHitKey = SameHit.key(clientID: e.clientID, event: e.eventName, page: e.page)
                facts.fieldBits = e.fieldBits
                o.target = batch.intern(e.url.flatMap(Self.path(of:)) ?? collectPath)
                o.detail = UInt32(batch.hits.count)
                batch.hits.append(facts)
            } else {
                var facts = ForwardFacts()
                if let id = e.vendor, let index = context.vendorCatalogue.definitions.firstIndex(where: { $0.id == id }) {
                    facts.vendor = Int32(index)
                }
                facts.vendorText = batch.intern(e.vendor ?? e.url.flatMap(Self.host(of:)) ?? e.tagName ?? "unknown")
                facts.fieldBits = e.fieldBits
                facts.partnerAgentEnriched = e.partnerAgentEnriched
                facts.event = batch.intern(e.eventName ?? "")
                // An unlinked forward still names its client, when its body carries one.
                if let cid = e.clientID {
                    let id = IdentifierHash.identifier(IdentifierHash.gaNamespace, IdentifierHash.value(cid))
                    if id != 0 { batch.extraIdentifiers.append((Int32(batch.observations.count), id)) }
                }
                o.target = facts.vendorText
                o.detail = UInt32(batch.forwards.count)
                batch.forwards.append(facts)
            }
            batch.observations.append(o)
        }
    }

    /// Consent signals of a tagging record: `gcd` when present (it tells defaults from
    /// updates), else every signal combined.
    static func statement(of signals: [ConsentSignal]) -> ConsentStatement {
        if let gcd = signals.first(where: { $0.source == "gcd" }) { return ConsentStatement(gcd) }
        var s = ConsentStatement()
        for (i, signal) in signals.enumerated() {
            if i == 0 { s = ConsentStatement(signal) } else { s.combine(ConsentStatement(signal)) }
        }
        return s
    }

    /// The path of a URL (after the authority, before `?`/`#`), nil when empty.
    static func path(of url: String) -> String? {
        // Read in place, delimiters found with memchr: a hit's URL holds its whole query.
        return url.withUTF8Buffer { b -> String? in
            var start = 0
            if let scheme = TaggingValues.authorityStart(b) {
                start = b.firstIndex(of: ASCII.slash, in: scheme..<b.count) ?? b.count
            }
            let question = b.firstIndex(of: ASCII.question, in: start..<b.count) ?? b.count
            let end = b.firstIndex(of: ASCII.hash, in: start..<question) ?? question
            return end > start ? String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self) : nil
        }
    }

    /// The host of an absolute URL (before `/`, `?` or a port), nil when there is none.
    static func host(of url: String) -> String? {
        let b = Array(url.utf8)
        guard let start = b.withUnsafeBufferPointer(TaggingValues.authorityStart) else { return nil }
        var end = start
        while end < b.count, b[end] != ASCII.slash, b[end] != ASCII.question, b[end] != ASCII.colon { end += 1 }
        return end > start ? String(decoding: b[start..<end], as: UTF8.self) : nil
    }
}
