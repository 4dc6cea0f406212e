// The ground truth of a generated day: every finding `consent-replay analyze` must produce on
// the access log, the consent log and the tagging log of one run, as (rule, reason, source,
// line, subject) rows, following docs/analysis.md.
//
// The recorder does not parse the logs and does not re-derive consent from them: the simulator
// tells it what it did. It sees every request with its access-log line, the tagging server's
// entries of that request (their lines arrive when the tagging writer writes them), and every
// consent record a visitor saves. From that it collects candidate anchors per (rule, session,
// subject) and, at the end, keeps the first one in the analyzer's order: the time the analyzer
// reads from the line (an nginx line's `[21/Nov/2026:10:00:01 +0000]` is a whole second, a Cloud
// Logging `timestamp` is exact), ties broken by input order (access log, consent log, tagging
// log, then line).
//
// Where the findings come from:
// - planted scenarios (`ScenarioVisitor`) say on each request which findings its line, its hit
//   and its vendor requests raise (`PlantedRequestFacts`);
// - `third-country-transfer`: every vendor request with personal fields to TikTok (US, no
//   transfer mechanism in the built-in catalogue) is `no-mechanism`; a Pinterest request with a
//   clear IP is `ip-not-minimised` (the score configuration marks Pinterest `minimise_ip`);
// - `opt-out-signal-ignored`: every session with a request carrying `Sec-GPC: 1` (`DNT: 1`, when
//   the format logs it) and a marketing cookie set or sent, or a Meta / TikTok / Pinterest
//   request, anchored at the first of those;
// - the site's own visitors (`HumanVisitor`) are compliant, but two readings of the analysis
//   page make some of their records findings, and the truth lists them:
//   * a change of mind that grants more (after "necessary only", "allow all" on a later visit)
//     gives nothing: the new record is within the clock skew of the request carrying the new
//     cookie, and a record granting near `t` settles the contradiction (docs/analysis.md);
//   * only with `skewAppliesToDenials` (off: contract §4 says the clock-skew tolerance applies
//     to "before", and the analyzer lets a grant count early but never a denial): a
//     withdrawal, read as "a source's state at `t` is its latest statement at or before
//     `t + clock skew`" (docs/analysis.md, literally), makes tracking in the 2 s before the
//     click that withdraws already `withdrawn` when both the record and the browser's latest
//     statement in that window say so (`tracking-before-consent` for cookies and hits,
//     `forward-without-consent` for vendor requests).
// Sessions are the simulator's: a visitor's requests with no gap over 30 minutes (a visitor's
// sessions are at least 31 minutes apart and never hold a 30-minute pause), which is what the
// analyzer finds for the visitor's identified requests.

/// A purpose the simulator's cookies and vendors serve (necessary ones are never tracking).
enum TruthPurpose: String, Sendable {
    case preferences, statistics, marketing

    /// The purpose of a cookie the simulated site uses, as the analyzer's catalogue files it;
    /// `nil` for necessary and unknown cookies (not tracking).
    static func ofCookie(_ name: Substring) -> TruthPurpose? {
        switch name {
        case "_ga", "_gid", "FPID", "FPLC": return .statistics
        case "_gcl_au", "_fbp", "_fbc": return .marketing
        default: return name.hasPrefix("_ga_") ? .statistics : nil
        }
    }

    /// The purpose of a vendor's requests (vendor catalogue).
    static func ofVendor(_ vendor: TaggingVendor) -> TruthPurpose {
        vendor == .googleAnalytics ? .statistics : .marketing
    }
}

/// Where a candidate anchor is: an access-log line (its line and the time the analyzer reads
/// from it) or a tagging-log entry (its writer ordinal and creation time; the line and the
/// written time are known once the writer has written it).
enum TruthRef {
    case access(line: Int, millis: Int64)
    case tagging(ordinal: UInt64, nanos: Int64)
}

/// One offending record (or one incoming hit seen in several records).
struct TruthCandidate {
    var refs: [TruthRef]
    var reason: String
    /// When it happened (ms), to bound how many candidates a session keeps.
    var trueMillis: Int64
}

/// Candidates of one (rule, session, subject); only those that can still be the first one.
struct TruthBucket {
    /// An analyzer time is at most a second before the true time, so a candidate more than
    /// this much after the earliest one can never come first.
    static let window: Int64 = 1_500
    var minTrue = Int64.max
    var items: [TruthCandidate] = []

