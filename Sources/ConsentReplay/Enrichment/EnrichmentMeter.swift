/// Measures one visitor's forwards against their incoming hits, and records which identifier
/// kinds the visitor's profile joins (see `EnrichmentTally` for the reading of "added").
///
/// The rule walk shows it every hit, forward and consent record of the visitor first (`note`),
/// so that every sighting of a hit is known before a forward is compared; the cookies of the
/// visitor's requests as it walks them (`cookie`); then each forward (`forward`). Counts go
/// straight into the walking thread's tally; what counts once per visitor is added by `finish`.
struct EnrichmentMeter {
    /// What every visitor's meter needs of the run, worked out once.
    struct Setup: Sendable {
        let store: ObservationStore
        let skewMs: Int64
        /// Field bits per cookie definition (`BrowserCookieFields`).
        let cookieFields: [UInt64]
        /// The definition index of `_gtmeec`, if the catalogue has it.
        let storedUserDataCookie: Int32?
        /// The vendor catalogue index of Meta, if it has it.
        let metaVendor: Int32?

        init(_ context: RuleContext) {
            store = context.store
            skewMs = context.configuration.clockSkewMs
            cookieFields = BrowserCookieFields.bitsByDefinition(context.cookieCatalogue)
            storedUserDataCookie = context.cookieCatalogue.definitions
                .firstIndex { $0.name == BrowserCookieFields.storedUserData && !$0.isPrefix }.map { Int32($0) }
            metaVendor = context.vendorCatalogue.definitions.firstIndex { $0.id == "meta" }.map { Int32($0) }
        }
    }

    /// One sighting of an incoming hit, in time order.
    private struct Sighting {
        var time: Int64
        var key: UInt64
        /// Personal fields of the hit, its cookies included.
        var bits: UInt64
        /// Fields only the presented cookies gave.
        var cookieBits: UInt64
    }

    /// What this visitor sent to one vendor.
    private struct VendorSeen {
        var id: String
        var personal = false
        /// Fields (clear bits, as `TaggingEvent.fieldsPresent`) added at least once.
        var added: UInt64 = 0
    }

    private let setup: Setup
    private var sightings: [Sighting] = []
    private var vendorsSeen: [VendorSeen] = []
    /// `EnrichmentTally.IdentifierKind`s seen, one bit each (`ordinal`).
    private var kinds: UInt8 = 0
    private var storedUserData = false

    init(_ setup: Setup) {
        self.setup = setup
    }

    private mutating func insert(_ kind: EnrichmentTally.IdentifierKind) {
        kinds |= 1 << UInt8(kind.ordinal)
    }

    private func has(_ kind: EnrichmentTally.IdentifierKind) -> Bool {
        kinds & (1 << UInt8(kind.ordinal)) != 0
    }

    /// Takes one observation of the visitor (in time order) before the walk compares any
    /// forward. Requests are seen through `cookie` instead.
    mutating func note(_ o: Observation, batch b: Int) {
        let store = setup.store
        switch o.kind {
        case .accessHit, .taggingHit:
            let hit = store.batches[b].hits[Int(o.detail)]
            var cookies: UInt64 = 0
            if o.sent != 0 {
                for c in store.batches[b].cookieSets[Int(o.sent)] where !c.isDeletion && c.definition >= 0 {
                    cookies |= setup.cookieFields[Int(c.definition)]
                }
            }
            if hit.clientID != 0 { insert(.web) }
            if hit.userID != 0 { insert(.login) }
            noteKinds(hit.fieldBits)
            if hit.sameHitKey != 0 {
                sightings.append(Sighting(time: o.time, key: hit.sameHitKey, bits: hit.fieldBits | cookies, cookieBits: cookies))
            }
        case .forward:
            noteKinds(store.batches[b].forwards[Int(o.detail)].fieldBits)
        case .consentRecord:
            if store.batches[b].records[Int(o.detail)].consentID != 0 { insert(.consent) }
        case .request:
            break
        }
    }

    /// Takes a cookie a request presented or set (not a deletion).
    mutating func cookie(_ c: ObservedCookie, isSet: Bool, into total: inout EnrichmentTally) {
        if c.value != 0 { insert(.web) }
        if c.definition == setup.storedUserDataCookie {
            storedUserData = true
            if isSet { total.signals.storedUserDataSet += 1 } else { total.signals.storedUserDataPresented += 1 }
        }
    }

    private mutating func noteKinds(_ bits: UInt64) {
        guard bits != 0 else { return }
        let present = TaggingEvent.fieldsPresent(bits)
        func carries(_ f: PersonalField) -> Bool { present & f.bothBits != 0 }
        if carries(.clientID) || carries(.browserID) { insert(.web) }
        if carries(.userID) { insert(.login) }
        if carries(.email) { insert(.email) }
        if carries(.phone) { insert(.phone) }
        if carries(.externalID) || carries(.deviceID) { insert(.appOrCRM) }
    }

