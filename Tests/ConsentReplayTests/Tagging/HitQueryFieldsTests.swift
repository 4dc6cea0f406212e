import Testing
@testable import ConsentReplay

/// A collect hit's query is read once for both of its readers: the hit parameters (client and
/// user id shaped by `TaggingValues.isHashed`, `em`) and GA4's payload dictionary
/// (`VendorPayloads.personalFields(vendorID: "google-analytics", …)`, which reads a hit's query
/// with `GA4Hits.fields(query:)`: last `cid`/`uid` shaped by `ValueShape`, `ep.*`/`up.*`
/// mentioning an email or phone). The event's fields must be the union of both, exactly.
struct HitQueryFieldsTests {
    static let hash64 = String(repeating: "ab12", count: 16)

    /// A Cloud Logging request log of a `GET /g/collect` hit with `query`.
    static func line(_ query: String) -> String {
        #"{"httpRequest":{"requestMethod":"GET","requestUrl":"https://sst.shop.example/g/collect?"#
            + query
            + #"","status":204,"userAgent":"Mozilla/5.0","remoteIp":"203.0.113.9"},"timestamp":"2026-11-21T10:00:00Z","logName":"projects/p/logs/run.googleapis.com%2Frequests"}"#
    }

    static func read(_ query: String) -> TaggingEvent? {
        let reader = TaggingRecordReader()
        var event = TaggingEvent(direction: .incoming, time: 0)
        let result = Array(line(query).utf8).withUnsafeBufferPointer { reader.read($0, into: &event) }
        guard case .event = result else { return nil }
        return event
    }

    /// The fields the two readers give separately: the dictionary's for the URL, and the hit
    /// parameters' client and user ids (queries here carry no `em`).
    static func expected(_ query: String) -> UInt64 {
        var bits: UInt64 = TaggingEvent.bit(PersonalValue(.ip, hashed: false)) | TaggingEvent.bit(PersonalValue(.userAgent, hashed: false))
        for value in VendorPayloads.personalFields(vendorID: "google-analytics", url: "https://sst.shop.example/g/collect?" + query, body: nil) {
            bits |= TaggingEvent.bit(value)
        }
        for pair in Array(query.utf8).split(separator: UInt8(ascii: "&")) {
            let eq = pair.firstIndex(of: UInt8(ascii: "=")) ?? pair.endIndex
            var name: [UInt8] = [], value: [UInt8] = []
            Array(pair[pair.startIndex..<eq]).withUnsafeBufferPointer { PercentDecoding.percentDecode($0, into: &name, plusAsSpace: true) }
            if eq < pair.endIndex {
                Array(pair[(eq + 1)...]).withUnsafeBufferPointer { PercentDecoding.percentDecode($0, into: &value, plusAsSpace: true) }
            }
            guard !value.isEmpty else { continue }
            let hashed = value.withUnsafeBufferPointer(TaggingValues.isHashed)
            switch String(decoding: name, as: UTF8.self) {
            case "cid", "client_id": bits |= TaggingEvent.bit(PersonalValue(.clientID, hashed: hashed))
            case "uid", "user_id": bits |= TaggingEvent.bit(PersonalValue(.userID, hashed: hashed))
            default: break
            }
        }
        return bits
    }

    @Test(arguments: [
        "v=2&tid=G-1&cid=123.456&en=page_view",
        "cid=\(hash64)&uid=\(hash64)&ep.user_email=\(hash64)",
        "cid=1.2&cid=&uid=u1&up.phone_sha256=\(hash64)&epn.phone=4915112345678",
        "c%69d=9.9&client_id=\(hash64)&ep.email=a%40b.example&ep.note=write+to+x%40y.example",
        "user_id=&uid&ep.email_opt_in=1&ep.email=&up.phone=%2B49+151+1234567",
        "",
    ])
    func fieldsAreTheUnionOfBothReaders(query: String) throws {
        let event = try #require(Self.read(query))
        #expect(event.fieldBits == Self.expected(query), "\(query): \(event.fields) vs \(TaggingEvent.fields(ofBits: Self.expected(query)))")
    }

    @Test func randomQueries() throws {
        let pieces = ["cid=", "uid=", "client_id=", "user_id=", "c%69d=", "ep.user_email=", "ep.email=", "up.phone=",
                      "epn.phone_number=", "ep.x=", "en=", "dl=", "gcs=G111", "1.2", Self.hash64, "a%40b.example", "x@y.example",
                      "%2B4915112345678", "+", "&", "&", "&", "=", "%", "t"]
        var random = TestRandom(seed: 41)
        var withFields = 0
        for _ in 0..<2_000 {
            let query = (0..<random.int(0..<12)).map { _ in pieces[random.int(0..<pieces.count)] }.joined()
            let event = try #require(Self.read(query), "\(query)")
            #expect(event.fieldBits == Self.expected(query), "\(query)")
            if event.fields.count > 2 { withFields += 1 }
        }
        #expect(withFields > 500)
    }
}
