import Testing
@testable import ConsentReplay

/// The merged routes (`PayloadRoutes`) find exactly what following each body rule on its own
/// finds, for every vendor dictionary, on bodies shaped like the real ones and on awkward ones.
struct PayloadRoutesTests {
    static let bodies = [
        // Meta CAPI: data[] of events with user_data.
        #"{"data":[{"event_name":"Purchase","user_data":{"em":["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],"ph":"31612345678","fbp":"fb.1.1.2","client_ip_address":"203.0.113.7","external_id":"u-1"}}]}"#,
        // Two events, the second with other fields; nested arrays.
        #"{"data":[{"user_data":{"fn":"ann"}},{"user_data":{"ln":["x",["y"]],"ct":"utrecht"}}],"test_event_code":"T"}"#,
        // One object where the API allows an array.
        #"{"data":{"user_data":{"em":"a@b.example","country":"nl"}}}"#,
        // Duplicate keys: only the first member with a key is followed.
        #"{"data":[{"user_data":{"em":"a@b.example"},"user_data":{"ph":"+31612345678"}}]}"#,
        #"{"data":[{"user_data":{"em":"a@b.example","em":"second@b.example"}}],"data":[{"user_data":{"ph":"1"}}]}"#,
        // Escaped keys decode to the route's key.
        #"{"d\u0061ta":[{"user\u005fdata":{"\u0065m":"a@b.example"}}]}"#,
        // TikTok: data[].user, properties.
        #"{"event_source":"web","data":[{"event":"CompletePayment","user":{"email":"a@b.example","phone":"+31612345678","ttp":"abc","external_id":"u","ip":"203.0.113.7","user_agent":"Mozilla"}}]}"#,
        // GA4 Measurement Protocol.
        #"{"client_id":"1.2","user_id":"u-42","user_data":{"sha256_email_address":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","address":[{"first_name":"ann","city":"utrecht"}]},"events":[{"name":"purchase","params":{"session_id":"1"}}]}"#,
        // LinkedIn typed ids; Google Ads conversions.
        #"{"conversion":"urn:1","user":{"userIds":[{"idType":"SHA256_EMAIL","idValue":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},{"idType":"LINKEDIN_FIRST_PARTY_ADS_TRACKING_UUID","idValue":"x"}],"userInfo":{"firstName":"Ann"}}}"#,
        #"{"conversions":[{"gclid":"Cj0","userIdentifiers":[{"hashedEmail":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},{"addressInfo":{"hashedFirstName":"abc"}}]}]}"#,
        // Wrong kinds along the way: strings, numbers, nulls where objects are expected.
        #"{"data":"user_data","user":null,"events":[1,2,"x",{"params":null}],"client_id":12345}"#,
        #"[{"data":[{"user_data":{"em":"a@b.example"}}]}]"#,
        #"{}"#,
    ]

    @Test(arguments: VendorPayloads.vendorsWithDictionary)
    func routesFindWhatEachRuleFinds(_ vendor: String) throws {
        let dictionary = try #require(VendorPayloads.dictionary(for: vendor))
        for body in Self.bodies {
            let bytes = Array(body.utf8)
            var merged = PersonalValueSet(), oneByOne = PersonalValueSet()
            let parsed = bytes.withUnsafeBufferPointer { buffer in
                JSONWalk.withParsed(buffer) { doc in
                    guard let root = doc.root else { return }
                    dictionary.bodyRoutes.follow(doc, root, into: &merged)
                    PayloadReader.apply(dictionary.bodyRules, doc, root, from: 0, into: &oneByOne)
                }
            }
            #expect(parsed, "\(body)")
            #expect(merged == oneByOne, "\(vendor): \(body)")
        }
    }

    /// The routes do find values (the comparison above is not between two empty sets).
    @Test func metaRoutesFindTheUserData() throws {
        let dictionary = try #require(VendorPayloads.dictionary(for: "meta"))
        var found = PersonalValueSet()
        Array(Self.bodies[0].utf8).withUnsafeBufferPointer { buffer in
            _ = JSONWalk.withParsed(buffer) { doc in
                if let root = doc.root { dictionary.bodyRoutes.follow(doc, root, into: &found) }
            }
        }
        #expect(found.contains(PersonalValue(.email, hashed: true)))
        #expect(found.contains(PersonalValue(.phone, hashed: false)))
        #expect(found.contains(PersonalValue(.externalID, hashed: false)))
    }
}
