// A tiny ordered JSON value for the tagging server's log objects.
//
// sGTM templates build plain JavaScript objects and print them with `JSON.stringify`, which
// keeps insertion order; objects here are arrays of pairs for the same reason (and so that no
// Dictionary order can reach the output).

/// A JSON value whose objects keep their key order.
indirect enum JSONText: Equatable {
    case string(String)
    /// An integer (JavaScript numbers the templates log are integral or preformatted).
    case int(Int64)
    /// A number already formatted as JSON (`49.9`).
    case number(String)
    case bool(Bool)
    case null
    case array([JSONText])
    case object([(String, JSONText)])

    static func == (lhs: JSONText, rhs: JSONText) -> Bool {
        lhs.rendered == rhs.rendered
    }

    /// The compact JSON text (what `JSON.stringify(value)` prints).
    var rendered: [UInt8] {
        var bytes: [UInt8] = []
        render(into: &bytes)
        return bytes
    }

    /// Appends the compact JSON text.
    func render(into buffer: inout [UInt8]) {
        switch self {
        case .string(let text): buffer.appendJSString(text)
        case .int(let value): buffer.appendDecimal(Int(value))
        case .number(let text): buffer.appendString(text)
        case .bool(let value): buffer.appendStatic(value ? "true" : "false")
        case .null: buffer.appendStatic("null")
        case .array(let items):
            buffer.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: ",")) }
                item.render(into: &buffer)
            }
            buffer.append(UInt8(ascii: "]"))
        case .object(let pairs):
            buffer.append(UInt8(ascii: "{"))
            for (index, pair) in pairs.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: ",")) }
                buffer.appendJSString(pair.0)
                buffer.append(UInt8(ascii: ":"))
                pair.1.render(into: &buffer)
            }
            buffer.append(UInt8(ascii: "}"))
        }
    }
}

extension Array where Element == UInt8 {
    /// A JSON string as JavaScript's `JSON.stringify` writes it: `\"`, `\\`, `\b \f \n \r \t`,
    /// other control bytes `\u00xx` (lower-case); everything else, UTF-8 included, unchanged.
    mutating func appendJSString(_ text: String) {
        append(UInt8(ascii: "\""))
        appendEscaping(text) { byte in
            byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
        } escape: { buffer, byte in
            buffer.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): buffer.append(byte)
            case 0x08: buffer.append(UInt8(ascii: "b"))
            case 0x0C: buffer.append(UInt8(ascii: "f"))
            case 0x0A: buffer.append(UInt8(ascii: "n"))
            case 0x0D: buffer.append(UInt8(ascii: "r"))
            case 0x09: buffer.append(UInt8(ascii: "t"))
            default:
                buffer.appendStatic("u00")
                buffer.appendHexByte(byte, uppercase: false)
            }
        }
        append(UInt8(ascii: "\""))
    }

    /// A JSON string as Docker's json-file driver writes its `log` field (Go's HTML-safe
    /// escaping): `\"`, `\\`, `\n \r \t`, other control bytes and `< > &` as `\u00xx`.
    mutating func appendDockerJSONString(_ bytes: [UInt8]) {
        append(UInt8(ascii: "\""))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                append(UInt8(ascii: "\\"))
                append(byte)
            case 0x0A: appendStatic("\\n")
            case 0x0D: appendStatic("\\r")
            case 0x09: appendStatic("\\t")
            case 0x00..<0x20, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                appendStatic("\\u00")
                appendHexByte(byte, uppercase: false)
            default:
                append(byte)
            }
        }
        append(UInt8(ascii: "\""))
    }

    /// An RFC 3339 UTC time with `digits` (0–9) fraction digits: `2026-11-21T10:00:00.123456Z`.
    /// `nanos` is the time in nanoseconds since the epoch. With `trimZeros`, trailing zeros of
    /// the fraction are dropped (and the dot with them), as Go's `time.RFC3339Nano` does.
    mutating func appendRFC3339(nanos: Int64, digits: Int, trimZeros: Bool = false) {
        var seconds = nanos / 1_000_000_000
        var fraction = Int(nanos % 1_000_000_000)
        if fraction < 0 {
            fraction += 1_000_000_000
            seconds -= 1
        }
        let time = CivilTime(epochMillis: seconds * 1000)
        time.appendISODate(to: &self)
        append(UInt8(ascii: "T"))
        time.appendClock(to: &self)
        var fractionDigits: [UInt8] = []
        var scale = 100_000_000
        for _ in 0..<Swift.max(0, Swift.min(9, digits)) {
            fractionDigits.append(UInt8(ascii: "0") + UInt8(fraction / scale))
            fraction %= scale
            scale /= 10
        }
        if trimZeros {
            while fractionDigits.last == UInt8(ascii: "0") { fractionDigits.removeLast() }
        }
        if !fractionDigits.isEmpty {
            append(UInt8(ascii: "."))
            append(contentsOf: fractionDigits)
        }
        append(UInt8(ascii: "Z"))
    }
}
