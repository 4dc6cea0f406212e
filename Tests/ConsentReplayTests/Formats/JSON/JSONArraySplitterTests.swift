import Foundation
import Testing
@testable import ConsentReplay

@Suite struct JSONArraySplitterTests {
    typealias Support = JSONTestSupport

    /// Elements as `gcloud logging read --format=json` prints them (two-space indent), plus
    /// the awkward cases: brackets, braces and quotes inside strings, escaped quotes and
    /// backslashes (also right before a closing quote), raw and escaped non-ASCII, scalars.
    static let elements: [String] = [
        #"""
        {
          "httpRequest": {
            "remoteIp": "203.0.113.9",
            "requestMethod": "GET",
            "requestUrl": "https://shop.example/checkout?x=[1]&y={2}",
            "status": 200,
            "userAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"
          },
          "insertId": "1a2b3c4d5e",
          "jsonPayload": {
            "cookies": [
              "_ga=GA1.1.1.2",
              "consent={\"ad_storage\":\"denied\"}"
            ],
            "message": "he said \"]\" and left \\"
          },
          "labels": {},
          "timestamp": "2024-03-01T10:15:30.123456Z"
        }
        """#,
        #"""
        {
          "textPayload": "} ] , [ { \" \\\" \\",
          "tricky": "\\",
          "also": "\\\\\"",
          "unicode": "caf\u00e9 \ud83c\udf6a café 🍪",
          "empty": ""
        }
        """#,
        #"""
        [
          1,
          "x]",
          {
            "y": []
          }
        ]
        """#,
        "42",
        #""just a string with ] and \" and [ inside""#,
        "true",
        "null",
        "-1.5e3",
        "{}",
        "[]",
        #"""
        {
          "severity": "WARNING",
          "resource": {
            "labels": {
              "project_id": "shop-prod"
            },
            "type": "http_load_balancer"
          }
        }
        """#,
    ]

    /// The pretty-printed array and, for each element, its bytes and 1-based start line,
    /// computed while building the text (independently of the splitter).
    static func fixture(_ elements: [String] = elements) -> (text: [UInt8], oracle: [([UInt8], Int)]) {
        var text: [UInt8] = Array("[\n".utf8)
        var line = 2
        var oracle: [([UInt8], Int)] = []
        for (index, element) in elements.enumerated() {
            let indented = Array(element.split(separator: "\n", omittingEmptySubsequences: false)
                .joined(separator: "\n  ").utf8)
            text += Array("  ".utf8)
            oracle.append((indented, line))
            text += indented
            text += Array((index + 1 < elements.count ? ",\n" : "\n").utf8)
            line += 1 + indented.filter { $0 == 0x0A }.count
        }
        text += Array("]\n".utf8)
        return (text, oracle)
    }

    static let chunkSizes = [1, 2, 3, 7, 64, 4096, Int.max]

    @Test(arguments: chunkSizes)
    func splitsPrettyPrintedArrayInAnyChunkSize(chunkSize: Int) throws {
        let (text, oracle) = Self.fixture()
        let result = Support.split(text, chunkSize: chunkSize)
        #expect(result.error == nil)
        try #require(result.elements.count == oracle.count)
        for (index, element) in result.elements.enumerated() {
            #expect(element.bytes == oracle[index].0, "element \(index)")
            #expect(element.line == oracle[index].1, "element \(index)")
            #expect(Array(text[element.offset..<element.offset + element.bytes.count]) == element.bytes)
        }
    }

    @Test func elementsAgreeWithJSONSerializationOfTheWholeArray() throws {
        let (text, _) = Self.fixture()
        let whole = try #require(try JSONSerialization.jsonObject(with: Data(text)) as? [Any])
        let result = Support.split(text, chunkSize: 5)
        try #require(result.elements.count == whole.count)
        for (index, element) in result.elements.enumerated() {
            let single = try JSONSerialization.jsonObject(with: Data(element.bytes), options: [.fragmentsAllowed])
            #expect(JSONOracleTests.tree(single) == JSONOracleTests.tree(whole[index]), "element \(index)")
            // And every element parses with the tape.
            #expect(Support.syntaxError(element.bytes) == nil, "element \(index)")
        }
    }

    @Test(arguments: chunkSizes)
    func truncatedArrayReportsTheUnfinishedElement(chunkSize: Int) throws {
        let (text, oracle) = Self.fixture()
        // Cut in the middle of the element at index 1 (inside a string) and index 10.
        for broken in [1, 10] {
            let (bytes, line) = oracle[broken]
            let start = try #require(Self.range(of: bytes, in: text)).lowerBound
            for cut in [start + 1, start + bytes.count / 2, start + bytes.count - 1] {
                let result = Support.split(Array(text[..<cut]), chunkSize: chunkSize)
                #expect(result.elements.map(\.bytes) == oracle[..<broken].map(\.0))
                let error = try #require(result.error)
                #expect(error.reason == .truncatedElement)
                #expect(error.line == line)
                #expect(error.offset == start)
            }
        }
    }

    @Test(arguments: chunkSizes)
    func arrayWithoutClosingBracket(chunkSize: Int) throws {
        let (text, oracle) = Self.fixture()
        let closing = try #require(text.lastIndex(of: UInt8(ascii: "]")))
        let result = Support.split(Array(text[..<closing]), chunkSize: chunkSize)
        #expect(result.elements.count == oracle.count)
        #expect(result.error?.reason == .missingClosingBracket)
        // After a comma, too.
        let afterComma = Support.split(Array("[\n  {\"a\": 1},\n".utf8), chunkSize: chunkSize)
        #expect(afterComma.elements.count == 1)
        #expect(afterComma.error?.reason == .missingClosingBracket)
        #expect(afterComma.error?.line == 3)
    }

    @Test(arguments: ["[]", "[]\n", "  [\n\n  ]\r\n", "[ ]"])
    func emptyArray(text: String) {
        for chunkSize in Self.chunkSizes {
            let result = Support.split(Array(text.utf8), chunkSize: chunkSize)
            #expect(result.elements.isEmpty)
            #expect(result.error == nil)
        }
    }

    @Test func byteOrderMarkAtTheStartIsSkipped() {
        let text: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("[\n  {\"a\": 1}\n]\n".utf8)
        for chunkSize in Self.chunkSizes {
            let result = Support.split(text, chunkSize: chunkSize)
            #expect(result.error == nil)
            #expect(result.elements.map(\.line) == [2])
        }
        // Only at the very start.
        let late = Support.split(Array(" ".utf8) + [0xEF, 0xBB, 0xBF] + Array("[]".utf8), chunkSize: 1)
        #expect(late.error?.reason == .notAnArray(found: 0xEF))
    }

    @Test func bracketsAndQuotesInsideStrings() throws {
        let text = #"[{"a":"]"},"]",{"b":"\"]\""},{"c":["\\",{"d":"}\\\""}]}]"#
        let expected = [#"{"a":"]"}"#, #""]""#, #"{"b":"\"]\""}"#, #"{"c":["\\",{"d":"}\\\""}]}"#]
        for chunkSize in Self.chunkSizes {
            let result = Support.split(Array(text.utf8), chunkSize: chunkSize)
            #expect(result.error == nil)
            #expect(result.elements.map { String(decoding: $0.bytes, as: UTF8.self) } == expected)
            #expect(result.elements.map(\.line) == [1, 1, 1, 1])
        }
    }

    /// (input, reason, line, elements yielded before the error)
    static let garbage: [(String, JSONArraySplitError.Reason, Int, Int)] = [
        ("", .emptyInput, 1, 0),
        ("\n\n", .emptyInput, 3, 0),
        (#"{"a":1}"#, .notAnArray(found: UInt8(ascii: "{")), 1, 0),
        ("[\n{\"a\":1}\nx\n{\"b\":2}]", .unexpectedByteAfterElement(UInt8(ascii: "x")), 3, 1),
        ("[1 2]", .unexpectedByteAfterElement(UInt8(ascii: "2")), 1, 1),
        ("[1,\n]", .trailingComma, 2, 1),
        ("[,1]", .invalidElementStart(UInt8(ascii: ",")), 1, 0),
        ("[1,}", .invalidElementStart(UInt8(ascii: "}")), 1, 1),
        ("[1]\n[2]", .trailingData, 2, 1),
        ("[\"abc", .truncatedElement, 1, 0),
        ("[\n  1,\n  2", .truncatedElement, 3, 1),
        ("[\n  \"a\\", .truncatedElement, 2, 0),
        ("[", .missingClosingBracket, 1, 0),
    ]

    @Test(arguments: garbage)
    func reportsGarbageWithLine(input: String, reason: JSONArraySplitError.Reason, line: Int, before: Int) {
        for chunkSize in Self.chunkSizes {
            let result = Support.split(Array(input.utf8), chunkSize: chunkSize)
            #expect(result.elements.count == before, "chunk size \(chunkSize)")
            #expect(result.error?.reason == reason, "chunk size \(chunkSize)")
            #expect(result.error?.line == line, "chunk size \(chunkSize)")
        }
    }

    @Test func errorsAreStickyAndDescriptive() throws {
        var splitter = JSONArraySplitter()
        let bytes = Array("[1] x".utf8)
        var seen = 0
        bytes.withUnsafeBufferPointer { buffer in
            #expect(throws: JSONArraySplitError.self) {
                try splitter.feed(buffer) { _ in seen += 1 }
            }
            #expect(throws: JSONArraySplitError.self) {
                try splitter.feed(buffer) { _ in seen += 1 }
            }
        }
        #expect(seen == 1)
        #expect(throws: JSONArraySplitError.self) { try splitter.finish() }

        let truncated = Support.split(Array("[\n  {\"a\": [1,\n".utf8), chunkSize: 3)
        #expect(truncated.error?.description
            == "line 2: input ends inside the array element that starts here (truncated file?)")
    }

    @Test func errorsFromTheCallbackPropagate() throws {
        struct Stop: Error {}
        var splitter = JSONArraySplitter()
        let bytes = Array("[1,2,3]".utf8)
        var seen: [Int] = []
        #expect(throws: Stop.self) {
            try bytes.withUnsafeBufferPointer { buffer in
                try splitter.feed(buffer) { element in
                    seen.append(element.line)
                    if seen.count == 2 { throw Stop() }
                }
            }
        }
        #expect(seen == [1, 1])
    }

    @Test func largeElementsSpanningManyChunksKeepMemoryBounded() throws {
        // 200 elements of ~10 KB each, fed in 1000-byte chunks.
        let big = "{\"payload\": \"" + String(repeating: "a\\\"]}", count: 2000) + "\"}"
        let (text, oracle) = Self.fixture(Array(repeating: big, count: 200))
        var splitter = JSONArraySplitter()
        var count = 0
        var start = 0
        while start < text.count {
            let end = min(start + 1000, text.count)
            try Array(text[start..<end]).withUnsafeBufferPointer { buffer in
                try splitter.feed(buffer) { element in
                    #expect(element.bytes.count == oracle[count].0.count)
                    #expect(element.line == oracle[count].1)
                    count += 1
                }
            }
            start = end
        }
        try splitter.finish()
        #expect(count == 200)
        #expect(splitter.pending.capacity < 4 * big.utf8.count)
        #expect(splitter.bytesConsumed == text.count)
    }

    static func range(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<start + needle.count].elementsEqual(needle) {
            return start..<start + needle.count
        }
        return nil
    }
}
