import Testing
@testable import ConsentReplay

/// What a test expects of one parsed pair.
struct HTTPExpectedCookiePair: Equatable, CustomStringConvertible {
    var name: String
    var value: String
    var quoted = false
    var hasEquals = true

    var description: String { "\(name)=\(value)\(quoted ? " (quoted)" : "")\(hasEquals ? "" : " (no =)")" }
}

func httpParsedCookiePairs(_ header: String) -> [HTTPExpectedCookiePair] {
    withHTTPTestBytes(header) { bytes in
        CookieHeader.pairs(in: bytes).map { pair in
            HTTPExpectedCookiePair(
                name: HTTPBytes.string(pair.name, in: bytes),
                value: HTTPBytes.string(pair.value, in: bytes),
                quoted: pair.isQuoted, hasEquals: pair.hasEquals)
        }
    }
}

@Suite("HTTP Cookie header")
struct HTTPCookieHeaderTests {
    static let cookiebotValue =
        "{stamp:%27abc123XYZ%3D%3D%27%2Cnecessary:true%2Cpreferences:false%2Cstatistics:true"
        + "%2Cmarketing:false%2Cmethod:%27explicit%27%2Cver:1%2Cutc:1700000000000%2Cregion:%27de%27}"

    static let cases: [(String, [HTTPExpectedCookiePair])] = [
        ("_ga=GA1.1.123456789.1700000000; _fbp=fb.1.1700000000123.987654321; CookieConsent=" + cookiebotValue,
         [.init(name: "_ga", value: "GA1.1.123456789.1700000000"),
          .init(name: "_fbp", value: "fb.1.1700000000123.987654321"),
          .init(name: "CookieConsent", value: cookiebotValue)]),
        ("OptanonConsent=isGpcEnabled=0&datestamp=Wed+Nov+22+2023+10%3A00%3A00+GMT%2B0100&groups=C0001%3A1%2CC0002%3A0; OptanonAlertBoxClosed=2023-11-22T09:00:00.000Z",
         [.init(name: "OptanonConsent", value: "isGpcEnabled=0&datestamp=Wed+Nov+22+2023+10%3A00%3A00+GMT%2B0100&groups=C0001%3A1%2CC0002%3A0"),
          .init(name: "OptanonAlertBoxClosed", value: "2023-11-22T09:00:00.000Z")]),
        ("a=\"hello world\"; b=\"\"; c=\"",
         [.init(name: "a", value: "hello world", quoted: true),
          .init(name: "b", value: "", quoted: true),
          .init(name: "c", value: "\"")]),
        ("a=1;;b=2;", [.init(name: "a", value: "1"), .init(name: "b", value: "2")]),
        ("a=1;b=2;c=3", [.init(name: "a", value: "1"), .init(name: "b", value: "2"), .init(name: "c", value: "3")]),
        ("  a = 1 ;\tb=2\t ;  ", [.init(name: "a", value: "1"), .init(name: "b", value: "2")]),
        ("foo; bar=1", [.init(name: "foo", value: "", hasEquals: false), .init(name: "bar", value: "1")]),
        ("a=1; a=2; a=1", [.init(name: "a", value: "1"), .init(name: "a", value: "2"), .init(name: "a", value: "1")]),
        ("lang=café; city=東京", [.init(name: "lang", value: "café"), .init(name: "city", value: "東京")]),
        ("token=a=b=c", [.init(name: "token", value: "a=b=c")]),
        ("=nameless; x=", [.init(name: "", value: "nameless"), .init(name: "x", value: "")]),
        ("a=1, b=2", [.init(name: "a", value: "1, b=2")]),
        ("", []),
        (";", []),
        (" ; ;; ", []),
        ("-", [.init(name: "-", value: "", hasEquals: false)]),
    ]

    @Test(arguments: cases)
    func parsesRealWorldHeaders(header: String, expected: [HTTPExpectedCookiePair]) {
        #expect(httpParsedCookiePairs(header) == expected)
    }

    @Test func closureFormMatchesIterator() {
        let header = "_ga=GA1.1.1.2; _gid=GA1.1.3.4; x"
        withHTTPTestBytes(header) { bytes in
            var viaClosure: [CookieHeader.Pair] = []
            CookieHeader.forEachPair(in: bytes) { viaClosure.append($0) }
            #expect(viaClosure == Array(CookieHeader.pairs(in: bytes)))
            #expect(viaClosure.count == 3)
        }
    }

