import Testing
@testable import ConsentReplay

@Suite struct JSONSyntaxErrorTests {
    typealias Support = JSONTestSupport
    typealias Reason = JSONSyntaxError.Reason

    /// (input, reason, byte offset)
    static let cases: [(String, Reason, Int)] = [
        ("", .emptyInput, 0),
        ("  \r\n", .emptyInput, 4),
        // unexpected end
        (#"{"a""#, .unexpectedEnd, 4),
        (#"{"a":"#, .unclosedObject(openedAt: 0), 5),
        (#"{"a":1"#, .unclosedObject(openedAt: 0), 6),
        (#"{"a":1,"#, .unclosedObject(openedAt: 0), 7),
        ("[1,2", .unclosedArray(openedAt: 0), 4),
        (#"{"x":[{"y":[]}"#, .unclosedArray(openedAt: 5), 14),
        ("[[[[[[[[[[", .unclosedArray(openedAt: 9), 10),   // needs more entries than estimated
        ("{", .unclosedObject(openedAt: 0), 1),
        // strings
        (#"{"a":"abc"#, .unterminatedString, 5),
        (#"{"a":"abc\"}"#, .unterminatedString, 5),
        (#""abc\"#, .unterminatedString, 0),
        (#""\u12"#, .unterminatedString, 0),
        ("\"tab\there\"", .controlCharacterInString, 4),
        ("\"line\nbreak\"", .controlCharacterInString, 5),
        ("\"nul\u{0}\"", .controlCharacterInString, 4),
        (#""bad \x escape""#, .invalidEscape, 5),
        (#""bad \u12G4""#, .invalidEscape, 5),
        (#""\U0041""#, .invalidEscape, 1),
        // numbers
        ("-", .invalidNumber, 0),
        ("01", .invalidNumber, 0),
        ("-01", .invalidNumber, 0),
        ("1.", .invalidNumber, 0),
        ("[1.e5]", .invalidNumber, 1),
        ("1e", .invalidNumber, 0),
        ("1e+", .invalidNumber, 0),
        ("1.5.2", .invalidNumber, 0),
        ("[12abc]", .invalidNumber, 1),
        ("-a", .invalidNumber, 0),
        ("0x10", .invalidNumber, 0),
        (".5", .unexpectedByte(UInt8(ascii: "."), expected: .value), 0),
        ("+1", .unexpectedByte(UInt8(ascii: "+"), expected: .value), 0),
        // literals
        ("tru", .invalidLiteral, 0),
        ("truex", .invalidLiteral, 0),
        ("[nul]", .invalidLiteral, 1),
        ("fals", .invalidLiteral, 0),
        ("True", .unexpectedByte(UInt8(ascii: "T"), expected: .value), 0),
        // structure
        (#"{"a" 1}"#, .unexpectedByte(UInt8(ascii: "1"), expected: .colon), 5),
        ("{1:2}", .unexpectedByte(UInt8(ascii: "1"), expected: .keyOrObjectEnd), 1),
        (#"{"a":1,}"#, .unexpectedByte(UInt8(ascii: "}"), expected: .key), 7),
        (#"{"a":1 "b":2}"#, .unexpectedByte(UInt8(ascii: "\""), expected: .commaOrObjectEnd), 7),
        ("[1,]", .unexpectedByte(UInt8(ascii: "]"), expected: .value), 3),
        ("[1 2]", .unexpectedByte(UInt8(ascii: "2"), expected: .commaOrArrayEnd), 3),
        ("[1}", .unexpectedByte(UInt8(ascii: "}"), expected: .commaOrArrayEnd), 2),
        (#"{"a":1]"#, .unexpectedByte(UInt8(ascii: "]"), expected: .commaOrObjectEnd), 6),
        ("[,1]", .unexpectedByte(UInt8(ascii: ","), expected: .value), 1),
        ("'a'", .unexpectedByte(UInt8(ascii: "'"), expected: .value), 0),
        // trailing data
        (#"{"a":1} x"#, .trailingData, 8),
        (#"{"a":1}{}"#, .trailingData, 7),
        ("1 2", .trailingData, 2),
        ("[]\r\n]", .trailingData, 4),
    ]

    @Test(arguments: cases)
    func reportsReasonAndOffset(input: String, reason: Reason, offset: Int) throws {
        let error = try #require(Support.syntaxError(input))
        #expect(error.reason == reason)
        #expect(error.offset == offset)
    }

    @Test func messagesNameTheProblemAndTheByte() {
        let messages: [(String, String)] = [
            (#"{"ua":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 ("#, "unterminated string at byte 6"),
            (#"{"status":200}   {"#, "trailing data after value at byte 17"),
            ("[1,2", "unexpected end at byte 4: array opened at byte 0 is not closed"),
            (#"{"a""#, "unexpected end at byte 4"),
            ("[01]", "invalid number at byte 1"),
            ("[1 2]", "unexpected '2' at byte 3, expected ',' or ']'"),
            ("[\u{7}]", "unexpected 0x07 at byte 1, expected a value"),
            ("\"a\u{1}\"", "unescaped control character in string at byte 2"),
            ("", "empty input, no JSON value"),
        ]
        for (input, message) in messages {
            #expect(Support.syntaxError(input)?.description == message)
        }
    }

    @Test func invalidInputNeverLeavesAHalfFilledTape() throws {
        var tape = JSONTape()
        let good = Array(#"{"a":[1,2,3]}"#.utf8)
        try good.withUnsafeBufferPointer { try tape.parse($0) }
        for (input, _, _) in Self.cases {
            let bytes = Array(input.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                #expect(throws: JSONSyntaxError.self) { try tape.parse(buffer) }
                #expect(tape.withDocument(buffer) { $0.root } == nil)
            }
        }
    }

    @Test func everyPrefixOfAValidLineFailsCleanly() throws {
        let line = Array((JSONTapeTests.caddyLine + #"{"e":"\u00e9\ud83c\udf6a","n":-1.5e-3}"#).utf8)
        // The full line has trailing data; each proper prefix of the Caddy line is incomplete.
        let caddy = Array(JSONTapeTests.caddyLine.utf8)
        for cut in 0..<caddy.count {
            let error = Support.syntaxError(Array(caddy[..<cut]))
            #expect(error != nil, "prefix of \(cut) bytes parsed")
        }
        #expect(Support.syntaxError(line)?.reason == .trailingData)
    }
}
