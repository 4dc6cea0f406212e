import Testing
@testable import ConsentReplay

@Suite struct ValueShapePayloadTests {
    typealias F = PayloadFixtures

    /// (value, expected): `true` hashed, `false` clear, `nil` absent.
    static let cases: [(String, Bool?)] = [
        (F.emailHash, true),
        (F.emailHashUpper, true),
        ("973DFE463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b", true),
        (String(F.emailHash.dropLast()), false),            // 63 hex
        (F.emailHash + "a", false),                         // 65 hex
        (F.sha1, true),
        (F.sha1.uppercased(), true),
        (String(F.sha1.dropLast()), false),                 // 39 hex
        ("g" + F.emailHash.dropFirst(), false),             // 64 chars, one not hex
        (F.base64URL, true),                                // 43 base64url with - and _
        (F.base64URL + "=", true),                          // padded base64 of 32 bytes
        ("gfj23eiDZfOSh5bseqU/coILBtuGZPX+dqfrE+JFRqI=", true),
        ("gfj23eiDZfOSh5bseqU_coILBtuGZPX-dqfrE-JFRqJ", false), // last char cannot end 32 bytes
        (F.base64URL + "A", false),                         // 44 without padding
        ("gfj23eiDZfOSh5bseqU/coILBtuGZPX-dqfrE-JFRqI", false), // mixed alphabets
        ("gfj23eiDZfOSh5bseqU_coILBtuGZPX-dqfrE-JFRq", false),  // 42
        ("jane@example.com", false),
        ("  " + F.emailHash + " ", true),
        ("", nil), ("   ", nil), ("undefined", nil), ("NULL", nil),
        ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", nil),
        ("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", nil),
        ("47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU", nil),
        ("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", nil),
    ]

    @Test("hashed / clear / absent by shape", arguments: cases.indices)
    func shape(_ index: Int) {
        let (value, expected) = Self.cases[index]
        let actual = ValueShape.hashed(Array(value.utf8))
        #expect(actual == expected, "\(value)")
    }
}
