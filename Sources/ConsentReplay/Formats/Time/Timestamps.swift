/// Time forms found in logs, parsed from bytes to milliseconds since 1970-01-01T00:00:00Z.
///
/// No calendar objects on the hot path: civil dates are converted with the days-from-civil
/// algorithm for the proleptic Gregorian calendar. Every parser returns nil on malformed input.
public enum Timestamp {
    static let monthNames: [StaticString] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Days since 1970-01-01 of a proleptic Gregorian date (month 1...12).
    @inline(__always)
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * m + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Milliseconds since the epoch of a civil UTC time, or nil when a component is out of range.
    /// `second` may be 60 (a leap second is folded onto the next second).
    public static func epochMilliseconds(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int = 0) -> Int64? {
        guard (1...12).contains(month), (1...daysInMonth(year: year, month: month)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
              (0...999).contains(millisecond), (0...9999).contains(year)
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = ((days * 24 + hour) * 60 + minute) * 60 + second
        return Int64(seconds) * 1000 + Int64(millisecond)
    }

    // MARK: - Byte helpers

    @inline(__always)
    static func digits(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ n: Int) -> Int? {
        guard at >= 0, at + n <= b.count else { return nil }
        var v = 0
        for i in at..<(at + n) {
            let d = b[i] &- ASCII.zero
            guard d < 10 else { return nil }
            v = v * 10 + Int(d)
        }
        return v
    }

    /// Month number from a three-letter English abbreviation (any case) at `at`.
    static func month(_ b: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int? {
        guard at + 3 <= b.count else { return nil }
        let a = ASCII.lower(b[at]), c = ASCII.lower(b[at + 1]), d = ASCII.lower(b[at + 2])
        for (i, name) in monthNames.enumerated() {
            let p = name.utf8Start
            if p[0] == a && p[1] == c && p[2] == d { return i + 1 }
        }
        return nil
    }

    /// Parses a fraction of a second starting after the dot at `at`; returns (ms, end index).
    static func fraction(_ b: UnsafeBufferPointer<UInt8>, _ at: Int) -> (Int, Int) {
        var i = at, ms = 0, scale = 100
        while i < b.count, ASCII.isDigit(b[i]) {
            ms += Int(b[i] - ASCII.zero) * scale
            scale /= 10
            i += 1
        }
        return (ms, i)
    }

    // MARK: - Formats

    /// nginx `$time_local` / Apache `%t` inside its brackets: `10/Oct/2026:13:55:36 -0700`.
    /// Also accepts the form without an offset (taken as UTC) and a fraction after the seconds.
    public static func parseCommonLog(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard b.count >= 20,
              let day = digits(b, 0, 2), b[2] == ASCII.slash,
              let mon = month(b, 3), b[6] == ASCII.slash,
              let year = digits(b, 7, 4), b[11] == ASCII.colon,
              let hour = digits(b, 12, 2), b[14] == ASCII.colon,
              let minute = digits(b, 15, 2), b[17] == ASCII.colon,
              let second = digits(b, 18, 2)
        else { return nil }
        var i = 20, ms = 0
        if i < b.count, b[i] == ASCII.dot { (ms, i) = fraction(b, i + 1) }
        guard let local = epochMilliseconds(year: year, month: mon, day: day, hour: hour, minute: minute, second: second, millisecond: ms)
        else { return nil }
        if i == b.count { return local }
        guard b[i] == ASCII.space, let offset = zoneOffsetMinutes(b, i + 1, end: b.count) else { return nil }
        return local - Int64(offset) * 60_000
    }

    /// `+hhmm`, `-hhmm`, `+hh:mm`, `Z`, occupying exactly `start..<end`; minutes east of UTC.
    static func zoneOffsetMinutes(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, end: Int) -> Int? {
        let n = end - start
        if n == 1, b[start] == ASCII.upperZ || b[start] == UInt8(ascii: "z") { return 0 }
        guard n == 5 || n == 6 || n == 3 else { return nil }
        let sign: Int
        switch b[start] {
        case ASCII.plus: sign = 1
        case ASCII.dash: sign = -1
        default: return nil
        }
        guard let hh = digits(b, start + 1, 2), hh <= 23 else { return nil }
        var mm = 0
        if n == 5 {
            guard let m = digits(b, start + 3, 2) else { return nil }
            mm = m
        } else if n == 6 {
            guard b[start + 3] == ASCII.colon, let m = digits(b, start + 4, 2) else { return nil }
            mm = m
        }
        guard mm <= 59 else { return nil }
        return sign * (hh * 60 + mm)
    }

    /// ISO-8601 / RFC 3339: `2026-11-21T13:55:36Z`, with optional fraction, `±hh:mm`/`±hhmm`
    /// offset, a space instead of `T`; a date alone (`2026-11-21`) is midnight UTC. No offset = UTC.
    public static func parseISO8601(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard b.count >= 10,
              let year = digits(b, 0, 4), b[4] == ASCII.dash,
              let mon = digits(b, 5, 2), b[7] == ASCII.dash,
              let day = digits(b, 8, 2)
        else { return nil }
        if b.count == 10 { return epochMilliseconds(year: year, month: mon, day: day, hour: 0, minute: 0, second: 0) }
        guard b.count >= 19, b[10] == ASCII.upperT || b[10] == ASCII.space || b[10] == UInt8(ascii: "t"),
              let hour = digits(b, 11, 2), b[13] == ASCII.colon,
              let minute = digits(b, 14, 2), b[16] == ASCII.colon,
              let second = digits(b, 17, 2)
        else { return nil }
        var i = 19, ms = 0
        if i < b.count, b[i] == ASCII.dot || b[i] == ASCII.comma {
            let (f, end) = fraction(b, i + 1)
            guard end > i + 1 else { return nil }
            (ms, i) = (f, end)
        }
        guard let local = epochMilliseconds(year: year, month: mon, day: day, hour: hour, minute: minute, second: second, millisecond: ms)
        else { return nil }
        if i == b.count { return local }
        guard let offset = zoneOffsetMinutes(b, i, end: b.count) else { return nil }
        return local - Int64(offset) * 60_000
    }

    /// Seconds since the epoch with an optional fraction (`$msec`, Caddy `ts`, `%{sec}t`):
    /// `1763728536.123`. Rounds toward zero at the millisecond.
    public static func parseEpochSeconds(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0, seconds: Int64 = 0
        while i < b.count, ASCII.isDigit(b[i]) {
            guard i < 12 else { return nil }
            seconds = seconds * 10 + Int64(b[i] - ASCII.zero)
            i += 1
        }
        guard i > 0 else { return nil }
        var ms = 0
        if i < b.count {
            guard b[i] == ASCII.dot else { return nil }
            let (f, end) = fraction(b, i + 1)
            guard end == b.count else { return nil }
            ms = f
        }
        return seconds * 1000 + Int64(ms)
    }

    /// Whole milliseconds since the epoch (`%{msec}t` in Apache, BigQuery exports).
    public static func parseEpochMilliseconds(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard b.count > 0, b.count <= 16 else { return nil }
        var v: Int64 = 0
        for byte in b {
            guard ASCII.isDigit(byte) else { return nil }
            v = v * 10 + Int64(byte - ASCII.zero)
        }
        return v
    }

    /// W3C extended log `date` (`2026-11-21`) and `time` (`13:55:36` or `13:55:36.123`), both UTC.
    public static func parseW3C(date: UnsafeBufferPointer<UInt8>, time: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard date.count == 10,
              let year = digits(date, 0, 4), date[4] == ASCII.dash,
              let mon = digits(date, 5, 2), date[7] == ASCII.dash,
              let day = digits(date, 8, 2),
              time.count >= 8,
              let hour = digits(time, 0, 2), time[2] == ASCII.colon,
              let minute = digits(time, 3, 2), time[5] == ASCII.colon,
              let second = digits(time, 6, 2)
        else { return nil }
        var ms = 0
        if time.count > 8 {
            guard time[8] == ASCII.dot else { return nil }
            let (f, end) = fraction(time, 9)
            guard end == time.count else { return nil }
            ms = f
        }
        return epochMilliseconds(year: year, month: mon, day: day, hour: hour, minute: minute, second: second, millisecond: ms)
    }

    /// Parses a user-typed time (`--since`, `--until`): ISO-8601 or `YYYY-MM-DD`.
    public static func parse(_ text: String) -> Int64? {
        return text.withUTF8Buffer { parseISO8601($0) }
    }

    /// `2026-11-21T13:55:36.123Z`: ISO-8601 UTC with milliseconds, as every output writes times.
    public static func format(_ ms: Int64) -> String {
        let t = UTCFields(ms: ms)
        if t.year >= 0 && t.year <= 9999 {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(24)
            bytes.appendTimestamp(ms)
            return String(decoding: bytes, as: UTF8.self)
        }
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
        }
        return "\(pad(t.year, 4))-\(pad(t.month, 2))-\(pad(t.day, 2))T\(pad(t.secondOfDay / 3600, 2)):\(pad(t.secondOfDay / 60 % 60, 2)):\(pad(t.secondOfDay % 60, 2)).\(pad(t.millis, 3))Z"
    }
}

/// A UTC instant (milliseconds since the epoch) split into calendar fields, proleptic Gregorian.
struct UTCFields {
    var year: Int
    var month: Int
    var day: Int
    var secondOfDay: Int
    var millis: Int

    init(ms: Int64) {
        let totalSeconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        millis = Int(ms - totalSeconds * 1000)
        let days = Int(totalSeconds >= 0 ? totalSeconds / 86_400 : (totalSeconds - 86_399) / 86_400)
        secondOfDay = Int(totalSeconds - Int64(days) * 86_400)
        // civil-from-days (inverse of daysFromCivil)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }
}
