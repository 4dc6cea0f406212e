import Testing
@testable import ConsentReplay

/// IP addresses sent truncated count as minimised (like hashed ones); full ones stay clear; and a
/// Meta body from Stape's enriching tag build (`partner_agent` ending in `-ee`) is flagged.
@Suite struct MinimisedIPTests {
    @Test(arguments: [
        ("203.0.113.0", true), ("203.0.113.7", false), ("0.0.0.0", false), ("10.0.0.0", true),
        ("2001:db8:85a3::", true), ("2001:db8:85a3:0:0:0:0:0", true), ("2001:db8:85a3::1", false),
        ("2001:db8:85a3:8d3:1319:8a2e:370:7348", false), ("::", false), (" 198.51.100.0 ", true),
        ("not an ip", false), ("203.0.113", false), ("999.0.113.0", false),
        ("\t10.0.0.0\n", true), ("10.0.0.0\r", false), ("10.0.0.0\r\n", false), ("1O.0.0.0", false),
        ("010.0.0.0", false), (String(repeating: " ", count: 57) + "10.0.0.0", false), (String(repeating: " ", count: 56) + "10.0.0.0", true),
    ])
    func truncatedAddresses(value: String, truncated: Bool) {
        #expect(ValueShape.isTruncatedIP(Array(value.utf8)) == truncated, "\(value)")
        #expect(ValueShape.form(Array(value.utf8), of: .ip) == (truncated ? true : false))
        // Only IP fields are read this way.
        #expect(ValueShape.form(Array(value.utf8), of: .city) == false)
    }

    @Test func pinterestWithATruncatedIPIsMinimised() {
        let body = Array(#"{"data":[{"event_name":"checkout","user_data":{"client_ip_address":"203.0.113.0","client_user_agent":"UA"}}]}"#.utf8)
        let fields = VendorPayloads.personalFields(vendorID: "pinterest", url: "https://api.pinterest.com/v5/ad_accounts/1/events", body: body)
        #expect(fields.contains(PersonalValue(.ip, hashed: true)))
        #expect(!fields.contains(PersonalValue(.ip, hashed: false)))
        #expect(PersonalValue(.ip, hashed: true).description == "ip(minimised)")
        #expect(PersonalValue(.email, hashed: true).description == "email(hashed)")
        let full = Array(#"{"data":[{"user_data":{"client_ip_address":"203.0.113.9"}}]}"#.utf8)
        #expect(VendorPayloads.personalFields(vendorID: "pinterest", url: "https://api.pinterest.com/v5/ad_accounts/1/events", body: full)
            .contains(PersonalValue(.ip, hashed: false)))
    }

    @Test(arguments: [("stape-gtmss-2.1.1-ee", true), ("stape-gtmss-2.1.1", false), ("gtm-ee-test", false)])
    func partnerAgent(agent: String, enriched: Bool) {
        let line = #"{"Name":"Facebook","Type":"Request","TraceId":"t-1","EventName":"Purchase","RequestMethod":"POST","RequestUrl":"https://graph.facebook.com/v19.0/1/events","RequestBody":{"data":[{"event_name":"Purchase","event_time":1795255201,"user_data":{"em":["a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3"]}}],"partner_agent":"\#(agent)"}}"#
        let events = runTagging(.stapeConsole, [line]).taggingEvents
        #expect(events.count == 1)
        #expect(events.first?.partnerAgentEnriched == enriched)
    }
}

/// Body values are classified where they lie when they hold no escape, decoded first when they
/// do: the same value written either way gives the same field and form.
@Suite struct EscapedBodyValueTests {
    static let digest = String(repeating: "ab12", count: 16)

    @Test(arguments: [
        // (plain value, the same value with JSON escapes, field, expected form)
        ("203.0.113.0", #"203\u002e0.113.0"#, "client_ip_address", PersonalValue(.ip, hashed: true)),
        ("203.0.113.7", #"203.0.113\u002e7"#, "client_ip_address", PersonalValue(.ip, hashed: false)),
        (digest, #"\u0061"# + String(digest.dropFirst()), "em", PersonalValue(.email, hashed: true)),
        ("someone@example.com", #"someone\u0040example.com"#, "em", PersonalValue(.email, hashed: false)),
    ])
    func escapedAndPlainAgree(plain: String, escaped: String, key: String, expected: PersonalValue) {
        func fields(_ value: String) -> [PersonalValue] {
            let body = Array(#"{"data":[{"event_name":"Lead","user_data":{""#.utf8) + Array(key.utf8) + Array(#"":""#.utf8)
                + Array(value.utf8) + Array(#""}}]}"#.utf8)
            return VendorPayloads.personalFields(vendorID: "meta", url: "https://graph.facebook.com/v19.0/1/events", body: body)
        }
        #expect(fields(plain).contains(expected))
        #expect(fields(escaped) == fields(plain))
    }
}
