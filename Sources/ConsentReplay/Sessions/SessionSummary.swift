/// One row of `sessions.csv`: a visitor's records with no gap longer than the session timeout.
public struct SessionSummary: Sendable, Equatable {
    public var visitor: String
    /// Stable across runs: derived from the visitor and the start time.
    public var session: String
    /// First and last record (ms since the epoch, UTC).
    public var start: Int64
    public var end: Int64
    /// Access-log requests and tagging hits of the session.
    public var requests: Int
    /// Consent per purpose at the start and at the end (`statistics=granted`…), as
    /// `ConsentStateSummary` renders it.
    public var consentAtStart: String
    public var consentAtEnd: String
    /// Findings anchored in this session, by rule id.
    public var findingsByRule: [String: Int]

    public init(visitor: String, session: String, start: Int64, end: Int64, requests: Int, consentAtStart: String,
                consentAtEnd: String, findingsByRule: [String: Int] = [:]) {
        self.visitor = visitor
        self.session = session
        self.start = start
        self.end = end
        self.requests = requests
        self.consentAtStart = consentAtStart
        self.consentAtEnd = consentAtEnd
        self.findingsByRule = findingsByRule
    }

    /// Findings of every rule in the session.
    public var findings: Int { findingsByRule.values.reduce(0, +) }
}
