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
}
