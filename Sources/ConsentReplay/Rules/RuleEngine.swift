import Dispatch
import Synchronization

/// What the analysis found: findings and sessions, sorted, and counts for `summary.json`.
public struct AnalysisFindings: Sendable {
    public var findings: [Finding] = []
    public var sessions: [SessionSummary] = []
    /// Visitors with at least one session in the window.
    public var visitors = 0
    /// Sessions with at least one finding (the headline: this over `sessions.count`).
    public var sessionsWithFinding = 0
    public var trackingEvents = 0
    public var cookielessPings = 0
    /// Records of an incoming hit already seen in another source (access log, request log,
    /// Logger), left out so the hit counts once.
    public var duplicateHits = 0
    public var forwards = 0
    /// Forwards linked to no hit and placed by no identifier: left out of the consent rules.
    public var unattributedForwards = 0
    public var identity = IdentityLinker.Visitors(visitorOf: [], ids: [])
    /// What the tagging server added to its forwards, where they went, identity-graph figures.
    public var enrichment = EnrichmentTally()

    public init() {}
}

/// Walks every visitor's observations in time order, session by session, and runs the rules
/// (passes 5–7 of `Analyzer`):
/// 1. sessions: cut where two observations are more than the timeout apart;
/// 2. consent timeline: the visitor's statements (records, CMP cookies, Consent Mode), moved
///    forward with the walk, give each purpose's state at each observation;
/// 3. tracking detection (`docs/analysis.md`): cookies set or presented, hits with an
///    identifier (cookieless pings and the second sighting of the same hit left out), forwards;
/// 4. the rules, each in its own file, report into a `FindingSink`: one finding per (rule,
///    session, subject), anchored at the first offending observation.
/// Visitors are independent, so they are split between `jobs` threads; the results are sorted.
public struct RuleEngine: Sendable {
    public let context: RuleContext
    public var since: Int64?
    public var until: Int64?
    public var jobs: Int

    public init(context: RuleContext, since: Int64? = nil, until: Int64? = nil, jobs: Int = 2) {
        self.context = context
        self.since = since
        self.until = until
        self.jobs = max(1, jobs)
    }

    struct Sorted {
        var order: [Int32]
        var start: [Int]
    }

