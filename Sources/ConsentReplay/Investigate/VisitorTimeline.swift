/// What `investigate` looks for (contract §2): a visitor by its id in the reports, every visitor
/// seen at an IP address, or every visitor that carried an identity cookie value.
public enum VisitorQuery: Sendable, Equatable, CustomStringConvertible {
    /// A visitor id as `findings.csv` prints it (`v-…`, or `p-…` when pseudonymised).
    case visitor(String)
    /// An IP address as the logs give it.
    case ip(String)
    /// An identity cookie and its value (`_ga=GA1.1.123.456`), compared as the analyzer compares
    /// them (`_ga` by its client-id part, `_fbp` by its `<ms>.<random>` part…).
    case cookie(name: String, value: String)

    public var description: String {
        switch self {
        case .visitor(let id): return "--visitor \(id)"
        case .ip(let ip): return "--ip \(ip)"
        case .cookie(let name, let value): return "--cookie \(name)=\(value)"
        }
    }
}

/// One visitor's story: every record in time order with its `file:line`, the sessions, the
/// consent state each time it changes, and the findings that cite each record.
public struct VisitorTimeline: Sendable, Equatable {
    /// A finding citing a record: as its first offending record, or as evidence.
    public struct Citation: Sendable, Equatable {
        public var id: String
        public var rule: String
        public var reason: String
        /// `first` (the record the finding points at) or `evidence`.
        public var role: String
    }

    /// One record of the visitor.
    public struct Entry: Sendable, Equatable {
        public var time: Int64
        public var source: String
        public var line: Int
        /// `request`, `hit`, `consent-record` or `forward`.
        public var kind: String
        /// The session it belongs to; empty for a stretch of consent records only.
        public var session: String
        /// What the record shows (cookies sent and set, consent, fields), as in findings' evidence.
        public var what: String
        /// For a forward linked to its hit: the personal fields the tagging server added.
        public var addedFields: [PersonalField] = []
        /// The visitor's consent state after this record, when the record changed it.
        public var consentNow: String?
        public var findings: [Citation] = []
    }

    public struct Session: Sendable, Equatable {
        public var id: String
        public var start: Int64
        public var end: Int64
        public var records: Int
        public var requests: Int
        public var consentAtStart: String
    }

    /// The visitor id as the reports print it.
    public var visitor: String
    public var sessions: [Session] = []
    public var entries: [Entry] = []
    /// The visitor's findings, in `findings.csv` order.
    public var findings: [Finding] = []
}
