// Text layer of a TC string (IAB Tech Lab, "Transparency and Consent String with Global Vendor
// & CMP List Formats", section "TC String Format"): segments joined by '.', each segment a
// big-endian bit string written six bits per character in the base64url alphabet of RFC 4648 §5
// (`A`–`Z` = 0–25, `a`–`z` = 26–51, `0`–`9` = 52–61, `-` = 62, `_` = 63), without padding.
//
// The bit string is taken straight from the characters (six bits each), never through bytes:
// an encoder pads its last character with zero bits, and some (the IAB reference encoder among
// them) pad further to a whole number of 24-bit groups, so zero bits after a segment's last field
// are normal. Non-zero bits there are rejected by the segment parser (see TCStringDecoder).
//
// Tolerated, with a warning, because they are unambiguous and appear when a value was re-encoded
// on its way into a log:
//   - the standard base64 characters `+` and `/` (RFC 4648 §4) for `-` and `_`;
//   - `=` padding at the end of a segment, when it completes a four-character group.
// Everything else — spaces, `%`, a lone `=` inside a segment, an empty segment — is an error.

/// One '.'-separated segment of a TC string as six-bit values, with where it starts in the input.
struct TCSegmentText: Sendable {
    /// 1-based index of the segment in the string.
    var index: Int
    /// One value 0–63 per character, padding removed.
    var sextets: [UInt8]
    /// The segment used `+`, `/` or `=` (standard base64) instead of pure base64url.
    var usedStandardBase64: Bool
}

enum TCBase64URL {
    /// The six-bit value of a base64url character; `+` and `/` map to 62 and 63 (standard base64).
    static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte &- UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte &- UInt8(ascii: "a") &+ 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte &- UInt8(ascii: "0") &+ 52
        case UInt8(ascii: "-"), UInt8(ascii: "+"): return 62
        case UInt8(ascii: "_"), UInt8(ascii: "/"): return 63
        default: return nil
        }
    }

    /// Splits `text` on '.' and turns each segment into six-bit values.
    static func segments(of text: String) throws(ConsentDecodeError) -> [TCSegmentText] {
        guard !text.isEmpty else { throw ConsentDecodeError("empty TC string") }
        var segments: [TCSegmentText] = []
        var current = TCSegmentText(index: 1, sextets: [], usedStandardBase64: false)
        var padding = 0
        var position = 0

        func finish(_ segment: TCSegmentText, padding: Int) throws(ConsentDecodeError) {
            guard !segment.sextets.isEmpty else {
                throw ConsentDecodeError("segment \(segment.index) is empty (a '.' at the start or end, or two in a row)")
            }
            if padding > 0 {
                let total = segment.sextets.count &+ padding
                guard padding <= 2, total % 4 == 0 else {
                    throw ConsentDecodeError("segment \(segment.index) ends with \(padding) '=' padding characters, which do not complete a 4-character base64 group")
                }
            }
        }

        for scalar in text.unicodeScalars {
            position &+= 1
            if scalar == "." {
                try finish(current, padding: padding)
                segments.append(current)
                current = TCSegmentText(index: current.index &+ 1, sextets: [], usedStandardBase64: false)
                padding = 0
                continue
            }
            if scalar == "=" {
                padding &+= 1
                current.usedStandardBase64 = true
                continue
            }
            guard scalar.isASCII, let value = sextet(UInt8(truncatingIfNeeded: scalar.value)) else {
                throw ConsentDecodeError("character \(describe(scalar)) at position \(position) is not base64url (A–Z, a–z, 0–9, '-', '_')")
            }
            guard padding == 0 else {
                throw ConsentDecodeError("'=' padding before position \(position) is not at the end of segment \(current.index)")
            }
            if scalar == "+" || scalar == "/" { current.usedStandardBase64 = true }
            current.sextets.append(value)
        }
        try finish(current, padding: padding)
        segments.append(current)
        return segments
    }

    /// `'x'` for a printable character, `U+0009` for anything else.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        if scalar.value > 0x20, scalar.value < 0x7f { return "'\(Character(scalar))'" }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

/// Reads big-endian fields from one segment's bit string. Every read is bounds-checked and
/// reports the field it was reading when the segment ends too early.
struct TCBitReader {
    private let sextets: [UInt8]
    /// Next bit to read, counted from the segment's first bit.
    private(set) var position = 0
    /// The segment's name in error messages ("core segment", "PublisherTC segment").
    let segmentName: String

    init(_ segment: TCSegmentText, name: String) {
        sextets = segment.sextets
        segmentName = name
    }

    /// Number of bits the characters carry, padding bits included.
    var bitCount: Int { sextets.count &* 6 }
    var remaining: Int { bitCount &- position }

    private func bit(_ index: Int) -> Int {
        let (character, offset) = index.quotientAndRemainder(dividingBy: 6)
        return Int(truncatingIfNeeded: (sextets[character] >> UInt8(truncatingIfNeeded: 5 &- offset)) & 1)
    }

    private func truncated(_ field: String, _ width: Int) -> ConsentDecodeError {
        ConsentDecodeError("truncated TC string: the \(segmentName) ends after \(bitCount) bits, inside \(field) (\(width) bits at bit \(position))")
    }

    /// An unsigned field of `width` bits (at most 36, the widest field of the format).
    mutating func read(_ width: Int, _ field: @autoclosure () -> String) throws(ConsentDecodeError) -> Int {
        guard width >= 0, width <= 36 else { throw ConsentDecodeError("internal: field \(field()) is \(width) bits wide") }
        guard width <= remaining else { throw truncated(field(), width) }
        var value = 0
        for _ in 0..<width {
            value = (value << 1) | bit(position)
            position &+= 1
        }
        return value
    }

    /// A one-bit flag.
    mutating func flag(_ field: @autoclosure () -> String) throws(ConsentDecodeError) -> Bool {
        try read(1, field()) == 1
    }

    /// A bit field of `count` bits where bit *i* (from the left) stands for id *i + 1*: the ids whose
    /// bit is set, ascending.
    mutating func ids(_ count: Int, _ field: @autoclosure () -> String) throws(ConsentDecodeError) -> [Int] {
        guard count >= 0, count <= remaining else { throw truncated(field(), count) }
        var ids: [Int] = []
        for id in stride(from: 1, through: count, by: 1) {
            if bit(position) == 1 { ids.append(id) }
            position &+= 1
        }
        return ids
    }

    /// Two letters of six bits each, a = 0 … z = 25 (ConsentLanguage, PublisherCC), upper-cased.
    mutating func letters(_ field: String) throws(ConsentDecodeError) -> String {
        let first = try read(6, field)
        let second = try read(6, field)
        for value in [first, second] where value > 25 {
            throw ConsentDecodeError("\(field) holds the 6-bit value \(value), which is not a letter (a = 0 … z = 25)")
        }
        let a = Int(UInt8(ascii: "A"))
        guard let x = Unicode.Scalar(a &+ first), let y = Unicode.Scalar(a &+ second) else { return "" }
        return String(Character(x)) + String(Character(y))
    }

    /// Bits after the last field must be zero: they are padding to the character (or 24-bit group)
    /// boundary. Anything else is data this format does not define.
    func requireZeroPadding() throws(ConsentDecodeError) {
        var index = position
        while index < bitCount {
            if bit(index) == 1 {
                throw ConsentDecodeError("the \(segmentName) has non-zero bits after its last field (bit \(index) of \(bitCount)); the string is corrupt or not a TC string")
            }
            index &+= 1
        }
    }
}
