/// Measures one visitor's forwards against their incoming hits and records which identifier
/// kinds the visitor's profile joins (see `EnrichmentTally` for the reading of "added").
///
/// The rule walk shows it every observation of the visitor first (`note`), so that every
/// sighting of a hit is known before a forward is compared, then each forward (`forward`).
struct EnrichmentMeter {
    /// What one sighting of an incoming hit carried.
    private struct Sighting {
        var time: Int64
        /// Personal fields of the hit, its cookies included.
        var bits: UInt64
        /// Fields only the presented cookies gave.
        var cookieBits: UInt64
    }

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

    private let setup: Setup
    private var store: ObservationStore { setup.store }

    /// Sightings of hits by their same-hit key (the same hit in the access log, the platform's
    /// request log and the Logger record).
    private var sightings: [UInt64: [Sighting]] = [:]
    private var tally = EnrichmentTally()
    /// (vendor, field ordinal) pairs where this visitor got a field added.
    private var addedPairs: Set<VendorField> = []
    private var personalVendors: Set<String> = []
    private var kinds: Set<EnrichmentTally.IdentifierKind> = []
    private var storedUserData = false

    private struct VendorField: Hashable {
        var vendor: String
        var field: Int
    }

    init(_ setup: Setup) {
        self.setup = setup
    }

    /// Takes one observation of the visitor, before the walk compares any forward.
    mutating func note(_ o: Observation, batch b: Int) {
        let batch = store.batches[b]
        let cookieFields = setup.cookieFields
        switch o.kind {
        case .request:
            for (setIndex, isSet) in [(o.sent, false), (o.set, true)] where setIndex != 0 {
                for c in batch.cookieSets[Int(setIndex)] where !c.isDeletion {
                    if c.value != 0 { kinds.insert(.web) }
                    if c.definition == setup.storedUserDataCookie {
                        storedUserData = true
                        if isSet { tally.signals.storedUserDataSet += 1 } else { tally.signals.storedUserDataPresented += 1 }
                    }
                }
            }
        case .accessHit, .taggingHit:
            let hit = batch.hits[Int(o.detail)]
            var cookies: UInt64 = 0
            if o.sent != 0 {
                for c in batch.cookieSets[Int(o.sent)] where !c.isDeletion && c.definition >= 0 {
                    cookies |= cookieFields[Int(c.definition)]
                }
            }
            if hit.clientID != 0 { kinds.insert(.web) }
            if hit.userID != 0 { kinds.insert(.login) }
            noteKinds(hit.fieldBits)
            if hit.sameHitKey != 0 {
                sightings[hit.sameHitKey, default: []].append(Sighting(time: o.time, bits: hit.fieldBits | cookies, cookieBits: cookies))
            }
        case .forward:
            noteKinds(batch.forwards[Int(o.detail)].fieldBits)
        case .consentRecord:
            if batch.records[Int(o.detail)].consentID != 0 { kinds.insert(.consent) }
        }
    }

    private mutating func noteKinds(_ bits: UInt64) {
        let present = TaggingEvent.fieldsPresent(bits)
        func has(_ f: PersonalField) -> Bool { present & f.bothBits != 0 }
        if has(.clientID) || has(.browserID) { kinds.insert(.web) }
        if has(.userID) { kinds.insert(.login) }
        if has(.email) { kinds.insert(.email) }
        if has(.phone) { kinds.insert(.phone) }
        if has(.externalID) || has(.deviceID) { kinds.insert(.appOrCRM) }
    }

    /// What the hit `n` carried over all its sightings within the clock skew: (all fields,
    /// fields from cookies).
    private func incoming(_ n: Int32) -> (bits: UInt64, cookieBits: UInt64) {
        let (b, i) = store.locate(Int(n))
        let o = store.batches[b].observations[i]
        guard o.kind == .accessHit || o.kind == .taggingHit else { return (0, 0) }
        let hit = store.batches[b].hits[Int(o.detail)]
        var bits = hit.fieldBits, cookieBits: UInt64 = 0
        if hit.sameHitKey != 0, let seen = sightings[hit.sameHitKey] {
            for s in seen where abs(s.time - o.time) <= setup.skewMs {
                bits |= s.bits
                cookieBits |= s.cookieBits
            }
        }
        return (bits, cookieBits)
    }

    /// Compares one forward with its hit (`incoming`, the run-wide observation number the
    /// tagging linker tied it to, if any).
    mutating func forward(_ f: ForwardFacts, incoming hitNumber: Int32?, vendorID: String) {
        var v = tally.vendors[vendorID] ?? EnrichmentTally.VendorCounts()
        v.forwards += 1
        v.fieldBits |= f.fieldBits
        if f.fieldBits != 0 {
            v.withPersonalFields += 1
            personalVendors.insert(vendorID)
        }
        if f.fieldBits & TaggingEvent.bit(PersonalValue(.ip, hashed: false)) != 0 { v.clearIP += 1 }
        if f.fieldBits & TaggingEvent.bit(PersonalValue(.ip, hashed: true)) != 0 { v.hashedIP += 1 }
        let present = TaggingEvent.fieldsPresent(f.fieldBits)
        if f.link.isLinked, let hitNumber {
            v.linked += 1
            let hit = incoming(hitNumber)
            let added = present & ~TaggingEvent.fieldsPresent(hit.bits)
            if added != 0 { v.enriched += 1 }
            var rest = present
            while rest != 0 {
                let bit = rest & (~rest &+ 1)
                let field = bit.trailingZeroBitCount / 2
                var c = v.fields[field] ?? EnrichmentTally.FieldCounts()
                c.carried += 1
                if added & bit != 0 {
                    c.added += 1
                    addedPairs.insert(VendorField(vendor: vendorID, field: field))
                }
                v.fields[field] = c
                rest &= rest - 1
            }
            let fbc = PersonalField.clickID.bothBits
            if f.vendor >= 0, f.vendor == setup.metaVendor, present & fbc != 0, hit.cookieBits & fbc == 0 {
                tally.signals.serverBuiltFbc += 1
            }
        } else {
            v.uncertain += 1
            var rest = present
            while rest != 0 {
                let field = rest.trailingZeroBitCount / 2
                v.fields[field, default: EnrichmentTally.FieldCounts()].uncertain += 1
                rest &= rest - 1
            }
        }
        tally.vendors[vendorID] = v
    }

    /// Adds this visitor's counts to `total`; `counted` says whether the visitor had traffic
    /// (a visitor of consent records only is no profile in the logs).
    mutating func finish(into total: inout EnrichmentTally, counted: Bool) {
        for id in tally.vendors.keys {
            tally.vendors[id]?.visitors = 1
            if personalVendors.contains(id) { tally.vendors[id]?.visitorsWithPersonalFields = 1 }
        }
        for pair in addedPairs { tally.vendors[pair.vendor]?.fields[pair.field]?.visitorsAdded = 1 }
        if storedUserData { tally.signals.storedUserDataVisitors = 1 }
        if counted {
            tally.graph.visitorsByKinds[kinds.count] += 1
            for kind in kinds { tally.graph.visitorsWithKind[kind] = 1 }
            if kinds.contains(.web) {
                let login = kinds.contains(.login), email = kinds.contains(.email), app = kinds.contains(.appOrCRM)
                if login { tally.graph.webAndLogin = 1 }
                if email { tally.graph.webAndEmail = 1 }
                if app { tally.graph.webAndAppOrCRM = 1 }
                if login || email || app { tally.graph.webAndAny = 1 }
            }
        }
        total.add(tally)
    }
}