    @Test func rangesAreOffsetsIntoTheWholeLine() {
        let line = #"1.2.3.4 - - "GET / HTTP/1.1" "a=1; b=22""#
        withHTTPTestBytes(line) { bytes in
            let start = Array(line.utf8).firstIndex(of: UInt8(ascii: "a")) ?? 0
            let field = start..<(bytes.count - 1)
            let pairs = Array(CookieHeader.pairs(in: bytes, range: field))
            #expect(pairs.count == 2)
            #expect(pairs.first?.name == start..<(start + 1))
            #expect(pairs.last.map { HTTPBytes.string($0.value, in: bytes) } == "22")
        }
    }

    @Test func rangeOutsideTheBufferIsClamped() {
        withHTTPTestBytes("a=1") { bytes in
            #expect(Array(CookieHeader.pairs(in: bytes, range: 0..<100)).count == 1)
            #expect(Array(CookieHeader.pairs(in: bytes, range: 50..<100)).isEmpty)
        }
    }

    @Test func firstPairNamedIsCaseSensitive() {
        withHTTPTestBytes("_GA=x; _ga=GA1.1.42.43; _ga=second") { bytes in
            let pair = CookieHeader.firstPair(named: "_ga", in: bytes)
            #expect(pair.map { HTTPBytes.string($0.value, in: bytes) } == "GA1.1.42.43")
            #expect(CookieHeader.firstPair(named: "_gid", in: bytes) == nil)
        }
    }

    @Test func nonUTF8BytesAreData() {
        let bytes: [UInt8] = Array("a=".utf8) + [0xFF, 0xC3] + Array("; b=2".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            let pairs = Array(CookieHeader.pairs(in: buffer))
            #expect(pairs.count == 2)
            #expect(pairs.first?.value == 2..<4)
        }
    }
}

/// The pair splitter scans values eight bytes at a time; it must split every header exactly
/// as the plain rule does (pairs end at `;`, the name at the first `=`), whatever the lengths
/// and wherever a range starts or ends inside a word.
@Suite("HTTP Cookie header: word scan")
struct HTTPCookieHeaderWordScanTests {
    /// The rule, byte by byte: (name, value, hasEquals) of each non-empty pair, trimmed.
    static func reference(_ bytes: [UInt8]) -> [[UInt8]] {
        func trimmed(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
            var s = s
            while let f = s.first, f == 0x20 || f == 0x09 { s = s.dropFirst() }
            while let l = s.last, l == 0x20 || l == 0x09 { s = s.dropLast() }
            return s
        }
        var out: [[UInt8]] = []
        for item in bytes.split(separator: ASCII.semicolon, omittingEmptySubsequences: false) {
            let pair = trimmed(item)
            guard !pair.isEmpty else { continue }
            guard let eq = pair.firstIndex(of: ASCII.equals) else { out.append(Array(pair) + [0, 0]); continue }
            var value = trimmed(pair[(eq + 1)...])
            var quoted: UInt8 = 0
            if value.count >= 2, value.first == ASCII.quote, value.last == ASCII.quote {
                value = value.dropFirst().dropLast()
                quoted = 1
            }
            out.append(Array(trimmed(pair[..<eq])) + [0] + Array(value) + [0, 1, quoted])
        }
        return out
    }

    @Test func sameAsTheByteRule() {
        let alphabet: [UInt8] = Array("ab=;; \t\"=x;".utf8)
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let header = (0..<Int.random(in: 0...70, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? 0 }
            // A prefix and suffix outside the range, so the range starts and ends mid-word.
            let pad = Int.random(in: 0...9, using: &rng)
            let line = [UInt8](repeating: ASCII.semicolon, count: pad) + header + [UInt8](repeating: UInt8(ascii: "z"), count: pad)
            let found: [[UInt8]] = line.withUnsafeBufferPointer { b in
                CookieHeader.pairs(in: b, range: pad..<(pad + header.count)).map { p in
                    guard p.hasEquals else { return Array(b[p.name]) + [0, 0] }
                    return Array(b[p.name]) + [0] + Array(b[p.value]) + [0, 1, p.isQuoted ? 1 : 0]
                }
            }
            #expect(found == Self.reference(header), "\(String(decoding: header, as: UTF8.self))")
        }
    }
}
