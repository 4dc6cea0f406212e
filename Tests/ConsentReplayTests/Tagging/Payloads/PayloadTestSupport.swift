import Testing
@testable import ConsentReplay

/// Shared values for the payload tests.
enum PayloadFixtures {
    /// SHA-256 of `test@example.com` (lowercase hex) and the same digest in upper case.
    static let emailHash = "973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b"
    static let emailHashUpper = emailHash.uppercased()
    /// SHA-256 of `+16505551234`.
    static let phoneHash = "a2996076d3ad4af5dc818b908b3d8e354f26ededf7df0e0aa6ac354143805ee0"
    /// A SHA-1 digest (40 hex).
    static let sha1 = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"
    /// SHA-256 of `jane` as unpadded base64url, with `-` and `_`.
    static let base64URL = "gfj23eiDZfOSh5bseqU_coILBtuGZPX-dqfrE-JFRqI"

    static func clear(_ field: PersonalField) -> PersonalValue { PersonalValue(field, hashed: false) }
    static func hashed(_ field: PersonalField) -> PersonalValue { PersonalValue(field, hashed: true) }

    /// The fields of a request; for a JSON object body, also checks that reading it where the
    /// tagging reader parsed it (`jsonBody:`) gives the same fields as reading its bytes.
    static func fields(_ vendor: String?, url: String, body: String?) -> [PersonalValue] {
        let fromBytes = VendorPayloads.personalFields(vendorID: vendor, url: url, body: body.map { Array($0.utf8) })
        if let body {
            var tape = JSONTape()
            let bytes = Array(body.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                guard (try? tape.parse(buffer)) != nil else { return }
                tape.withDocument(buffer) { doc in
                    guard let root = doc.root, root.kind == .object else { return }
                    #expect(VendorPayloads.personalFields(vendorID: vendor, url: url, jsonBody: doc, root) == fromBytes, "\(body)")
                }
            }
        }
        return fromBytes
    }

    /// Every byte but ASCII letters and digits as `%XX`.
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF")
        var result = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "%\(hex[Int(byte >> 4)])\(hex[Int(byte & 0xF)])"
            }
        }
        return result
    }
}
