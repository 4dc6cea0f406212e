/// What the tagging server added to the requests it forwarded, where those requests went, and
/// how far each visitor's identifiers were joined (contract §6: `enrichment.csv`,
/// `transfers.csv`, `summary.json`). Counted per visitor by `EnrichmentMeter` during the rule
/// walk and summed; every count is exact, none sampled.
///
/// A field is **added** when a forwarded request carries it and none of the sightings of its
/// incoming hit did: not the tagging log's hit (Logger event data, the platform's request log),
/// not the browser's request to the tagging host in the access log, not the cookies that
/// request presented (`BrowserCookieFields`). Fields are compared by kind, not form: an e-mail
/// the browser sent in clear and the server hashed is not added. A forward whose link to its
/// hit is ambiguous or missing cannot be compared; it is counted as `uncertain`, never guessed.
public struct EnrichmentTally: Sendable, Equatable {
    /// One personal field of one vendor's forwards.
    public struct FieldCounts: Sendable, Equatable {
        /// Forwards linked to their hit that carried the field.
        public var carried = 0
        /// Of those, forwards whose hit did not carry it: the server added it.
        public var added = 0
        /// Forwards carrying the field whose hit is not known (ambiguous or no link).
        public var uncertain = 0
        /// Visitors with at least one forward where the field was added.
        public var visitorsAdded = 0
    }

    /// One vendor (catalogue id, or the request host when the vendor is not known).
    public struct VendorCounts: Sendable, Equatable {
        /// Every forward to the vendor.
        public var forwards = 0
        /// Forwards linked to their hit (compared field by field).
        public var linked = 0
        /// Forwards with an ambiguous or no link (not compared).
        public var uncertain = 0
        /// Linked forwards with at least one added field.
        public var enriched = 0
        /// Forwards carrying at least one personal field.
        public var withPersonalFields = 0
        /// Forwards carrying the IP address in clear, and minimised (hashed or truncated).
        public var clearIP = 0
        public var hashedIP = 0
        /// Every personal field (with its form) the vendor received.
        public var fieldBits: UInt64 = 0
        /// Visitors with a forward to the vendor; with one carrying personal fields.
        public var visitors = 0
        public var visitorsWithPersonalFields = 0
        /// Indexed by field ordinal (`PersonalField.ordinal`).
        public var fields = [FieldCounts](repeating: FieldCounts(), count: PersonalField.ordered.count)
    }

    /// Traces of a server that enriches, whatever the fields say.
    public struct Signals: Sendable, Equatable {
        /// Requests presenting Stape's stored user-data cookie `_gtmeec`, and responses setting it.
        public var storedUserDataPresented = 0
        public var storedUserDataSet = 0
        /// Visitors whose requests carried or received `_gtmeec`.
        public var storedUserDataVisitors = 0
        /// Meta Conversions API requests whose `partner_agent` ends in `-ee` (Stape's
        /// enrichment build of the tag).
        public var partnerAgentEnriched = 0
        /// Meta forwards carrying `fbc` while the browser's request presented no `_fbc` cookie:
        /// the server built the click id (from `fbclid` in the page URL, or stored data).
        public var serverBuiltFbc = 0
    }

    /// How many kinds of identifier each visitor's profile joins.
    public struct IdentityGraph: Sendable, Equatable {
        /// Visitors by the number of identifier kinds linked (index 0 unused).
        public var visitorsByKinds: [Int] = Array(repeating: 0, count: IdentifierKind.allCases.count + 1)
        /// Visitors holding each kind.
        public var visitorsWithKind: [IdentifierKind: Int] = [:]
        /// Visitors joining web identifiers (cookies, client ids) with a login id, an e-mail
        /// (hashed or not), an app or CRM id; and with any of them.
        public var webAndLogin = 0
        public var webAndEmail = 0
        public var webAndAppOrCRM = 0
        public var webAndAny = 0
    }

