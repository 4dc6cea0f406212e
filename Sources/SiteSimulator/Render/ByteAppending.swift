// Appending text to a byte buffer without building intermediate Strings.
//
// Renderers write every line straight into one reusable `[UInt8]`; these helpers are the only
// way they add text. Each escaping scheme below is the one a real server applies to the
// variable it logs, and is named after that server.

extension Array where Element == UInt8 {
    /// Appends an ASCII literal.
    @inline(__always)
    mutating func appendStatic(_ text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// Appends the UTF-8 bytes of `text` unchanged.
    @inline(__always)
    mutating func appendString(_ text: String) {
        append(contentsOf: text.utf8)
    }

    /// Appends a non-negative decimal number, zero-padded to `width` digits.
    @inline(__always)
    mutating func appendPadded(_ value: Int, width: Int) {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        if digits < width {
            for _ in digits..<width { append(UInt8(ascii: "0")) }
        }
        appendDecimal(value)
    }

    /// Appends a decimal integer.
    @inline(__always)
    mutating func appendDecimal(_ value: Int) {
        var v = value
        if v < 0 {
            append(UInt8(ascii: "-"))
            if v == Int.min {
                appendStatic("9223372036854775808")
                return
            }
            v = -v
        }
        if v < 10 {
            append(UInt8(ascii: "0") + UInt8(v))
            return
        }
        var digits = 0
        var rest = v
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let start = count
        append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        var index = start + digits - 1
        while v > 0 {
            self[index] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            index -= 1
        }
    }

    /// Appends `micros / 10^6` with exactly `decimals` (1–6) fraction digits, truncated
    /// (`0.012` for nginx `$request_time`, which has millisecond resolution).
    @inline(__always)
    mutating func appendSeconds(micros: Int, decimals: Int) {
        appendDecimal(micros / 1_000_000)
        append(UInt8(ascii: "."))
        var fraction = micros % 1_000_000
        var scale = 1_000_000
        for _ in 0..<decimals {
            scale /= 10
            append(UInt8(ascii: "0") + UInt8(fraction / scale))
            fraction %= scale
        }
    }

    /// Appends a value as Go's `strconv.FormatFloat(x, 'f', -1, 64)` prints `units / 10^scale`
    /// when that is exact in `scale` digits: no exponent, no trailing zeros, no dot for integers.
    mutating func appendShortestDecimal(_ units: Int64, scale: Int) {
        var divisor: Int64 = 1
        for _ in 0..<scale { divisor *= 10 }
        appendDecimal(Int(units / divisor))
        var fraction = units % divisor
        guard fraction != 0 else { return }
        append(UInt8(ascii: "."))
        var place = divisor / 10
        while fraction != 0 {
            append(UInt8(ascii: "0") + UInt8(fraction / place))
            fraction %= place
            place /= 10
        }
    }

    @inline(__always)
    mutating func appendHexByte(_ byte: UInt8, uppercase: Bool) {
        let table: StaticString = uppercase ? "0123456789ABCDEF" : "0123456789abcdef"
        table.withUTF8Buffer { hex in
            append(hex[Int(byte >> 4)])
            append(hex[Int(byte & 0x0F)])
        }
    }

    // MARK: - Escaping schemes

    /// Appends `text`, copying runs of bytes that need no escaping in bulk and handing every
    /// other byte to `escape`.
    @inline(__always)
    mutating func appendEscaping(
        _ text: String, where needsEscape: (UInt8) -> Bool, escape: (inout [UInt8], UInt8) -> Void
    ) {
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                if needsEscape(byte) {
                    if runStart < index { append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                    escape(&self, byte)
                    runStart = index + 1
                }
                index += 1
            }
            if runStart < count { append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count])) }
        }
    }

    /// nginx `log_format` default escaping: `"`, `\`, bytes < 0x20 and ≥ 0x7F become `\xHH`
    /// (upper-case hex); an empty or absent value is written as `-`.
    mutating func appendNginxEscaped(_ text: String?) {
        guard let text, !text.isEmpty else {
            append(UInt8(ascii: "-"))
            return
        }
        appendEscaping(text) { byte in
            byte < 0x20 || byte >= 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
        } escape: { buffer, byte in
            buffer.append(UInt8(ascii: "\\"))
            buffer.append(UInt8(ascii: "x"))
            buffer.appendHexByte(byte, uppercase: true)
        }
    }

    /// nginx `escape=json`: `\"`, `\\`, `\n \r \t \b \f`, other control bytes `\u00XX`; bytes
    /// ≥ 0x80 pass through; an empty or absent value stays empty.
    mutating func appendNginxJSONEscaped(_ text: String?) {
        guard let text else { return }
        appendEscaping(text) { byte in
            byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
        } escape: { buffer, byte in
            if byte >= 0x20 {
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(byte)
            } else {
                buffer.appendJSONControl(byte, uppercase: true, shortForms: true)
            }
        }
    }

    /// Go / zap JSON string escaping as Caddy writes it: `\"`, `\\`, `\n \r \t`, other control
    /// bytes `\u00xx` (lower-case); valid UTF-8 passes through. Writes the surrounding quotes.
    mutating func appendGoJSONString(_ text: String) {
        append(UInt8(ascii: "\""))
        appendEscaping(text) { byte in
            byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
        } escape: { buffer, byte in
            if byte >= 0x20 {
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(byte)
            } else {
                buffer.appendJSONControl(byte, uppercase: false, shortForms: false)
            }
        }
        append(UInt8(ascii: "\""))
    }

    fileprivate mutating func appendJSONControl(_ byte: UInt8, uppercase: Bool, shortForms: Bool) {
        append(UInt8(ascii: "\\"))
        switch byte {
        case 0x0A: append(UInt8(ascii: "n"))
        case 0x0D: append(UInt8(ascii: "r"))
        case 0x09: append(UInt8(ascii: "t"))
        case 0x08 where shortForms: append(UInt8(ascii: "b"))
        case 0x0C where shortForms: append(UInt8(ascii: "f"))
        default:
            appendStatic("u00")
            appendHexByte(byte, uppercase: uppercase)
        }
    }

    /// Apache `ap_escape_logitem`: `\"`, `\\`, `\b \n \r \t \v`, other non-printable bytes
    /// (including every byte ≥ 0x7F) `\xhh` (lower-case); an absent value is `-`.
    mutating func appendApacheEscaped(_ text: String?) {
        guard let text, !text.isEmpty else {
            append(UInt8(ascii: "-"))
            return
        }
        appendEscaping(text) { byte in
            byte < 0x20 || byte >= 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
        } escape: { buffer, byte in
            buffer.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
            case 0x08: buffer.append(UInt8(ascii: "b"))
            case 0x0A: buffer.append(UInt8(ascii: "n"))
            case 0x0D: buffer.append(UInt8(ascii: "r"))
            case 0x09: buffer.append(UInt8(ascii: "t"))
            case 0x0B: buffer.append(UInt8(ascii: "v"))
            default:
                buffer.append(UInt8(ascii: "x"))
                buffer.appendHexByte(byte, uppercase: false)
            }
        }
    }

    /// CloudFront standard-log field encoding: bytes 0x00–0x20 and 0x7F–0xFF and the RFC 1738
    /// "unsafe" characters `" % < > \ ^ \` { | }` become `%XX`. A `%` already in the value is
    /// encoded again, which is why query strings and cookies show `%25C3%25A9` for `%C3%A9`.
    /// An empty or absent value is `-`.
    mutating func appendCloudFrontEncoded(_ text: String?) {
        guard let text, !text.isEmpty else {
            append(UInt8(ascii: "-"))
            return
        }
        appendEscaping(text) { byte in
            switch byte {
            case 0x00...0x20, 0x7F...0xFF, UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "<"),
                UInt8(ascii: ">"), UInt8(ascii: "\\"), UInt8(ascii: "^"), UInt8(ascii: "`"),
                UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"):
                return true
            default:
                return false
            }
        } escape: { buffer, byte in
            buffer.append(UInt8(ascii: "%"))
            buffer.appendHexByte(byte, uppercase: true)
        }
    }

    /// IIS W3C field: spaces are written as `+`; an empty or absent value is `-`.
    mutating func appendIISField(_ text: String?) {
        guard let text, !text.isEmpty else {
            append(UInt8(ascii: "-"))
            return
        }
        appendEscaping(text) { byte in
            byte == UInt8(ascii: " ")
        } escape: { buffer, _ in
            buffer.append(UInt8(ascii: "+"))
        }
    }
}

extension Array where Element == UInt8 {
    /// Appends one lower-case hex digit (0–15).
    @inline(__always)
    mutating func appendHexNibble(_ nibble: UInt8) {
        append(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10)
    }
}
