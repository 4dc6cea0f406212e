import Testing
@testable import ConsentReplay

/// Identifiers recorded beside observations (`extraIdentifiers`: consent ids of requests,
/// client ids of forwards) join the observations they name, whatever order they were recorded
/// in.
struct IdentityExtrasTests {
    static func visitors(extras: [(observation: Int32, id: UInt64)]) -> IdentityLinker.Visitors {
        var batch = ObservationBatch()
        for t in 0..<4 { batch.observations.append(Observation(time: Int64(t) * 1000, line: t + 1, kind: .forward)) }
        batch.extraIdentifiers = extras
        var store = ObservationStore(sources: ["tagging.jsonl"])
        store.append(batch, file: 0)
        return IdentityLinker(sessionTimeoutMs: 1_800_000).link(store, catalogue: .builtIn, incomingOf: [:])
    }

    @Test func recordedOrderDoesNotMatter() {
        let a: UInt64 = 0xA11CE, b: UInt64 = 0xB0B, c: UInt64 = 0xC0C0A
        let inOrder = Self.visitors(extras: [(0, a), (1, b), (2, a), (3, b), (3, c)])
        let shuffled = Self.visitors(extras: [(3, c), (2, a), (0, a), (3, b), (1, b)])
        #expect(inOrder.visitorOf == shuffled.visitorOf)
        #expect(inOrder.ids == shuffled.ids)
        // 0 and 2 share `a`; 1 and 3 share `b` (3 also has `c`).
        #expect(inOrder.visitorOf[0] == inOrder.visitorOf[2] && inOrder.visitorOf[1] == inOrder.visitorOf[3])
        #expect(inOrder.visitorOf[0] != inOrder.visitorOf[1])
    }
}
