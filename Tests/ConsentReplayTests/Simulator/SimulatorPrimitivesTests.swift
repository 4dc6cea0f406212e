import Foundation
import Testing

@testable import SiteSimulator

/// The building blocks: seeded randomness, calendar, encodings, addresses, cookies.
@Suite("Simulator primitives")
struct SimulatorPrimitivesTests {
    @Test("xoshiro256** seeded by SplitMix64 is pinned (same numbers on every machine)")
    func randomIsPinned() {
        var mixer = SplitMix64(seed: 0)
        #expect(mixer.next() == 0xE220_A839_7B1D_CDAF)
        var random = SeededRandom(seed: 1)
        let first = (0..<3).map { _ in random.next() }
        var again = SeededRandom(seed: 1)
        #expect((0..<3).map { _ in again.next() } == first)
        var other = SeededRandom(seed: 2)
        #expect(other.next() != first[0])
        var streamA = SeededRandom(seed: 1, stream: 5)
        var streamB = SeededRandom(seed: 1, stream: 6)
        #expect(streamA.next() != streamB.next())
    }

    @Test("bounded draws stay in range")
    func boundedDraws() {
        var random = SeededRandom(seed: 77)
        for _ in 0..<10_000 {
            #expect((0..<7).contains(random.below(7)))
            #expect((3...9).contains(random.int(in: 3...9)))
            let unit = random.unit()
            #expect(unit >= 0 && unit < 1)
            let value = random.logNormal(median: 10, sigma: 1, bounds: 2...50)
            #expect(value >= 2 && value <= 50)
        }
    }

    @Test("deterministic log and exp agree with libm to 1e-12 relative")
    func deterministicMath() {
        for x in [1e-9, 0.001, 0.3, 0.5, 0.999, 1, 1.5, 2, 10, 12345.678, 1e12] {
            #expect(abs(DeterministicMath.log(x) - Foundation.log(x)) <= 1e-12 * max(1, abs(Foundation.log(x))))
        }
        for x in [-700.0, -20, -1, -0.1, 0, 0.1, 1, 2.5, 20, 700] {
            #expect(abs(DeterministicMath.exp(x) - Foundation.exp(x)) <= 1e-12 * Foundation.exp(x))
        }
    }

