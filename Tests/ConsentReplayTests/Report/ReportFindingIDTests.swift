import Testing
@testable import ConsentReplay

/// Finding ids are the same on every run and machine and differ when any input differs.
struct ReportFindingIDTests {
    /// Fixed values: a change here breaks every nightly job's de-duplication, so it must be
    /// deliberate. (Computed independently: SHA-256 over `len␟value` parts joined by 0x1F.)
    @Test(arguments: [
        ("cookie-respawn", "logs/access.log", 42, "_ga", "4980b6c99f4d33b7"),
        ("cookie-respawn", "logs/access.log", 43, "_ga", "bf6bff4ce218444b"),
        ("tracking-before-consent", "samples/nginx/access.log", 7, "_fbp", "a501eb4ca7fbcaa5"),
    ])
    func knownValues(rule: String, source: String, line: Int, subject: String, id: String) {
        #expect(FindingID.make(rule: rule, source: source, line: line, subject: subject) == id)
    }

    /// The decimal form used inside the id is `String(value)`'s, for every size and sign.
    @Test(arguments: [0, 7, 9, 10, 42, 99_999, 1_000_000, -1, -250, Int.max, Int.min])
    func decimalAsString(value: Int) {
        var digits: [UInt8] = []
        digits.appendDecimal(value)
        #expect(String(decoding: digits, as: UTF8.self) == String(value))
    }

    @Test func sixteenLowercaseHexCharacters() {
        let id = FindingID.make(rule: "r", source: "s", line: 1, subject: "Zürich 🍪")
        #expect(id.count == 16)
        #expect(id.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test func everyInputMatters() {
        let base = FindingID.make(rule: "cookie-respawn", source: "a.log", line: 1, subject: "_ga")
        let variants = [
            FindingID.make(rule: "tracking-before-consent", source: "a.log", line: 1, subject: "_ga"),
            FindingID.make(rule: "cookie-respawn", source: "b.log", line: 1, subject: "_ga"),
            FindingID.make(rule: "cookie-respawn", source: "a.log", line: 2, subject: "_ga"),
            FindingID.make(rule: "cookie-respawn", source: "a.log", line: 1, subject: "_gid"),
        ]
        #expect(Set(variants + [base]).count == 5)
        #expect(FindingID.make(rule: "cookie-respawn", source: "a.log", line: 1, subject: "_ga") == base)
    }

    /// Values that joined with a plain separator would give the same bytes.
    @Test func separatorInsideAValueIsNotAmbiguous() {
        let a = FindingID.make(rule: "r", source: "a\u{1F}1", line: 2, subject: "b")
        let b = FindingID.make(rule: "r", source: "a", line: 1, subject: "2\u{1F}b")
        #expect(a != b)
        #expect(FindingID.make(rule: "r", source: "ab", line: 1, subject: "") != FindingID.make(rule: "r", source: "a", line: 1, subject: "b"))
    }
}
