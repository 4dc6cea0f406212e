import Testing
@testable import ConsentReplay

/// `QueryString.queryRange`, `TaggingValues.split(url:)` and `RecordObservations.path(of:)`
/// find `/`, `?` and `#` with memchr: the same ranges and parts as scanning byte by byte, on
/// random URLs and on sub-ranges.
struct URLScanTests {
    /// The byte-by-byte reading: the first `?` unless a `#` comes first, up to the next `#`.
    static func referenceQueryRange(_ b: [UInt8], _ range: Range<Int>) -> Range<Int>? {
        var i = range.lowerBound
        while i < range.upperBound && b[i] != UInt8(ascii: "?") {
            if b[i] == UInt8(ascii: "#") { return nil }
            i += 1
        }
        guard i < range.upperBound else { return nil }
        var end = i + 1
        while end < range.upperBound && b[end] != UInt8(ascii: "#") { end += 1 }
        return (i + 1)..<end
    }

    /// Path and query as read byte by byte (the host is read by the same code either way).
    static func referencePathAndQuery(_ url: String) -> (path: String, query: String) {
        let b = Array(url.utf8)
        var end = 0
        while end < b.count, b[end] != UInt8(ascii: "#") { end += 1 }
        var start = 0
        if let hostStart = b.withUnsafeBufferPointer({ TaggingValues.authorityStart(UnsafeBufferPointer(rebasing: $0[..<end])) }) {
            start = hostStart
            while start < end, b[start] != UInt8(ascii: "/"), b[start] != UInt8(ascii: "?") { start += 1 }
        }
        var q = start
        while q < end, b[q] != UInt8(ascii: "?") { q += 1 }
        let query = q < end ? String(decoding: b[(q + 1)..<end], as: UTF8.self) : ""
        let path = q == start ? "/" : String(decoding: b[start..<q], as: UTF8.self)
        return (path, query)
    }

    /// The host, lower-cased, as `split` read it before (user info and port dropped).
    static func referenceHost(_ url: String) -> String {
        let b = Array(url.utf8)
        var end = 0
        while end < b.count, b[end] != UInt8(ascii: "#") { end += 1 }
        guard let hostStart = b.withUnsafeBufferPointer({ TaggingValues.authorityStart(UnsafeBufferPointer(rebasing: $0[..<end])) }) else { return "" }
        var hostEnd = hostStart
        while hostEnd < end, b[hostEnd] != UInt8(ascii: "/"), b[hostEnd] != UInt8(ascii: "?") { hostEnd += 1 }
        var from = hostStart, to = hostEnd
        if let at = b[from..<to].lastIndex(of: UInt8(ascii: "@")) { from = at + 1 }
        if to > from, b[to - 1] != UInt8(ascii: "]"), let colon = b[from..<to].lastIndex(of: UInt8(ascii: ":")) { to = colon }
        return String(decoding: b[from..<to].map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    static func randomURL(_ rng: inout SystemRandomNumberGenerator) -> String {
        let pieces = ["https://", "http://", "sst.shop.example", "/g/collect", "/", "?", "#", "&", "v=2", "dl=https://x.example/?a#b",
                      "a", "@", ":8080", "[::1]", "é", "%3F", "%23", "??", "##", "Shop.EXAMPLE", "USER:pw@"]
        return (0..<Int.random(in: 0...10, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    @Test func queryRangeMatchesByteScan() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let bytes = Array(Self.randomURL(&rng).utf8)
            let lo = Int.random(in: 0...bytes.count, using: &rng), hi = Int.random(in: lo...bytes.count, using: &rng)
            for range in [nil, lo..<hi] as [Range<Int>?] {
                let got = bytes.withUnsafeBufferPointer { QueryString.queryRange(inRequestTarget: $0, range: range) }
                #expect(got == Self.referenceQueryRange(bytes, range ?? 0..<bytes.count), "\(String(decoding: bytes, as: UTF8.self)) \(String(describing: range))")
            }
        }
    }

    @Test func splitMatchesByteScan() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let url = Self.randomURL(&rng)
            let parts = TaggingValues.split(url: url)
            let want = Self.referencePathAndQuery(url)
            #expect(parts.path == want.path && parts.query == want.query, "\(url)")
            #expect(parts.host == Self.referenceHost(url), "\(url)")
        }
    }

    /// The path as `RecordObservations.path(of:)` read it byte by byte.
    static func referencePath(_ url: String) -> String? {
        let b = Array(url.utf8)
        var start = 0
        if let scheme = b.withUnsafeBufferPointer(TaggingValues.authorityStart) {
            start = scheme
            while start < b.count, b[start] != UInt8(ascii: "/") { start += 1 }
        }
        var end = start
        while end < b.count, b[end] != UInt8(ascii: "?"), b[end] != UInt8(ascii: "#") { end += 1 }
        return end > start ? String(decoding: b[start..<end], as: UTF8.self) : nil
    }

    @Test func observationPathMatchesByteScan() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let url = Self.randomURL(&rng)
            #expect(RecordObservations.path(of: url) == Self.referencePath(url), "\(url)")
        }
        #expect(RecordObservations.path(of: "https://sst.shop.example/g/collect?v=2#x") == "/g/collect")
        #expect(RecordObservations.path(of: "https://sst.shop.example") == nil)
    }
}