    public func run(visitors: IdentityLinker.Visitors, incomingOf: IncomingLinks) -> AnalysisFindings {
        let store = context.store
        let n = store.count
        let visitorCount = visitors.ids.count
        let timings = PhaseTimings()
        // Observations grouped by visitor (counting sort), each group in time order; ties by
        // kind (access log before tagging log), then source path, then line, so the result does
        // not depend on the order of the inputs.
        var start = [Int](repeating: 0, count: visitorCount + 1)
        for v in visitors.visitorOf { start[Int(v) + 1] += 1 }
        for i in 0..<visitorCount { start[i + 1] += start[i] }
        var fill = start
        var order = [Int32](repeating: 0, count: n)
        var time = [Int64](repeating: 0, count: n)
        var tie = [Int64](repeating: 0, count: n)
        var k = 0
        for (b, batch) in store.batches.enumerated() {
            let rank = Int64(store.sourceRank[store.batchFile[b]])
            for o in batch.observations {
                let v = Int(visitors.visitorOf[k])
                order[fill[v]] = Int32(k)
                fill[v] += 1
                time[k] = o.time
                tie[k] = Self.tie(o, sourceRank: rank)
                k += 1
            }
        }
        let sorted = Sorted(order: order, start: start)
        timings.mark("rules: observations by visitor")
        // Sixteen parts per thread, handed out as threads free up: with four, the last part
        // (an eighth of the walk on two threads) left the other thread idle for up to 0.15 s
        // of a 2M-line day. The part a visitor falls in does not change the output.
        let chunks = min(jobs * 16, max(1, visitorCount))
        let parts = Mutex([AnalysisFindings](repeating: AnalysisFindings(), count: chunks))
        let times = time, ties = tie
        let enrichmentSetup = EnrichmentMeter.Setup(context)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            var local = AnalysisFindings()
            var visitor = c
            while visitor < visitorCount {
                let lo = sorted.start[visitor], hi = sorted.start[visitor + 1]
                var slice = Array(sorted.order[lo..<hi])
                slice.sort { a, b in
                    let ta = times[Int(a)], tb = times[Int(b)]
                    return ta != tb ? ta < tb : ties[Int(a)] < ties[Int(b)]
                }
                walk(visitorID: visitors.ids[visitor], observations: slice, incomingOf: incomingOf,
                     byFallback: visitors.byFallback, enrichment: enrichmentSetup, into: &local)
                visitor += chunks
            }
            parts.withLock { $0[c] = local }
        }
        timings.mark("rules: walk (\(jobs) threads)")
        var result = AnalysisFindings()
        let walked = parts.withLock { all -> [AnalysisFindings] in
            defer { all = [] }
            return all
        }
        for p in walked {
            // Each visitor is walked by one part: the parts' counts add up.
            result.visitors += p.visitors
            result.sessionsWithFinding += p.sessionsWithFinding
            result.trackingEvents += p.trackingEvents
            result.cookielessPings += p.cookielessPings
            result.duplicateHits += p.duplicateHits
            result.forwards += p.forwards
            result.unattributedForwards += p.unattributedForwards
            result.enrichment.add(p.enrichment)
        }
        timings.mark("rules: merge")
        // Findings and sessions are sorted side by side: the sessions on another thread, the
        // findings (the longer job) on this one. Then the walked parts, which still hold a copy
        // of every finding and session, are released on another thread: released here, one
        // string at a time, they kept this thread busy for 0.03 s of a 2M-line day while the
        // other core had nothing to do.
        let findingParts = walked.map(\.findings), sessionParts = walked.map(\.sessions)
        @Sendable func sortedSessions() -> [SessionSummary] {
            Self.mergedInOrder(sessionParts, key: \.start) { a, b in
                (a.start, a.visitor, a.session) < (b.start, b.visitor, b.session)
            }
        }
        let sessions = Mutex<[SessionSummary]?>(nil)
        let done = DispatchGroup()
        if jobs > 1 {
            DispatchQueue.global().async(group: done) {
                let merged = sortedSessions()
                sessions.withLock { $0 = merged }
            }
        }
        result.findings = Self.mergedInOrder(findingParts, key: \.time, by: Finding.outputOrder)
        done.wait()
        result.sessions = sessions.withLock { $0.take() } ?? sortedSessions()
        if jobs > 1 {
            let leftovers = (walked, findingParts, sessionParts)
            DispatchQueue.global().async { withExtendedLifetime(leftovers) {} }
        }
        timings.mark("rules: sort findings and sessions")
        result.identity = visitors
        return result
    }

    /// The values of `parts`, taken in part order, then sorted by `areInOrder`: sorted as
    /// (key, part, index) triples, then copied once into the result. `key` is the first thing
    /// `areInOrder` compares (a time): most comparisons end on it without reading the values,
    /// which are large and compared field by field. The triples start in the order of the
    /// parts concatenated, so the result is what sorting the concatenation would give.
    static func mergedInOrder<T>(_ parts: [[T]], key: (T) -> Int64, by areInOrder: (T, T) -> Bool) -> [T] {
        func withBuffers<R>(_ i: Int, _ buffers: inout [UnsafeBufferPointer<T>], _ body: ([UnsafeBufferPointer<T>]) -> R) -> R {
            guard i < parts.count else { return body(buffers) }
            return parts[i].withUnsafeBufferPointer { buffer in
                buffers.append(buffer)
                return withBuffers(i + 1, &buffers, body)
            }
        }
        var buffers: [UnsafeBufferPointer<T>] = []
        return withBuffers(0, &buffers) { b -> [T] in
            var refs: [(key: Int64, part: Int32, index: Int32)] = []
            refs.reserveCapacity(b.reduce(0) { $0 + $1.count })
            for (p, part) in b.enumerated() {
                for i in part.indices { refs.append((key(part[i]), Int32(p), Int32(i))) }
            }
            refs.sort { x, y in
                x.key != y.key ? x.key < y.key : areInOrder(b[Int(x.part)][Int(x.index)], b[Int(y.part)][Int(y.index)])
            }
            return refs.map { b[Int($0.part)][Int($0.index)] }
        }
    }

    /// Orders observations of the same millisecond: by kind (access log before tagging log),
    /// then source path, then line, so the order never depends on the order of the inputs.
    static func tie(_ o: Observation, sourceRank: Int64) -> Int64 {
        Int64(kindRank(o.kind)) << 56 | sourceRank << 32 | Int64(o.line)
    }

    /// Observations (run-wide numbers) in the walk's order: time, then `tie`.
    static func inWalkOrder(_ numbers: [Int32], store: ObservationStore) -> [Int32] {
        let keys = numbers.map { n -> (Int64, Int64) in
            let (b, i) = store.locate(Int(n))
            let o = store.batches[b].observations[i]
            return (o.time, tie(o, sourceRank: Int64(store.sourceRank[store.batchFile[b]])))
        }
        return numbers.indices.sorted { keys[$0] < keys[$1] }.map { numbers[$0] }
    }

    /// The id of the session of `visitorID` that starts at `firstTime` (before pseudonymising).
    static func sessionID(visitorID: String, firstTime: Int64) -> String {
        // Hashed from bytes built in place (one per session): the same bytes as
        // `visitorID + "@" + String(firstTime)`.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(visitorID.utf8.count + 21)
        bytes.appendText(visitorID)
        bytes.append(UInt8(ascii: "@"))
        bytes.appendDecimal(Int(firstTime))
        return "s-" + IdentityLinker.hex16(bytes.withUnsafeBufferPointer(IdentifierHash.value))
    }

    static func kindRank(_ k: Observation.Kind) -> Int {
        switch k {
        case .request: return 0
        case .accessHit: return 1
        case .consentRecord: return 2
        case .taggingHit: return 3
        case .forward: return 4
        }
    }

    func inWindow(_ t: Int64) -> Bool {
        if let since, t < since { return false }
        if let until, t > until { return false }
        return true
    }

    /// One visitor: sessions, timeline, tracking, rules.
    func walk(visitorID: String, observations: [Int32], incomingOf: IncomingLinks, byFallback: NumberSet,
              enrichment setup: EnrichmentMeter.Setup, into result: inout AnalysisFindings) {
        let store = context.store
        let batches = store.batches
        let config = context.configuration
        let visitorName = context.pseudonymizer.pseudonym(visitorID)
        // Statements of the timeline.
        var statements: [ConsentTimeline.Statement] = []
        var located: [(batch: Int, index: Int)] = []
        located.reserveCapacity(observations.count)
        var meter = EnrichmentMeter(setup)
        for n in observations {
            let loc = store.locate(Int(n))
            located.append(loc)
            let o = store.batches[loc.batch].observations[loc.index]
            meter.note(o, batch: loc.batch)
            guard !o.consent.isEmpty, o.kind != .forward else { continue }
            statements.append(.init(time: o.time, observation: n, isRecord: o.kind == .consentRecord, consent: o.consent))
        }
        var timeline = ConsentTimeline(statements: statements, skewMs: config.clockSkewMs,
                                       impliedCounts: config.impliedConsentCounts, defaultCounts: config.defaultGrantedCounts)
        // A forward that was neither linked to its hit nor placed by an identifier of its own
        // belongs to no known visitor: its consent cannot be read, so the consent rules leave it
        // (counted as unattributed), never guessing "no decision".
        let hasTraffic = located.contains { store.batches[$0.batch].observations[$0.index].kind != .forward }
        var sink = FindingSink()
        var respawn = CookieRespawnRule.Tracker()
        var sessionRows: [SessionSummary] = []
        var recentHits: [UInt64: (time: Int64, kind: Observation.Kind)] = [:]
        var cookieNames = RecentStrings()

        var s = 0
        while s < observations.count {
            // The session: up to the first gap longer than the timeout.
            var e = s + 1
            while e < observations.count {
                let prev = store.batches[located[e - 1].batch].observations[located[e - 1].index].time
                let cur = store.batches[located[e].batch].observations[located[e].index].time
                if cur - prev > config.sessionTimeoutMs { break }
                e += 1
            }
            let first = store.batches[located[s].batch].observations[located[s].index]
            let last = store.batches[located[e - 1].batch].observations[located[e - 1].index]
            let sessionID = Self.sessionID(visitorID: visitorID, firstTime: first.time)
            sink.session = sessionRows.count
            // Opt-out signals of the session, and where they first appear.
            var signals = OptOutSignalIgnoredRule.SessionSignals()
            var firstSignal: (gpc: Int32, dnt: Int32) = (-1, -1)
            var requests = 0, traffic = 0
            for j in s..<e {
                let o = store.batches[located[j].batch].observations[located[j].index]
                if o.kind == .request || o.kind == .taggingHit { requests += 1 }
                if o.kind != .consentRecord { traffic += 1 }
                // Signals of requests placed only by IP + user agent are not the visitor's for sure.
                guard !byFallback.contains(observations[j]) else { continue }
                if o.flags.contains(.gpc) && !signals.gpc { signals.gpc = true; firstSignal.gpc = observations[j] }
                if o.flags.contains(.dnt) && !signals.dnt { signals.dnt = true; firstSignal.dnt = observations[j] }
            }
            timeline.advance(to: first.time)
            let consentAtStart = timeline.summary(at: first.time)
            for j in s..<e {
                let n = observations[j]
                // Fields are read through `batches[b]` (no copy of the whole batch per observation).
                let b = located[j].batch
                let o = batches[b].observations[located[j].index]
                timeline.advance(to: o.time)
                if o.kind != .consentRecord && o.kind != .forward {
                    ConsentMismatchRule.check(observation: n, time: o.time, browser: o.consent, timeline: timeline, context, &sink)
                }
                switch o.kind {
                case .request:
                    if !byFallback.contains(n) { respawn.observe(n, o, batches: batches, b, context, &sink) }
                    for isSet in [false, true] {
                        let setIndex = isSet ? o.set : o.sent
                        guard setIndex != 0 else { continue }
                        let action = isSet ? "set" : "presented"
                        for c in batches[b].cookieSets[Int(setIndex)] where !c.isDeletion {
                            meter.cookie(c, isSet: isSet, into: &result.enrichment)
                            // Only the purpose is read (a copy of the definition would retain its strings).
                            let purpose = context.cookieCatalogue.definitions[Int(c.definition)].purpose
                            guard purpose != .necessary else { continue }
                            let name = cookieNames.string(c.name, batch: b, of: batches)
                            track(TrackingEvent(observation: n, time: o.time, purpose: purpose, subjectKind: .cookie,
                                                subject: name, action: action),
                                  what: "Cookie \(name) \(action)", timeline: timeline, signals: signals,
                                  firstSignal: firstSignal, sink: &sink, result: &result)
                        }
                    }
                case .accessHit, .taggingHit:
                    let hit = batches[b].hits[Int(o.detail)]
                    // The same hit from another source (access log, request log, Logger) within
                    // the skew: one event, anchored at the first.
                    if hit.sameHitKey != 0 {
                        if let seen = recentHits[hit.sameHitKey], o.time - seen.time <= config.clockSkewMs {
                            result.duplicateHits += 1
                            continue
                        }
                        recentHits[hit.sameHitKey] = (o.time, o.kind)
                    }
                    let hasIdentifier = o.flags.contains(.clientID) || o.flags.contains(.persistentID)
                    guard hasIdentifier else { continue }
                    if o.consent[.statistics] == .denied && !o.flags.contains(.persistentID) {
                        result.cookielessPings += 1
                        continue
                    }
                    let endpoint = batches[b].strings[Int(o.target)]
                    track(TrackingEvent(observation: n, time: o.time, purpose: .statistics, subjectKind: .endpoint,
                                        subject: endpoint, action: "hit"),
                          what: "Hit to \(endpoint)", timeline: timeline, signals: signals, firstSignal: firstSignal,
                          sink: &sink, result: &result)
                case .forward:
                    result.forwards += 1
                    let f = batches[b].forwards[Int(o.detail)]
                    let attributed = incomingOf[n] != nil || hasTraffic
                    if !attributed { result.unattributedForwards += 1 }
                    let vendor = f.vendor >= 0 ? context.vendorCatalogue.definitions[Int(f.vendor)] : nil
                    let vendorID = batches[b].strings[Int(f.vendorText)]
                    let event = ForwardEvent(observation: n, time: o.time, vendor: vendor, vendorID: vendorID,
                                             purpose: vendor?.purpose ?? .marketing, fieldBits: f.fieldBits)
                    if inWindow(o.time) { meter.forward(f, incoming: incomingOf[n], vendorID: vendorID, into: &result.enrichment) }
                    ThirdCountryTransferRule.check(event, context, &sink)
                    guard attributed else { continue }
                    let d = timeline.decide(event.purpose, at: o.time)
                    ForwardWithoutConsentRule.check(event, d, context, &sink)
                    // The sentences name the vendor id only: capturing the whole event would copy
                    // it (its vendor definition's strings) into each closure.
                    OptOutSignalIgnoredRule.check(purpose: event.purpose, observation: n, time: o.time,
                                                  what: "A forward to \(vendorID)", signals: signals,
                                                  firstSignal: firstSignal, context, &sink)
                    UnprovableConsentRule.check(purpose: event.purpose, observation: n, time: o.time,
                                                what: "A forward to \(vendorID)", d, context, &sink)
                case .consentRecord:
                    break
                }
            }
            timeline.advance(to: last.time)
            // A stretch holding only consent records (a choice made on an earlier visit, with no
            // traffic in these logs) builds history but is no session.
            if traffic == 0 { s = e; continue }
            sessionRows.append(SessionSummary(visitor: visitorName, session: context.pseudonymizer.pseudonym(sessionID),
                                              start: first.time, end: last.time, requests: requests,
                                              consentAtStart: consentAtStart, consentAtEnd: timeline.summary(at: last.time)))
            s = e
        }
        meter.finish(into: &result.enrichment, counted: !sessionRows.isEmpty)
        // The findings of this visitor, as values. A record cited by several findings is
        // described once, and its sentence shared.
        var described: [Int32: String] = [:]
        for p in sink.pending {
            guard inWindow(p.firstTime) else { continue }
            let source = store.source(of: Int(p.first))
            let line = Int(store[Int(p.first)].line)
            var evidence: [EvidenceEntry] = []
            var cited = p.evidence.filter { $0 >= 0 && $0 != p.first && $0 != p.last }
            cited.append(p.first)
            if p.last != p.first { cited.append(p.last) }
            for m in cited {
                let om = store[Int(m)]
                let what = described[m] ?? describe(m)
                described[m] = what
                evidence.append(EvidenceEntry(source: store.source(of: Int(m)), line: Int(om.line), time: om.time, what: what))
            }
            evidence.sort { ($0.time, $0.source, $0.line) < ($1.time, $1.source, $1.line) }
            // Built in place in the array (a finding built in a local first is copied in).
            sessionRows[p.session].findingsByRule[p.rule.id, default: 0] += 1
            result.findings.append(Finding(
                id: FindingID.make(rule: p.rule.id, source: source, line: line, subject: p.subject),
                rule: p.rule.id, severity: p.severity, reason: p.reason, time: p.firstTime, lastTime: p.lastTime,
                occurrences: p.occurrences, visitor: visitorName, session: sessionRows[p.session].session,
                subjectKind: p.subjectKind, subject: p.subject, purpose: p.purpose, consentState: p.consentState,
                consentSource: p.consentSource, consentRecord: context.recordID(p.consentRecord), vendor: p.vendor,
                fields: TaggingEvent.fields(ofBits: p.fieldBits),
                source: source, line: line,
                detail: p.occurrences > 1 ? p.detail + " \(p.occurrences) times in the session." : p.detail,
                evidence: evidence))
        }
        // Counted here, on the walking thread, rather than over the merged sessions: a visitor
        // with a session in the window, and its sessions with a finding.
        let kept = sessionRows.filter { row in
            (since.map { row.end >= $0 } ?? true) && (until.map { row.start <= $0 } ?? true)
        }
        if !kept.isEmpty { result.visitors += 1 }
        for row in kept where row.findings > 0 { result.sessionsWithFinding += 1 }
        result.sessions += kept
    }

    /// A tracking event through the rules that look at tracking.
    func track(_ e: TrackingEvent, what: @autoclosure () -> String, timeline: ConsentTimeline, signals: OptOutSignalIgnoredRule.SessionSignals,
               firstSignal: (gpc: Int32, dnt: Int32), sink: inout FindingSink, result: inout AnalysisFindings) {
        result.trackingEvents += 1
        let d = timeline.decide(e.purpose, at: e.time)
        TrackingBeforeConsentRule.check(e, d, context, &sink)
        OptOutSignalIgnoredRule.check(purpose: e.purpose, observation: e.observation, time: e.time, what: what(),
                                      signals: signals, firstSignal: firstSignal, context, &sink)
        UnprovableConsentRule.check(purpose: e.purpose, observation: e.observation, time: e.time, what: what(), d, context, &sink)
    }

    /// One sentence for an evidence entry.
    func describe(_ n: Int32) -> String {
        let store = context.store
        let (b, i) = store.locate(Int(n))
        // Called on the batch in place: binding `store.batches[b]` to a constant would copy it
        // (a retain and a release of each of its arrays).
        return store.batches[b].describe(i, pseudonymizer: context.pseudonymizer)
    }
}