    /// The kinds of identifier a visitor's profile can join.
    public enum IdentifierKind: String, CaseIterable, Sendable, Comparable {
        /// Identity cookies, analytics client ids: the browser.
        case web
        /// A CMP consent id.
        case consent
        /// A login id (`user_id`).
        case login
        /// An e-mail address or its hash.
        case email
        /// A phone number or its hash.
        case phone
        /// A CRM or app id (`external_id`, a device id).
        case appOrCRM = "app-or-crm"

        public static func < (a: Self, b: Self) -> Bool { a.ordinal < b.ordinal }

        /// Position in declaration order (a switch: `allCases` builds an array per call, and
        /// the meter asks for every cookie of every request).
        var ordinal: Int {
            switch self {
            case .web: 0
            case .consent: 1
            case .login: 2
            case .email: 3
            case .phone: 4
            case .appOrCRM: 5
            }
        }
    }

    public var vendors: [String: VendorCounts] = [:]
    public var signals = Signals()
    public var graph = IdentityGraph()

    public init() {}

    /// Forwards over every vendor.
    public var forwards: Int { vendors.values.reduce(0) { $0 + $1.forwards } }
    public var linked: Int { vendors.values.reduce(0) { $0 + $1.linked } }
    public var uncertain: Int { vendors.values.reduce(0) { $0 + $1.uncertain } }
    public var enriched: Int { vendors.values.reduce(0) { $0 + $1.enriched } }

    /// Adds another part's counts (visitors are disjoint between parts).
    public mutating func add(_ other: EnrichmentTally) {
        for (id, v) in other.vendors {
            var mine = vendors[id] ?? VendorCounts()
            mine.forwards += v.forwards
            mine.linked += v.linked
            mine.uncertain += v.uncertain
            mine.enriched += v.enriched
            mine.withPersonalFields += v.withPersonalFields
            mine.clearIP += v.clearIP
            mine.hashedIP += v.hashedIP
            mine.fieldBits |= v.fieldBits
            mine.visitors += v.visitors
            mine.visitorsWithPersonalFields += v.visitorsWithPersonalFields
            for (field, c) in v.fields.enumerated() {
                mine.fields[field].carried += c.carried
                mine.fields[field].added += c.added
                mine.fields[field].uncertain += c.uncertain
                mine.fields[field].visitorsAdded += c.visitorsAdded
            }
            vendors[id] = mine
        }
        signals.storedUserDataPresented += other.signals.storedUserDataPresented
        signals.storedUserDataSet += other.signals.storedUserDataSet
        signals.storedUserDataVisitors += other.signals.storedUserDataVisitors
        signals.partnerAgentEnriched += other.signals.partnerAgentEnriched
        signals.serverBuiltFbc += other.signals.serverBuiltFbc
        for i in graph.visitorsByKinds.indices { graph.visitorsByKinds[i] += other.graph.visitorsByKinds[i] }
        for (kind, n) in other.graph.visitorsWithKind { graph.visitorsWithKind[kind, default: 0] += n }
        graph.webAndLogin += other.graph.webAndLogin
        graph.webAndEmail += other.graph.webAndEmail
        graph.webAndAppOrCRM += other.graph.webAndAppOrCRM
        graph.webAndAny += other.graph.webAndAny
    }

    /// Added fields over every vendor, most added first (ties: field order), as (field, events).
    public var topAddedFields: [(field: PersonalField, events: Int)] {
        var byField: [Int: Int] = [:]
        for v in vendors.values { for (f, c) in v.fields.enumerated() where c.added > 0 { byField[f, default: 0] += c.added } }
        return byField.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { (PersonalField.ordered[$0.key], $0.value) }
    }
}

extension PersonalField {
    /// Both bits (clear and hashed) of the field in a `TaggingEvent.fieldBits` set.
    var bothBits: UInt64 { 3 << UInt64(ordinal * 2) }
}

extension TaggingEvent {
    /// The set's fields regardless of form: the clear bit of every field present.
    static func fieldsPresent(_ bits: UInt64) -> UInt64 {
        (bits | bits >> 1) & 0x5555_5555_5555_5555
    }
}
