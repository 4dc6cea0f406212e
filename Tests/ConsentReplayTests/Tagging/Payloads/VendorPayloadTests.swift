import Testing
@testable import ConsentReplay

@Suite struct VendorPayloadTests {
    typealias F = PayloadFixtures
    static let h = F.emailHash
    static let p = F.phoneHash

    // MARK: Meta

    @Test func metaConversionsAPIFullBody() {
        let body = """
        {"data":[{"event_name":"Purchase","event_time":1709287200,"action_source":"website",
          "event_source_url":"https://shop.example/thanks?order=1",
          "user_data":{"em":["\(Self.h)","\(F.emailHashUpper)"],"ph":["\(Self.p)"],
            "fn":"\(Self.h)","ln":"\(Self.h)","db":"\(Self.h)","ge":"\(Self.h)","ct":"\(Self.h)",
            "st":"\(Self.h)","zp":"\(Self.h)","country":"\(Self.h)","external_id":["crm-42", "\(Self.h)"],
            "client_ip_address":"203.0.113.9","client_user_agent":"Mozilla/5.0 (X11; Linux x86_64)",
            "fbc":"fb.1.1709287000000.IwAR2xyz","fbp":"fb.1.1709286000000.1234567890",
            "subscription_id":"","fb_login_id":null,"madid":"38400000-8cf0-11bd-b23e-10b96e40000d"},
          "custom_data":{"currency":"EUR","value":42.5}}],
         "access_token":"EAABsbCS1iHgBAKZA"}
        """
        let fields = F.fields("meta", url: "https://graph.facebook.com/v19.0/1234567890/events", body: body)
        #expect(fields == [
            F.hashed(.email), F.hashed(.phone), F.hashed(.firstName), F.hashed(.lastName),
            F.hashed(.birthDate), F.hashed(.gender), F.hashed(.city), F.hashed(.region),
            F.hashed(.postalCode), F.hashed(.country), F.clear(.ip), F.clear(.userAgent),
            F.clear(.externalID), F.hashed(.externalID), F.clear(.browserID), F.clear(.clickID),
            F.clear(.deviceID),
        ])
    }

    @Test func metaClearEmailIsReportedAsClear() {
        let body = #"{"data":[{"event_name":"Lead","user_data":{"em":"Jane.Doe@Example.com","ph":"+33 6 12 34 56 78"}},"#
            + #"{"event_name":"Lead","user_data":{"em":"\#(Self.h)"}}]}"#
        let fields = F.fields("meta", url: "https://graph.facebook.com/v19.0/1/events", body: body)
        #expect(fields == [F.clear(.email), F.hashed(.email), F.clear(.phone)])
    }

    @Test func metaFormBodyWithJSONData() {
        let data = #"[{"event_name":"Purchase","user_data":{"em":["\#(Self.h)"],"client_ip_address":"198.51.100.4"}}]"#
        let encoded = F.percentEncoded(data)
        let body = "data=\(encoded)&access_token=EAAB123"
        let fields = F.fields("meta", url: "https://graph.facebook.com/v19.0/1/events", body: body)
        #expect(fields == [F.hashed(.email), F.clear(.ip)])
    }

    @Test func metaPixelQuery() {
        let url = "https://www.facebook.com/tr/?id=1234567890&ev=PageView&dl=https%3A%2F%2Fshop.example%2F"
            + "&ud%5Bem%5D=\(Self.h)&ud[ph]=\(Self.p)&ud[external_id]=crm-42&fbp=fb.1.1709286000000.1234567890&fbc=fb.1.1.IwAR"
        #expect(F.fields("meta", url: url, body: nil) == [
            F.hashed(.email), F.hashed(.phone), F.clear(.externalID), F.clear(.browserID), F.clear(.clickID),
        ])
    }

    // MARK: GA4 Measurement Protocol

    @Test func ga4MeasurementProtocolBody() {
        let body = """
        {"client_id":"1234567890.1709287200","user_id":"crm-42","ip_override":"203.0.113.9",
         "user_agent":"Mozilla/5.0","app_instance_id":"cbd7e1f6b1a04a4c8e5a1f4b0d1c2e3f",
         "user_data":{"sha256_email_address":["\(Self.h)","\(F.emailHashUpper)"],
           "sha256_phone_number":["\(Self.p)"],
           "address":[{"sha256_first_name":"\(Self.h)","sha256_last_name":"\(Self.h)",
             "sha256_street":"\(Self.h)","city":"paris","region":"idf","postal_code":"75001","country":"FR"}]},
         "events":[{"name":"purchase","params":{"session_id":"1709287200","value":12}}]}
        """
        let url = "https://region1.google-analytics.com/mp/collect?measurement_id=G-ABC123&api_secret=s3cr3t"
        #expect(F.fields("google-analytics", url: url, body: body) == [
            F.hashed(.email), F.hashed(.phone), F.hashed(.firstName), F.hashed(.lastName),
            F.clear(.city), F.clear(.region), F.clear(.postalCode), F.clear(.country), F.hashed(.street),
            F.clear(.ip), F.clear(.userAgent), F.clear(.userID), F.clear(.clientID), F.clear(.deviceID),
        ])
    }

    @Test func ga4ForwardedCollectHit() {
        let url = "https://region1.google-analytics.com/g/collect?v=2&tid=G-ABC123&cid=123.456&uid=crm-42"
            + "&en=page_view&em=tv.1~em.\(F.base64URL)"
        #expect(F.fields("google-analytics", url: url, body: nil) == [
            F.hashed(.email), F.clear(.userID), F.clear(.clientID),
        ])
    }

    // MARK: Google Ads

    @Test func googleAdsUploadClickConversions() {
        let body = """
        {"conversions":[{"gclid":"Cj0KCQiA_abc","conversionAction":"customers/1/conversionActions/2",
          "conversionDateTime":"2024-03-01 10:00:00+01:00","conversionValue":12.5,
          "userIdentifiers":[{"hashedEmail":"\(Self.h)"},{"hashedPhoneNumber":"\(Self.p)"},
            {"addressInfo":{"hashedFirstName":"\(Self.h)","hashedLastName":"\(Self.h)",
              "hashedStreetAddress":"\(Self.h)","city":"Paris","state":"IDF","countryCode":"FR","postalCode":"75001"}}]},
          {"wbraid":"GkQ1_wbraid","user_identifiers":[{"hashed_email":"jane@example.com"}]}],
         "partialFailure":true}
        """
        let url = "https://googleads.googleapis.com/v16/customers/1234567890:uploadClickConversions"
        #expect(F.fields("google-ads", url: url, body: body) == [
            F.clear(.email), F.hashed(.email), F.hashed(.phone), F.hashed(.firstName), F.hashed(.lastName),
            F.clear(.city), F.clear(.region), F.clear(.postalCode), F.clear(.country), F.hashed(.street),
            F.clear(.clickID),
        ])
    }

    @Test func googleAdsConversionPing() {
        let url = "https://googleads.g.doubleclick.net/pagead/viewthroughconversion/123/?gclid=Cj0KCQ&em=tv.1~em.\(F.base64URL)~pn.\(Self.p)~co0.NO"
        #expect(F.fields("google-ads", url: url, body: nil) == [
            F.hashed(.email), F.hashed(.phone), F.clear(.country), F.clear(.clickID),
        ])
    }

    // MARK: TikTok

    @Test func tiktokEventsAPI2() {
        let body = """
        {"event_source":"web","event_source_id":"C4ABCDEF","data":[{"event":"CompletePayment",
          "event_time":1709287200,"event_id":"o-1",
          "user":{"email":["\(Self.h)"],"phone":"\(Self.p)","external_id":["\(Self.h)"],
            "ttp":"2PFAuVJ6M8VJ8yGk8vv1BLsvp9a","ttclid":"E.C.P.abc","ip":"203.0.113.9",
            "user_agent":"Mozilla/5.0","locale":"fr-FR"},
          "page":{"url":"https://shop.example/thanks"},"properties":{"value":10}}]}
        """
        #expect(F.fields("tiktok", url: "https://business-api.tiktok.com/open_api/v1.3/event/track/", body: body) == [
            F.hashed(.email), F.hashed(.phone), F.clear(.ip), F.clear(.userAgent), F.hashed(.externalID),
            F.clear(.browserID), F.clear(.clickID),
        ])
    }

    @Test func tiktokContextLayout() {
        let body = """
        {"pixel_code":"C4ABCDEF","event":"ViewContent","context":{"ad":{"callback":"E.C.P.abc"},
          "user":{"external_id":"\(Self.h)","phone_number":"\(Self.p)","email":"jane@example.com"},
          "ip":"203.0.113.9","user_agent":"Mozilla/5.0"}}
        """
        #expect(F.fields("tiktok", url: "https://business-api.tiktok.com/open_api/v1.2/pixel/track/", body: body) == [
            F.clear(.email), F.hashed(.phone), F.clear(.ip), F.clear(.userAgent), F.hashed(.externalID), F.clear(.clickID),
        ])
    }

    // MARK: LinkedIn

    @Test func linkedinConversionEvent() {
        let body = """
        {"conversion":"urn:lla:llaPartnerConversion:123","conversionHappenedAt":1709287200000,
         "user":{"userIds":[{"idType":"SHA256_EMAIL","idValue":"\(Self.h)"},
           {"idType":"LINKEDIN_FIRST_PARTY_ADS_TRACKING_UUID","idValue":"df3c6a1b-2f5c-4f7e-9b1a-0c1d2e3f4a5b"},
           {"idType":"ACXIOM_ID","idValue":"AX123"},{"idType":"UNKNOWN_ID","idValue":"x"}],
           "userInfo":{"firstName":"Jane","lastName":"Doe","companyName":"ACME","title":"CTO","countryCode":"FR"}}}
        """
        #expect(F.fields("linkedin", url: "https://api.linkedin.com/rest/conversionEvents", body: body) == [
            F.hashed(.email), F.clear(.firstName), F.clear(.lastName), F.clear(.country),
            F.clear(.externalID), F.clear(.clickID),
        ])
    }

    @Test func linkedinBatch() {
        let body = #"{"elements":[{"user":{"userIds":[{"idType":"ORACLE_MOAT_ID","idValue":"M1"}]}},"#
            + #"{"user":{"userIds":[{"idType":"SHA256_EMAIL","idValue":"jane@example.com"}]}}]}"#
        #expect(F.fields("linkedin", url: "https://api.linkedin.com/rest/conversionEvents", body: body) == [
            F.clear(.email), F.clear(.externalID),
        ])
    }

    // MARK: Pinterest

    @Test func pinterestConversions() {
        let body = """
        {"data":[{"event_name":"checkout","action_source":"web","event_time":1709287200,"event_id":"o-1",
          "user_data":{"em":["\(Self.h)"],"ph":["\(Self.p)"],"ge":["\(Self.h)"],"db":["\(Self.h)"],
            "ln":["\(Self.h)"],"fn":["\(Self.h)"],"ct":["\(Self.h)"],"st":["\(Self.h)"],"zp":["\(Self.h)"],
            "country":["\(Self.h)"],"external_id":["\(Self.h)"],"hashed_maids":["\(Self.h)"],
            "client_ip_address":"203.0.113.9","client_user_agent":"Mozilla/5.0",
            "click_id":"dj0yJnU9abc","partner_id":"partner-7"},
          "custom_data":{"currency":"EUR","value":"10"}}]}
        """
        #expect(F.fields("pinterest", url: "https://api.pinterest.com/v5/ad_accounts/549/events", body: body) == [
            F.hashed(.email), F.hashed(.phone), F.hashed(.firstName), F.hashed(.lastName), F.hashed(.birthDate),
            F.hashed(.gender), F.hashed(.city), F.hashed(.region), F.hashed(.postalCode), F.hashed(.country),
            F.clear(.ip), F.clear(.userAgent), F.clear(.externalID), F.hashed(.externalID), F.clear(.browserID),
            F.hashed(.deviceID),
        ])
    }

    // MARK: Fallback

    @Test func fallbackFindsWellKnownNamesAnywhere() {
        let body = """
        {"events":[{"event_type":{"tracking_type":"Purchase"},"click_id":"rdt-abc",
          "user":{"email":"\(Self.h)","external_id":"crm-42","ip_address":"203.0.113.9","user_agent":"Mozilla/5.0",
            "idfa":"","uuid":"x"},
          "nested":{"deeper":[{"phoneNumber":"+33612345678"}]}}],
         "user_data":{"em":"jane@example.com","ct":"paris"},
         "metadata":{"ct":"not-a-city"}}
        """
        #expect(F.fields("reddit", url: "https://ads-api.reddit.com/api/v2.0/conversions/events/t2_abc?gclid=Cj0", body: body) == [
            F.clear(.email), F.hashed(.email), F.clear(.phone), F.clear(.city), F.clear(.ip), F.clear(.userAgent),
            F.clear(.externalID), F.clear(.clickID),
        ])
    }

    @Test func fallbackFormBodyAndNoBody() {
        #expect(F.fields(nil, url: "https://collector.example/hit", body: "user_email=jane%40example.com&page=home")
            == [F.clear(.email)])
        #expect(F.fields("snap", url: "https://tr.snapchat.com/p", body: nil) == [])
        #expect(F.fields("meta", url: "https://graph.facebook.com/v19.0/1/events", body: "   ") == [])
    }

    @Test func everyDispatchedVendorHasADictionary() {
        for vendor in VendorPayloads.vendorsWithDictionary {
            #expect(VendorPayloads.dictionary(for: vendor) != nil, "\(vendor)")
        }
        #expect(VendorPayloads.dictionary(for: "snap") == nil)
    }
}
