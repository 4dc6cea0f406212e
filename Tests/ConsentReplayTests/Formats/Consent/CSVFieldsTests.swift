import Testing
@testable import ConsentReplay

/// The line splitter of consent CSV (RFC 4180 quoting) and the trimming of its values, each
/// against a plain reference written a byte (or a character) at a time.
struct CSVFieldsTests {
    /// RFC 4180 on one line, one byte at a time: the reference `CSVFields.split` must agree with.
    static func referenceSplit(_ line: [UInt8], delimiter: UInt8) -> Result<[[UInt8]], CSVFields.Problem> {
        let quote = UInt8(ascii: "\"")
        var fields: [[UInt8]] = []
        var i = 0
        let n = line.count
        while true {
            var field: [UInt8] = []
            if i < n, line[i] == quote {
                i += 1
                var closed = false
                while i < n {
                    if line[i] == quote {
                        if i + 1 < n, line[i + 1] == quote { field.append(quote); i += 2; continue }
                        closed = true
                        i += 1
                        break
                    }
                    field.append(line[i])
                    i += 1
                }
                guard closed else { return .failure(.unterminatedQuote) }
                if i < n, line[i] != delimiter { return .failure(.textAfterQuote) }
            } else {
                while i < n, line[i] != delimiter { field.append(line[i]); i += 1 }
            }
            fields.append(field)
            if i >= n { break }
            i += 1
            if i == n { fields.append([]); break }
        }
        return .success(fields)
    }

    @Test(arguments: [";", ",", "\t"])
    func splitAgreesWithTheReferenceOnRandomLines(delimiter: String) {
        let d = UInt8(ascii: Unicode.Scalar(delimiter) ?? ";")
        // Few distinct bytes, so quotes, doubled quotes, delimiters inside quotes, text after a
        // closing quote and unclosed quotes all come up often.
        let alphabet: [UInt8] = [UInt8(ascii: "\""), d, UInt8(ascii: "a"), UInt8(ascii: " "), 0xC3, 0xA9, UInt8(ascii: "\"")]
        var random = TestRandom(seed: 0xC5F)
        let splitter = CSVFields(delimiter: d)
        for _ in 0..<20_000 {
            let length = random.int(0..<41)
            let line = (0..<length).map { _ in alphabet[random.below(alphabet.count)] }
            let got = line.withUnsafeBufferPointer { splitter.split(line: $0) }
            #expect(got == Self.referenceSplit(line, delimiter: d), "line \(line)")
        }
    }

    @Test(arguments: ["", " ", "a", " a", "a ", "\ta\n", "  two words  ", "\r\n", "x\r\n", " \u{301}x", "x \u{301}",
                      "\n\n", "é ", " ü", "-"])
    func trimmingAgreesWithTheCharacterReading(text: String) {
        var s = Substring(text)
        while let f = s.first, f == " " || f == "\t" || f == "\n" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" { s = s.dropLast() }
        #expect(text.trimmingSpaces() == String(s))
    }
}
