/// A visitor's consent over time, per purpose and source (contract §4, `docs/analysis.md`).
///
/// Statements are the visitor's observations that state consent — consent records (source
/// `record`) and the CMP cookie or Consent Mode signals of requests and hits (source `browser`)
/// — in time order. The walk asks for the state at each observation's time `t`:
/// - each source's latest statement at or before `t` gives `granted`, `denied` (never granted
///   before), `withdrawn` (granted before) or `undecided`;
/// - a grant stated within the clock skew after `t` also counts (tracking "just before" a grant
///   whose record or cookie was logged by a server with another clock); a denial never counts
///   early.
public struct ConsentTimeline {
    /// A statement: when, from which source, and what it says.
    public struct Statement: Sendable {
        public var time: Int64
        public var observation: Int32
        public var isRecord: Bool
        public var consent: ConsentStatement
    }

    /// One source's state for one purpose.
    public struct SourceState: Sendable, Equatable {
        public var stance: ConsentStatement.Stance = .none
        /// An explicit (or configured-to-count) grant was seen before.
        public var everGranted = false
        /// The statement that set `stance` (-1: none).
        public var observation: Int32 = -1
    }

    /// How the state at one moment reads for one purpose. Its words are enumerations (their raw
    /// values are the words of the outputs): a decision is made for every tracking event and
    /// forward, and holds nothing to retain or release.
    public struct Decision: Sendable, Equatable {
        /// Why a purpose is not granted (empty when it is).
        public enum Reason: String, Sendable {
            case none = "", noDecision = "no-decision", refused, withdrawn, impliedOnly = "implied-only"
            case defaultGranted = "default-granted"
        }
        /// A source's state of a purpose.
        public enum State: String, Sendable { case undecided, granted, denied, withdrawn }
        /// Which source gave the state (none: neither did).
        public enum Source: String, Sendable { case none = "", record, browser }

        public var granted: Bool
        /// For a purpose not granted: `no-decision`, `refused`, `withdrawn`, `implied-only`,
        /// `default-granted`.
        public var reason: Reason
        /// `undecided`, `granted`, `denied`, `withdrawn` of the deciding source.
        public var state: State
        /// `record`, `browser` or empty.
        public var source: Source
        /// The statement behind the state (-1: none).
        public var observation: Int32
        /// The record source grants (counted): its record, for `unprovable-consent`.
        public var grantingRecord: Int32
        /// The record source's own state (for `unprovable-consent`: a denying record is a
        /// mismatch, not an unprovable grant).
        public var recordState: State
    }

    public let statements: [Statement]
    public let skewMs: Int64
    public let impliedCounts: Bool
    public let defaultCounts: Bool
    private var next = 0
    private var record = PurposeStates()
    private var browser = PurposeStates()
    // The record source as it stood `skew` before (for `consent-mismatch`).
    private var nextLagged = 0
    private var lagged = PurposeStates()

    /// One source's state for each of the four purposes, by `slot`: stored inline, so a
    /// visitor's timeline allocates nothing beyond its statements.
    struct PurposeStates {
        private var necessary = SourceState(), preferences = SourceState()
        private var statistics = SourceState(), marketing = SourceState()

        subscript(slot slot: Int) -> SourceState {
            get {
                switch slot {
                case 0: return necessary
                case 1: return preferences
                case 2: return statistics
                default: return marketing
                }
            }
            set {
                switch slot {
                case 0: necessary = newValue
                case 1: preferences = newValue
                case 2: statistics = newValue
                default: marketing = newValue
                }
            }
        }
    }

    public init(statements: [Statement], skewMs: Int64, impliedCounts: Bool, defaultCounts: Bool) {
        self.statements = statements
        self.skewMs = skewMs
        self.impliedCounts = impliedCounts
        self.defaultCounts = defaultCounts
    }

    @inline(__always)
    func counts(_ s: ConsentStatement.Stance) -> Bool {
        Self.counts(s, impliedCounts: impliedCounts, defaultCounts: defaultCounts)
    }

    static func counts(_ s: ConsentStatement.Stance, impliedCounts: Bool, defaultCounts: Bool) -> Bool {
        s == .granted || (s == .implied && impliedCounts) || (s == .byDefault && defaultCounts)
    }

    static func slot(_ p: Purpose) -> Int {
        switch p {
        case .necessary: return 0
        case .preferences: return 1
        case .statistics: return 2
        case .marketing: return 3
        }
    }

    /// Static, with the settings it reads passed in: an instance method handed one of the
    /// timeline's own properties inout would be called on a copy of the whole timeline.
    private static func apply(_ s: Statement, to states: inout PurposeStates, impliedCounts: Bool, defaultCounts: Bool) {
        for p in Purpose.allCases where s.consent[p] != .none {
            let i = slot(p)
            var state = states[slot: i]
            state.stance = s.consent[p]
            state.observation = s.observation
            if counts(s.consent[p], impliedCounts: impliedCounts, defaultCounts: defaultCounts) { state.everGranted = true }
            states[slot: i] = state
        }
    }

