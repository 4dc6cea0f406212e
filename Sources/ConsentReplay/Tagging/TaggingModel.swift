/// Canonical personal-data fields a tagging server forwards (contract §3.2).
public enum PersonalField: String, CaseIterable, Sendable, Comparable, Hashable {
    case email, phone
    case firstName = "first_name", lastName = "last_name", birthDate = "birth_date", gender
    case city, region, postalCode = "postal_code", country, street
    case ip, userAgent = "user_agent", userID = "user_id", externalID = "external_id", clientID = "client_id"
    /// Browser ids of ad platforms: `fbp`, `ttp`, `_epik`…
    case browserID = "browser_id"
    /// Ad click ids: `fbc`, `gclid`, `gbraid`, `wbraid`, `ttclid`, `li_fat_id`…
    case clickID = "click_id"
    case deviceID = "device_id"

    public static func < (a: Self, b: Self) -> Bool { a.ordinal < b.ordinal }

    /// The cases in declaration order, built once (`allCases` builds a new array per call).
    static let ordered = allCases

    /// Position in declaration order (the bit pairs of `TaggingEvent.fieldBits`).
    var ordinal: Int {
        switch self {
        case .email: 0
        case .phone: 1
        case .firstName: 2
        case .lastName: 3
        case .birthDate: 4
        case .gender: 5
        case .city: 6
        case .region: 7
        case .postalCode: 8
        case .country: 9
        case .street: 10
        case .ip: 11
        case .userAgent: 12
        case .userID: 13
        case .externalID: 14
        case .clientID: 15
        case .browserID: 16
        case .clickID: 17
        case .deviceID: 18
        }
    }
}

/// A personal field as it was sent: hashed or in clear. Hashed is still personal data. For an IP
/// address, `hashed` means minimised: hashed or truncated to its network (`ValueShape.form`).
public struct PersonalValue: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var field: PersonalField
    public var hashed: Bool

    public init(_ field: PersonalField, hashed: Bool) {
        self.field = field
        self.hashed = hashed
    }

    public static func < (a: Self, b: Self) -> Bool {
        a.field != b.field ? a.field < b.field : (!a.hashed && b.hashed)
    }

    /// `email(hashed)`, `ip(clear)`; an IP sent hashed or truncated is `ip(minimised)`.
    public var description: String {
        "\(field.rawValue)(\(hashed ? (field == .ip ? "minimised" : "hashed") : "clear"))"
    }
}

/// One record of a server-side tagging log, in the tool's canonical form: an incoming hit
/// (browser → tagging server) or an outgoing vendor request (tagging server → vendor).
/// Secrets (`access_token`, `api_secret`, `Authorization`…) never reach this value.
public struct TaggingEvent: Sendable, Equatable {
    public enum Direction: String, Sendable, Equatable {
        case incoming = "in"
        case outgoing = "out"
    }

    public var direction: Direction
    /// Milliseconds since the epoch, UTC: the record's own timestamp, else the body's event time.
    public var time: Int64
    /// 1-based line in the (decompressed) file; for a JSON array, where the element starts.
    public var line: Int = 0
    /// The sGTM request's trace id (links an incoming hit to the requests it caused).
    public var traceID: String?
    /// The container instance that logged it (Cloud Logging labels, Docker container): with
    /// time and event/client ids, the fallback link when there is no trace id.
    public var instance: String?
    /// The tag that made the request (Stape `Name`), e.g. `Facebook CAPI`.
    public var tagName: String?
    public var eventName: String?
    public var eventID: String?
    public var clientID: String?
    public var userID: String?
    public var ip: String?
    public var userAgent: String?
    public var page: String?
    /// Consent signals the record carries (`x-ga-gcs`, `x-ga-gcd`, `consent_state`, MP `consent`).
    public var consent: [ConsentSignal] = []
    /// Cookies the record names (canonical schema `cookies`), sorted by name.
    public var cookies: [(name: String, value: String)] = []
    /// Vendor id (vendor catalogue), for outgoing requests.
    public var vendor: String?
    /// The request URL with secrets removed.
    public var url: String?
    public var method: String?
    public var statusCode: Int?
    /// Personal fields carried, as bits: field index × 2, + 1 when hashed (compact: a day's
    /// logs hold hundreds of thousands of events).
    public var fieldBits: UInt64 = 0
    /// A Meta Conversions API body whose `partner_agent` ends in `-ee`: sent by Stape's tag
    /// build that enriches events with stored user data.
    public var partnerAgentEnriched = false
    /// Personal fields carried, sorted, each once.
    public var fields: [PersonalValue] {
        get { Self.fields(ofBits: fieldBits) }
        set {
            fieldBits = 0
            for v in newValue { fieldBits |= Self.bit(v) }
        }
    }

    /// The fields a `fieldBits` value holds, sorted.
    public static func fields(ofBits fieldBits: UInt64) -> [PersonalValue] {
        var out: [PersonalValue] = []
        var bits = fieldBits
        while bits != 0 {
            let i = bits.trailingZeroBitCount
            out.append(PersonalValue(PersonalField.ordered[i / 2], hashed: i % 2 == 1))
            bits &= bits - 1
        }
        return out
    }

    @inline(__always)
    static func bit(_ v: PersonalValue) -> UInt64 {
        1 << UInt64(v.field.ordinal * 2 + (v.hashed ? 1 : 0))
    }
    /// What kind of record it came from (`Request`, `Response`, `Message`, `Logger`, `hit`…).
    public var recordType: String = ""

    public init(direction: Direction, time: Int64) {
        self.direction = direction
        self.time = time
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.direction == b.direction && a.time == b.time && a.line == b.line && a.traceID == b.traceID
            && a.instance == b.instance && a.tagName == b.tagName && a.eventName == b.eventName
            && a.eventID == b.eventID && a.clientID == b.clientID && a.userID == b.userID && a.ip == b.ip
            && a.userAgent == b.userAgent && a.page == b.page && a.consent == b.consent
            && a.cookies.map(\.name) == b.cookies.map(\.name) && a.cookies.map(\.value) == b.cookies.map(\.value)
            && a.vendor == b.vendor && a.url == b.url && a.method == b.method && a.statusCode == b.statusCode
            && a.fieldBits == b.fieldBits && a.recordType == b.recordType && a.partnerAgentEnriched == b.partnerAgentEnriched
    }
}
