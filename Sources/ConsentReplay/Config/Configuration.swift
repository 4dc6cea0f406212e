/// Everything a run can be configured with (contract §3.5). Every key of the YAML file is
/// optional; the defaults below are what runs without a file.
public struct Configuration: Sendable, Equatable {
    /// Hosts that are the site itself (requests to them are first-party).
    public var firstPartyHosts: [String] = []
    /// The access-log layout (nginx `log_format` or Apache `LogFormat`), as `--log-format`.
    public var accessLogFormat: String?
    /// Request paths that are analytics hits (GA4 collect endpoints and their proxies).
    public var collectPaths: [String] = ["/g/collect", "/mp/collect"]
    /// Inactivity that ends a session.
    public var sessionTimeoutMs: Int64 = 30 * 60 * 1000
    /// How much earlier than a grant a tracking event may be and still count as after it.
    public var clockSkewMs: Int64 = 2000
    /// Extra identity cookies (beyond the catalogue's identifiers) used to link visitors.
    public var identityCookies: [String] = []
    /// Cookie definitions from the config; they override the built-in catalogue.
    public var cookies: [CookieDefinition] = []
    /// Vendor definitions from the config; they override the built-in catalogue.
    public var vendors: [VendorDefinition] = []
    /// How consent vocabularies map onto the four purposes.
    public var purposeTables = PurposeTables.defaults
    /// Whether implied consent counts as a grant (it does not by default).
    public var impliedConsentCounts = false
    /// Whether Consent Mode "granted by default" counts as a grant (it does not by default).
    public var defaultGrantedCounts = false
    /// Severity per rule id, overriding the rule's default.
    public var severities: [String: Severity] = [:]
    /// Evidence a consent record must carry for the consent to be provable.
    public var evidenceFields: [EvidenceField] = EvidenceField.allCases
    /// Column of a consent-record file for each of our fields, for exports we do not know.
    public var consentColumns: [String: String] = [:]
    /// File holding the key for pseudonymising identifiers in the outputs.
    public var pseudonymizeKeyFile: String?
    /// An extra catalogue (`--cookie-catalogue`): used only where neither the built-in
    /// catalogue nor the config knows a name.
    public var extraCookies: [CookieDefinition] = []

    public init() {}

    /// The built-in cookie catalogue with the config's definitions applied, then the extra
    /// catalogue's entries for names still unknown.
    public var cookieCatalogue: CookieCatalogue {
        var catalogue = CookieCatalogue.builtIn
        for d in cookies { catalogue.add(d) }
        catalogue.addIfAbsent(extraCookies)
        // `identity_cookies`: names whose values link visitors (the site's own login or
        // session cookie, say); unknown names are added as necessary identifiers.
        for name in identityCookies {
            if var d = catalogue.lookup(name) {
                d.isIdentifier = true
                catalogue.add(d)
            } else {
                catalogue.add(CookieDefinition(name: name, purpose: .necessary, isIdentifier: true, origin: "config"))
            }
        }
        return catalogue
    }

    /// The built-in vendor catalogue with the config's definitions applied (config first).
    public var vendorCatalogue: VendorCatalogue {
        var catalogue = VendorCatalogue.builtIn
        for d in vendors.reversed() { catalogue.add(d) }
        return catalogue
    }
}

/// How serious a finding is.
public enum Severity: String, Sendable, Equatable, CaseIterable, Comparable {
    case low, medium, high
    /// Declaration order: low < medium < high.
    var rank: Int {
        switch self {
        case .low: return 0
        case .medium: return 1
        case .high: return 2
        }
    }
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// What proof of consent must hold (GDPR art. 7(1)): when, who, which text, what choice.
public enum EvidenceField: String, Sendable, Equatable, CaseIterable {
    case time
    case consentID = "consent_id"
    case choice
    case bannerVersion = "banner_version"
}