    /// Moves the timeline to time `t` (times must not decrease between calls).
    public mutating func advance(to t: Int64) {
        while next < statements.count, statements[next].time <= t {
            let s = statements[next]
            if s.isRecord {
                Self.apply(s, to: &record, impliedCounts: impliedCounts, defaultCounts: defaultCounts)
            } else {
                Self.apply(s, to: &browser, impliedCounts: impliedCounts, defaultCounts: defaultCounts)
            }
            next += 1
        }
        while nextLagged < statements.count, statements[nextLagged].time <= t - skewMs {
            let s = statements[nextLagged]
            if s.isRecord { Self.apply(s, to: &lagged, impliedCounts: impliedCounts, defaultCounts: defaultCounts) }
            nextLagged += 1
        }
    }

    func word(_ s: SourceState) -> Decision.State {
        switch s.stance {
        case .none: return .undecided
        case .denied: return s.everGranted ? .withdrawn : .denied
        default: return .granted
        }
    }

    /// The state of `purpose` at the time of the last `advance`.
    public func decide(_ purpose: Purpose, at t: Int64) -> Decision {
        let i = Self.slot(purpose)
        let r = record[slot: i], b = browser[slot: i]
        let recordState = word(r)
        let grantingRecord = counts(r.stance) ? r.observation : -1
        if counts(r.stance) {
            return Decision(granted: true, reason: .none, state: .granted, source: .record, observation: r.observation,
                            grantingRecord: grantingRecord, recordState: recordState)
        }
        // A grant stated within the clock skew after t: a record first (the proof), then the
        // browser.
        var browserSoon: Statement?
        var k = next
        while k < statements.count, statements[k].time <= t + skewMs {
            let s = statements[k]
            if counts(s.consent[purpose]) {
                if s.isRecord {
                    return Decision(granted: true, reason: .none, state: .granted, source: .record, observation: s.observation,
                                    grantingRecord: s.observation, recordState: .granted)
                }
                if browserSoon == nil { browserSoon = s }
            }
            k += 1
        }
        if counts(b.stance) {
            return Decision(granted: true, reason: .none, state: .granted, source: .browser, observation: b.observation,
                            grantingRecord: -1, recordState: recordState)
        }
        if let s = browserSoon {
            return Decision(granted: true, reason: .none, state: .granted, source: .browser, observation: s.observation,
                            grantingRecord: -1, recordState: recordState)
        }
        func no(_ reason: Decision.Reason, _ s: SourceState, _ source: Decision.Source) -> Decision {
            Decision(granted: false, reason: reason, state: word(s), source: source, observation: s.observation,
                     grantingRecord: -1, recordState: recordState)
        }
        if r.stance == .implied { return no(.impliedOnly, r, .record) }
        if b.stance == .implied { return no(.impliedOnly, b, .browser) }
        if r.stance == .byDefault { return no(.defaultGranted, r, .record) }
        if b.stance == .byDefault { return no(.defaultGranted, b, .browser) }
        if r.stance == .denied && r.everGranted { return no(.withdrawn, r, .record) }
        if b.stance == .denied && b.everGranted { return no(.withdrawn, b, .browser) }
        if r.stance == .denied { return no(.refused, r, .record) }
        if b.stance == .denied { return no(.refused, b, .browser) }
        return Decision(granted: false, reason: .noDecision, state: .undecided, source: .none, observation: -1,
                        grantingRecord: -1, recordState: recordState)
    }

    /// The latest record's state of `purpose` at or before `t - skew`: `denied`, `withdrawn`
    /// (or nil when it grants or says nothing), with the record.
    public func recordRefusal(_ purpose: Purpose) -> (state: Decision.State, observation: Int32)? {
        let s = lagged[slot: Self.slot(purpose)]
        guard s.stance == .denied else { return nil }
        return (s.everGranted ? .withdrawn : .denied, s.observation)
    }

    /// Whether a consent record within the clock skew of `t` (before or after) grants
    /// `purpose`: a browser grant that follows a fresh record is no contradiction, whichever
    /// server's clock ran ahead.
    public func recordGrantNear(_ purpose: Purpose, at t: Int64) -> Bool {
        var k = next - 1
        while k >= 0, statements[k].time >= t - skewMs {
            if statements[k].isRecord && counts(statements[k].consent[purpose]) { return true }
            k -= 1
        }
        k = next
        while k < statements.count, statements[k].time <= t + skewMs {
            if statements[k].isRecord && counts(statements[k].consent[purpose]) { return true }
            k += 1
        }
        return false
    }

    /// Each purpose's state (necessary left out), as `sessions.csv` shows it:
    /// `preferences=undecided;statistics=granted;marketing=denied`.
    public func summary(at t: Int64) -> String {
        // Built as bytes, one string made at the end: two per session.
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for p in [Purpose.preferences, .statistics, .marketing] {
            let d = decide(p, at: t)
            if p != .preferences { out.append(UInt8(ascii: ";")) }
            out.appendText(p.rawValue)
            out.append(UInt8(ascii: "="))
            out.appendText(d.granted ? "granted" : (d.reason == .impliedOnly || d.reason == .defaultGranted ? d.reason.rawValue : d.state.rawValue))
        }
        return String(decoding: out, as: UTF8.self)
    }
}
