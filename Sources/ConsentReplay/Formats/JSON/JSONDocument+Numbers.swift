// Number conversion, on demand, from the number's bytes.
//
// Int64: plain integers of up to 18 digits are accumulated directly. Anything else is split
// into sign, digits and a decimal exponent; trailing zeros are moved into the exponent, and the
// value is an Int64 only if the result is a whole number in range (`1.0`, `1e3`, `12.50e1`).
//
// Double, with the significant digits as an integer M and the decimal exponent e
// (value = M × 10^e), from fastest to slowest:
//   1. M ≤ 2^53 and |e| ≤ 22: M and 10^|e| are exact doubles, so a single multiplication or
//      division rounds correctly (Clinger's fast path).
//   2. M < 2^64 and |e| ≤ 19 (this covers Caddy's `ts` like 1709287530.1234567):
//      e ≥ 0: M × 10^e is computed exactly in 128 bits, then rounded once to 53 bits.
//      e < 0: M × 2^s is divided by 10^|e| in 128 bits, s chosen so the quotient has 63 or
//      64 bits; the quotient plus a sticky bit for a non-zero remainder is rounded once.
//   3. Otherwise (more than 19 significant digits, or exponents beyond ±19) the text goes
//      through the standard library's correctly rounded `Double(String)`, which allocates
//      for numbers longer than 15 bytes. Out-of-range magnitudes give ±infinity or ±0.
// All three round to nearest, ties to even.

extension JSONDocument {
    /// The value of number `node` as an `Int64`, if it is a whole number in range:
    /// `-12`, `1.0`, `2.5e1` give values; `1.5`, `1e19` and non-numbers give `nil`.
    public func int64(_ node: JSONNode) -> Int64? {
        guard let entry = entry(node), entry.kind == .number, let (base, start, end) = content(entry),
              start < end
        else { return nil }
        return JSONNumbers.int64(base, start, end)
    }

    /// The value of string `node` read as a JSON number, as an `Int64`: for logs that quote
    /// numbers, such as `"1700000000123"`. Same rules as ``int64(_:)``; `nil` if the content is
    /// not exactly a JSON number (no spaces, no `+`), or has escapes.
    public func int64(inString node: JSONNode) -> Int64? {
        guard let (base, start, end) = numericStringContent(node) else { return nil }
        return JSONNumbers.int64(base, start, end)
    }

    /// The value of number `node` as the nearest `Double`; `nil` for other kinds.
    public func double(_ node: JSONNode) -> Double? {
        guard let entry = entry(node), entry.kind == .number, let (base, start, end) = content(entry),
              start < end
        else { return nil }
        return JSONNumbers.double(base, start, end)
    }

    /// The value of string `node` read as a JSON number (for example `"0.25"`), as a `Double`.
    public func double(inString node: JSONNode) -> Double? {
        guard let (base, start, end) = numericStringContent(node) else { return nil }
        return JSONNumbers.double(base, start, end)
    }

    /// `true` or `false` for the literals, `nil` for every other kind.
    public func bool(_ node: JSONNode) -> Bool? {
        switch node.kind {
        case .true: return entry(node) != nil ? true : nil
        case .false: return entry(node) != nil ? false : nil
        default: return nil
        }
    }

    /// Content of a string node that is exactly a JSON number.
    func numericStringContent(_ node: JSONNode) -> (UnsafePointer<UInt8>, Int, Int)? {
        guard let entry = entry(node), entry.kind == .string,
              entry.flags & JSONTapeEntry.escapesFlag == 0,
              let (base, start, end) = content(entry), start < end,
              JSONScan.number(base, start, end).end == end
        else { return nil }
        return (base, start, end)
    }
}

/// Conversions of validated JSON number text.
enum JSONNumbers {
    /// A number split into its parts. Digits are the integer digits followed by the fraction
    /// digits; the value is `digits × 10^exponent`, negated if `negative`.
    struct Parts {
        var negative = false
        var intStart = 0
        var intCount = 0
        var fracStart = 0
        var fracCount = 0
        /// Decimal exponent applied to the digits (the written exponent minus the fraction length).
        var exponent = 0

        init(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) {
            var i = start
            if i < end && p[i] == UInt8(ascii: "-") { negative = true; i += 1 }
            intStart = i
            while i < end && JSONScan.isDigit(p[i]) { i += 1 }
            intCount = i - intStart
            fracStart = i
            if i < end && p[i] == UInt8(ascii: ".") {
                i += 1
                fracStart = i
                while i < end && JSONScan.isDigit(p[i]) { i += 1 }
                fracCount = i - fracStart
            }
            var written = 0
            if i < end && p[i] | 0x20 == UInt8(ascii: "e") {
                i += 1
                var negativeExponent = false
                if i < end && (p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-")) {
                    negativeExponent = p[i] == UInt8(ascii: "-")
                    i += 1
                }
                while i < end && JSONScan.isDigit(p[i]) {
                    // Saturate: anything this large overflows every type anyway.
                    if written < 1_000_000_000 { written = written * 10 + Int(p[i] &- UInt8(ascii: "0")) }
                    i += 1
                }
                if negativeExponent { written = -written }
            }
            exponent = written - fracCount
        }

