import Testing
@testable import ConsentReplay

/// The over-merging guard of `IdentityLinker` (step 2): an identifier seen with more than
/// `sharedLimit` distinct identifiers of one other kind joins nothing; one with many partners
/// spread over several kinds, none above the limit, still joins them.
struct SharedIdentifierTests {
    static let userID: UInt64 = 0x5EED_0001

    /// One tagging hit per entry, each with the given client id (0: none) and `userID`, and a
    /// CMP consent id beside it when `consent` is not 0. Observations are a minute apart, in
    /// one session, with no IP or user agent (no fallback).
    static func visitors(_ hits: [(client: UInt64, consent: UInt64)], limit: Int = 8) -> IdentityLinker.Visitors {
        var batch = ObservationBatch()
        for (i, hit) in hits.enumerated() {
            var o = Observation(time: Int64(i) * 60_000, line: i + 1, kind: .taggingHit)
            var facts = HitFacts()
            facts.clientID = hit.client
            facts.userID = userID
            o.detail = UInt32(batch.hits.count)
            batch.hits.append(facts)
            batch.observations.append(o)
            if hit.consent != 0 { batch.extraIdentifiers.append((Int32(i), hit.consent)) }
        }
        var store = ObservationStore(sources: ["tagging.jsonl"])
        store.append(batch, file: 0)
        var linker = IdentityLinker(sessionTimeoutMs: 1_800_000)
        linker.sharedLimit = limit
        return linker.link(store, catalogue: .builtIn, incomingOf: [:])
    }

    static func clients(_ count: Int, from first: UInt64 = 0xC000) -> [(client: UInt64, consent: UInt64)] {
        (0..<count).map { (first + UInt64($0), 0) }
    }

    @Test func oneKindAtTheLimitStillJoins() {
        let v = Self.visitors(Self.clients(8))
        #expect(Set(v.visitorOf).count == 1)
        #expect(v.sharedIdentifiers == 0)
    }

    @Test func oneKindAboveTheLimitIsShared() {
        let v = Self.visitors(Self.clients(9))
        // The user id joins nothing: each client id is a visitor of its own.
        #expect(Set(v.visitorOf).count == 9)
        #expect(v.sharedIdentifiers == 1)
    }

    @Test func manyPartnersOfSeveralKindsIsNotShared() {
        // Ten partners of the user id in all: five client ids, five consent ids.
        let hits = Self.clients(5) + (0..<5).map { (UInt64(0), UInt64(0xC0_5E00 + $0)) }
        let v = Self.visitors(hits)
        #expect(Set(v.visitorOf).count == 1)
        #expect(v.sharedIdentifiers == 0)
    }

    @Test func oneKindAtTheLimitAmongMorePartnersStillJoins() {
        // Nine partners in all, eight of them client ids: no kind is above the limit.
        let v = Self.visitors(Self.clients(8) + [(0, 0xC0_5E00)])
        #expect(Set(v.visitorOf).count == 1)
        #expect(v.sharedIdentifiers == 0)
        // One more client id puts that kind above it.
        #expect(Self.visitors(Self.clients(9) + [(0, 0xC0_5E00)]).sharedIdentifiers == 1)
    }

    @Test(arguments: [1, 3, 8])
    func theLimitIsTheConfiguredOne(limit: Int) {
        #expect(Self.visitors(Self.clients(limit), limit: limit).sharedIdentifiers == 0)
        #expect(Self.visitors(Self.clients(limit + 1), limit: limit).sharedIdentifiers == 1)
    }

    @Test func aClientIDSharedByManyUserIDsIsShared() {
        // The other direction: one client id (a kiosk browser) with nine user ids.
        var batch = ObservationBatch()
        for i in 0..<9 {
            var o = Observation(time: Int64(i) * 60_000, line: i + 1, kind: .taggingHit)
            var facts = HitFacts()
            facts.clientID = 0xC1
            facts.userID = 0x05E0 + UInt64(i)
            o.detail = UInt32(batch.hits.count)
            batch.hits.append(facts)
            batch.observations.append(o)
        }
        var store = ObservationStore(sources: ["tagging.jsonl"])
        store.append(batch, file: 0)
        let v = IdentityLinker(sessionTimeoutMs: 1_800_000).link(store, catalogue: .builtIn, incomingOf: [:])
        #expect(v.sharedIdentifiers == 1)
        #expect(Set(v.visitorOf).count == 9)
    }
}