    mutating func add(_ candidate: TruthCandidate) {
        if candidate.trueMillis < minTrue {
            minTrue = candidate.trueMillis
            items.removeAll { $0.trueMillis > minTrue + TruthBucket.window }
        }
        if candidate.trueMillis <= minTrue + TruthBucket.window { items.append(candidate) }
    }
}

/// A visitor's session, as the truth counts them.
struct TruthSession: Hashable {
    var visitor: UInt64
    var index: Int
}

/// The key of one finding.
struct TruthKey: Hashable {
    var rule: TruthRule
    var session: TruthSession
    var subject: String
}

/// Records the ground truth of one run (see the file comment).
final class TruthRecorder {
    /// The access log's path as given to `gen-logs`.
    let accessSource: String
    /// The tagging log's path as given to `gen-logs`.
    let taggingSource: String
    /// The time resolution of the access log's timestamps (ms).
    let accessResolution: Int64
    /// Whether the access log shows the `DNT` header.
    let logsDNT: Bool
    /// The analyzer's clock-skew tolerance (docs/analysis.md: 2 s by default).
    static let clockSkew: Int64 = 2_000
    /// The analyzer's session timeout.
    static let sessionTimeout: Int64 = 30 * 60 * 1_000
    /// Whether a denial stated within the clock skew after `t` already counts at `t` (the
    /// literal reading of docs/analysis.md's "latest statement at or before t + clock skew";
    /// see the file comment). Off: only grants count early.
    let skewAppliesToDenials: Bool

    private var buckets: [TruthKey: TruthBucket] = [:]
    private var sessions: [UInt64: (last: Int64, index: Int)] = [:]
    private var optOutFlags: [TruthSession: (gpc: Bool, dnt: Bool)] = [:]
    private var marketing: [TruthSession: TruthBucket] = [:]
    private var taggingLines: [Int32] = []
    private var taggingMillis: [Int64] = []

    // The site's own visitors: recent records (for withdrawals) and pending changes of mind.
    private var rings: [UInt64: TruthRing] = [:]
    private var pendingWithdrawals: [UInt64: PendingWithdrawal] = [:]
    private var pendingUpdates: [UInt64: [TruthPurpose]] = [:]
    private var observed = 0

    init(accessSource: String, taggingSource: String, accessResolution: Int64, logsDNT: Bool, skewAppliesToDenials: Bool = false) {
        self.skewAppliesToDenials = skewAppliesToDenials
        self.accessSource = accessSource
        self.taggingSource = taggingSource
        self.accessResolution = max(1, accessResolution)
        self.logsDNT = logsDNT
    }

    // MARK: - Input

    /// The tagging writer wrote the entry `ordinal` as line `line` with timestamp `nanos`.
    func noteTaggingLine(ordinal: UInt64, line: Int, nanos: Int64) {
        let index = Int(ordinal)
        if index >= taggingLines.count {
            let grow = max(index + 1 - taggingLines.count, taggingLines.count / 2 + 1024)
            taggingLines.append(contentsOf: repeatElement(-1, count: grow))
            taggingMillis.append(contentsOf: repeatElement(0, count: grow))
        }
        taggingLines[index] = Int32(clamping: line)
        taggingMillis[index] = Self.floorDiv(nanos, 1_000_000)
    }

    /// A visitor saved a banner answer (called when the record is confirmed, just before the
    /// request carrying the new cookie is produced).
    func noteRecord(_ record: ConsentRecord) {
        guard let previous = record.previousChoice, !record.beforeTraffic else { return }
        let new = record.choice
        let pairs: [(TruthPurpose, Bool, Bool)] = [
            (.preferences, previous.preferences, new.preferences), (.statistics, previous.statistics, new.statistics),
            (.marketing, previous.marketing, new.marketing),
        ]
        let withdrawn = pairs.filter { $0.1 && !$0.2 }.map(\.0)
        let granted = pairs.filter { !$0.1 && $0.2 }.map(\.0)
        if !granted.isEmpty { pendingUpdates[record.visitorID] = granted }
        if !withdrawn.isEmpty && skewAppliesToDenials {
            let ring = rings[record.visitorID] ?? TruthRing()
            pendingWithdrawals[record.visitorID] = PendingWithdrawal(
                recordMillis: record.time, clickMillis: record.clickTime, purposes: withdrawn, pre: ring, post: [])
        }
    }

