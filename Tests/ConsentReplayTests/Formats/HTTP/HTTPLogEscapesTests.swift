import Testing
@testable import ConsentReplay

func httpDecodeLogEscapes(_ text: String) -> [UInt8] {
    withHTTPTestBytes(text) { bytes in
        var output: [UInt8] = []
        LogEscapes.decode(bytes, into: &output)
        return output
    }
}

@Suite("HTTP access-log escapes")
struct HTTPLogEscapesTests {
    static let cases: [(String, [UInt8])] = [
        // nginx escape=default
        (#"GET /?q=\x22hi\x22 HTTP/1.1"#, Array(#"GET /?q="hi" HTTP/1.1"#.utf8)),
        (#"C:\x5Cpath"#, Array(#"C:\path"#.utf8)),
        (#"caf\xC3\xA9"#, Array("café".utf8)),
        (#"a\x0Ab\x7F"#, Array("a\nb".utf8) + [0x7F]),
        (#"CookieConsent={stamp:\x27abc\x27}"#, Array("CookieConsent={stamp:'abc'}".utf8)),
        // Apache
        (#"Mozilla \"quoted\" \\ end"#, Array(#"Mozilla "quoted" \ end"#.utf8)),
        (#"\n\r\t\b\v\f"#, [0x0A, 0x0D, 0x09, 0x08, 0x0B, 0x0C]),
        (#"caf\xc3\xa9"#, Array("café".utf8)),
        // Invalid escapes stay literal.
        (#"\x4"#, Array(#"\x4"#.utf8)),
        (#"\x4g"#, Array(#"\x4g"#.utf8)),
        (#"\xg4"#, Array(#"\xg4"#.utf8)),
        (#"\x"#, Array(#"\x"#.utf8)),
        (#"\q"#, Array(#"\q"#.utf8)),
        (#"end\"#, Array(#"end\"#.utf8)),
        (#"\\x41"#, Array(#"\x41"#.utf8)),  // an escaped backslash, then literal text
        (#"\\\x41"#, Array(#"\A"#.utf8)),
        ("plain text, no escapes", Array("plain text, no escapes".utf8)),
        ("", []),
    ]

    @Test(arguments: cases)
    func decodesIntoAnArray(input: String, expected: [UInt8]) {
        #expect(httpDecodeLogEscapes(input) == expected)
    }

    @Test(arguments: cases)
    func decodesIntoABufferAndInPlace(input: String, expected: [UInt8]) {
        var bytes = Array(input.utf8)
        let copied = bytes.withUnsafeBufferPointer { source in
            var room = [UInt8](repeating: 0, count: source.count + 3)
            let count = room.withUnsafeMutableBufferPointer { LogEscapes.decode(source, into: $0) }
            return count.map { Array(room.prefix($0)) }
        }
        #expect(copied == expected)
        let inPlace = bytes.withUnsafeMutableBufferPointer { LogEscapes.decodeInPlace($0) }
        #expect(Array(bytes.prefix(inPlace)) == expected)
        #expect(inPlace <= input.utf8.count)
    }

    @Test func appendsToExistingContents() {
        withHTTPTestBytes(#"\x41"#) { bytes in
            var output = Array("x".utf8)
            LogEscapes.decode(bytes, into: &output)
            #expect(output == Array("xA".utf8))
        }
    }

    @Test func bufferDecodeRefusesAShortOutput() {
        withHTTPTestBytes(#"\x41"#) { bytes in
            var room = [UInt8](repeating: 0, count: 1)
            #expect(room.withUnsafeMutableBufferPointer { LogEscapes.decode(bytes, into: $0) } == nil)
        }
    }

    static let backslashPositions: [Int] = [0, 1, 6, 7, 8, 9, 15, 16, 17, 31, 32, 40]

    @Test(arguments: backslashPositions)
    func findsABackslashAtAnyPosition(position: Int) {
        var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 41)
        bytes.withUnsafeBufferPointer { #expect(!LogEscapes.containsBackslash($0)) }
        bytes[position] = UInt8(ascii: "\\")
        bytes.withUnsafeBufferPointer { buffer in
            #expect(LogEscapes.containsBackslash(buffer))
            #expect(LogEscapes.containsBackslash(buffer, range: position..<(position + 1)))
            #expect(!LogEscapes.containsBackslash(buffer, range: (position + 1)..<41))
            #expect(!LogEscapes.containsBackslash(buffer, range: 0..<position))
        }
    }

    @Test func decodedStringTakesTheFastPathWithoutEscapes() {
        withHTTPTestBytes(#"x "Mozilla/5.0 \x22test\x22" y"#) { bytes in
            #expect(LogEscapes.decodedString(bytes, range: 3..<(bytes.count - 3)) == #"Mozilla/5.0 "test""#)
            #expect(LogEscapes.decodedString(bytes, range: 0..<1) == "x")
        }
    }
}
