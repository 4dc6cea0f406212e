/// Hashes of identifier values, the keys visitors are linked by (see `docs/analysis.md`).
///
/// An identifier is (namespace, normalised value). GA4's client id is one namespace whether it
/// comes from the `_ga` cookie (`GA1.1.<client id>`), a hit's `cid` or a tagging `client_id`;
/// every other identity cookie is its own namespace (its name); CMP consent ids and user ids
/// have theirs. 64-bit hashes: the chance that two of a day's few million values collide is
/// below one in a million million.
public enum IdentifierHash {
    public static let gaNamespace = namespace("ga")
    public static let consentNamespace = namespace("consent")
    public static let userNamespace = namespace("user")

    /// The namespace of an identity cookie (`_ga` → the GA client-id namespace).
    public static func cookieNamespace(_ definitionName: String) -> UInt64 {
        definitionName == "_ga" ? gaNamespace : namespace("cookie:" + definitionName)
    }

    public static func namespace(_ name: String) -> UInt64 {
        ByteHash.hash(name)
    }

    /// The hash of a normalised value; 0 for values that identify nobody (`-`, `0`,
    /// `undefined`, `null`, `(not set)`, `deleted`, empty).
    @inline(__always)
    public static func value(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        if isPlaceholder(bytes) { return 0 }
        let h = ByteHash.hash(bytes)
        return h == 0 ? 1 : h
    }

    public static func value(_ text: String) -> UInt64 {
        return text.withUTF8Buffer { value($0) }
    }

    /// The identifier of `valueHash` in `namespace` (0 stays 0).
    @inline(__always)
    public static func identifier(_ namespace: UInt64, _ valueHash: UInt64) -> UInt64 {
        guard valueHash != 0 else { return 0 }
        let h = ByteHash.mix(namespace &+ valueHash &* 0x9E37_79B9_7F4A_7C15)
        return h == 0 ? 1 : h
    }

    static func isPlaceholder(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        switch b.count {
        case 0: return true
        case 1: return b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "0")
        default: break
        }
        guard b.count <= 9 else { return false }
        var lowered: [UInt8] = []
        lowered.reserveCapacity(b.count)
        for c in b { lowered.append(c >= 65 && c <= 90 ? c + 32 : c) }
        switch String(decoding: lowered, as: UTF8.self) {
        case "undefined", "null", "(not set)", "deleted", "none", "nil", "false": return true
        default: return false
        }
    }

    /// The visitor-identifying part of a cookie value: `strip` leading `.`-separated fields
    /// dropped (`GA1.1.123.456` with 2 → `123.456`), as `CookieDefinition.normalisedValue`.
    @inline(__always)
    public static func normalised(_ value: UnsafeBufferPointer<UInt8>, strip: Int) -> UnsafeBufferPointer<UInt8> {
        guard strip > 0 else { return value }
        var start = 0
        for _ in 0..<strip {
            var i = start
            while i < value.count, value[i] != UInt8(ascii: ".") { i += 1 }
            guard i < value.count else { return value }
            start = i + 1
        }
        return start < value.count ? UnsafeBufferPointer(rebasing: value[start...]) : value
    }
}