    /// A request and its access-log line; `notes` are the tagging entries it produced.
    func observe(_ request: SimulatedRequest, line: Int, notes: [TaggingEntryNote]) {
        if request.kind == .bot && request.plant == nil { return }
        observed += 1
        if observed % 20_000 == 0 { sweep(now: request.time) }
        let visitor = request.visitorID
        let session = TruthSession(visitor: visitor, index: sessionIndex(of: visitor, at: request.time))
        let millis = Self.floorDiv(request.time, accessResolution) * accessResolution
        let access = TruthRef.access(line: line, millis: millis)
        let cookies = TruthCookies(request)

        var hitRefs: [TruthRef] = []
        var hitMillis = millis
        var hitTrue = request.time
        var vendorNotes: [(TaggingEntryNote, TruthVendorNote)] = []
        for note in notes {
            switch note.role {
            case .requestLog, .logger:
                hitRefs.append(.tagging(ordinal: note.ordinal, nanos: note.nanos))
                hitMillis = min(hitMillis, Self.floorDiv(note.nanos, 1_000_000))
                hitTrue = min(hitTrue, Self.floorDiv(note.nanos, 1_000_000))
            case .vendorRequest(let vendor):
                vendorNotes.append((note, vendor))
            case .other:
                break
            }
        }
        let isHit = request.kind == .collect && (request.query?.contains("cid=") ?? false)

        // third-country-transfer
        for (note, vendor) in vendorNotes {
            let ref = TruthRef.tagging(ordinal: note.ordinal, nanos: note.nanos)
            let at = Self.floorDiv(note.nanos, 1_000_000)
            if vendor.vendor == .tiktok && vendor.personal {
                add(.thirdCountryTransfer, session, "tiktok", TruthCandidate(refs: [ref], reason: "no-mechanism", trueMillis: at))
            }
            if vendor.vendor == .pinterest && vendor.clearIP {
                add(.thirdCountryTransfer, session, "pinterest", TruthCandidate(refs: [ref], reason: "ip-not-minimised", trueMillis: at))
            }
        }

        // opt-out-signal-ignored: the session's signals and its marketing events.
        if request.secGPC == "1" || (logsDNT && request.dnt == "1") {
            var flags = optOutFlags[session] ?? (false, false)
            if request.secGPC == "1" { flags.gpc = true }
            if logsDNT && request.dnt == "1" { flags.dnt = true }
            optOutFlags[session] = flags
        }
        if cookies.all.contains(where: { TruthPurpose.ofCookie($0) == .marketing }) {
            marketing[session, default: TruthBucket()].add(TruthCandidate(refs: [access], reason: "", trueMillis: request.time))
        }
        for (note, vendor) in vendorNotes where TruthPurpose.ofVendor(vendor.vendor) == .marketing {
            marketing[session, default: TruthBucket()].add(
                TruthCandidate(
                    refs: [.tagging(ordinal: note.ordinal, nanos: note.nanos)], reason: "",
                    trueMillis: Self.floorDiv(note.nanos, 1_000_000)))
        }

        if let plant = request.plant {
            // Planted findings.
            for offense in plant.lineOffenses {
                add(offense.rule, session, offense.subject, TruthCandidate(refs: [access], reason: offense.reason, trueMillis: request.time))
            }
            if isHit {
                for offense in plant.hitOffenses {
                    add(offense.rule, session, offense.subject,
                        TruthCandidate(refs: [access] + hitRefs, reason: offense.reason, trueMillis: hitTrue))
                }
            }
            for (note, vendor) in vendorNotes {
                for offense in vendor.offenses {
                    add(offense.rule, session, offense.subject,
                        TruthCandidate(
                            refs: [.tagging(ordinal: note.ordinal, nanos: note.nanos)], reason: offense.reason,
                            trueMillis: Self.floorDiv(note.nanos, 1_000_000)))
                }
            }
            return
        }

        // The site's own visitors: a change of mind that grants more is no mismatch (the new
        // record is within the clock skew of the first request carrying the new cookie).
        pendingUpdates.removeValue(forKey: visitor)
        var statements: [TruthStatement] = []
        if cookies.presented.contains(where: { $0 == "CookieConsent" }) || isHit {
            statements.append(TruthStatement(millis: millis, rank: 0, position: Int64(line), ordinal: 0, post: false))
        }
        if isHit {
            for note in notes {
                switch note.role {
                case .requestLog, .logger:
                    statements.append(
                        TruthStatement(
                            millis: Self.floorDiv(note.nanos, 1_000_000), rank: 2, position: note.nanos, ordinal: note.ordinal, post: false))
                default: break
                }
            }
        }
        var events: [TruthEvent] = []
        for name in cookies.all {
            guard let purpose = TruthPurpose.ofCookie(name) else { continue }
            events.append(
                TruthEvent(
                    rule: .trackingBeforeConsent, subject: String(name), purpose: purpose, refs: [access], millis: millis,
                    trueMillis: request.time, session: session.index))
        }
        if isHit {
            events.append(
                TruthEvent(
                    rule: .trackingBeforeConsent, subject: request.path, purpose: .statistics, refs: [access] + hitRefs,
                    millis: hitMillis, trueMillis: hitTrue, session: session.index))
        }
        for (note, vendor) in vendorNotes {
            let at = Self.floorDiv(note.nanos, 1_000_000)
            events.append(
                TruthEvent(
                    rule: .forwardWithoutConsent, subject: vendor.vendor.rawValue, purpose: TruthPurpose.ofVendor(vendor.vendor),
                    refs: [.tagging(ordinal: note.ordinal, nanos: note.nanos)], millis: at, trueMillis: at, session: session.index))
        }
        if var pending = pendingWithdrawals[visitor] {
            pending.post += statements.map { statement in
                var post = statement
                post.post = true
                return post
            }
            pending.session = pending.session ?? session.index
            if request.time > pending.clickMillis + 4_000 {
                pendingWithdrawals[visitor] = nil
                evaluate(pending, visitor: visitor, session: pending.session ?? session.index)
            } else {
                pendingWithdrawals[visitor] = pending
            }
        }
        var ring = rings[visitor] ?? TruthRing()
        ring.add(events: events, statements: statements, now: request.time)
        rings[visitor] = ring
    }