extension ObservationBatch {
    /// One sentence for the evidence entry of observation `i` of this batch, built as bytes
    /// (one string made at the end: evidence is described for every finding).
    fileprivate func describe(_ i: Int, pseudonymizer p: Pseudonymizer) -> String {
        let o = observations[i]
        var out: [UInt8] = []
        out.reserveCapacity(256)
        func value(_ index: UInt32) {
            if p.isIdentity { strings.append(Int(index), to: &out) } else { out.appendText(p.pseudonym(strings[Int(index)])) }
        }
        func cookies(_ setIndex: UInt32, _ verb: String) {
            guard setIndex != 0 else { return }
            out.appendText("; ")
            out.appendText(verb)
            out.append(ASCII.space)
            for (k, c) in cookieSets[Int(setIndex)].enumerated() {
                if k > 0 { out.appendText(", ") }
                strings.append(Int(c.name), to: &out)
                if c.isDeletion {
                    out.appendText(" (deleted)")
                } else if c.rawValue != 0 {
                    out.append(UInt8(ascii: "="))
                    value(c.rawValue)
                }
            }
        }
        switch o.kind {
        case .request:
            out.appendText("request ")
            strings.append(Int(o.target), to: &out)
            cookies(o.sent, "sent")
            cookies(o.set, "set")
            if !o.consent.isEmpty {
                out.appendText("; CMP cookie: consent ")
                o.consent.appendSummary(to: &out)
            }
            if o.flags.contains(.gpc) { out.appendText("; Sec-GPC: 1") }
            if o.flags.contains(.dnt) { out.appendText("; DNT: 1") }
        case .accessHit, .taggingHit:
            let h = hits[Int(o.detail)]
            out.appendText("hit ")
            strings.append(Int(h.event), to: &out)
            out.appendText(" to ")
            strings.append(Int(o.target), to: &out)
            if h.clientIDText != 0 {
                out.appendText("; client id ")
                value(h.clientIDText)
            }
            if h.userIDText != 0 {
                out.appendText("; user id ")
                value(h.userIDText)
            }
            if !o.consent.isEmpty {
                out.appendText("; Consent Mode: consent ")
                o.consent.appendSummary(to: &out)
            }
        case .consentRecord:
            let r = records[Int(o.detail)]
            out.appendText("consent record ")
            value(r.recordID)
            out.appendText(": ")
            if o.consent.isEmpty { out.appendText("no choice") } else { o.consent.appendSummary(to: &out) }
            if r.missingEvidence != 0 {
                out.appendText("; lacks ")
                strings.append(Int(r.missingEvidence), to: &out)
            }
        case .forward:
            let f = forwards[Int(o.detail)]
            out.appendText("forward ")
            strings.append(Int(f.event), to: &out)
            out.appendText(" to ")
            strings.append(Int(f.vendorText), to: &out)
            let fields = TaggingEvent.fields(ofBits: f.fieldBits)
            if fields.isEmpty {
                out.appendText(" without personal fields")
            } else {
                out.appendText(" with ")
                for (k, field) in fields.enumerated() {
                    if k > 0 { out.appendText(", ") }
                    out.appendText(field.description)
                }
            }
            out.appendText(" (linked: ")
            out.appendText(f.link.rawValue)
            out.append(UInt8(ascii: ")"))
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Strings of a visitor's batches made once and handed out again while the visitor is walked:
/// a request presents the same few cookie names as the one before it. A small table, each
/// (batch, string) in one slot by its hash; a new string takes the slot over.
struct RecentStrings {
    private static let slots = 16
    private var keys = [UInt64](repeating: .max, count: RecentStrings.slots)
    private var strings = [String](repeating: "", count: RecentStrings.slots)

    /// String `index` of batch `batch`.
    mutating func string(_ index: UInt32, batch: Int, of batches: [ObservationBatch]) -> String {
        let key = UInt64(batch) << 32 | UInt64(index)
        let slot = Int(truncatingIfNeeded: ByteHash.mix(key)) & (Self.slots - 1)
        if keys[slot] == key { return strings[slot] }
        let text = batches[batch].strings[Int(index)]
        keys[slot] = key
        strings[slot] = text
        return text
    }
}
