import Testing
@testable import ConsentReplay

/// `ObservationStore.locate`: every run-wide number leads to its batch and index, whatever the
/// batch sizes (small batches many to a block, large ones over several blocks, empty ones not
/// stored).
struct ObservationStoreTests {
    @Test(arguments: [1, 2, 3])
    func locateFindsEveryObservation(_ seed: UInt64) {
        var random = TestRandom(seed: seed)
        var store = ObservationStore(sources: ["a.log"])
        var expected: [(batch: Int, index: Int)] = []
        for _ in 0..<200 {
            let size = [0, 1, 7, 4_095, 4_096, 4_097, 10_000][random.int(0..<7)] + random.int(0..<3)
            var batch = ObservationBatch()
            for _ in 0..<size { batch.observations.append(Observation(time: 0, line: 1, kind: .request)) }
            let number = store.batches.count
            store.append(batch, file: 0)
            if size > 0 { expected += (0..<size).map { (number, $0) } }
        }
        #expect(store.count == expected.count)
        for n in 0..<store.count {
            let found = store.locate(n)
            #expect(found.batch == expected[n].batch && found.index == expected[n].index, "\(n)")
        }
    }
}