    // MARK: - Output

    /// The truth rows, sorted, each with the simulated visitor whose session it is about.
    func finish() -> [(row: TruthRow, visitor: UInt64)] {
        for (visitor, pending) in pendingWithdrawals.sorted(by: { $0.key < $1.key }) {
            evaluate(pending, visitor: visitor, session: pending.session ?? sessions[visitor]?.index ?? 0)
        }
        pendingWithdrawals.removeAll()
        var rows: [TruthRow: UInt64] = [:]
        for (key, bucket) in buckets {
            guard let (candidate, place) = best(of: bucket) else { continue }
            let row = TruthRow(rule: key.rule, reason: candidate.reason, source: place.source, line: place.line, subject: key.subject)
            rows[row] = key.session.visitor
        }
        for (session, flags) in optOutFlags {
            guard let bucket = marketing[session], let (_, place) = best(of: bucket) else { continue }
            if flags.gpc {
                rows[TruthRow(rule: .optOutSignalIgnored, reason: "gpc", source: place.source, line: place.line, subject: "Sec-GPC")] =
                    session.visitor
            }
            if flags.dnt {
                rows[TruthRow(rule: .optOutSignalIgnored, reason: "dnt", source: place.source, line: place.line, subject: "DNT")] =
                    session.visitor
            }
        }
        return rows.sorted { $0.key < $1.key }.map { (row: $0.key, visitor: $0.value) }
    }

