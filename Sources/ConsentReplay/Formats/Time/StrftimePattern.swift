/// A `strftime`-style time layout, as Apache's `%{FORMAT}t` logs it, compiled for parsing.
///
/// Supported conversions: `%Y %y %m %d %e %H %M %S %b %h %B(as %b) %z %T %F %D %%`, and a fraction
/// of a second after `%S` when the line has one. Anything else is a compile error: the user hears
/// which conversion is unsupported instead of getting silently wrong times.
public struct StrftimePattern: Sendable, Equatable {
    enum Token: Sendable, Equatable {
        case literal(UInt8)
        case year4, year2, month2, day2, dayPadded, hour2, minute2, second2, monthName, zone
    }

    let tokens: [Token]
    public let text: String

    public init(_ text: String) throws(LogFormatError) {
        self.text = text
        var tokens: [Token] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            guard b == ASCII.percent else {
                tokens.append(.literal(b))
                i += 1
                continue
            }
            guard i + 1 < bytes.count else {
                throw LogFormatError(format: text, reason: "time format ends with a lone %")
            }
            switch bytes[i + 1] {
            case UInt8(ascii: "Y"): tokens.append(.year4)
            case UInt8(ascii: "y"): tokens.append(.year2)
            case UInt8(ascii: "m"): tokens.append(.month2)
            case UInt8(ascii: "d"): tokens.append(.day2)
            case UInt8(ascii: "e"): tokens.append(.dayPadded)
            case UInt8(ascii: "H"): tokens.append(.hour2)
            case UInt8(ascii: "M"): tokens.append(.minute2)
            case UInt8(ascii: "S"): tokens.append(.second2)
            case UInt8(ascii: "b"), UInt8(ascii: "h"): tokens.append(.monthName)
            case UInt8(ascii: "z"): tokens.append(.zone)
            case UInt8(ascii: "T"): tokens += [.hour2, .literal(ASCII.colon), .minute2, .literal(ASCII.colon), .second2]
            case UInt8(ascii: "F"): tokens += [.year4, .literal(ASCII.dash), .month2, .literal(ASCII.dash), .day2]
            case UInt8(ascii: "D"): tokens += [.month2, .literal(ASCII.slash), .day2, .literal(ASCII.slash), .year2]
            case ASCII.percent: tokens.append(.literal(ASCII.percent))
            default:
                throw LogFormatError(format: text, reason: "time conversion %\(Character(Unicode.Scalar(bytes[i + 1]))) is not supported (supported: %Y %y %m %d %e %H %M %S %b %h %z %T %F %D)")
            }
            i += 2
        }
        self.tokens = tokens
    }

    /// Parses `b` completely; nil when it does not match. Without `%z` the time is UTC.
    public func parse(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, ms = 0, offset = 0
        var i = 0
        for token in tokens {
            switch token {
            case .literal(let c):
                guard i < b.count, b[i] == c else { return nil }
                i += 1
            case .year4:
                guard let v = Timestamp.digits(b, i, 4) else { return nil }
                year = v; i += 4
            case .year2:
                guard let v = Timestamp.digits(b, i, 2) else { return nil }
                year = v < 69 ? 2000 + v : 1900 + v; i += 2
            case .month2:
                guard let v = Timestamp.digits(b, i, 2) else { return nil }
                month = v; i += 2
            case .day2:
                guard let v = Timestamp.digits(b, i, 2) else { return nil }
                day = v; i += 2
            case .dayPadded:
                guard i + 2 <= b.count else { return nil }
                if b[i] == ASCII.space {
                    guard let v = Timestamp.digits(b, i + 1, 1) else { return nil }
                    day = v
                } else {
                    guard let v = Timestamp.digits(b, i, 2) else { return nil }
                    day = v
                }
                i += 2
            case .hour2:
                guard let v = Timestamp.digits(b, i, 2) else { return nil }
                hour = v; i += 2
            case .minute2:
                guard let v = Timestamp.digits(b, i, 2) else { return nil }
                minute = v; i += 2
            case .second2:
                guard let v = Timestamp.digits(b, i, 2) else { return nil }
                second = v; i += 2
                if i < b.count, b[i] == ASCII.dot {
                    let (f, end) = Timestamp.fraction(b, i + 1)
                    if end > i + 1 { ms = f; i = end }
                }
            case .monthName:
                guard let v = Timestamp.month(b, i) else { return nil }
                month = v; i += 3
            case .zone:
                var end = i + 1
                while end < b.count, ASCII.isDigit(b[end]) || b[end] == ASCII.colon { end += 1 }
                guard let v = Timestamp.zoneOffsetMinutes(b, i, end: end) else { return nil }
                offset = v; i = end
            }
        }
        guard i == b.count,
              let local = Timestamp.epochMilliseconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second, millisecond: ms)
        else { return nil }
        return local - Int64(offset) * 60_000
    }
}
