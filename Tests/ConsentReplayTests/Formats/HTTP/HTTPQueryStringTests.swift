import Testing
@testable import ConsentReplay

/// One decoded query item, for expectations.
struct HTTPQueryPair: Equatable, CustomStringConvertible {
    var name: String
    var value: String
    var hasEquals = true

    var description: String { hasEquals ? "\(name)=\(value)" : name }
}

func httpDecodedQueryItems(_ query: String, semicolonSeparates: Bool = false) -> [HTTPQueryPair] {
    withHTTPTestBytes(query) { bytes in
        var result: [HTTPQueryPair] = []
        var scratch: [UInt8] = []
        QueryString.forEachItem(in: bytes, semicolonSeparates: semicolonSeparates) { item in
            scratch.removeAll(keepingCapacity: true)
            QueryString.decode(item.name, in: bytes, into: &scratch)
            let name = String(decoding: scratch, as: UTF8.self)
            scratch.removeAll(keepingCapacity: true)
            QueryString.decode(item.value, in: bytes, into: &scratch)
            result.append(HTTPQueryPair(name: name, value: String(decoding: scratch, as: UTF8.self), hasEquals: item.hasEquals))
        }
        return result
    }
}

@Suite("HTTP query strings and percent-decoding")
struct HTTPQueryStringTests {
    static let cases: [(String, [HTTPQueryPair])] = [
        ("q=hello+world&s=a%20b&e=caf%C3%A9",
         [.init(name: "q", value: "hello world"), .init(name: "s", value: "a b"), .init(name: "e", value: "café")]),
        ("bad=%zz&short=%4&lone=%&end=100%",
         [.init(name: "bad", value: "%zz"), .init(name: "short", value: "%4"), .init(name: "lone", value: "%"),
          .init(name: "end", value: "100%")]),
        ("a=&b=", [.init(name: "a", value: ""), .init(name: "b", value: "")]),
        ("a&b", [.init(name: "a", value: "", hasEquals: false), .init(name: "b", value: "", hasEquals: false)]),
        ("&&a=1&&", [.init(name: "a", value: "1")]),
        ("id=1&id=2&id=1", [.init(name: "id", value: "1"), .init(name: "id", value: "2"), .init(name: "id", value: "1")]),
        ("a==b&=c", [.init(name: "a", value: "=b"), .init(name: "", value: "c")]),
        ("plus=%2B&space=+", [.init(name: "plus", value: "+"), .init(name: "space", value: " ")]),
        ("ep.page+type=home&up.tier=gold", [.init(name: "ep.page type", value: "home"), .init(name: "up.tier", value: "gold")]),
        ("a=1;b=2", [.init(name: "a", value: "1;b=2")]),
        (" a = 1 ", [.init(name: " a ", value: " 1 ")]),
        ("", []),
        ("v=2&tid=G-ABC123XYZ&gtm=45je3b10&_p=1700000000123&gcs=G111&gcd=13l3l3l3l1&cid=123456789.1700000000"
            + "&ul=de-de&sr=1920x1080&en=page_view&dl=https%3A%2F%2Fshop.example%2Fcart%3Fstep%3D2&dr=&_s=1",
         [.init(name: "v", value: "2"), .init(name: "tid", value: "G-ABC123XYZ"), .init(name: "gtm", value: "45je3b10"),
          .init(name: "_p", value: "1700000000123"), .init(name: "gcs", value: "G111"),
          .init(name: "gcd", value: "13l3l3l3l1"), .init(name: "cid", value: "123456789.1700000000"),
          .init(name: "ul", value: "de-de"), .init(name: "sr", value: "1920x1080"), .init(name: "en", value: "page_view"),
          .init(name: "dl", value: "https://shop.example/cart?step=2"), .init(name: "dr", value: ""),
          .init(name: "_s", value: "1")]),
    ]

    @Test(arguments: cases)
    func parsesAndDecodes(query: String, expected: [HTTPQueryPair]) {
        #expect(httpDecodedQueryItems(query) == expected)
    }

