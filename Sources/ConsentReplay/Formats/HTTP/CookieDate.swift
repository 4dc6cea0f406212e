// The cookie-date parsing algorithm of RFC 6265 §5.1.1, used for the `Expires` attribute
// (RFC 6265 §5.2.1). It is deliberately lenient about format and strict about values, exactly
// as the RFC describes:
//
//     cookie-date     = *delimiter date-token-list *delimiter
//     date-token-list = date-token *( 1*delimiter date-token )
//     date-token      = 1*non-delimiter
//     delimiter       = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
//     non-delimiter   = %x00-08 / %x0A-1F / DIGIT / ":" / ALPHA / %x7F-FF
//     non-digit       = %x00-2F / %x3A-FF
//     day-of-month    = 1*2DIGIT [ non-digit *OCTET ]
//     month           = ( "jan" / "feb" / "mar" / "apr" / "may" / "jun" / "jul" / "aug" /
//                         "sep" / "oct" / "nov" / "dec" ) *OCTET
//     year            = 2*4DIGIT [ non-digit *OCTET ]
//     time            = hms-time [ non-digit *OCTET ]
//     hms-time        = time-field ":" time-field ":" time-field
//     time-field      = 1*2DIGIT
//
// (RFC 6265 prints the trailing `( non-digit *OCTET )` groups without brackets; they must be
// optional or "21" could never be a day. Erratum 4148 and RFC 6265bis write them as optional.)
//
// Each token is tried, in order, as time, day-of-month, month, year; the first production that
// matches and has not been found yet takes the token (§5.1.1 step 2). Then: years 70–99 get
// +1900, years 0–69 get +2000 (steps 3–4); the date is rejected when any part is missing, the
// day is outside 1…31, the year is before 1601, or the hour, minute or second is out of range
// (step 5), or when the calendar date does not exist, such as 31 April or 29 February 2025
// (step 6). All times are UTC; a zone token such as `GMT` or `+0200` is ignored like any other
// unmatched token.
//
// Examples that all parse to 2026-10-21T07:28:00Z:
//     Wed, 21 Oct 2026 07:28:00 GMT        (IMF-fixdate, RFC 7231)
//     Wednesday, 21-Oct-26 07:28:00 GMT    (RFC 850)
//     Wed Oct 21 07:28:00 2026             (asctime)
//     21 Oct 2026 07:28:00

