import Testing
@testable import ConsentReplay

/// `TaggingValues.forEachQueryParameter` reads plain names and values where they lie and
/// decodes only those holding `%` or `+`: the same parameters, values and order as decoding
/// every name and value first.
struct QueryParameterTests {
    static let table = ByteKeyTable<Int>([("cid", 0), ("uid", 1), ("en", 2), ("dl", 3), ("gcs", 4), ("a b", 5), ("e&m", 6)])

    /// Reference: split on `&`, decode each name and value, keep the names in the table.
    static func reference(_ query: String) -> [(Int, [UInt8])] {
        var out: [(Int, [UInt8])] = []
        for pair in Array(query.utf8).split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let eq = pair.firstIndex(of: UInt8(ascii: "=")) ?? pair.endIndex
            var name: [UInt8] = [], value: [UInt8] = []
            Array(pair[pair.startIndex..<eq]).withUnsafeBufferPointer { PercentDecoding.percentDecode($0, into: &name, plusAsSpace: true) }
            if eq < pair.endIndex {
                Array(pair[(eq + 1)...]).withUnsafeBufferPointer { PercentDecoding.percentDecode($0, into: &value, plusAsSpace: true) }
            }
            if let wanted = table[name] { out.append((wanted, value)) }
        }
        return out
    }

    static func read(_ query: String) -> [(Int, [UInt8])] {
        var out: [(Int, [UInt8])] = []
        Array(query.utf8).withUnsafeBufferPointer { b in
            TaggingValues.forEachQueryParameter(bytes: b, in: table) { name, value in out.append((name, Array(value))) }
        }
        return out
    }

    @Test(arguments: [
        "v=2&cid=123.456&en=page_view&dl=https%3A%2F%2Fshop.example%2F%3Fq%3Da%2Bb",
        "cid=&uid&en=a+b&&gcs=G111&",
        "c%69d=1&%65n=x&a+b=space&a%20b=pct&e%26m=amp",
        "dl=%E2%82%AC+%ZZ&dl=%&cid=%4",
        "",
        "&&&",
        "=1&=&en==x",
    ])
    func sameAsDecodingEverything(query: String) {
        let got = Self.read(query), want = Self.reference(query)
        #expect(got.map(\.0) == want.map(\.0), "\(query)")
        #expect(got.map(\.1) == want.map(\.1), "\(query)")
    }

    @Test func randomQueries() {
        let pieces = ["cid", "uid", "en", "dl", "gcs", "a+b", "a%20b", "c%69d", "x", "e%26m", "=", "&", "%", "+", "%2", "%41", "1", "é", "%C3%A9"]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let query = (0..<Int.random(in: 0...14, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let got = Self.read(query), want = Self.reference(query)
            #expect(got.map(\.0) == want.map(\.0), "\(query)")
            #expect(got.map(\.1) == want.map(\.1), "\(query)")
        }
    }
}