    /// What the hit `n` carried over all its sightings within the clock skew: (all fields,
    /// fields from cookies).
    private func incoming(_ n: Int32) -> (bits: UInt64, cookieBits: UInt64) {
        let store = setup.store
        let (b, i) = store.locate(Int(n))
        let o = store.batches[b].observations[i]
        guard o.kind == .accessHit || o.kind == .taggingHit else { return (0, 0) }
        let hit = store.batches[b].hits[Int(o.detail)]
        var bits = hit.fieldBits, cookieBits: UInt64 = 0
        guard hit.sameHitKey != 0 else { return (bits, cookieBits) }
        // The first sighting no earlier than the skew allows, then every one up to the skew after.
        var lo = 0, hi = sightings.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sightings[mid].time < o.time - setup.skewMs { lo = mid + 1 } else { hi = mid }
        }
        while lo < sightings.count && sightings[lo].time <= o.time + setup.skewMs {
            if sightings[lo].key == hit.sameHitKey {
                bits |= sightings[lo].bits
                cookieBits |= sightings[lo].cookieBits
            }
            lo += 1
        }
        return (bits, cookieBits)
    }

    /// Compares one forward with its hit (`hitNumber`, the run-wide observation number the
    /// tagging linker tied it to, if any) and counts it into `total`.
    mutating func forward(_ f: ForwardFacts, incoming hitNumber: Int32?, vendorID: String, into total: inout EnrichmentTally) {
        let seen: Int
        if let index = vendorsSeen.firstIndex(where: { $0.id == vendorID }) {
            seen = index
        } else {
            seen = vendorsSeen.count
            vendorsSeen.append(VendorSeen(id: vendorID))
        }
        let present = TaggingEvent.fieldsPresent(f.fieldBits)
        let comparison = compare(f, incoming: hitNumber)
        let linked = comparison != nil
        let added = comparison?.added ?? 0
        let hitCookieBits = comparison?.hitCookieBits ?? 0
        if f.fieldBits != 0 { vendorsSeen[seen].personal = true }
        vendorsSeen[seen].added |= added
        Self.count(&total.vendors[vendorID, default: EnrichmentTally.VendorCounts()], f, present: present, added: added, linked: linked)
        if f.partnerAgentEnriched { total.signals.partnerAgentEnriched += 1 }
        let fbc = PersonalField.clickID.bothBits
        if linked, f.vendor >= 0, f.vendor == setup.metaVendor, present & fbc != 0, hitCookieBits & fbc == 0 {
            total.signals.serverBuiltFbc += 1
        }
    }

    /// The fields a forward carries that no sighting of its hit did (clear bits, as
    /// `TaggingEvent.fieldsPresent`), and the fields the hit's cookies gave; nil when the forward
    /// is not linked to a hit for certain.
    func compare(_ f: ForwardFacts, incoming hitNumber: Int32?) -> (added: UInt64, hitCookieBits: UInt64)? {
        guard f.link.isLinked, let hitNumber else { return nil }
        let hit = incoming(hitNumber)
        return (TaggingEvent.fieldsPresent(f.fieldBits) & ~TaggingEvent.fieldsPresent(hit.bits), hit.cookieBits)
    }

    private static func count(_ v: inout EnrichmentTally.VendorCounts, _ f: ForwardFacts, present: UInt64, added: UInt64, linked: Bool) {
        v.forwards += 1
        v.fieldBits |= f.fieldBits
        if f.fieldBits != 0 { v.withPersonalFields += 1 }
        if f.fieldBits & TaggingEvent.bit(PersonalValue(.ip, hashed: false)) != 0 { v.clearIP += 1 }
        if f.fieldBits & TaggingEvent.bit(PersonalValue(.ip, hashed: true)) != 0 { v.hashedIP += 1 }
        if linked {
            v.linked += 1
            if added != 0 { v.enriched += 1 }
        } else {
            v.uncertain += 1
        }
        var rest = present
        while rest != 0 {
            let bit = rest & (~rest &+ 1)
            let field = bit.trailingZeroBitCount / 2
            if linked {
                v.fields[field].carried += 1
                if added & bit != 0 { v.fields[field].added += 1 }
            } else {
                v.fields[field].uncertain += 1
            }
            rest &= rest - 1
        }
    }

    /// Adds what counts once per visitor to `total`; `counted` says whether the visitor had
    /// traffic (a visitor of consent records only is no profile in the logs).
    func finish(into total: inout EnrichmentTally, counted: Bool) {
        for seen in vendorsSeen {
            Self.countVisitor(&total.vendors[seen.id, default: EnrichmentTally.VendorCounts()], seen)
        }
        if storedUserData { total.signals.storedUserDataVisitors += 1 }
        guard counted else { return }
        total.graph.visitorsByKinds[kinds.nonzeroBitCount] += 1
        for kind in EnrichmentTally.IdentifierKind.allCases where has(kind) { total.graph.visitorsWithKind[kind, default: 0] += 1 }
        if has(.web) {
            let login = has(.login), email = has(.email), app = has(.appOrCRM)
            if login { total.graph.webAndLogin += 1 }
            if email { total.graph.webAndEmail += 1 }
            if app { total.graph.webAndAppOrCRM += 1 }
            if login || email || app { total.graph.webAndAny += 1 }
        }
    }

    private static func countVisitor(_ v: inout EnrichmentTally.VendorCounts, _ seen: VendorSeen) {
        v.visitors += 1
        if seen.personal { v.visitorsWithPersonalFields += 1 }
        var rest = seen.added
        while rest != 0 {
            v.fields[rest.trailingZeroBitCount / 2].visitorsAdded += 1
            rest &= rest - 1
        }
    }
}
