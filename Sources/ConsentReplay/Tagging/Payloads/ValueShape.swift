#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// How a personal value was sent: hashed or in clear, decided from the value's shape alone.
//
//     hashed = 64 hex            SHA-256, either case (mixed case accepted)
//            / 40 hex            SHA-1, either case
//            / 43 base64url      SHA-256, unpadded (`A–Z a–z 0–9 - _`); the last character
//                                must carry 2 zero bits, as every 32-byte digest's does
//            / 43 base64 + "="   SHA-256, padded (`+ /` or `- _`), same last-character rule
//     absent = empty or blank, `null`, `undefined` (unresolved tag variables), or the digest
//              of the empty string in any of the shapes above (a tag hashed a missing value)
//     clear  = anything else
//
// 63 or 65 hex characters, 42 or 44 base64url characters without padding, or a 43-character
// value whose last character cannot end a 32-byte digest are clear: they are not a digest,
// so the value cannot be assumed hashed.

// An IP address sent truncated to its network (IPv4 with the last octet 0, IPv6 with the last
// 80 bits 0, as GA's anonymize_ip and most server-side "minimise IP" options do) counts as
// minimised, like a hash: it is the form a vendor marked `minimise_ip` must receive.

/// Classifies a sent value as hashed, clear or absent (see the table at the top of this file).
enum ValueShape {
    /// `hashed`, except that for an IP address a truncated one counts as minimised (`true`).
    static func form(_ value: UnsafeBufferPointer<UInt8>, of field: PersonalField) -> Bool? {
        guard let hashed = hashed(value) else { return nil }
        return hashed || (field == .ip && isTruncatedIP(value))
    }

    /// Array convenience for ``form(_:of:)-(UnsafeBufferPointer<UInt8>,_)``.
    static func form(_ value: [UInt8], of field: PersonalField) -> Bool? {
        value.withUnsafeBufferPointer { form($0, of: field) }
    }

    /// Array convenience for ``isTruncatedIP(_:)-(UnsafeBufferPointer<UInt8>)``.
    static func isTruncatedIP(_ value: [UInt8]) -> Bool {
        value.withUnsafeBufferPointer { isTruncatedIP($0) }
    }

    /// An IPv4 address ending in `.0`, or an IPv6 address whose last 80 bits are zero; never
    /// the all-zero address.
    static func isTruncatedIP(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard value.count <= 64 else { return false }
        // Spaces, tabs and line feeds trimmed, the rest handed to `inet_pton` as a C string
        // built on the stack (every forward with an IP comes here).
        var lower = 0, upper = value.count
        func isSpace(_ b: UInt8) -> Bool { b == ASCII.space || b == ASCII.tab || b == ASCII.lf }
        while lower < upper, isSpace(value[lower]) { lower += 1 }
        while upper > lower, isSpace(value[upper - 1]) { upper -= 1 }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 65) { text -> Bool in
            guard let c = text.baseAddress else { return false }
            for i in lower..<upper { c[i - lower] = CChar(bitPattern: value[i]) }
            c[upper - lower] = 0
            var v4 = in_addr()
            if inet_pton(AF_INET, c, &v4) == 1 {
                return withUnsafeBytes(of: &v4) { $0[3] == 0 && $0.contains { $0 != 0 } }
            }
            var v6 = in6_addr()
            if inet_pton(AF_INET6, c, &v6) == 1 {
                return withUnsafeBytes(of: &v6) { b in b[6...].allSatisfy { $0 == 0 } && b.contains { $0 != 0 } }
            }
            return false
        }
    }

    /// `nil` when the value counts as not sent; otherwise whether it is hashed.
    static func hashed(_ raw: UnsafeBufferPointer<UInt8>) -> Bool? {
        var lower = 0
        var upper = raw.count
        while lower < upper && isBlank(raw[lower]) { lower += 1 }
        while upper > lower && isBlank(raw[upper - 1]) { upper -= 1 }
        let value = UnsafeBufferPointer(rebasing: raw[lower..<upper])
        if value.isEmpty || isPlaceholder(value) || isEmptyDigest(value) { return nil }
        return isDigest(value)
    }

    /// Array convenience for ``hashed(_:)-(UnsafeBufferPointer<UInt8>)``.
    static func hashed(_ value: [UInt8]) -> Bool? {
        value.withUnsafeBufferPointer { hashed($0) }
    }

    /// Whether `value` (already trimmed) has the shape of a SHA-256 or SHA-1 digest.
    static func isDigest(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        switch value.count {
        case 64, 40:
            return value.allSatisfy { ASCII.hexValue($0) != nil }
        case 43:
            return isBase64Digest(value, count: 43)
        case 44:
            return value[43] == ASCII.equals && isBase64Digest(value, count: 43)
        default:
            return false
        }
    }

    /// The first `count` bytes are one base64 alphabet (URL-safe or standard, not mixed) and
    /// the last of them has its two low bits clear.
    static func isBase64Digest(_ value: UnsafeBufferPointer<UInt8>, count: Int) -> Bool {
        var urlSafe = false
        var standard = false
        for index in 0..<count {
            let byte = value[index]
            if byte == ASCII.dash || byte == UInt8(ascii: "_") {
                urlSafe = true
            } else if byte == ASCII.plus || byte == ASCII.slash {
                standard = true
            } else if sextet(byte) == nil {
                return false
            }
        }
        if urlSafe && standard { return false }
        let lastByte = value[count - 1]
        let last: UInt8
        if let bits = sextet(lastByte) {
            last = bits
        } else {
            last = lastByte == ASCII.dash || lastByte == ASCII.plus ? 62 : 63
        }
        return last & 3 == 0
    }

    /// The 6-bit value of an alphanumeric base64 character, `nil` for anything else.
    static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
        default: return nil
        }
    }

    static func isBlank(_ byte: UInt8) -> Bool {
        byte == ASCII.space || byte == ASCII.tab || byte == ASCII.cr || byte == ASCII.lf
    }

    /// `null` and `undefined` in any case: what a tag sends when its variable had no value.
    static func isPlaceholder(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        value.equalsIgnoringCase(0..<value.count, "null") || value.equalsIgnoringCase(0..<value.count, "undefined")
    }

    /// SHA-256 and SHA-1 of the empty string as hex, and SHA-256 as base64url.
    static let emptyHexDigests: [StaticString] = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "da39a3ee5e6b4b0d3255bfef95601890afd80709",
    ]
    static let emptyBase64URLDigest: StaticString = "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"

    /// Whether `value` is the digest of the empty string: hex in either case, or base64 in
    /// either alphabet, padded or not.
    static func isEmptyDigest(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        if value.count == 43 || value.count == 44 {
            if value.count == 44 && value[43] != ASCII.equals { return false }
            let expected = emptyBase64URLDigest.utf8Start
            for index in 0..<43 {
                var byte = value[index]
                if byte == ASCII.plus { byte = ASCII.dash } else if byte == ASCII.slash { byte = UInt8(ascii: "_") }
                if byte != expected[index] { return false }
            }
            return true
        }
        for digest in emptyHexDigests where value.equalsIgnoringCase(0..<value.count, digest) {
            return true
        }
        return false
    }
}
