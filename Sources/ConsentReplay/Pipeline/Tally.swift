/// A count with the first few places it happened (line numbers), for `summary.json`.
public struct Occurrences: Sendable, Equatable {
    public static let exampleLimit = 5
    public var count = 0
    public var lines: [Int] = []

    public init() {}

    @inline(__always)
    public mutating func note(line: Int) {
        count += 1
        if lines.count < Self.exampleLimit { lines.append(line) }
    }

    /// Adds `later` (which comes after `self` in the file).
    public mutating func merge(_ later: Occurrences) {
        count += later.count
        for line in later.lines where lines.count < Self.exampleLimit { lines.append(line) }
    }

    /// Counts of both, with the earliest examples of both (for two sets of places that
    /// interleave in the file; each side's examples in line order).
    public func union(_ other: Occurrences) -> Occurrences {
        var result = Occurrences()
        result.count = count + other.count
        result.lines = Array((lines + other.lines).sorted().prefix(Occurrences.exampleLimit))
        return result
    }
}

/// Counts per purpose, plus names the catalogue does not know.
public struct PurposeCounts: Sendable, Equatable {
    public var necessary = 0, preferences = 0, statistics = 0, marketing = 0, unknown = 0

    public init() {}

    @inline(__always)
    public mutating func add(_ purpose: Purpose?) {
        switch purpose {
        case .necessary?: necessary += 1
        case .preferences?: preferences += 1
        case .statistics?: statistics += 1
        case .marketing?: marketing += 1
        case nil: unknown += 1
        }
    }

    public mutating func merge(_ o: PurposeCounts) {
        necessary += o.necessary; preferences += o.preferences; statistics += o.statistics
        marketing += o.marketing; unknown += o.unknown
    }

    public var json: JSONOutput {
        .object(["necessary": .int(necessary), "preferences": .int(preferences), "statistics": .int(statistics),
                 "marketing": .int(marketing), "unknown": .int(unknown)])
    }
}

/// What was learnt about the access records of a chunk or file.
public struct AccessTally: Sendable, Equatable {
    public var requests = 0
    public var withCookieHeader = 0
    public var cookiesSent = 0
    public var withSetCookie = 0
    public var cookiesSet = 0
    public var cookieDeletions = 0
    public var secGPC = 0
    public var dnt = 0
    /// Cookies sent, by the catalogue's purpose.
    public var cookiesSentByPurpose = PurposeCounts()
    /// Cookies set (not deletions), by purpose.
    public var cookiesSetByPurpose = PurposeCounts()
    /// Requests to a collect path, read as incoming GA4 hits.
    public var ga4Hits = 0
    /// Requests whose CMP cookie decoded, by CMP (`cookiebot`, `onetrust`, `tcf`…).
    public var consentCookies: [String: Int] = [:]
    /// Requests whose CMP cookie could not be decoded, by CMP.
    public var malformedConsentCookies: [String: Int] = [:]

    public init() {}

    public mutating func merge(_ other: AccessTally) {
        requests += other.requests
        withCookieHeader += other.withCookieHeader
        cookiesSent += other.cookiesSent
        withSetCookie += other.withSetCookie
        cookiesSet += other.cookiesSet
        cookieDeletions += other.cookieDeletions
        secGPC += other.secGPC
        dnt += other.dnt
        ga4Hits += other.ga4Hits
        cookiesSentByPurpose.merge(other.cookiesSentByPurpose)
        cookiesSetByPurpose.merge(other.cookiesSetByPurpose)
        for (k, v) in other.consentCookies { consentCookies[k, default: 0] += v }
        for (k, v) in other.malformedConsentCookies { malformedConsentCookies[k, default: 0] += v }
    }
}

/// What was learnt about the consent records of a chunk or file.
public struct ConsentTally: Sendable, Equatable {
    public var records = 0
    public var byAction: [String: Int] = [:]
    public var byMethod: [String: Int] = [:]
    /// Records lacking each required evidence field (config `evidence_fields`).
    public var missingEvidence: [String: Int] = [:]
    public var withTCString = 0
    public var withoutTime = 0

