import Testing
@testable import ConsentReplay

/// The compact forms of personal fields: each field's ordinal is its place among the cases, and
/// a set of values survives the round trip through `fieldBits` in sorted order.
struct PersonalFieldBitsTests {
    @Test func ordinalIsThePlaceAmongTheCases() {
        for (i, field) in PersonalField.allCases.enumerated() {
            #expect(field.ordinal == i, "\(field)")
        }
    }

    @Test func valuesRoundTripThroughBitsSorted() {
        let values = [PersonalValue(.ip, hashed: false), PersonalValue(.email, hashed: true), PersonalValue(.email, hashed: false),
                      PersonalValue(.deviceID, hashed: true), PersonalValue(.clientID, hashed: false)]
        var set = PersonalValueSet()
        set.add(values)
        set.add(.ip, hashed: false)
        #expect(set.values == values.sorted())
        #expect(TaggingEvent.fields(ofBits: set.bits) == values.sorted())
    }

    /// The payload readers collect into a `PersonalValueSet` what they once collected into a
    /// `Set<PersonalValue>`: the same members, the same sorted order, on random sequences of
    /// inserts and unions.
    @Test func behavesAsASetOfValues() {
        let all = PersonalField.allCases.flatMap { [PersonalValue($0, hashed: false), PersonalValue($0, hashed: true)] }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            var bits = PersonalValueSet(), set = Set<PersonalValue>()
            for _ in 0..<Int.random(in: 0...12, using: &rng) {
                let v = all.randomElement(using: &rng)!
                if Bool.random(using: &rng) {
                    bits.insert(v); set.insert(v)
                } else {
                    let more = (0..<3).map { _ in all.randomElement(using: &rng)! } + [v]
                    bits.formUnion(more); set.formUnion(more)
                }
            }
            #expect(bits.sorted() == set.sorted())
            #expect(bits.isEmpty == set.isEmpty)
            for v in all { #expect(bits.contains(v) == set.contains(v)) }
            var other = PersonalValueSet()
            other.formUnion(bits)
            #expect(other.bits == bits.bits)
        }
    }
}
