import Testing
@testable import ConsentReplay

@Suite struct JSONStringTests {
    typealias Support = JSONTestSupport

    /// (escaped JSON string literal including quotes, expected decoded text)
    static let decodingCases: [(String, String)] = [
        (#""plain ascii""#, "plain ascii"),
        (#""""#, ""),
        (#""say \"hi\" to C:\\temp\\""#, #"say "hi" to C:\temp\"#),
        (#""\/\b\f\n\r\t""#, "/\u{08}\u{0C}\n\r\t"),
        (#""caf\u00e9 / CAF\u00C9""#, "café / CAFÉ"),
        (#""\u20ac 5""#, "€ 5"),
        (#""cookie \ud83c\udf6a!""#, "cookie 🍪!"),
        (#""\uD83D\uDE00\uD83D\uDE00""#, "😀😀"),
        (#""lone \ud800 high""#, "lone \u{FFFD} high"),
        (#""lone \udc00 low""#, "lone \u{FFFD} low"),
        (#""\ud800\u0041""#, "\u{FFFD}A"),
        (#""\ud800\ud83c\udf6a""#, "\u{FFFD}🍪"),
        (#""end \ud800""#, "end \u{FFFD}"),
        (#""\udf6a\ud83c""#, "\u{FFFD}\u{FFFD}"),
        (#""nul \u0000 byte""#, "nul \u{0} byte"),
        (#""raw utf-8 é 🍪 stays""#, "raw utf-8 é 🍪 stays"),
        (#""\\u00e9 is not an escape""#, #"\u00e9 is not an escape"#),
    ]

    @Test(arguments: decodingCases)
    func decodesEscapes(literal: String, expected: String) throws {
        try Support.withDocument(literal) { doc in
            let node = try Support.unwrap(doc.root)
            #expect(node.kind == .string)
            #expect(node.hasEscapes == literal.contains("\\"))
            let text = doc.string(node)
            var bytes: [UInt8] = [0x3E]   // appends after existing content
            let appended = doc.appendString(node, to: &bytes)
            let valid = doc.isValidUTF8(node)
            #expect(text == expected)
            #expect(appended && bytes == [0x3E] + Array(expected.utf8))
            #expect(valid)
        }
        // The same text used as a key is found by its decoded bytes.
        let found = try Support.withDocument("{" + literal + ":1}") { doc in
            doc.root.flatMap { doc.member(of: $0, key: Array(expected.utf8)) } != nil
        }
        #expect(found)
    }

    @Test func rawBytesRangeExcludesQuotes() throws {
        try Support.withDocument(#"  "a\nb"  "#) { doc in
            let node = try Support.unwrap(doc.root)
            #expect(node.byteRange == 3..<7)
            let raw = doc.withRawBytes(of: node) { Array($0) }
            #expect(raw == Array(#"a\nb"#.utf8))
        }
    }

    @Test func invalidUTF8IsAcceptedReportedAndReplaced() throws {
        // {"ua":"a<FF>b<C3>","ok":"é"}  — a stray byte and a truncated 2-byte sequence
        let bytes: [UInt8] = Array(#"{"ua":"a"#.utf8) + [0xFF] + Array("b".utf8) + [0xC3]
            + Array(#"","ok":"é"}"#.utf8)
        try Support.withDocument(bytes) { doc in
            let root = try Support.unwrap(doc.root)
            let ua = try Support.unwrap(doc.member(of: root, key: "ua"))
            let ok = try Support.unwrap(doc.member(of: root, key: "ok"))
            var raw: [UInt8] = []
            doc.appendString(ua, to: &raw)
            let results = (doc.isValidUTF8(ua), doc.string(ua), doc.isValidUTF8(ok), doc.isValidUTF8())
            #expect(results.0 == false)
            #expect(results.1 == "a\u{FFFD}b\u{FFFD}")
            #expect(raw == [0x61, 0xFF, 0x62, 0xC3])
            #expect(results.2 == true)
            #expect(results.3 == false)
        }
        // Escapes plus invalid bytes take the slow path and are still repaired.
        let mixed: [UInt8] = Array(#""\n"#.utf8) + [0xE2, 0x82] + Array(#"\u00e9""#.utf8)
        try Support.withDocument(mixed) { doc in
            let node = try Support.unwrap(doc.root)
            let (text, valid) = (doc.string(node), doc.isValidUTF8(node))
            #expect(text == "\n\u{FFFD}é")
            #expect(!valid)
        }
    }

    /// Well-formedness per the Unicode standard's table of valid byte sequences.
    static let utf8Cases: [([UInt8], Bool)] = [
        ([0x41], true),
        ([0xC2, 0x80], true), ([0xC1, 0xBF], false),            // overlong 2-byte
        ([0xE0, 0xA0, 0x80], true), ([0xE0, 0x9F, 0xBF], false),  // overlong 3-byte
        ([0xED, 0x9F, 0xBF], true), ([0xED, 0xA0, 0x80], false),  // encoded surrogate
        ([0xEF, 0xBF, 0xBD], true),
        ([0xF0, 0x90, 0x80, 0x80], true), ([0xF0, 0x8F, 0xBF, 0xBF], false),
        ([0xF4, 0x8F, 0xBF, 0xBF], true), ([0xF4, 0x90, 0x80, 0x80], false),  // > U+10FFFF
        ([0xF5, 0x80, 0x80, 0x80], false), ([0x80], false), ([0xE2, 0x82], false),
        ([0xE2, 0x28, 0xA1], false),
        (Array("0123456789abcdef é 🍪 end".utf8), true),
    ]

    @Test(arguments: utf8Cases)
    func utf8Validation(content: [UInt8], valid: Bool) throws {
        let bytes = [0x22] + content + [0x22]
        try Support.withDocument(bytes) { doc in
            let node = try Support.unwrap(doc.root)
            let (isValid, text) = (doc.isValidUTF8(node), doc.string(node))
            #expect(isValid == valid)
            // String repair agrees with the standard library's own validation.
            let repaired = String(decoding: content, as: UTF8.self)
            #expect(text == repaired)
            #expect(repaired.utf8.elementsEqual(content) == valid)
        }
    }

    /// Long ASCII runs are skipped 32 and 8 bytes at a time: sequences of every kind, valid or
    /// not, placed at every offset of texts up to 200 bytes, are judged as the standard library
    /// judges them.
    @Test func utf8ValidationAtEveryOffset() {
        var random = TestRandom(seed: 23)
        let sequences = Self.utf8Cases.map(\.0) + [[0x80], [0xC3], [0xF0, 0x9F, 0x8D], [0xFF]]
        for _ in 0..<5_000 {
            var bytes = (0..<random.int(0..<200)).map { _ in UInt8(0x20 + random.int(0..<95)) }
            for _ in 0..<random.int(0..<3) {
                let at = random.int(0..<(bytes.count + 1))
                bytes.insert(contentsOf: sequences[random.int(0..<sequences.count)], at: at)
            }
            let expected = String(decoding: bytes, as: UTF8.self).utf8.elementsEqual(bytes)
            #expect(bytes.withUnsafeBufferPointer(JSONStrings.isValidUTF8) == expected, "\(bytes)")
            #expect(bytes.withUnsafeBufferPointer { $0.isValidUTF8() } == expected)
        }
    }

    @Test func looseKeyMatchingFoldsCaseAndDropsPunctuation() throws {
        let text = #"{"X-Forwarded-For":1,"content_type":2,"Sec-CH-UA-Mobile":3,"DNT":4,"x\u002dreal\u002dip":5}"#
        try Support.withDocument(text) { doc in
            let root = try Support.unwrap(doc.root)
            let cases: [(StaticString, Int64?)] = [
                ("x-forwarded-for", 1), ("XForwardedFor", 1), ("x_forwarded_for", 1),
                ("Content-Type", 2), ("contenttype", 2), ("sec_ch_ua_mobile", 3),
                ("dnt", 4), ("X-Real-IP", 5), ("x-forwarded", nil), ("content-types", nil),
            ]
            for (key, expected) in cases {
                let found = doc.member(of: root, keyIgnoringCaseAndPunctuation: key).flatMap { doc.int64($0) }
                #expect(found == expected, "\(key)")
            }
        }
    }
}