    public init() {}

    public mutating func add(_ record: ConsentRecord, evidence: [EvidenceField]) {
        records += 1
        byAction[record.effectiveAction?.rawValue ?? "unknown", default: 0] += 1
        byMethod[record.method?.rawValue ?? "unknown", default: 0] += 1
        for field in record.missingEvidence(evidence) { missingEvidence[field.rawValue, default: 0] += 1 }
        if record.tcString != nil { withTCString += 1 }
        if record.time == nil { withoutTime += 1 }
    }

    public mutating func merge(_ other: ConsentTally) {
        records += other.records
        for (k, v) in other.byAction { byAction[k, default: 0] += v }
        for (k, v) in other.byMethod { byMethod[k, default: 0] += v }
        for (k, v) in other.missingEvidence { missingEvidence[k, default: 0] += v }
        withTCString += other.withTCString
        withoutTime += other.withoutTime
    }
}

/// What a stretch of lines held: the counts a chunk and a whole file share.
public struct LineCounts: Sendable, Equatable {
    public var lines = 0
    public var records = 0
    public var skipped: [SkipReason: Int] = [:]
    public var rejected: [RejectReason: Occurrences] = [:]
    /// Records kept but worth a warning (`invalid-utf8`, `cookies-redacted`, `out-of-order`…).
    public var warnings: [String: Occurrences] = [:]
    public var firstTime: Int64?
    public var lastTime: Int64?
    public var minTime: Int64?
    public var maxTime: Int64?
    public var access = AccessTally()
    public var consent = ConsentTally()

    public init() {}

    public var rejectedCount: Int { rejected.values.reduce(0) { $0 + $1.count } }
    public var skippedCount: Int { skipped.values.reduce(0) { $0 + $1 } }

    @inline(__always)
    public mutating func reject(_ reason: RejectReason, line: Int) {
        rejected[reason, default: Occurrences()].note(line: line)
    }

    @inline(__always)
    public mutating func warn(_ name: String, line: Int) {
        warnings[name, default: Occurrences()].note(line: line)
    }

    /// Adds the counts of the lines that come after these in the same file.
    public mutating func append(_ later: LineCounts) {
        lines += later.lines
        records += later.records
        for (k, v) in later.skipped { skipped[k, default: 0] += v }
        for (k, v) in later.rejected { rejected[k, default: Occurrences()].merge(v) }
        for (k, v) in later.warnings { warnings[k, default: Occurrences()].merge(v) }
        access.merge(later.access)
        consent.merge(later.consent)
        if firstTime == nil { firstTime = later.firstTime }
        if later.lastTime != nil { lastTime = later.lastTime }
        if let m = later.minTime { minTime = min(minTime ?? m, m) }
        if let m = later.maxTime { maxTime = max(maxTime ?? m, m) }
    }
}

/// The result of parsing one chunk, merged into the file's tally in file order.
@dynamicMemberLookup
public struct ChunkTally: Sendable {
    public var sequence = 0
    public var counts = LineCounts()
    /// Consent records parsed from the chunk, in line order.
    public var consentRecords: [ConsentRecord] = []
    /// Server-side tagging events parsed from the chunk, in line order (only when
    /// `ParseContext.keepTaggingEvents`).
    public var taggingEvents: [TaggingEvent] = []
    /// The chunk's tagging events in the forms the analysis keeps.
    public var tagging = TaggingChunk()
    /// Access records as the analysis keeps them.
    public var observations = ObservationBatch()
    /// Out-of-order records found inside the chunk.
    public var outOfOrder = Occurrences()
    /// Running maximum and time of the first records not out of order inside the chunk, so the
    /// merge can check them against the chunks before (see `FileTally.merge`).
    var orderProbe: [(runningMax: Int64, time: Int64, line: Int)] = []
    static let orderProbeLimit = 1024

    public init() {}

    public subscript<T>(dynamicMember path: WritableKeyPath<LineCounts, T>) -> T {
        get { counts[keyPath: path] }
        set { counts[keyPath: path] = newValue }
    }

