/// What a rule sees: the run's settings and catalogues, and a way to describe a record.
public struct RuleContext: Sendable {
    public let store: ObservationStore
    public let configuration: Configuration
    public let cookieCatalogue: CookieCatalogue
    public let vendorCatalogue: VendorCatalogue
    public let pseudonymizer: Pseudonymizer
    /// The consent records (observation numbers) lacking a required evidence field: asked for
    /// every tracking event a record's grant covers, a bit test where reading the record's
    /// facts would be a trip to a random place in the store.
    let incompleteRecords: NumberSet

    public init(store: ObservationStore, configuration: Configuration, cookieCatalogue: CookieCatalogue,
                vendorCatalogue: VendorCatalogue, pseudonymizer: Pseudonymizer) {
        self.store = store
        self.configuration = configuration
        self.cookieCatalogue = cookieCatalogue
        self.vendorCatalogue = vendorCatalogue
        self.pseudonymizer = pseudonymizer
        var incomplete = NumberSet(capacity: store.count)
        var n: Int32 = 0
        for batch in store.batches {
            for o in batch.observations {
                if o.kind == .consentRecord, batch.records[Int(o.detail)].missingEvidence != 0 { incomplete.insert(n) }
                n += 1
            }
        }
        incompleteRecords = incomplete
    }

    /// The rule's severity: the configuration's override, else its default.
    public func severity(_ rule: RuleDescription) -> Severity {
        // Asked for every offending record: no string lookup when nothing is overridden.
        configuration.severities.isEmpty ? rule.defaultSeverity : configuration.severities[rule.id] ?? rule.defaultSeverity
    }

    /// The consent record observation `n` is (its facts), if it is one.
    func recordFacts(_ n: Int32) -> (RecordFacts, batch: Int)? {
        guard n >= 0 else { return nil }
        let (b, i) = store.locate(Int(n))
        let o = store.batches[b].observations[i]
        guard o.kind == .consentRecord else { return nil }
        return (store.batches[b].records[Int(o.detail)], b)
    }

    /// The id of the consent record behind a state (its consent id, else `file:line`).
    func recordID(_ n: Int32) -> String {
        guard let (facts, b) = recordFacts(n) else { return "" }
        return pseudonymizer.pseudonym(store.batches[b].strings[Int(facts.recordID)])
    }
}

/// A tracking event of contract §4: a cookie set or presented, or an incoming hit carrying an
/// identifier, for one purpose.
public struct TrackingEvent: Sendable {
    public var observation: Int32
    public var time: Int64
    public var purpose: Purpose
    public var subjectKind: SubjectKind
    public var subject: String
    /// `set`, `presented`, `hit`.
    public var action: String
}

/// An outgoing vendor request, as the forwarding rules see it.
public struct ForwardEvent: Sendable {
    public var observation: Int32
    public var time: Int64
    public var vendor: VendorDefinition?
    /// The vendor's id, or what names the destination when the catalogue does not know it.
    public var vendorID: String
    public var purpose: Purpose
    public var fieldBits: UInt64

    public var fields: [PersonalValue] { TaggingEvent.fields(ofBits: fieldBits) }
}

/// Collects one finding per (rule, session, subject) while a visitor is walked: the first
/// offending record anchors it, later ones are counted.
public struct FindingSink {
    struct Key: Hashable {
        var rule: String
        var session: Int
        var subjectKind: SubjectKind
        var subject: String

        /// The strings enter the hash as one `ByteHash` word each: a finding is looked up for
        /// every offending record, and `Hasher` over both strings' bytes cost more than the rest
        /// of the lookup.
        func hash(into hasher: inout Hasher) {
            // `subjectKind` (hashed through its String raw value) is left to `==`.
            hasher.combine(session)
            hasher.combine(ByteHash.hash(rule) &* 31 &+ ByteHash.hash(subject))
        }
    }

