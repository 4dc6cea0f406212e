import Testing
@testable import ConsentReplay

/// Visitor and session ids are written from bytes; they must stay the text they were
/// (`String(radix: 16)` zero-padded, hashed from `visitor + "@" + String(time)`), or every
/// earlier night's ids would change.
struct VisitorAndSessionIDTests {
    @Test(arguments: [UInt64(0), 1, 0xF, 0x10, 0xABC, 0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210, UInt64.max])
    func hex16IsPaddedRadix16(value: UInt64) {
        let text = String(value, radix: 16)
        #expect(IdentityLinker.hex16(value) == String(repeating: "0", count: 16 - text.count) + text)
    }

    @Test(arguments: [("v-00ab12cd34ef5678", Int64(1_795_219_237_000)), ("v-0", 0), ("v-9", -1_000), ("v-Zürich", Int64.max)])
    func sessionIDHashesTheJoinedText(visitor: String, time: Int64) {
        let expected = "s-" + IdentityLinker.hex16(IdentifierHash.value(visitor + "@" + String(time)))
        #expect(RuleEngine.sessionID(visitorID: visitor, firstTime: time) == expected)
    }
}
