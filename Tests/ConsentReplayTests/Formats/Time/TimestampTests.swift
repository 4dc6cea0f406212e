import Testing
@testable import ConsentReplay

struct TimestampTests {
    func ms(_ text: String, _ parse: (UnsafeBufferPointer<UInt8>) -> Int64?) -> Int64? {
        Array(text.utf8).withUnsafeBufferPointer { parse($0) }
    }

    @Test(arguments: [
        ("21/Nov/2026:13:55:36 +0000", Int64(1_795_269_336_000)),
        ("21/Nov/2026:14:55:36 +0100", 1_795_269_336_000),
        ("21/nov/2026:06:25:36 -0730", 1_795_269_336_000),
        ("21/Nov/2026:13:55:36.250 +0000", 1_795_269_336_250),
        ("01/Jan/1970:00:00:00 +0000", 0),
        ("29/Feb/2024:00:00:00 +0000", 1_709_164_800_000),
    ])
    func commonLogTime(text: String, expected: Int64) {
        #expect(ms(text, Timestamp.parseCommonLog) == expected)
    }

    @Test(arguments: ["29/Feb/2026:00:00:00 +0000", "21/Foo/2026:13:55:36 +0000", "21/Nov/2026:24:00:00 +0000",
                      "21/Nov/2026 13:55:36 +0000", "21/Nov/2026:13:55:36 +2500", "21/Nov/2026:13:55:36 0000", ""])
    func badCommonLogTime(text: String) {
        #expect(ms(text, Timestamp.parseCommonLog) == nil)
    }

    @Test(arguments: [
        ("2026-11-21T13:55:36Z", Int64(1_795_269_336_000)),
        ("2026-11-21T13:55:36+00:00", 1_795_269_336_000),
        ("2026-11-21T14:55:36+01:00", 1_795_269_336_000),
        ("2026-11-21T14:55:36+0100", 1_795_269_336_000),
        ("2026-11-21 13:55:36.123456Z", 1_795_269_336_123),
        ("2026-11-21T13:55:36.5", 1_795_269_336_500),
        ("2026-11-21", 1_795_219_200_000),
    ])
    func iso8601(text: String, expected: Int64) {
        #expect(ms(text, Timestamp.parseISO8601) == expected)
    }

    @Test func epochForms() {
        #expect(ms("1795269336.123", Timestamp.parseEpochSeconds) == 1_795_269_336_123)
        #expect(ms("1795269336", Timestamp.parseEpochSeconds) == 1_795_269_336_000)
        #expect(ms("1795269336.1234567", Timestamp.parseEpochSeconds) == 1_795_269_336_123)
        #expect(ms("1795269336123", Timestamp.parseEpochMilliseconds) == 1_795_269_336_123)
        #expect(ms("17952693x6", Timestamp.parseEpochSeconds) == nil)
        #expect(ms("-1", Timestamp.parseEpochMilliseconds) == nil)
    }

    @Test func w3cDateAndTime() {
        let t = Array("2026-11-21".utf8).withUnsafeBufferPointer { d in
            Array("13:55:36.007".utf8).withUnsafeBufferPointer { Timestamp.parseW3C(date: d, time: $0) }
        }
        #expect(t == 1_795_269_336_007)
    }

    @Test(arguments: [Int64(0), 1_795_269_336_123, 951_782_400_000, -1, 253_402_300_799_999])
    func formatRoundTrips(value: Int64) {
        let text = Timestamp.format(value)
        #expect(text.hasSuffix("Z"))
        #expect(Timestamp.parse(text) == value || value < 0)
    }

    @Test func formatIsISOWithMilliseconds() {
        #expect(Timestamp.format(1_795_269_336_007) == "2026-11-21T13:55:36.007Z")
        #expect(Timestamp.format(0) == "1970-01-01T00:00:00.000Z")
    }

    @Test func strftimePattern() throws {
        let pattern = try StrftimePattern("%Y-%m-%dT%H:%M:%S%z")
        #expect(ms("2026-11-21T14:55:36+0100", pattern.parse) == 1_795_269_336_000)
        let apache = try StrftimePattern("%d/%b/%Y %T")
        #expect(ms("21/Nov/2026 13:55:36", apache.parse) == 1_795_269_336_000)
        #expect(throws: LogFormatError.self) { try StrftimePattern("%Y %j") }
    }
}
