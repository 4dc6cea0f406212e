@testable import ConsentReplay

/// Runs `body` over the UTF-8 bytes of `text` (test helper for the HTTP field parsers).
func withHTTPTestBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    let bytes = Array(text.utf8)
    return try bytes.withUnsafeBufferPointer(body)
}

enum HTTPTestAlphabet {
    /// RFC 2616 `tchar`s: valid cookie-name bytes.
    static let token = Array("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    /// RFC 6265 §4.1.1 `cookie-octet`s: 0x21, 0x23-2B, 0x2D-3A, 0x3C-5B, 0x5D-7E.
    static let cookieOctet: [UInt8] = Array(0x21...0x21) + Array(0x23...0x2B) + Array(0x2D...0x3A)
        + Array(0x3C...0x5B) + Array(0x5D...0x7E)

    static func string<G: RandomNumberGenerator>(
        from alphabet: [UInt8], length: ClosedRange<Int>, using rng: inout G
    ) -> String {
        let count = Int.random(in: length, using: &rng)
        var bytes: [UInt8] = []
        for _ in 0..<count {
            if let byte = alphabet.randomElement(using: &rng) { bytes.append(byte) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
