// Ground truth a planted scenario attaches to the requests it sends: which findings a line,
// a hit or a vendor request of the tagging server must raise, and how the tagging server
// forwards a planted hit. None of it is written by any log format; `TruthRecorder` reads it.

/// The rule ids of the product contract (§5), as `findings.csv` writes them.
public enum TruthRule: String, Sendable, Equatable, CaseIterable, Comparable {
    case trackingBeforeConsent = "tracking-before-consent"
    case cookieRespawn = "cookie-respawn"
    case forwardWithoutConsent = "forward-without-consent"
    case thirdCountryTransfer = "third-country-transfer"
    case optOutSignalIgnored = "opt-out-signal-ignored"
    case unprovableConsent = "unprovable-consent"
    case consentMismatch = "consent-mismatch"

    /// Every reason the rule can give (contract §5).
    public var reasons: [String] {
        switch self {
        case .trackingBeforeConsent, .forwardWithoutConsent:
            return ["no-decision", "refused", "withdrawn", "implied-only", "default-granted"]
        case .cookieRespawn: return ["server-set", "client-restored", "mirror"]
        case .thirdCountryTransfer: return ["no-mechanism", "ip-not-minimised"]
        case .optOutSignalIgnored: return ["gpc", "dnt"]
        case .unprovableConsent: return ["no-record", "incomplete-record"]
        case .consentMismatch: return ["record-denies", "record-withdrew"]
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// One finding a record must raise if it is the first offending record of its session for
/// that (rule, subject): the analyzer anchors the finding there and counts the others.
public struct PlantedOffense: Sendable, Equatable, Hashable {
    public var rule: TruthRule
    public var reason: String
    /// The cookie name, collect path, vendor id, signal name or purpose (contract §5).
    public var subject: String

    public init(_ rule: TruthRule, _ reason: String, _ subject: String) {
        self.rule = rule
        self.reason = reason
        self.subject = subject
    }
}

/// What the tagging server puts in the user data of a planted vendor request.
public enum PlantedUserData: Sendable, Equatable {
    /// What the container sends for every visitor (IP, user agent, click and browser ids),
    /// plus the customer's hashes when the shop knows the customer.
    case standard
    /// As `standard`, with the customer's e-mail and phone hashes even though nobody logged in
    /// (the shop matched the visitor to a CRM record).
    case customerHashes
    /// No user data at all (a field-less event).
    case none
}

/// A vendor request the tagging server sends for a planted hit.
public struct PlantedForward: Sendable, Equatable {
    public var vendor: TaggingVendor
    public var userData: PlantedUserData
    /// Findings this vendor request raises (when it is the first of its session).
    public var offenses: [PlantedOffense]

    public init(_ vendor: TaggingVendor, userData: PlantedUserData = .standard, offenses: [PlantedOffense] = []) {
        self.vendor = vendor
        self.userData = userData
        self.offenses = offenses
    }
}

/// Ground truth a planted scenario attaches to one of its requests.
public struct PlantedRequestFacts: Sendable, Equatable {
    /// The scenario that sent it.
    public var scenario: PlantedScenario
    /// Findings the request's access-log line raises (cookies set or sent, consent signals).
    public var lineOffenses: [PlantedOffense] = []
    /// Findings the incoming hit raises (a `/g/collect` request): anchored at whichever
    /// record of the hit comes first (access log, Cloud Run request log, Logger object).
    public var hitOffenses: [PlantedOffense] = []
    /// For a hit: the vendor requests the tagging server sends, in order (replacing the
    /// container's consent-following default).
    public var forwards: [PlantedForward] = []

    public init(scenario: PlantedScenario) {
        self.scenario = scenario
    }
}

/// One row of the ground truth: a finding the analyzer must produce.
public struct TruthRow: Sendable, Equatable, Hashable, Comparable {
    public var rule: TruthRule
    public var reason: String
    /// The output path of the stream, as given to `gen-logs`.
    public var source: String
    /// 1-based line in that (decompressed) file.
    public var line: Int
    public var subject: String

    public init(rule: TruthRule, reason: String, source: String, line: Int, subject: String) {
        self.rule = rule
        self.reason = reason
        self.source = source
        self.line = line
        self.subject = subject
    }

    public static func < (a: Self, b: Self) -> Bool {
        if a.source != b.source { return a.source < b.source }
        if a.line != b.line { return a.line < b.line }
        if a.rule != b.rule { return a.rule < b.rule }
        if a.subject != b.subject { return a.subject < b.subject }
        return a.reason < b.reason
    }
}