    @Test func semicolonIsASeparatorOnlyWhenAsked() {
        #expect(httpDecodedQueryItems("a=1;b=2&c", semicolonSeparates: true)
            == [.init(name: "a", value: "1"), .init(name: "b", value: "2"), .init(name: "c", value: "", hasEquals: false)])
    }

    @Test func flagsTellWhenDecodingIsNeeded() {
        withHTTPTestBytes("plain=value&enc%20name=x&v=a+b") { bytes in
            let items = Array(QueryString.items(in: bytes))
            #expect(items.map(\.nameNeedsDecoding) == [false, true, false])
            #expect(items.map(\.valueNeedsDecoding) == [false, false, true])
        }
    }

    @Test func firstItemComparesDecodedNames() {
        withHTTPTestBytes("%65n=scroll&en=page_view&cid=1.2") { bytes in
            let item = QueryString.firstItem(named: "en", in: bytes)
            #expect(item.map { QueryString.decodedString($0.value, in: bytes) } == "scroll")
            #expect(QueryString.firstItem(named: "cid", in: bytes).map { HTTPBytes.string($0.value, in: bytes) } == "1.2")
            #expect(QueryString.firstItem(named: "uid", in: bytes) == nil)
        }
    }

    /// `mayHoldItem` is a superset test: whenever `firstItem` finds the name, it says yes, over
    /// names spelled literally, escaped in every way, with `+` for a space, in values only, and
    /// in random queries of the bytes that matter.
    @Test func mayHoldItemNeverMissesAnItem() {
        let fixed = ["_gl=1*abc", "x=1&%5Fgl=2", "x=1&_%67l=2", "_g%6C", "%5f%67%6c=", "a=_gl", "gl=1&_=2",
                     "a+b=1", "a%20b=1", "", "%", "%5", "%zz_gl", "v=2&tid=G-1&cid=1.2&dl=https%3A%2F%2Fa.example%2F"]
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("_gl%5F67C6c+= &a".utf8)
        let random = (0..<3000).map { _ in
            String(decoding: (0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }, as: UTF8.self)
        }
        for name in ["_gl", "a b", "g"] {
            for query in fixed + random {
                withHTTPTestBytes(query) { bytes in
                    if QueryString.firstItem(named: name, in: bytes) != nil {
                        #expect(QueryString.mayHoldItem(named: name, in: bytes), "\(name) in \(query)")
                    }
                }
            }
        }
        withHTTPTestBytes("v=2&cid=1.2&dl=https%3A%2F%2Fa.example%2F&en=page_view") { bytes in
            #expect(!QueryString.mayHoldItem(named: "_gl", in: bytes))
        }
    }

    static let targets: [(String, String?)] = [
        ("/g/collect?v=2&cid=1#frag", "v=2&cid=1"),
        ("/path", nil),
        ("/p#x?y", nil),
        ("/p?", ""),
        ("https://shop.example/a?b=c?d", "b=c?d"),
    ]

    @Test(arguments: targets)
    func findsTheQueryOfARequestTarget(target: String, expected: String?) {
        withHTTPTestBytes(target) { bytes in
            #expect(QueryString.queryRange(inRequestTarget: bytes).map { HTTPBytes.string($0, in: bytes) } == expected)
        }
    }

    static let percentCases: [(String, Bool, [UInt8])] = [
        ("%41%42c", false, Array("ABc".utf8)),
        ("%c3%A9", false, [0xC3, 0xA9]),
        ("a+b", false, Array("a+b".utf8)),
        ("a+b", true, Array("a b".utf8)),
        ("%2B+", true, Array("+ ".utf8)),
        ("%zz", true, Array("%zz".utf8)),
        ("%4", true, Array("%4".utf8)),
        ("%%41", true, Array("%A".utf8)),
        ("%4%41", true, Array("%4A".utf8)),
        ("%00%FF", false, [0x00, 0xFF]),
        ("", true, []),
    ]

    @Test(arguments: percentCases)
    func percentDecodesIntoAnArray(input: String, plusAsSpace: Bool, expected: [UInt8]) {
        withHTTPTestBytes(input) { bytes in
            var output: [UInt8] = Array("keep:".utf8)
            PercentDecoding.percentDecode(bytes, into: &output, plusAsSpace: plusAsSpace)
            #expect(output == Array("keep:".utf8) + expected)  // appends
        }
    }

    @Test(arguments: percentCases)
    func percentDecodesIntoABufferAndInPlace(input: String, plusAsSpace: Bool, expected: [UInt8]) {
        var bytes = Array(input.utf8)
        let outputCount = bytes.withUnsafeBufferPointer { source in
            var room = [UInt8](repeating: 0, count: source.count)
            return room.withUnsafeMutableBufferPointer { output in
                PercentDecoding.percentDecode(source, into: output, plusAsSpace: plusAsSpace)
            }
        }
        #expect(outputCount == expected.count)
        let inPlace = bytes.withUnsafeMutableBufferPointer { buffer in
            PercentDecoding.decodeInPlace(buffer, plusAsSpace: plusAsSpace)
        }
        #expect(Array(bytes.prefix(inPlace)) == expected)
    }

    @Test func bufferDecodeRefusesAShortOutput() {
        withHTTPTestBytes("%41%42") { bytes in
            var room = [UInt8](repeating: 0, count: 2)
            let count = room.withUnsafeMutableBufferPointer { PercentDecoding.percentDecode(bytes, into: $0, plusAsSpace: true) }
            #expect(count == nil)
        }
    }

    @Test func decodedEqualsDoesNotNeedAnAllocation() {
        withHTTPTestBytes("caf%C3%A9+au+lait") { bytes in
            let all = 0..<bytes.count
            #expect(PercentDecoding.decodedEquals(all, in: bytes, "café au lait", plusAsSpace: true))
            #expect(!PercentDecoding.decodedEquals(all, in: bytes, "café au lai", plusAsSpace: true))
            #expect(!PercentDecoding.decodedEquals(all, in: bytes, "café au laitx", plusAsSpace: true))
            #expect(!PercentDecoding.decodedEquals(all, in: bytes, "café au lait", plusAsSpace: false))
        }
    }
}
