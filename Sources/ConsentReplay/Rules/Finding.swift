/// What a finding is about (contract §5: the cookie, endpoint, vendor, signal or purpose).
public enum SubjectKind: String, Sendable, Equatable, Comparable, CaseIterable {
    case cookie, endpoint, vendor, signal, purpose

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// One timeline entry that proves a finding: where it is (file, line), when, and what it shows.
public struct EvidenceEntry: Sendable, Equatable {
    /// The input path as given on the command line.
    public var source: String
    /// 1-based line in the decompressed file (a JSON array element: the line where it starts).
    public var line: Int
    /// Milliseconds since the epoch, UTC.
    public var time: Int64
    /// One sentence: `Cookie _ga=GA1.1.123.456 sent`, `consent record 7f3a…: marketing denied`.
    public var what: String

    public init(source: String, line: Int, time: Int64, what: String) {
        self.source = source
        self.line = line
        self.time = time
        self.what = what
    }
}

/// One finding: a rule broken in one session about one subject, anchored at the first offending
/// record (contract §5 and §6). The fields are the columns of `findings.csv`, in its order.
public struct Finding: Sendable, Equatable {
    /// Stable across runs: a hash of (rule, source, line, subject), so nightly runs de-duplicate.
    public var id: String
    public var rule: String
    public var severity: Severity
    /// The rule's reason (`no-decision`, `server-set`, `gpc`…).
    public var reason: String
    /// The first offending record's time (ms since the epoch, UTC).
    public var time: Int64
    /// The last offending record's time in the session.
    public var lastTime: Int64
    /// Offending records in the session for this subject (the first one included).
    public var occurrences: Int
    public var visitor: String
    public var session: String
    public var subjectKind: SubjectKind
    public var subject: String
    /// The purpose at stake, when the rule is about one.
    public var purpose: Purpose?
    /// The purpose's state at the first offending record: `undecided`, `granted`, `denied`,
    /// `withdrawn`; empty when the rule is not about consent state.
    public var consentState: String
    /// `record` or `browser`: which source gave that state; empty when none did.
    public var consentSource: String
    /// The consent record (its consent id, else `file:line`) behind the state, when there is one.
    public var consentRecord: String
    /// Vendor id (vendor catalogue), when a vendor is involved.
    public var vendor: String
    /// Personal fields involved, sorted (`email(hashed)`, `ip(clear)`).
    public var fields: [PersonalValue]
    /// The input path of the first offending record, as given.
    public var source: String
    /// Its 1-based line.
    public var line: Int
    /// One sentence a reader can act on.
    public var detail: String
    /// The timeline entries that prove it, in time order (`findings.jsonl` only).
    public var evidence: [EvidenceEntry]

    public init(id: String = "", rule: String, severity: Severity, reason: String, time: Int64, lastTime: Int64,
                occurrences: Int, visitor: String, session: String, subjectKind: SubjectKind, subject: String,
                purpose: Purpose? = nil, consentState: String = "", consentSource: String = "", consentRecord: String = "",
                vendor: String = "", fields: [PersonalValue] = [], source: String, line: Int, detail: String,
                evidence: [EvidenceEntry] = []) {
        self.id = id
        self.rule = rule
        self.severity = severity
        self.reason = reason
        self.time = time
        self.lastTime = lastTime
        self.occurrences = occurrences
        self.visitor = visitor
        self.session = session
        self.subjectKind = subjectKind
        self.subject = subject
        self.purpose = purpose
        self.consentState = consentState
        self.consentSource = consentSource
        self.consentRecord = consentRecord
        self.vendor = vendor
        self.fields = fields
        self.source = source
        self.line = line
        self.detail = detail
        self.evidence = evidence
    }

    /// The order of every output: time, then place, then rule and subject.
    public static func outputOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.time != b.time { return a.time < b.time }
        if a.source != b.source { return a.source < b.source }
        if a.line != b.line { return a.line < b.line }
        if a.rule != b.rule { return a.rule < b.rule }
        if a.subjectKind != b.subjectKind { return a.subjectKind < b.subjectKind }
        return a.subject < b.subject
    }
}
