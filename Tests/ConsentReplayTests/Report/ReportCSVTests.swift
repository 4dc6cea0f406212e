import Testing
@testable import ConsentReplay

/// RFC 4180 quoting and formula-injection neutralisation of every CSV the tool writes.
struct ReportCSVTests {
    @Test(arguments: [
        // Formula prefixes (OWASP CSV injection): a leading apostrophe.
        ("=1+1", "'=1+1"),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("-x", "'-x"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "\"'\rcmd\""),
        ("=cmd|' /C calc'!A0,x", "\"'=cmd|' /C calc'!A0,x\""),
        ("=HYPERLINK(\"http://evil.example\")", "\"'=HYPERLINK(\"\"http://evil.example\"\")\""),
        // RFC 4180 quoting only.
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("\"=1\"", "\"\"\"=1\"\"\""),
        ("a,b", "\"a,b\""),
        ("line1\nline2", "\"line1\nline2\""),
        ("line1\r\nline2", "\"line1\r\nline2\""),
        // Left alone.
        ("Zürich – 東京 🍪", "Zürich – 東京 🍪"),
        ("a=b", "a=b"),
        ("statistics=granted;marketing=denied", "statistics=granted;marketing=denied"),
        ("GA1.1.123.456", "GA1.1.123.456"),
        ("", ""),
    ])
    func textCell(raw: String, encoded: String) {
        #expect(CSVCell.text(raw).encoded == encoded)
    }

    @Test(arguments: [(0, "0"), (42, "42"), (-3, "-3"), (Int.max, "9223372036854775807")])
    func numberCellsAreNeverNeutralised(value: Int, encoded: String) {
        #expect(CSVCell.int(value).encoded == encoded)
    }

    @Test func rowsEndWithCRLF() {
        #expect(CSVEncoding.row([.text("a"), .int(1), .text("b,c")]) == "a,1,\"b,c\"\r\n")
        #expect(CSVEncoding.header(["x", "y"]) == "x,y\r\n")
        #expect(CSVEncoding.row([]) == "\r\n")
    }

    /// A row read back by an RFC 4180 reader (the one the consent-record parser uses) gives the
    /// cells, neutralised, whatever they hold.
    @Test func rowsReadBack() {
        let cells = ["=1+1", "a,b", "say \"hi\"", "x\ny", "\rcr", "\ttab", "plain", "", "Zürich", "-", "@"]
        let text = CSVEncoding.row(cells.map { .text($0) }) + CSVEncoding.row([.text("next")])
        let records = CSVFields(delimiter: UInt8(ascii: ",")).records(in: Array(text.utf8))
        #expect(records.count == 2)
        #expect(records.first?.fields.map { String(decoding: $0, as: UTF8.self) } == cells.map(CSVEncoding.neutralised))
        #expect(records.last?.fields.map { String(decoding: $0, as: UTF8.self) } == ["next"])
        #expect(records.last?.line == 3)
    }
}
