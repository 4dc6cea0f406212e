// UTC calendar arithmetic on integers (proleptic Gregorian), so no time-zone database, locale or
// Foundation formatter can change a byte of the output.

/// A calendar day (UTC), as given by `--date YYYY-MM-DD`.
public struct CivilDate: Sendable, Equatable, CustomStringConvertible {
    /// Four-digit year.
    public var year: Int
    /// Month 1–12.
    public var month: Int
    /// Day of month 1–31.
    public var day: Int

    /// A date from its parts; `nil` when the parts do not name a real day.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= CivilDate.daysInMonth(year: year, month: month)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int64 {
        CivilTime.daysFromCivil(year: year, month: month, day: day)
    }

    /// Milliseconds since the epoch at 00:00:00 UTC of this day.
    public var startMillis: Int64 { daysSinceEpoch * 86_400_000 }

    /// `YYYY-MM-DD`.
    public var description: String {
        var bytes: [UInt8] = []
        bytes.appendPadded(year, width: 4)
        bytes.append(UInt8(ascii: "-"))
        bytes.appendPadded(month, width: 2)
        bytes.append(UInt8(ascii: "-"))
        bytes.appendPadded(day, width: 2)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A broken-down UTC instant with millisecond precision.
public struct CivilTime: Sendable, Equatable {
    /// Four-digit year.
    public var year: Int
    /// Month 1–12.
    public var month: Int
    /// Day of month.
    public var day: Int
    /// Hour 0–23.
    public var hour: Int
    /// Minute 0–59.
    public var minute: Int
    /// Second 0–59.
    public var second: Int
    /// Millisecond 0–999.
    public var millisecond: Int
    /// Day of week, 0 = Sunday.
    public var weekday: Int

    /// Breaks down milliseconds since the epoch (UTC).
    public init(epochMillis: Int64) {
        var days = epochMillis / 86_400_000
        var rest = epochMillis % 86_400_000
        if rest < 0 {
            rest += 86_400_000
            days -= 1
        }
        let ms = Int(rest)
        millisecond = ms % 1000
        let seconds = ms / 1000
        second = seconds % 60
        minute = (seconds / 60) % 60
        hour = seconds / 3600
        weekday = Int(((days % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4)
        (year, month, day) = CivilTime.civilFromDays(days)
    }

    /// Days since 1970-01-01 of a Gregorian date (era-based, exact for all years used here).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `daysFromCivil`.
    static func civilFromDays(_ days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    static let monthNames: [StaticString] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    static let weekdayNames: [StaticString] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// RFC 7231 IMF-fixdate, as used in `Expires=` (`Sun, 21 Dec 2026 13:55:36 GMT`).
    public static func httpDate(epochMillis: Int64) -> String {
        let t = CivilTime(epochMillis: epochMillis)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(29)
        bytes.appendStatic(weekdayNames[t.weekday])
        bytes.appendStatic(", ")
        bytes.appendPadded(t.day, width: 2)
        bytes.append(UInt8(ascii: " "))
        bytes.appendStatic(monthNames[t.month - 1])
        bytes.append(UInt8(ascii: " "))
        bytes.appendPadded(t.year, width: 4)
        bytes.append(UInt8(ascii: " "))
        t.appendClock(to: &bytes)
        bytes.appendStatic(" GMT")
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `HH:MM:SS`.
    @inline(__always)
    func appendClock(to bytes: inout [UInt8]) {
        bytes.appendPadded(hour, width: 2)
        bytes.append(UInt8(ascii: ":"))
        bytes.appendPadded(minute, width: 2)
        bytes.append(UInt8(ascii: ":"))
        bytes.appendPadded(second, width: 2)
    }

    /// `YYYY-MM-DD`.
    @inline(__always)
    func appendISODate(to bytes: inout [UInt8]) {
        bytes.appendPadded(year, width: 4)
        bytes.append(UInt8(ascii: "-"))
        bytes.appendPadded(month, width: 2)
        bytes.append(UInt8(ascii: "-"))
        bytes.appendPadded(day, width: 2)
    }

    /// `21/Nov/2026:13:55:36 +0000` (nginx `$time_local`, Apache `%t` without brackets, UTC).
    @inline(__always)
    func appendCommonLogTime(to bytes: inout [UInt8]) {
        bytes.appendPadded(day, width: 2)
        bytes.append(UInt8(ascii: "/"))
        bytes.appendStatic(CivilTime.monthNames[month - 1])
        bytes.append(UInt8(ascii: "/"))
        bytes.appendPadded(year, width: 4)
        bytes.append(UInt8(ascii: ":"))
        appendClock(to: &bytes)
        bytes.appendStatic(" +0000")
    }
}