    /// The truth as CSV: `rule,reason,source,line,subject`, one row per finding.
    static func csv(_ rows: [TruthRow]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendStatic("rule,reason,source,line,subject\n")
        for row in rows {
            for (index, field) in [row.rule.rawValue, row.reason, row.source, String(row.line), row.subject].enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                appendCSVField(field, into: &bytes)
            }
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    private static func appendCSVField(_ text: String, into bytes: inout [UInt8]) {
        CookiebotConsentLog.appendField(text, delimiter: UInt8(ascii: ","), into: &bytes)
    }

    // MARK: - Internals

    private func add(_ rule: TruthRule, _ session: TruthSession, _ subject: String, _ candidate: TruthCandidate) {
        buckets[TruthKey(rule: rule, session: session, subject: subject), default: TruthBucket()].add(candidate)
    }

    /// The session index of `visitor` at `time` (a gap over the timeout starts a new one).
    private func sessionIndex(of visitor: UInt64, at time: Int64) -> Int {
        guard var state = sessions[visitor] else {
            sessions[visitor] = (time, 0)
            return 0
        }
        if time - state.last > TruthRecorder.sessionTimeout { state.index += 1 }
        state.last = max(state.last, time)
        sessions[visitor] = state
        return state.index
    }

    /// Where a candidate's earliest record is, in the analyzer's order (time, then input
    /// order: access log before tagging log, then line).
    private func place(of ref: TruthRef) -> (millis: Int64, rank: Int, source: String, line: Int)? {
        switch ref {
        case .access(let line, let millis):
            return (millis, 0, accessSource, line)
        case .tagging(let ordinal, _):
            let index = Int(ordinal)
            guard index < taggingLines.count, taggingLines[index] > 0 else { return nil }
            return (taggingMillis[index], 2, taggingSource, Int(taggingLines[index]))
        }
    }

    private func best(of bucket: TruthBucket) -> (TruthCandidate, (source: String, line: Int))? {
        var result: (TruthCandidate, (millis: Int64, rank: Int, source: String, line: Int))?
        for candidate in bucket.items {
            for ref in candidate.refs {
                guard let here = place(of: ref) else { continue }
                if let current = result?.1,
                    (current.millis, current.rank, current.line) <= (here.millis, here.rank, here.line)
                {
                    continue
                }
                result = (candidate, here)
            }
        }
        return result.map { ($0.0, ($0.1.source, $0.1.line)) }
    }

    /// Tracking before a withdrawal that the analyzer already counts as withdrawn: the
    /// withdrawal record is at or before `t + skew` and so is a browser statement of the new
    /// answer, later than every statement of the old one up to `t + skew`.
    private func evaluate(_ pending: PendingWithdrawal, visitor: UInt64, session: Int) {
        let statements = pending.pre.statements + pending.post
        for event in pending.pre.events where event.session == session && pending.purposes.contains(event.purpose) {
            let horizon = event.millis + TruthRecorder.clockSkew
            guard pending.recordMillis <= horizon else { continue }
            var latest: TruthStatement?
            for statement in statements where statement.millis <= horizon {
                if let current = latest, !current.precedes(statement) { continue }
                latest = statement
            }
            guard latest?.post == true else { continue }
            add(event.rule, TruthSession(visitor: visitor, index: session), event.subject,
                TruthCandidate(refs: event.refs, reason: "withdrawn", trueMillis: event.trueMillis))
        }
    }

    /// Forgets the recent records of visitors that have been quiet for a while.
    private func sweep(now: Int64) {
        rings = rings.filter { $0.value.lastTrue >= now - 10_000 }
    }

    static func floorDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

/// The cookies a request sends and the ones its response sets (deletions excluded).
struct TruthCookies {
    var presented: [Substring] = []
    var set: [Substring] = []

    /// Every name sent or set, each once.
    var all: [Substring] {
        var names = presented
        for name in set where !names.contains(name) { names.append(name) }
        return names
    }

    init(_ request: SimulatedRequest) {
        if let header = request.cookieHeader {
            for item in header.split(separator: ";") {
                let trimmed = item.drop { $0 == " " }
                presented.append(trimmed.prefix { $0 != "=" })
            }
        }
        for header in request.setCookies {
            let lower = header.lowercased()
            if lower.contains("max-age=0") || lower.contains("expires=thu, 01 jan 1970") { continue }
            set.append(Substring(header.prefix { $0 != "=" }))
        }
    }
}

/// A browser consent statement of a visitor (a request carrying the CMP cookie, a hit's
/// Consent Mode signals), in the analyzer's order.
struct TruthStatement {
    var millis: Int64
    var rank: Int
    var position: Int64
    var ordinal: UInt64
    /// Made after the click that withdrew.
    var post: Bool

    func precedes(_ other: TruthStatement) -> Bool {
        (millis, rank, position, ordinal) < (other.millis, other.rank, other.position, other.ordinal)
    }
}

/// A tracking event of one of the site's visitors.
struct TruthEvent {
    var rule: TruthRule
    var subject: String
    var purpose: TruthPurpose
    var refs: [TruthRef]
    /// The analyzer's time of its first record.
    var millis: Int64
    var trueMillis: Int64
    var session: Int
}

/// A visitor's events and statements of the last few seconds.
struct TruthRing {
    var events: [TruthEvent] = []
    var statements: [TruthStatement] = []
    var lastTrue: Int64 = .min
    /// How long records stay (more than the clock skew plus a second of log-time rounding).
    static let span: Int64 = 6_000

    mutating func add(events new: [TruthEvent], statements newStatements: [TruthStatement], now: Int64) {
        lastTrue = now
        events.removeAll { $0.trueMillis < now - TruthRing.span }
        statements.removeAll { $0.millis < now - TruthRing.span - 1_000 }
        events += new
        statements += newStatements
    }
}

/// A withdrawal whose effect on the seconds before it is decided once the requests after it
/// are known.
struct PendingWithdrawal {
    var recordMillis: Int64
    var clickMillis: Int64
    var purposes: [TruthPurpose]
    var pre: TruthRing
    var post: [TruthStatement]
    var session: Int?
}
