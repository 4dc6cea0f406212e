import Testing
@testable import ConsentReplay

/// `RuleEngine.mergedInOrder`: the walk's parts (one per thread chunk) merged and sorted give
/// what sorting their concatenation gives, ties included, so the output never depends on how
/// the values were split.
struct MergedInOrderTests {
    struct Value: Equatable {
        var key: Int
        var tag: String
    }

    @Test func sameAsSortingTheConcatenation() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let parts = (0..<Int.random(in: 0...8, using: &rng)).map { p in
                (0..<Int.random(in: 0...40, using: &rng)).map { i in Value(key: Int.random(in: 0..<10, using: &rng), tag: "\(p).\(i)") }
            }
            let all = parts.flatMap { $0 }
            let expected = all.indices.sorted { all[$0].key < all[$1].key }.map { all[$0] }
            // The sort key is coarser than the order (several values share it), so ties on it
            // go to the comparison of the values.
            #expect(RuleEngine.mergedInOrder(parts, key: { Int64($0.key / 3) }) { $0.key < $1.key } == expected)
        }
    }
}
