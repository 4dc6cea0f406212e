import Testing
@testable import ConsentReplay

/// The byte writers of the reports give exactly the bytes of their `String` counterparts.
struct OutputBytesTests {
    static let texts = [
        "", "plain", "say \"hi\"", "back\\slash", "tab\there", "line1\nline2", "cr\rlf", "\u{1}\u{1F}\u{7F}",
        "é ü ✓ 日本 🍪", "\u{85} C1 control is not escaped", "=1+1", "+33 6", "-x", "@SUM(A1)", "\tcmd", "\rcmd",
        "a,b", "\"=1\"", "=HYPERLINK(\"http://evil.example\"),x", "'already", "a=b",
    ]

    @Test(arguments: texts)
    func jsonStringMatchesQuote(_ text: String) {
        var expected = ""
        JSONOutput.quote(text, into: &expected)
        var bytes: [UInt8] = []
        bytes.appendJSONString(text)
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    /// Random texts of every length up to 40, built from plain bytes and every kind of byte
    /// that needs escaping, at every place (the writer skips eight plain bytes at a time).
    @Test func randomJSONStringsMatchQuote() {
        let pieces = ["a", "Z", "0", " ", "\"", "\\", "\n", "\r", "\t", "\u{1}", "\u{1F}", "\u{7F}", "é", "🍪", "\u{85}", "~", "{"]
        for text in Self.randomTexts(of: pieces, upTo: 40) {
            var expected = ""
            JSONOutput.quote(text, into: &expected)
            var bytes: [UInt8] = []
            bytes.appendJSONString(text)
            #expect(String(decoding: bytes, as: UTF8.self) == expected, "\(text.debugDescription)")
        }
    }

    /// Sixty random concatenations of `pieces` of each length from 0 to `maxLength`.
    static func randomTexts(of pieces: [String], upTo maxLength: Int) -> [String] {
        var rng = SystemRandomNumberGenerator()
        return (0...maxLength).flatMap { length in
            (0..<60).map { _ in (0..<length).map { _ in pieces.randomElement(using: &rng) ?? "" }.joined() }
        }
    }

    @Test(arguments: texts)
    func csvTextMatchesEncoded(_ text: String) {
        var bytes: [UInt8] = []
        bytes.appendCSVText(text)
        #expect(String(decoding: bytes, as: UTF8.self) == CSVCell.text(text).encoded)
    }

    @Test func csvRowMatchesRow() {
        let cells: [CSVCell] = [.text("a"), .int(1), .text("b,c"), .int(-7), .text("=x"), .int(0), .text("")]
        var bytes: [UInt8] = []
        bytes.appendCSVRow(cells)
        #expect(String(decoding: bytes, as: UTF8.self) == CSVEncoding.row(cells))
        bytes.removeAll()
        bytes.appendCSVRow([])
        #expect(bytes == [0x0D, 0x0A])
    }

    @Test(arguments: [0, 7, -7, 10, 99, 100, 1_234_567, Int.max, Int.min])
    func decimalMatchesDescription(_ n: Int) {
        var bytes: [UInt8] = []
        bytes.appendDecimal(n)
        #expect(String(decoding: bytes, as: UTF8.self) == String(n))
    }

    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (1_795_219_237_194, "2026-11-21T00:00:37.194Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
        (-62_135_596_800_000, "0001-01-01T00:00:00.000Z"),
    ])
    func timestampsAsFormat(_ ms: Int64, _ text: String) {
        var bytes: [UInt8] = []
        bytes.appendTimestamp(ms)
        #expect(String(decoding: bytes, as: UTF8.self) == text)
        #expect(Timestamp.format(ms) == text)
    }

