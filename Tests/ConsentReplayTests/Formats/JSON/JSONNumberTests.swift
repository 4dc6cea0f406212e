import Testing
@testable import ConsentReplay

@Suite struct JSONNumberTests {
    typealias Support = JSONTestSupport

    /// (number text, expected Int64 or nil). The Double is checked against `Double(String)`.
    static let cases: [(String, Int64?)] = [
        ("0", 0), ("-0", 0), ("7", 7), ("-42", -42), ("200", 200),
        ("1700000000123", 1_700_000_000_123),
        ("999999999999999999", 999_999_999_999_999_999),
        ("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min),
        ("9223372036854775808", nil), ("-9223372036854775809", nil),
        ("123456789012345678901234567890", nil),
        ("1.0", 1), ("-1.0", -1), ("1e3", 1000), ("1E+2", 100), ("2.5e1", 25),
        ("100e-2", 1), ("0.000001e6", 1), ("12.50e1", 125), ("0.0", 0), ("-0.0e5", 0),
        ("92233720368547758.07e2", Int64.max), ("1e18", 1_000_000_000_000_000_000),
        ("1e19", nil), ("1e1000000000000", nil), ("0e1000000000000", 0),
        ("1.5", nil), ("0.1", nil), ("-1.25e-3", nil), ("1e-1", nil),
        ("1700000000.123456", nil), ("12345678901234567890e-5", nil),
        ("1.7976931348623157e308", nil), ("5e-324", nil), ("2.2250738585072014e-308", nil),
        ("1e400", nil), ("-1e400", nil), ("1e-400", nil),
        ("0.30000000000000004", nil), ("9007199254740993", 9_007_199_254_740_993),
        ("123456789012345.6", nil), ("1.00000000000000000000000000001", nil),
        ("1.000000000000000000000000000000", 1),
    ]

    @Test(arguments: cases)
    func convertsNumbers(text: String, integer: Int64?) throws {
        try Support.withDocument("[" + text + "]") { doc in
            let node = try Support.unwrap(doc.root.flatMap { doc.element(of: $0, at: 0) })
            #expect(node.kind == .number)
            #expect(node.isPlainInteger == !text.contains(where: { ".eE".contains($0) }))
            let (int, double) = (doc.int64(node), doc.double(node))
            #expect(int == integer)
            let expected = try #require(Double(text))
            let value = try #require(double)
            #expect(value == expected && value.sign == expected.sign, "\(text): \(value) vs \(expected)")
        }
    }

    @Test(arguments: [
        ("\"1700000000123\"", Int64?(1_700_000_000_123)), ("\"-5\"", -5), ("\"1.0\"", 1),
        ("\"1e3\"", 1000), ("\" 12\"", nil), ("\"12 \"", nil), ("\"+1\"", nil), ("\"\"", nil),
        ("\"abc\"", nil), ("\"01\"", nil), ("\"1.5\"", nil), ("\"\\u0031\"", nil), ("12", nil),
    ])
    func integersHeldInStrings(text: String, expected: Int64?) throws {
        try Support.withDocument(text) { doc in
            let value = doc.root.flatMap { doc.int64(inString: $0) }
            #expect(value == expected)
        }
    }

    @Test func doublesHeldInStrings() throws {
        try Support.withDocument(#"["0.25","-1e-3","x","1e400",0.5]"#) { doc in
            let values = doc.elements(of: try Support.unwrap(doc.root)).map { doc.double(inString: $0) }
            #expect(values == [0.25, -0.001, nil, .infinity, nil])
        }
    }

    @Test func nonNumbersHaveNoNumericValue() throws {
        try Support.withDocument(#"{"s":"1","t":true,"n":null,"o":{}}"#) { doc in
            let root = try Support.unwrap(doc.root)
            for node in doc.members(of: root).map(\.value) {
                let (int, double) = (doc.int64(node), doc.double(node))
                #expect(int == nil && double == nil)
            }
            let t = doc.member(of: root, key: "t").flatMap { doc.bool($0) }
            let n = doc.member(of: root, key: "n").flatMap { doc.bool($0) }
            #expect(t == true && n == nil)
        }
    }

    /// Random decimals of 1–22 digits with and without exponents, including Caddy-style
    /// epoch seconds with 6–9 fraction digits, all compared bit for bit with `Double(String)`.
    @Test(arguments: [1, 2, 3, 4])
    func doublesRoundLikeTheStandardLibrary(seed: UInt64) throws {
        var random = TestRandom(seed: seed)
        var texts: [String] = []
        for _ in 0..<3000 {
            var digits = String(random.below(9) + 1)
            for _ in 0..<random.below(22) { digits += String(random.below(10)) }
            var text = random.below(4) == 0 ? "-" : ""
            let point = random.below(digits.count + 1)
            if point == 0 || point == digits.count {
                text += digits
            } else {
                text += digits.prefix(point) + "." + digits.dropFirst(point)
            }
            if random.below(3) == 0 { text += "e" + String(random.below(61) - 30) }
            texts.append(text)
            let seconds = 1_600_000_000 + random.below(200_000_000)
            let fraction = String(random.next() % 1_000_000_000)
            texts.append(String(seconds) + "." + String(fraction.prefix(6 + random.below(4))))
        }
        let json = "[" + texts.joined(separator: ",") + "]"
        let values = try Support.withDocument(json) { doc in
            doc.elements(of: try Support.unwrap(doc.root)).map { doc.double($0) }
        }
        try #require(values.count == texts.count)
        var mismatches: [String] = []
        for (text, value) in zip(texts, values) {
            let expected = Double(text)
            if value?.bitPattern != expected?.bitPattern { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    @Test func halfwayCasesRoundToEven() throws {
        // 2^53 + 1 and 2^53 + 3 are exactly halfway between two doubles.
        let texts = ["9007199254740993", "9007199254740995", "9007199254740993.0000000001",
                     "900719925474099.3e1", "18014398509481985", "1.8014398509481985e16",
                     "0.30000000000000004", "1.00000000000000011102230246251565404236316680908203125"]
        let values = try Support.withDocument("[" + texts.joined(separator: ",") + "]") { doc in
            doc.elements(of: try Support.unwrap(doc.root)).map { doc.double($0) }
        }
        #expect(values.map { $0?.bitPattern } == texts.map { Double($0)?.bitPattern })
    }
}