/// `QueryString.Items` skips eight plain bytes at a time and jumps to the next `&` once a value
/// needs decoding: the same items as reading every byte.
struct QueryItemsScanTests {
    static func reference(_ b: [UInt8], semicolons: Bool) -> [QueryString.Item] {
        var out: [QueryString.Item] = []
        var position = 0
        while position < b.count {
            let start = position
            var index = start, firstEquals = -1, nameEncoded = false, valueEncoded = false
            while index < b.count {
                let byte = b[index]
                if byte == UInt8(ascii: "&") || (semicolons && byte == UInt8(ascii: ";")) { break }
                if byte == UInt8(ascii: "=") && firstEquals < 0 {
                    firstEquals = index
                } else if byte == UInt8(ascii: "%") || byte == UInt8(ascii: "+") {
                    if firstEquals < 0 { nameEncoded = true } else { valueEncoded = true }
                }
                index += 1
            }
            position = index + 1
            if index == start { continue }
            if firstEquals < 0 {
                out.append(QueryString.Item(name: start..<index, value: index..<index, hasEquals: false, nameNeedsDecoding: nameEncoded))
            } else {
                out.append(QueryString.Item(name: start..<firstEquals, value: (firstEquals + 1)..<index, hasEquals: true,
                                            nameNeedsDecoding: nameEncoded, valueNeedsDecoding: valueEncoded))
            }
        }
        return out
    }

    @Test(arguments: [false, true])
    func sameItemsAsByteScan(semicolons: Bool) {
        let pieces = ["a", "bc", "defghijk", "=", "&", ";", "%", "%2F", "+", "==", "&&", "cid", "dl=https%3A%2F%2Fx", "é"]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<4_000 {
            let bytes = Array((0..<Int.random(in: 0...24, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined().utf8)
            let got = bytes.withUnsafeBufferPointer { Array(QueryString.items(in: $0, semicolonSeparates: semicolons)) }
            #expect(got == Self.reference(bytes, semicolons: semicolons), "\(String(decoding: bytes, as: UTF8.self))")
        }
    }
}

/// The byte-string search (memchr, then memcmp) finds what a byte-by-byte search finds.
struct ByteSearchTests {
    static func reference(_ haystack: [UInt8], _ needle: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        return (0...(haystack.count - needle.count)).first { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }

    @Test func firstIndexOfNeedleMatchesByteSearch() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(":/ab".utf8)
        for _ in 0..<3000 {
            let haystack = (0..<Int.random(in: 0...16, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let needle = (0..<Int.random(in: 0...4, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let got = haystack.withUnsafeBufferPointer { h in needle.withUnsafeBufferPointer { h.firstIndex(of: $0) } }
            #expect(got == Self.reference(haystack, needle), "\(haystack) \(needle)")
        }
    }
}