    /// The same bytes as `Timestamp.format` over years 0001–9999 and beyond (appended after
    /// other bytes, as in a line).
    @Test func randomTimestampsAsFormat() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let ms = Int64.random(in: -62_135_596_800_000 * 2...253_402_300_799_999 * 2, using: &rng)
            var bytes: [UInt8] = Array("x,".utf8)
            bytes.appendTimestamp(ms)
            #expect(String(decoding: bytes, as: UTF8.self) == "x," + Timestamp.format(ms), "\(ms)")
        }
    }

    /// Random texts with `,`, `"`, CR, LF and formula characters at every place, quoted and
    /// neutralised as `CSVCell.text(_).encoded` does (the writer scans eight bytes at a time).
    @Test func randomCSVTextMatchesEncoded() {
        let pieces = ["a", "Z", "0", " ", ",", "\"", "\r", "\n", "=", "+", "-", "@", "\t", "é", "🍪", ";", "'"]
        for text in Self.randomTexts(of: pieces, upTo: 30) {
            var bytes: [UInt8] = []
            bytes.appendCSVText(text)
            #expect(String(decoding: bytes, as: UTF8.self) == CSVCell.text(text).encoded, "\(text.debugDescription)")
        }
    }

    /// A finding's row appended as bytes is `CSVEncoding.row(FindingsCSV.cells(f))`, for
    /// findings with random text in every text column and times beyond year 9999 and before 0.
    @Test func findingRowsMatchCells() {
        let pieces = ["a", "0", " ", ",", "\"", "\n", "=", "-", "@", "é"]
        var rng = SystemRandomNumberGenerator()
        func text() -> String { (0..<Int.random(in: 0...8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined() }
        for _ in 0..<300 {
            let times: [Int64] = [0, 1_795_269_336_000, -62_135_596_800_001, 253_402_300_800_000, Int64.random(in: -1_000_000...1_000_000, using: &rng)]
            let f = Finding(
                id: text(), rule: text(), severity: [.high, .medium, .low].randomElement(using: &rng)!, reason: text(),
                time: times.randomElement(using: &rng)!, lastTime: times.randomElement(using: &rng)!,
                occurrences: Int.random(in: -5...1_000, using: &rng), visitor: text(), session: text(),
                subjectKind: [.cookie, .endpoint, .vendor, .purpose].randomElement(using: &rng)!, subject: text(),
                purpose: [nil, .marketing, .statistics].randomElement(using: &rng)!, consentState: text(), consentSource: text(),
                consentRecord: text(), vendor: text(),
                fields: Bool.random(using: &rng) ? [] : [PersonalValue(.email, hashed: true), PersonalValue(.ip, hashed: false)],
                source: text(), line: Int.random(in: 0...100_000, using: &rng), detail: text())
            var bytes: [UInt8] = []
            FindingsCSV.appendRow(f, into: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == CSVEncoding.row(FindingsCSV.cells(f)))
        }
    }

    /// A session's row appended as bytes is `CSVEncoding.row(SessionsCSV.cells(s))`.
    @Test func sessionRowsMatchCells() {
        let ruleIDs = RuleCatalogue.all.map(\.id)
        let sessions = [
            SessionSummary(visitor: "v-1", session: "s-1", start: 1_795_269_336_000, end: 1_795_269_396_250, requests: 4,
                           consentAtStart: "preferences=undecided;statistics=undecided;marketing=undecided",
                           consentAtEnd: "preferences=granted;statistics=granted;marketing=denied",
                           findingsByRule: [ruleIDs[0]: 2, ruleIDs[3]: 1, "not-a-rule": 5]),
            SessionSummary(visitor: "=v,\"2\"", session: "s-2", start: -62_135_596_800_001, end: 253_402_300_800_000,
                           requests: 0, consentAtStart: "", consentAtEnd: "-"),
        ]
        for s in sessions {
            var bytes: [UInt8] = []
            SessionsCSV.appendRow(s, ruleIDs: ruleIDs, into: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == CSVEncoding.row(SessionsCSV.cells(s, ruleIDs: ruleIDs)))
        }
    }
}
