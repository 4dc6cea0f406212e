import Testing
@testable import ConsentReplay

/// The flat tables behave as a dictionary and a set of the same keys, 0 and collisions included.
struct FlatHashTests {
    @Test func mapAgreesWithADictionary() {
        var flat = FlatMap64()
        var reference: [UInt64: Int32] = [:]
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for i in 0..<50_000 {
            // Small keys collide in the low bits; 0 is a key too.
            let key = i % 7 == 0 ? UInt64(i % 1000) : ByteHash.mix(x)
            x &+= 0x9E37_79B9_7F4A_7C15
            if i % 3 == 0 {
                flat.add(1, to: key)
                reference[key, default: 0] += 1
            } else {
                flat[key] = Int32(i)
                reference[key] = Int32(i)
            }
        }
        #expect(flat.count == reference.count)
        for (key, value) in reference { #expect(flat[key] == value) }
        #expect(flat[0xDEAD_BEEF_0000_0001] == nil)
    }

    @Test func setKeepsInsertionOrderAndSaysWhatIsNew() {
        var set = FlatSet64()
        let inserted = [set.insert(5), set.insert(0), set.insert(5), set.insert(3)]
        #expect(inserted == [true, true, false, true])
        #expect(set.members == [5, 0, 3])
        #expect(set.contains(0) && !set.contains(4))
    }
}