        @inline(__always)
        func digit(_ p: UnsafePointer<UInt8>, _ k: Int) -> UInt64 {
            let byte = k < intCount ? p[intStart + k] : p[fracStart + k - intCount]
            return UInt64(byte &- UInt8(ascii: "0"))
        }

        /// The significant digits `lo..<hi` (leading and trailing zeros dropped, the latter
        /// moved into the returned exponent). `lo == hi` means the value is zero.
        func significant(_ p: UnsafePointer<UInt8>) -> (lo: Int, hi: Int, exponent: Int) {
            let total = intCount + fracCount
            var lo = 0
            while lo < total && digit(p, lo) == 0 { lo += 1 }
            var hi = total
            var e = exponent
            while hi > lo && digit(p, hi - 1) == 0 { hi -= 1; e += 1 }
            return (lo, hi, e)
        }
    }

    static func int64(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        // Fast path: optional minus and at most 18 digits cannot overflow.
        var i = start
        let negative = p[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        if end - i <= 18 {
            var value: Int64 = 0
            var k = i
            while k < end && JSONScan.isDigit(p[k]) {
                value = value &* 10 &+ Int64(p[k] &- UInt8(ascii: "0"))
                k += 1
            }
            if k == end && k > i { return negative ? -value : value }
        }
        let parts = Parts(p, start, end)
        let (lo, hi, e) = parts.significant(p)
        if lo == hi { return 0 }
        guard e >= 0, hi - lo + e <= 19 else { return nil }
        var magnitude: UInt64 = 0
        for k in lo..<hi { magnitude = magnitude &* 10 &+ parts.digit(p, k) }   // ≤ 19 digits fit
        for _ in 0..<e {
            let (product, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            magnitude = product
        }
        if negative {
            if magnitude == UInt64(Int64.max) + 1 { return Int64.min }
            return magnitude <= UInt64(Int64.max) ? -Int64(magnitude) : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// 10^0 … 10^22, all exactly representable as Double.
    static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// 10^0 … 10^19, every power of ten that fits in a UInt64.
    static let integerPowersOfTen: [UInt64] = {
        var powers: [UInt64] = [1]
        for _ in 1...19 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()

    static func double(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double {
        let parts = Parts(p, start, end)
        let (lo, hi, e) = parts.significant(p)
        if lo == hi { return parts.negative ? -0.0 : 0.0 }
        if hi - lo <= 19 {
            var mantissa: UInt64 = 0
            for k in lo..<hi { mantissa = mantissa &* 10 &+ parts.digit(p, k) }   // < 10^19 < 2^64
            if let value = nearest(mantissa, e) {
                return parts.negative ? -value : value
            }
        }
        let text = String(decoding: UnsafeBufferPointer(start: p + start, count: end - start), as: UTF8.self)
        return Double(text) ?? .nan
    }

    /// The double nearest to `mantissa × 10^exponent` (`mantissa` > 0), or `nil` when the
    /// exponent is outside the range these exact methods cover.
    static func nearest(_ mantissa: UInt64, _ exponent: Int) -> Double? {
        if mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            let value = Double(mantissa)
            return exponent >= 0 ? value * powersOfTen[exponent] : value / powersOfTen[-exponent]
        }
        guard exponent >= -19 && exponent <= 19 else { return nil }
        if exponent >= 0 {
            let (high, low) = mantissa.multipliedFullWidth(by: integerPowersOfTen[exponent])
            if high == 0 { return Double(low) }   // integer conversion rounds to nearest even
            let shift = high.leadingZeroBitCount
            let top = shift == 0 ? high : high << shift | low >> (64 - shift)
            let sticky = (low << shift) != 0
            return rounded(top, sticky, binaryExponent: 64 - shift)
        }
        let divisor = integerPowersOfTen[-exponent]
        let mantissaBits = 64 - mantissa.leadingZeroBitCount
        let divisorBits = 64 - divisor.leadingZeroBitCount
        // mantissa × 2^s / divisor then lies in [2^62, 2^64), and mantissa × 2^s < 2^127.
        let s = 63 + divisorBits - mantissaBits
        let high: UInt64
        let low: UInt64
        if s >= 64 {
            high = mantissa << (s - 64)
            low = 0
        } else if s > 0 {
            high = mantissa >> (64 - s)
            low = mantissa << s
        } else {
            high = 0
            low = mantissa >> (-s)   // s ≥ 0 always holds here; kept total for safety
        }
        guard high < divisor else { return nil }
        let (quotient, remainder) = divisor.dividingFullWidth((high, low))
        return rounded(quotient, remainder != 0, binaryExponent: -s)
    }

    /// `value × 2^binaryExponent` rounded once to a double; `sticky` says that non-zero bits
    /// below `value` were dropped. `value` must be ≥ 2^53.
    static func rounded(_ value: UInt64, _ sticky: Bool, binaryExponent: Int) -> Double? {
        let bits = 64 - value.leadingZeroBitCount
        guard bits > 53 else { return nil }
        let drop = bits - 53
        var kept = value >> drop
        let rest = value & ((1 << drop) - 1)
        let half: UInt64 = 1 << (drop - 1)
        if rest > half || (rest == half && (sticky || kept & 1 == 1)) {
            kept += 1
        }
        return Double(sign: .plus, exponent: binaryExponent + drop, significand: Double(kept))
    }
}