    @Test("UTC calendar conversions")
    func calendar() throws {
        let day = try #require(CivilDate(parsing: "2026-11-21"))
        #expect(day.startMillis == 1_795_219_200_000)
        #expect(day.description == "2026-11-21")
        #expect(CivilDate(parsing: "2026-02-29") == nil)
        #expect(CivilDate(parsing: "2024-02-29") != nil)
        #expect(CivilDate(parsing: "2026-1-01") == nil)
        let leap = CivilTime(epochMillis: 951_868_799_000)
        let parts: [Int] = [leap.year, leap.month, leap.day, leap.hour, leap.minute, leap.second, leap.weekday]
        #expect(parts == [2000, 2, 29, 23, 59, 59, 2])
        #expect(CivilTime.httpDate(epochMillis: 1_795_276_536_000 + 30 * 86_400_000) == "Mon, 21 Dec 2026 15:55:36 GMT")
        #expect(CivilTime.httpDate(epochMillis: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }

    @Test("form encoding and encodeURIComponent")
    func urlEncoding() {
        #expect(URLEncoding.formEncode("café au lait") == "caf%C3%A9+au+lait")
        #expect(URLEncoding.formEncode("€ 20 gutschein") == "%E2%82%AC+20+gutschein")
        #expect(URLEncoding.encodeURIComponent("https://www.shop.example/search?q=a+b") == "https%3A%2F%2Fwww.shop.example%2Fsearch%3Fq%3Da%2Bb")
        #expect(URLEncoding.encodeURIComponent("Shop (Example) | x") == "Shop%20(Example)%20%7C%20x")
    }

    @Test("IPv6 text is RFC 5952 canonical")
    func ipv6() {
        #expect(IPAddressFormat.ipv6([0x2001, 0xDB8, 0, 0, 0, 0, 0, 1]) == "2001:db8::1")
        #expect(IPAddressFormat.ipv6([0x2001, 0xDB8, 0, 1, 0, 0, 0, 1]) == "2001:db8:0:1::1")
        #expect(IPAddressFormat.ipv6([0x2001, 0xDB8, 0, 0, 1, 0, 0, 1]) == "2001:db8::1:0:0:1")
        #expect(IPAddressFormat.ipv6([0x2003, 0xE2, 0x1A, 0, 0xFFFF, 0xAB, 0x12, 0x3]) == "2003:e2:1a:0:ffff:ab:12:3")
    }

    @Test("escaping schemes of the servers")
    func escaping() {
        var nginx: [UInt8] = []
        nginx.appendNginxEscaped("a\"b\\c\u{7}é")
        #expect(String(decoding: nginx, as: UTF8.self) == #"a\x22b\x5Cc\x07\xC3\xA9"#)
        var apache: [UInt8] = []
        apache.appendApacheEscaped("a\"b\\c\n\u{7}é")
        #expect(String(decoding: apache, as: UTF8.self) == #"a\"b\\c\n\x07\xc3\xa9"#)
        var json: [UInt8] = []
        json.appendNginxJSONEscaped("a\"b\\c\n\u{1}é")
        #expect(String(decoding: json, as: UTF8.self) == #"a\"b\\c\n\u0001é"#)
        var go: [UInt8] = []
        go.appendGoJSONString("\u{1F}x")
        #expect(String(decoding: go, as: UTF8.self) == #""\u001fx""#)
        var cloudfront: [UInt8] = []
        cloudfront.appendCloudFrontEncoded("a b\t%2F\"|")
        #expect(String(decoding: cloudfront, as: UTF8.self) == "a%20b%09%252F%22%7C")
        var empty: [UInt8] = []
        empty.appendNginxEscaped("")
        empty.appendApacheEscaped(nil)
        empty.appendCloudFrontEncoded(nil)
        empty.appendIISField("")
        #expect(String(decoding: empty, as: UTF8.self) == "----")
    }

    @Test("number formatting")
    func numbers() {
        var bytes: [UInt8] = []
        bytes.appendDecimal(0)
        bytes.append(UInt8(ascii: " "))
        bytes.appendDecimal(-1234)
        bytes.append(UInt8(ascii: " "))
        bytes.appendSeconds(micros: 12_345, decimals: 3)
        bytes.append(UInt8(ascii: " "))
        bytes.appendShortestDecimal(1_795_269_336_250, scale: 3)
        bytes.append(UInt8(ascii: " "))
        bytes.appendShortestDecimal(1_795_269_336_000, scale: 3)
        bytes.append(UInt8(ascii: " "))
        bytes.appendPadded(7, width: 4)
        #expect(String(decoding: bytes, as: UTF8.self) == "0 -1234 0.012 1795269336.25 1795269336 0007")
    }

    @Test("the cookie jar keeps creation order, scopes host-only cookies and updates in place")
    func cookieJar() {
        var jar = CookieJar()
        jar.set("PHPSESSID", "s1", domainWide: false, host: .www, session: true)
        jar.set("_ga", "GA1.1.1.2", domainWide: true, host: .www)
        jar.set("FPID", "f", domainWide: true, host: .tagging)
        #expect(jar.header(for: .www) == "PHPSESSID=s1; _ga=GA1.1.1.2; FPID=f")
        #expect(jar.header(for: .tagging) == "_ga=GA1.1.1.2; FPID=f")
        jar.set("PHPSESSID", "s2", domainWide: false, host: .www, session: true)
        #expect(jar.header(for: .www) == "PHPSESSID=s2; _ga=GA1.1.1.2; FPID=f")
        jar.dropSessionCookies()
        #expect(jar.header(for: .www) == "_ga=GA1.1.1.2; FPID=f")
        jar.clear()
        #expect(jar.header(for: .www) == nil)
    }

    @Test("identifiers have the real shapes")
    func identifiers() {
        var random = SeededRandom(seed: 8)
        let uuid = Identifiers.uuid(&random)
        #expect(uuid.count == 36)
        #expect(Array(uuid)[14] == "4")
        #expect("89ab".contains(Array(uuid)[19]))
        #expect(Identifiers.phpSession(&random).count == 26)
        #expect(Identifiers.gaRandom(&random).count == 10)
        let base64 = Identifiers.base64(bytes: 32, &random)
        #expect(base64.count == 44 && base64.hasSuffix("=") && !base64.hasSuffix("=="))
        #expect(Data(base64Encoded: base64)?.count == 32)
        let fpid = Identifiers.fpid(seconds: 1_795_269_336, &random)
        #expect(fpid.hasPrefix("FPID2.2.") && fpid.hasSuffix(".1795269336"))
    }

    @Test("arrivals follow the diurnal curve and sum exactly to the visitor count")
    func arrivals() throws {
        let day = try SimulatorFixtures.day()
        var schedule = ArrivalSchedule(seed: 1, firstDayStart: day.startMillis, visitorsPerDay: 10_000, days: 1)
        var perHour = [Int](repeating: 0, count: 24)
        var previous = Int64.min
        var total = 0
        while let time = schedule.next() {
            #expect(time >= previous)
            previous = time
            total += 1
            perHour[Int((time - day.startMillis) / 3_600_000)] += 1
        }
        #expect(total == 10_000)
        #expect(perHour[19] > 3 * perHour[3])
    }
}