    /// A finding still being counted.
    struct Pending {
        var rule: RuleDescription
        var severity: Severity
        var reason: String
        var session: Int
        var subjectKind: SubjectKind
        var subject: String
        var first: Int32
        var firstTime: Int64
        var last: Int32
        var lastTime: Int64
        var occurrences: Int
        var purpose: Purpose?
        var consentState: String
        var consentSource: String
        var consentRecord: Int32
        var vendor: String
        var fieldBits: UInt64
        /// Records that explain it (the consent statement behind the state, a lost value…).
        var evidence: [Int32]
        var detail: String
    }

    /// The findings in the order they were first reported.
    var pending: [Pending] = []
    /// Where each finding is in `pending`.
    private var positions: [Key: Int] = [:]
    /// The keys reported last, with their places in `pending`: the offending records of a
    /// session mostly repeat a finding just reported, and comparing a key (its strings are
    /// usually the very same storage) costs less than hashing it.
    private var recent: [(key: Key, position: Int)] = []
    private var nextRecent = 0
    static let recentLimit = 4
    /// The session being walked.
    public var session = 0

    /// One more offending record of a finding already reported.
    private static func count(_ p: inout Pending, observation: Int32, time: Int64, fieldBits: UInt64, severity: Severity) {
        if p.last != observation { p.occurrences += 1 }
        p.last = observation
        p.lastTime = max(p.lastTime, time)
        p.fieldBits |= fieldBits
        if severity > p.severity { p.severity = severity }
    }

    /// Reports an offending record. `detail` is built only for the first one.
    mutating func report(_ rule: RuleDescription, severity: Severity, reason: String, subjectKind: SubjectKind,
                         subject: String, observation: Int32, time: Int64, purpose: Purpose? = nil,
                         decision: ConsentTimeline.Decision? = nil, consentRecord: Int32 = -1, vendor: String = "",
                         fieldBits: UInt64 = 0, evidence: [Int32] = [], detail: () -> String) {
        let key = Key(rule: rule.id, session: session, subjectKind: subjectKind, subject: subject)
        // Compared in place through the buffer: copying an entry out would retain its strings.
        let known = recent.withUnsafeBufferPointer { r -> Int? in
            for i in r.indices where r[i].key.session == key.session && r[i].key.subjectKind == key.subjectKind
                && r[i].key.rule == key.rule && r[i].key.subject == key.subject {
                return r[i].position
            }
            return nil
        }
        if let known {
            // Updated in place (a day's tracking events mostly land here): reading
            // `pending[known].x` would copy the whole finding each time.
            Self.count(&pending[known], observation: observation, time: time, fieldBits: fieldBits, severity: severity)
            return
        }
        if let position = positions[key] {
            Self.count(&pending[position], observation: observation, time: time, fieldBits: fieldBits, severity: severity)
            remember(key, position)
            return
        }
        var ev = evidence
        if let o = decision?.observation, o >= 0, !ev.contains(o) { ev.insert(o, at: 0) }
        positions[key] = pending.count
        remember(key, pending.count)
        pending.append(Pending(rule: rule, severity: severity, reason: reason, session: session, subjectKind: subjectKind,
                               subject: subject, first: observation, firstTime: time, last: observation, lastTime: time,
                               occurrences: 1, purpose: purpose, consentState: decision?.state.rawValue ?? "",
                               consentSource: decision?.source.rawValue ?? "",
                               consentRecord: consentRecord >= 0 ? consentRecord : (decision?.source == .record ? decision?.observation ?? -1 : -1),
                               vendor: vendor, fieldBits: fieldBits, evidence: ev, detail: detail()))
    }

    private mutating func remember(_ key: Key, _ position: Int) {
        if recent.count < Self.recentLimit {
            recent.append((key, position))
        } else {
            recent[nextRecent] = (key, position)
            nextRecent = (nextRecent + 1) % Self.recentLimit
        }
    }
}
