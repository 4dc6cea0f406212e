import Testing
@testable import ConsentReplay

@Suite struct GA4HitPayloadTests {
    typealias F = PayloadFixtures

    static func hit(_ query: String) -> GA4Hit {
        Array(query.utf8).withUnsafeBufferPointer { GA4Hits.parse(query: $0) }
    }

    static func batch(_ body: String, shared: String) -> [GA4Hit] {
        Array(body.utf8).withUnsafeBufferPointer { bodyBuffer in
            Array(shared.utf8).withUnsafeBufferPointer { GA4Hits.parseBatchedBody(bodyBuffer, sharedQuery: $0) }
        }
    }

    @Test func singleGet() {
        let hit = Self.hit("v=2&tid=G-ABC123&gtm=45je43&_p=1&gcs=G111&gcd=13l3l3l3l1l1&cid=1234567890.1709287200"
            + "&ul=fr-fr&sr=1920x1080&uid=crm-42&_s=1&sid=1709287200&sct=3&seg=1"
            + "&dl=https%3A%2F%2Fshop.example%2Fthanks%3Fo%3D1&dr=https%3A%2F%2Fwww.google.com%2F&dt=Merci"
            + "&en=purchase&ep.transaction_id=T1&epn.value=12.5&up.plan=pro&ep.user_email=jane%40example.com")
        #expect(hit.protocolVersion == "2")
        #expect(hit.measurementID == "G-ABC123")
        #expect(hit.clientID == "1234567890.1709287200")
        #expect(hit.userID == "crm-42")
        #expect(hit.sessionID == "1709287200")
        #expect(hit.sessionCount == 3)
        #expect(hit.eventName == "purchase")
        #expect(hit.page == "https://shop.example/thanks?o=1")
        #expect(hit.referrer == "https://www.google.com/")
        #expect(hit.title == "Merci")
        #expect(hit.gcs == "G111")
        #expect(hit.gcd == "13l3l3l3l1l1")
        #expect(hit.eventParameters == ["transaction_id": "T1", "value": "12.5", "user_email": "jane@example.com"])
        #expect(hit.userProperties == ["plan": "pro"])
        #expect(hit.fields == [F.clear(.email), F.clear(.userID), F.clear(.clientID)])
    }

    @Test func batchedPostWithThreeEvents() {
        let shared = "v=2&tid=G-ABC123&cid=111.222&sid=1709287200&sct=1&gcs=G100&gcd=13p3p3p2p5l1&dl=https%3A%2F%2Fshop.example%2F"
        let body = "en=page_view&_et=10\r\nen=view_item&ep.item_id=SKU1&dl=https%3A%2F%2Fshop.example%2Fp%2F1\n\n"
            + "en=sign_up&up.customer_phone=%2B33612345678&ep.note=mail%20me%20at%20jane%40example.com\n"
        let hits = Self.batch(body, shared: shared)
        #expect(hits.count == 3)
        let names = hits.map { $0.eventName ?? "" }
        #expect(names == ["page_view", "view_item", "sign_up"])
        let pages = hits.map { $0.page ?? "" }
        #expect(pages == ["https://shop.example/", "https://shop.example/p/1", "https://shop.example/"])
        #expect(hits.allSatisfy { $0.clientID == "111.222" && $0.gcs == "G100" && $0.gcd == "13p3p3p2p5l1" && $0.sessionID == "1709287200" })
        #expect(hits[0].fields == [F.clear(.clientID)])
        #expect(hits[1].eventParameters == ["item_id": "SKU1"])
        #expect(hits[2].fields == [F.clear(.email), F.clear(.phone), F.clear(.clientID)])
    }

