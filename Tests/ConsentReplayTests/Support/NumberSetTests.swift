import Testing
@testable import ConsentReplay

/// `NumberSet` answers as a `Set<Int32>` of the same inserts would, within and beyond its
/// initial capacity.
struct NumberSetTests {
    @Test(arguments: [0, 1, 64, 100])
    func behavesAsASetOfNumbers(capacity: Int) {
        var rng = SystemRandomNumberGenerator()
        var bits = NumberSet(capacity: capacity), set = Set<Int32>()
        for _ in 0..<2_000 {
            let n = Int32.random(in: 0..<300, using: &rng)
            #expect(bits.insert(n) == set.insert(n).inserted)
        }
        for n in Int32(-5)..<400 { #expect(bits.contains(n) == set.contains(n), "\(n)") }
        #expect(bits.count == set.count)
        #expect(bits.isEmpty == set.isEmpty)
        #expect(NumberSet(capacity: capacity).isEmpty && !NumberSet(capacity: capacity).contains(0))
    }
}