/// The RFC 6265 §5.1.1 cookie-date algorithm, producing milliseconds since the Unix epoch (UTC).
public enum CookieDate {
    /// Parses the cookie-date in `range` of `bytes` (the whole buffer when `range` is nil).
    /// Returns milliseconds since 1970-01-01T00:00:00Z, or `nil` when the algorithm fails.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil) -> Int64? {
        let range = HTTPBytes.clamp(range, to: bytes)
        var found = Parts()
        var index = range.lowerBound
        let end = range.upperBound
        // §5.1.1 step 1: split into date-tokens; step 2: classify each token.
        while index < end {
            while index < end && isDelimiter(bytes[index]) { index += 1 }
            let tokenStart = index
            while index < end && !isDelimiter(bytes[index]) { index += 1 }
            if index > tokenStart {
                found.take(token: tokenStart..<index, in: bytes)
            }
        }
        return found.epochMilliseconds()
    }

    /// Parses a cookie-date given as text (convenience for tests and configuration).
    public static func parse(_ text: String) -> Int64? {
        return text.withUTF8Buffer { parse($0) }
    }

    /// `delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E` (RFC 6265 §5.1.1).
    @inline(__always)
    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x09, 0x20...0x2F, 0x3B...0x40, 0x5B...0x60, 0x7B...0x7E: return true
        default: return false
        }
    }

    /// The date parts found so far (§5.1.1 step 2 "found-…" flags and values).
    struct Parts {
        var time: (hour: Int, minute: Int, second: Int)?
        var dayOfMonth: Int?
        var month: Int?
        var year: Int?

        mutating func take(token: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) {
            if time == nil, let value = CookieDate.matchTime(token, in: bytes) {
                time = value
                return
            }
            if dayOfMonth == nil, let value = CookieDate.matchDigits(token, in: bytes, min: 1, max: 2) {
                dayOfMonth = value
                return
            }
            if month == nil, let value = CookieDate.matchMonth(token, in: bytes) {
                month = value
                return
            }
            if year == nil, let value = CookieDate.matchDigits(token, in: bytes, min: 2, max: 4) {
                year = value
            }
        }

        func epochMilliseconds() -> Int64? {
            guard let time, let dayOfMonth, let month, var year else { return nil }  // step 5
            if year >= 70 && year <= 99 { year += 1900 }  // step 3
            if year >= 0 && year <= 69 { year += 2000 }  // step 4
            // Step 5: range checks.
            guard dayOfMonth >= 1, dayOfMonth <= 31, year >= 1601,
                time.hour <= 23, time.minute <= 59, time.second <= 59
            else { return nil }
            // Step 6: the date must exist.
            guard dayOfMonth <= CookieDate.daysIn(month: month, year: year) else { return nil }
            let days = CookieDate.daysSinceEpoch(year: year, month: month, day: dayOfMonth)
            let seconds = days * 86_400 + Int64(time.hour * 3600 + time.minute * 60 + time.second)
            return seconds * 1000
        }
    }

    /// Reads `min...max` digits at the start of `token`, which must be followed by the end of
    /// the token or a non-digit (`n*mDIGIT [ non-digit *OCTET ]`).
    static func matchDigits(
        _ token: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>, min: Int, max: Int
    ) -> Int? {
        guard let (value, next) = leadingDigits(from: token.lowerBound, to: token.upperBound,
                                                in: bytes, max: max),
            next - token.lowerBound >= min
        else { return nil }
        return value
    }

    /// `hms-time [ non-digit *OCTET ]` at the start of `token`.
    static func matchTime(
        _ token: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>
    ) -> (hour: Int, minute: Int, second: Int)? {
        let end = token.upperBound
        guard let (hour, afterHour) = leadingDigits(from: token.lowerBound, to: end, in: bytes, max: 2),
            afterHour < end, bytes[afterHour] == ASCII.colon,
            let (minute, afterMinute) = leadingDigits(from: afterHour + 1, to: end, in: bytes, max: 2),
            afterMinute < end, bytes[afterMinute] == ASCII.colon,
            let (second, _) = leadingDigits(from: afterMinute + 1, to: end, in: bytes, max: 2)
        else { return nil }
        return (hour, minute, second)
    }

    /// 1…`max` digits from `start`, not followed by a further digit. Returns the value and the
    /// index after the digits.
    @inline(__always)
    static func leadingDigits(
        from start: Int, to end: Int, in bytes: UnsafeBufferPointer<UInt8>, max: Int
    ) -> (Int, Int)? {
        var index = start
        var value = 0
        while index < end && index - start < max && ASCII.isDigit(bytes[index]) {
            value = value * 10 + Int(bytes[index] &- ASCII.zero)
            index += 1
        }
        guard index > start else { return nil }
        if index < end && ASCII.isDigit(bytes[index]) { return nil }  // too many digits
        return (value, index)
    }

    /// `month = ( "jan" / … / "dec" ) *OCTET`: the first three bytes, case-insensitively.
    static func matchMonth(_ token: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard token.count >= 3 else { return nil }
        let first = ASCII.lower(bytes[token.lowerBound])
        let second = ASCII.lower(bytes[token.lowerBound + 1])
        let third = ASCII.lower(bytes[token.lowerBound + 2])
        switch (first, second, third) {
        case (UInt8(ascii: "j"), UInt8(ascii: "a"), UInt8(ascii: "n")): return 1
        case (UInt8(ascii: "f"), UInt8(ascii: "e"), UInt8(ascii: "b")): return 2
        case (UInt8(ascii: "m"), UInt8(ascii: "a"), UInt8(ascii: "r")): return 3
        case (UInt8(ascii: "a"), UInt8(ascii: "p"), UInt8(ascii: "r")): return 4
        case (UInt8(ascii: "m"), UInt8(ascii: "a"), UInt8(ascii: "y")): return 5
        case (UInt8(ascii: "j"), UInt8(ascii: "u"), UInt8(ascii: "n")): return 6
        case (UInt8(ascii: "j"), UInt8(ascii: "u"), UInt8(ascii: "l")): return 7
        case (UInt8(ascii: "a"), UInt8(ascii: "u"), UInt8(ascii: "g")): return 8
        case (UInt8(ascii: "s"), UInt8(ascii: "e"), UInt8(ascii: "p")): return 9
        case (UInt8(ascii: "o"), UInt8(ascii: "c"), UInt8(ascii: "t")): return 10
        case (UInt8(ascii: "n"), UInt8(ascii: "o"), UInt8(ascii: "v")): return 11
        case (UInt8(ascii: "d"), UInt8(ascii: "e"), UInt8(ascii: "c")): return 12
        default: return nil
        }
    }

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to the given proleptic Gregorian date (`year` ≥ 1, `month` 1…12).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
        // Leap days in years 1 ..< y.
        func leapDaysBefore(_ y: Int) -> Int {
            let previous = y - 1
            return previous / 4 - previous / 100 + previous / 400
        }
        // Days before the first of each month in a common year.
        let cumulative = (month - 1) * 31 - monthShortfall(before: month)
        let leapExtra = (month > 2 && isLeapYear(year)) ? 1 : 0
        let daysFromYears = 365 * (year - 1970) + leapDaysBefore(year) - leapDaysBefore(1970)
        return Int64(daysFromYears + cumulative + leapExtra + day - 1)
    }

    /// How many days the months before `month` fall short of 31 each in a common year
    /// (February −3, April, June, September, November −1 each).
    static func monthShortfall(before month: Int) -> Int {
        var shortfall = 0
        if month > 2 { shortfall += 3 }
        if month > 4 { shortfall += 1 }
        if month > 6 { shortfall += 1 }
        if month > 9 { shortfall += 1 }
        if month > 11 { shortfall += 1 }
        return shortfall
    }
}