    @Test func userProvidedDataParameter() {
        let hit = Self.hit("v=2&tid=G-1&cid=1.2&en=purchase&em=tv.1~em.\(F.base64URL)~pn.\(F.phoneHash)"
            + "~fn0.\(F.base64URL)~ln0.\(F.base64URL)~sa0.\(F.base64URL)~ct0.paris~rg0.idf~pc0.75001~co0.FR~xx.ignored")
        #expect(hit.fields == [
            F.hashed(.email), F.hashed(.phone), F.hashed(.firstName), F.hashed(.lastName), F.clear(.city),
            F.clear(.region), F.clear(.postalCode), F.clear(.country), F.hashed(.street), F.clear(.clientID),
        ])
        let encoded = Self.hit("em=tv.1%7Eem.\(F.emailHash)&up.email_opt_in=1&ep.phone_verified=true")
        #expect(encoded.fields == [F.hashed(.email)])
        let empty = Self.hit("em=tv.1~em.~pn.")
        #expect(empty.fields == [])
    }

    @Test func emptyInputs() {
        #expect(Self.hit("") == GA4Hit())
        #expect(Self.batch("\n\r\n", shared: "cid=1.2").isEmpty)
    }

    /// `fields(query:)` (hit URLs of tagging logs) skips decoding what no field needs, and
    /// answers as `parse(query:).fields` does: on these queries and on random ones built from
    /// every parameter `apply` knows, encoded names, duplicates and odd values.
    @Test(arguments: [
        "", "v=2&tid=G-1&cid=1.2&en=page_view", "uid=crm-42&uid=&cid=", "%63id=1.2&u%69d=7&%65m=jane%40example.com",
        "em=tv.1~em.\(F.base64URL)~pn.\(F.phoneHash)", "ep.user_email=jane%40example.com&up.phone=%2B33612345678",
        "epn.value=12.5&upn.x=1&ep.=&up.=y&e=1&u=2&eq=3", "cid=1.2&cid=3.4&em=a&em=b%40c.de",
    ])
    func fieldsOnlyAgreesWithTheFullParse(_ query: String) {
        #expect(Self.fields(query) == Self.hit(query).fields)
    }

    @Test func fieldsOnlyAgreesOnRandomQueries() {
        var random = TestRandom(seed: 41)
        let names = ["v", "tid", "cid", "uid", "sid", "sct", "en", "dl", "dr", "dt", "gcs", "gcd", "em", "ep.email", "epn.phone",
                     "up.user_email", "upn.tel", "ep.note", "%63id", "u%69d", "_p", "ul", "e", "u"]
        let values = ["", "1.2", "jane%40example.com", F.emailHash, "%2B33612345678", "tv.1~em.\(F.base64URL)", "x%", "G111"]
        for _ in 0..<2_000 {
            let query = (0..<random.int(0..<8)).map { _ in
                names[random.int(0..<names.count)] + "=" + values[random.int(0..<values.count)]
            }.joined(separator: "&")
            #expect(Self.fields(query) == Self.hit(query).fields, "\(query)")
        }
    }

    /// `parse(query:detail: .analysis)` sets what the full parse sets, but for the protocol
    /// version, measurement id, session id and number, referrer and title, which it leaves nil
    /// (encoded names included).
    @Test func analysisDetailAgreesOnRandomQueries() {
        var random = TestRandom(seed: 43)
        let names = ["v", "tid", "cid", "uid", "sid", "sct", "en", "dl", "dr", "dt", "gcs", "gcd", "em", "ep.email", "up.tel",
                     "%63id", "%64l", "%64t", "_p", "e"]
        let values = ["", "1.2", "page_view", "https%3A%2F%2Fx.example%2F", "jane%40example.com", "G111", "7", "x%"]
        for _ in 0..<2_000 {
            let query = (0..<random.int(0..<8)).map { _ in
                names[random.int(0..<names.count)] + "=" + values[random.int(0..<values.count)]
            }.joined(separator: "&")
            var expected = Self.hit(query)
            let analysed = Array(query.utf8).withUnsafeBufferPointer { GA4Hits.parse(query: $0, detail: .analysis) }
            (expected.protocolVersion, expected.measurementID, expected.sessionID) = (nil, nil, nil)
            (expected.sessionCount, expected.referrer, expected.title) = (nil, nil, nil)
            #expect(analysed == expected, "\(query)")
        }
    }

    static func fields(_ query: String) -> [PersonalValue] {
        Array(query.utf8).withUnsafeBufferPointer { GA4Hits.fields(query: $0) }
    }
}
