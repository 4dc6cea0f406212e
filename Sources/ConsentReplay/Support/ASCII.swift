/// Byte constants and small classifiers used by every byte-level parser.
///
/// Parsers in this package scan `UInt8` buffers; these names keep the scanning code readable.
enum ASCII {
    static let tab = UInt8(ascii: "\t")
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let dash = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let colon = UInt8(ascii: ":")
    static let semicolon = UInt8(ascii: ";")
    static let comma = UInt8(ascii: ",")
    static let equals = UInt8(ascii: "=")
    static let question = UInt8(ascii: "?")
    static let ampersand = UInt8(ascii: "&")
    static let slash = UInt8(ascii: "/")
    static let dot = UInt8(ascii: ".")
    static let hash = UInt8(ascii: "#")
    static let percent = UInt8(ascii: "%")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let upperT = UInt8(ascii: "T")
    static let upperZ = UInt8(ascii: "Z")

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- zero < 10 }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 {
        (b &- UInt8(ascii: "A") < 26) ? b | 0x20 : b
    }

    /// Value of a hexadecimal digit, or nil.
    @inline(__always) static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Index of the first `byte` at or after `from`, or nil (memchr).
    @inline(__always)
    func firstIndex(of byte: UInt8, from: Int) -> Int? {
        guard from < count else { return nil }
        return firstIndex(of: byte, in: from..<count)
    }

    /// Index of the first `byte` within `range`, or nil (memchr).
    @inline(__always)
    func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        guard range.lowerBound >= 0, range.upperBound <= count, !range.isEmpty, let base = baseAddress else { return nil }
        guard let hit = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// Index of the first occurrence of `needle` (its first byte found with memchr, the rest
    /// compared with memcmp), or nil; an empty needle is found at 0.
    func firstIndex(of needle: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = needle.first, let base = baseAddress, let n = needle.baseAddress else {
            return needle.isEmpty ? 0 : nil
        }
        var start = 0
        while let at = firstIndex(of: first, from: start), at + needle.count <= count {
            if memcmp(base + at, n, needle.count) == 0 { return at }
            start = at + 1
        }
        return nil
    }

    /// Index of the last `byte`, or nil.
    @inline(__always)
    func lastIndex(of byte: UInt8) -> Int? {
        var i = count - 1
        while i >= 0 {
            if self[i] == byte { return i }
            i -= 1
        }
        return nil
    }

    /// Whether the bytes in `range` equal the ASCII text `literal`, ignoring ASCII case.
    func equalsIgnoringCase(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let lit = literal.utf8Start
        var i = 0
        while i < range.count {
            if ASCII.lower(self[range.lowerBound + i]) != ASCII.lower(lit[i]) { return false }
            i += 1
        }
        return true
    }

    /// Whether the bytes in `range` equal `literal` exactly.
    func equals(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount, let base = baseAddress else { return false }
        return memcmp(base + range.lowerBound, literal.utf8Start, range.count) == 0
    }

    /// Whether the bytes are well-formed UTF-8 (RFC 3629): ASCII runs skipped many bytes at a
    /// time, then each sequence checked in place (`JSONStrings.isValidUTF8`).
    func isValidUTF8() -> Bool {
        JSONStrings.isValidUTF8(self)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// Calls `body` with the string's UTF-8 bytes, read in place for a native string (no
    /// mutable copy made contiguous first, as `withUTF8` needs); other strings are copied once.
    @inline(__always)
    func withUTF8Buffer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
