/// The four purposes every consent source is mapped onto (contract §3.4).
public enum Purpose: String, CaseIterable, Sendable, Comparable, Codable {
    case necessary, preferences, statistics, marketing

    public static func < (a: Self, b: Self) -> Bool { a.order < b.order }
    private var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

/// What a source says about one purpose.
public enum PurposeChoice: String, Sendable, Equatable, Codable {
    case granted, denied
}

/// How a consent was given: by an affirmative act, or inferred (scrolling, continuing to
/// browse, a banner closed without a choice). Only explicit grants count unless configured.
public enum ConsentMethod: String, Sendable, Equatable, Codable {
    case explicit, implied
}

/// The four-purpose view of one consent source: a choice for each purpose it states.
public struct PurposeChoices: Sendable, Equatable {
    public var necessary: PurposeChoice?
    public var preferences: PurposeChoice?
    public var statistics: PurposeChoice?
    public var marketing: PurposeChoice?

    public init() {}

    public subscript(purpose: Purpose) -> PurposeChoice? {
        get {
            switch purpose {
            case .necessary: return necessary
            case .preferences: return preferences
            case .statistics: return statistics
            case .marketing: return marketing
            }
        }
        set {
            switch purpose {
            case .necessary: necessary = newValue
            case .preferences: preferences = newValue
            case .statistics: statistics = newValue
            case .marketing: marketing = newValue
            }
        }
    }

    /// Folds a further statement into a purpose: a purpose built from several source signals
    /// is granted only when every one of them grants it (one denial denies it).
    public mutating func combine(_ purpose: Purpose, _ choice: PurposeChoice) {
        switch (self[purpose], choice) {
        case (nil, _): self[purpose] = choice
        case (.granted?, .denied): self[purpose] = .denied
        default: break
        }
    }

    /// Whether no purpose is stated.
    public var isEmpty: Bool { Purpose.allCases.allSatisfy { self[$0] == nil } }

    /// `{"marketing": "denied", "necessary": "granted", …}` for the stated purposes.
    public var json: JSONOutput {
        var object: [String: JSONOutput] = [:]
        for p in Purpose.allCases { if let c = self[p] { object[p.rawValue] = .string(c.rawValue) } }
        return .object(object)
    }
}

/// Consent as one source states it at one moment: a decoded CMP cookie, a Consent Mode signal
/// on a hit, a TC string, or a consent record.
public struct ConsentSignal: Sendable, Equatable {
    /// Which decoder produced it (`cookiebot`, `onetrust`, `tcf`, `gcs`, `gcd`, `record`…).
    public var source: String
    public var choices = PurposeChoices()
    /// Explicit or implied, when the source says.
    public var method: ConsentMethod?
    /// The CMP's consent id (Cookiebot `stamp`, OneTrust `consentId`, CookieYes `consentid`…).
    public var consentID: String?
    /// When the source says the choice was made (ms since the epoch, UTC).
    public var decidedAt: Int64?
    /// Consent Mode: the stated grants are defaults set by the page before any choice
    /// ("granted by default" does not count as consent unless configured).
    public var grantedByDefault = false
    /// The banner/text version the choice refers to, when the source carries it.
    public var version: String?
    /// The user has made no choice yet (banner not answered); choices may be CMP defaults.
    public var undecided = false

    public init(source: String) { self.source = source }
}

/// A consent value that could not be decoded: the reason is shown to the user as is.
public struct ConsentDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
