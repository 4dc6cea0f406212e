import Foundation
import Testing
@testable import ConsentReplay

@Suite("HTTP cookie-date (RFC 6265 §5.1.1)")
struct HTTPCookieDateTests {
    static let october21: Int64 = 1_792_567_680_000  // 2026-10-21T07:28:00Z

    static let valid: [(String, Int64)] = [
        ("Wed, 21 Oct 2026 07:28:00 GMT", october21),  // IMF-fixdate
        ("Wednesday, 21-Oct-26 07:28:00 GMT", october21),  // RFC 850
        ("Wed Oct 21 07:28:00 2026", october21),  // asctime
        ("21 Oct 2026 07:28:00", october21),
        ("wed, 21 OCTOBER 2026 07:28:00 gmt", october21),  // case, full month name
        ("Wed, 21 Oct 2026 07:28:00 GMT+0200", october21),  // zone tokens are ignored
        ("Wed,21-Oct-2026 07:28:00Z", october21),  // time followed by a non-digit
        ("  ;;Wed, 21 Oct 2026 07:28:00 GMT;; ", october21),  // leading and trailing delimiters
        ("2026 Oct 21 07:28:00", october21),  // "2026" is no day-of-month, so it is the year
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0),
        ("Thu, 1 Oct 2026 7:8:9 GMT", 1_790_838_489_000),  // one-digit fields
        ("Sat, 01 Jan 1601 00:00:00 GMT", -11_644_473_600_000),  // the earliest allowed year
        ("Tue, 29 Feb 2028 12:00:00 GMT", 1_835_438_400_000),  // leap year
        ("Tue, 29 Feb 2000 00:00:00 GMT", 951_782_400_000),  // divisible by 400
        ("Fri, 31 Dec 9999 23:59:59 GMT", 253_402_300_799_000),
        ("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_777_000),  // RFC 7231's example
        ("Sunday, 06-Nov-94 08:49:37 GMT", 784_111_777_000),
        ("Sun Nov  6 08:49:37 1994", 784_111_777_000),
    ]

    @Test(arguments: valid)
    func parsesTheRFCForms(text: String, expected: Int64) {
        #expect(CookieDate.parse(text) == expected)
    }

    static let twoDigitYears: [(String, Int64)] = [
        ("01 Jan 70 00:00:00", 0),  // 70 → 1970
        ("01 Jan 99 00:00:00", 915_148_800_000),  // 99 → 1999
        ("01 Jan 00 00:00:00", 946_684_800_000),  // 00 → 2000
        ("01 Jan 69 00:00:00", 3_124_224_000_000),  // 69 → 2069
        ("01 Jan 0069 00:00:00", 3_124_224_000_000),  // the rule is on the value, not the width
    ]

    @Test(arguments: twoDigitYears)
    func appliesTheTwoDigitYearRules(text: String, expected: Int64) {
        #expect(CookieDate.parse(text) == expected)
    }

    static let invalid: [String] = [
        "Wed, 32 Oct 2026 07:28:00 GMT",  // day 32
        "Wed, 00 Oct 2026 07:28:00 GMT",  // day 0
        "Wed, 21 Oct 1600 07:28:00 GMT",  // year before 1601
        "Wed, 21 Oct 2026 GMT",  // missing time
        "Wed, 21 2026 07:28:00 GMT",  // missing month
        "Wed, Oct 2026 07:28:00 GMT",  // "2026" cannot be a day: missing day
        "Wed, 21 Oct 07:28:00 GMT",  // missing year
        "Wed, 21 Oct 2026 24:00:00 GMT",  // hour 24
        "Wed, 21 Oct 2026 23:60:00 GMT",  // minute 60
        "Wed, 21 Oct 2026 23:59:60 GMT",  // second 60 (no leap seconds)
        "Wed, 21 Oct 2026 123:00:00 GMT",  // three-digit time field
        "Wed, 21 Oct 20261 07:28:00 GMT",  // five-digit year
        "Wed, 21 Oct 5 07:28:00 GMT",  // one-digit year
        "Thu, 29 Feb 2026 00:00:00 GMT",  // not a leap year
        "Wed, 29 Feb 2100 00:00:00 GMT",  // divisible by 100, not by 400
        "Thu, 31 Apr 2026 00:00:00 GMT",  // April has 30 days
        "",
        "never",
        "0",
        "-1",
    ]

    @Test(arguments: invalid)
    func rejectsInvalidDates(text: String) {
        #expect(CookieDate.parse(text) == nil)
    }

    @Test func parsesASubrangeOfALargerBuffer() {
        withHTTPTestBytes("id=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/") { bytes in
            #expect(CookieDate.parse(bytes, range: 14..<43) == Self.october21)
        }
    }

    /// Oracle: Foundation's Gregorian calendar, over random dates in the three RFC formats.
    @Test func agreesWithFoundationOnRandomDates() throws {
        var rng = TestRandom(seed: 6265)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        for _ in 0..<2000 {
            let seconds = Int64.random(in: -11_644_473_600...253_402_300_799, using: &rng)
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
            let year = try #require(parts.year), month = try #require(parts.month), day = try #require(parts.day)
            let hour = try #require(parts.hour), minute = try #require(parts.minute), second = try #require(parts.second)
            let weekday = weekdays[(try #require(parts.weekday)) - 1]
            let monthName = months[month - 1]
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            let time = "\(two(hour)):\(two(minute)):\(two(second))"
            var forms = [
                "\(weekday.prefix(3)), \(two(day)) \(monthName) \(year) \(time) GMT",
                "\(weekday.prefix(3)) \(monthName) \(day) \(time) \(year)",
            ]
            if (1970...2069).contains(year) {
                forms.append("\(weekday), \(two(day))-\(monthName)-\(two(year % 100)) \(time) GMT")
            }
            for form in forms {
                #expect(CookieDate.parse(form) == seconds * 1000, "\(form)")
            }
        }
    }
}