    @inline(__always)
    public mutating func reject(_ reason: RejectReason, line: Int) { counts.reject(reason, line: line) }

    @inline(__always)
    public mutating func warn(_ name: String, line: Int) { counts.warn(name, line: line) }

    /// Notes a record's time, and whether it steps back beyond `tolerance`.
    @inline(__always)
    public mutating func noteTime(_ t: Int64, line: Int, tolerance: Int64) {
        if counts.firstTime == nil { counts.firstTime = t }
        counts.lastTime = t
        if let m = counts.minTime { if t < m { counts.minTime = t } } else { counts.minTime = t }
        if let m = counts.maxTime, t < m - tolerance {
            outOfOrder.note(line: line)
        } else if orderProbe.count < Self.orderProbeLimit {
            orderProbe.append((counts.maxTime ?? Int64.min, t, line))
        }
        if let m = counts.maxTime { if t > m { counts.maxTime = t } } else { counts.maxTime = t }
    }
}

/// Everything counted for one input file.
@dynamicMemberLookup
public struct FileTally: Sendable {
    public var counts = LineCounts()
    /// The file's consent records, in line order.
    public var consentRecords: [ConsentRecord] = []
    /// The file's server-side tagging events, chunk by chunk: a chunk's array is kept whole
    /// (merging must not copy hundreds of thousands of events under the merge lock).
    public var taggingEventChunks: [[TaggingEvent]] = []
    /// The file's access observations, chunk by chunk, in line order.
    public var observationBatches: [ObservationBatch] = []
    /// The file's tagging events as link keys (chunk by chunk) and observations (one batch per
    /// chunk, one observation per event), and their counts.
    public var taggingLinkKeys: [[TaggingLinker.Key]] = []
    public var taggingBatches: [ObservationBatch] = []
    public var taggingCounts = TaggingCounts()
    /// The file's server-side tagging events, in line order (flattened on each access: read it
    /// once into a local).
    public var taggingEvents: [TaggingEvent] {
        get { taggingEventChunks.count == 1 ? taggingEventChunks[0] : Array(taggingEventChunks.joined()) }
        set { taggingEventChunks = [newValue] }
    }
    private var outOfOrder = Occurrences()
    private let outOfOrderTolerance: Int64

    public init(outOfOrderTolerance: Int64) {
        self.outOfOrderTolerance = outOfOrderTolerance
    }

    public subscript<T>(dynamicMember path: WritableKeyPath<LineCounts, T>) -> T {
        get { counts[keyPath: path] }
        set { counts[keyPath: path] = newValue }
    }

    public var rejectedCount: Int { counts.rejectedCount }
    public var skippedCount: Int { counts.skippedCount }

    public mutating func reject(_ reason: RejectReason, line: Int) { counts.reject(reason, line: line) }

    /// Adds the next chunk of the file (chunks must come in file order).
    public mutating func merge(_ chunk: ChunkTally) {
        let earlierMax = counts.maxTime
        counts.append(chunk.counts)
        consentRecords += chunk.consentRecords
        if !chunk.taggingEvents.isEmpty { taggingEventChunks.append(chunk.taggingEvents) }
        if !chunk.tagging.linkKeys.isEmpty {
            taggingLinkKeys.append(chunk.tagging.linkKeys)
            taggingBatches.append(chunk.tagging.observations)
            taggingCounts.merge(chunk.tagging.counts)
        }
        if !chunk.observations.isEmpty {
            var batch = chunk.observations
            batch.seal()
            observationBatches.append(batch)
        }
        // Records the chunk found in order may still be out of order against earlier chunks:
        // they are exactly the probe entries whose time is below the earlier maximum.
        var late = Occurrences()
        if let earlierMax {
            for probe in chunk.orderProbe {
                if probe.runningMax >= earlierMax { break }
                if probe.time < earlierMax - outOfOrderTolerance { late.note(line: probe.line) }
            }
        }
        if late.count > 0 || chunk.outOfOrder.count > 0 {
            outOfOrder.merge(late.union(chunk.outOfOrder))
            counts.warnings["out-of-order"] = outOfOrder
        }
    }
}
