import Foundation
import Testing
@testable import ConsentReplay

/// Checks the tape against Foundation's `JSONSerialization` as an independent oracle.
@Suite struct JSONOracleTests {
    typealias Support = JSONTestSupport

    /// A value tree both parsers can be converted to. Objects keep the last of duplicate keys,
    /// as `JSONSerialization` does; strings compare by their UTF-8 bytes.
    indirect enum Tree: Equatable {
        case object([[UInt8]: Tree])
        case array([Tree])
        case string([UInt8])
        case number(Double)
        case bool(Bool)
        case null
    }

    static func tree(_ document: borrowing JSONDocument, _ node: JSONNode) -> Tree {
        switch node.kind {
        case .object:
            var members: [[UInt8]: Tree] = [:]
            for (key, value) in document.members(of: node) {
                var name: [UInt8] = []
                document.appendString(key, to: &name)
                members[name] = tree(document, value)
            }
            return .object(members)
        case .array:
            return .array(document.elements(of: node).map { tree(document, $0) })
        case .string:
            return .string(Array((document.string(node) ?? "").utf8))
        case .number:
            return .number(document.double(node) ?? .nan)
        case .true:
            return .bool(true)
        case .false:
            return .bool(false)
        case .null:
            return .null
        }
    }

    static func tree(_ value: Any) -> Tree? {
        switch value {
        case let dictionary as [String: Any]:
            var members: [[UInt8]: Tree] = [:]
            for (key, element) in dictionary {
                guard let converted = tree(element) else { return nil }
                members[Array(key.utf8)] = converted
            }
            return .object(members)
        case let array as [Any]:
            var elements: [Tree] = []
            for element in array {
                guard let converted = tree(element) else { return nil }
                elements.append(converted)
            }
            return .array(elements)
        case let string as String:
            return .string(Array(string.utf8))
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" { return .bool(number.boolValue) }
            return .number(number.doubleValue)
        case is NSNull:
            return .null
        default:
            return nil
        }
    }

    static let validDocuments: [String] = [
        #"{}"#, #"[]"#, #"0"#, #""x""#, "true", "null",
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#,
        #"{"dup":1,"dup":2}"#,
        #"[-0, 0.5, -12.25e-2, 1E2, 1e+2, 123456789, 9007199254740993, 1.7976931348623157e308, 5e-324]"#,
        #"["caf\u00e9", "\ud83c\udf6a", "\"\\\/\b\f\n\r\t", "é🍪 raw", "\u0000"]"#,
        #"{"caf\u00e9":"key with escape","café":"same key raw"}"#,
        "  \t{ \"spaced\" :\r\n [ 1 , 2 ] }\r\n",
        JSONTapeTests.caddyLine,
        #"{"remote_addr":"198.51.100.7","request":"GET /?a=%22b%22 HTTP/1.1","status":304,"http_user_agent":"curl/8.5.0","http_cookie":"a=\"b\\c\""}"#,
        String(repeating: "[", count: 200) + String(repeating: "]", count: 200),
        #"[[[{"a":[[{"b":[]}]]}]]]"#,
    ]

    @Test(arguments: validDocuments)
    func agreesWithJSONSerializationOnValidDocuments(text: String) throws {
        let data = Data(text.utf8)
        let foundation = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        let expected = try #require(Self.tree(foundation))
        let actual = try Support.withDocument(text) { doc in Self.tree(doc, try Support.unwrap(doc.root)) }
        #expect(actual == expected)
    }

    /// Documents both parsers reject. (Deliberate differences are not listed: Foundation also
    /// accepts trailing commas and a byte-order mark, and rejects invalid UTF-8 and lone
    /// surrogates, which this parser accepts and repairs.)
    static let invalidDocuments: [String] = [
        "", "{", "[1,2", #"{"a"}"#, #"{"a":}"#, "01", "1.", "-", ".5", "+1", "1e", "tru", "nul",
        #""unterminated"#, "\"tab\there\"", #""\x""#, #""\u12""#, "[1 2]", "{1:2}", "1 2",
        #"{"a":1}}"#, "[]]", "'single'", "[0x1]",
    ]

    @Test(arguments: invalidDocuments)
    func agreesWithJSONSerializationOnInvalidDocuments(text: String) {
        let data = Data(text.utf8)
        #expect(throws: (any Error).self) {
            try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        }
        #expect(Support.syntaxError(text) != nil)
    }

    @Test func agreesWithJSONSerializationOnIntegers() throws {
        let text = "[0, -1, 42, 1700000000123, 9223372036854775807, -9223372036854775808]"
        let foundation = try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [NSNumber])
        let ours = try Support.withDocument(text) { doc in
            doc.elements(of: try Support.unwrap(doc.root)).map { doc.int64($0) }
        }
        #expect(ours == foundation.map { Int64?($0.int64Value) })
    }
}
