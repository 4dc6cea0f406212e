import Testing
@testable import ConsentReplay

struct CatalogueTests {
    @Test func builtInCatalogueIsLargeAndUnique() {
        let cookies = CookieCatalogue.builtIn.definitions
        #expect(cookies.count >= 60)
        #expect(Set(cookies.map { "\($0.isPrefix):\($0.name)" }).count == cookies.count)
        let vendors = VendorCatalogue.builtIn.definitions
        #expect(vendors.count >= 15)
        #expect(Set(vendors.map(\.id)).count == vendors.count)
        // Every vendor a cookie names is in the vendor catalogue, except CMPs and the site's own.
        let vendorIDs = Set(vendors.map(\.id))
        let cmp: Set<String> = ["cookiebot", "onetrust", "cookieyes", "complianz", "cookieconsent", "klaro", "borlabs",
                                "tarteaucitron", "didomi", "usercentrics", "sourcepoint", "cloudflare", "quantcast"]
        for c in cookies { if let v = c.vendor, !cmp.contains(v) { #expect(vendorIDs.contains(v), "\(c.name) → \(v)") } }
    }

    @Test(arguments: [
        ("_ga", "_ga", Purpose.statistics), ("_ga_K7QZ3M2P8L", "_ga_", .statistics), ("_gat_gtag_UA_1", "_gat", .statistics),
        ("_hjSessionUser_123", "_hjSessionUser_", .statistics), ("_hjAbsoluteSessionInProgress", "_hj", .statistics),
        ("_pk_id.1.abcd", "_pk_id.", .statistics), ("_fbp", "_fbp", .marketing), ("CookieConsent", "CookieConsent", .necessary),
        ("cmplz_marketing", "cmplz_", .necessary), ("FPID", "FPID", .statistics),
    ])
    func lookupPrefersExactThenLongestPrefix(name: String, definition: String, purpose: Purpose) {
        let d = CookieCatalogue.builtIn.lookup(name)
        #expect(d?.name == definition && d?.purpose == purpose)
    }

    @Test func unknownCookiesAreUnknown() {
        #expect(CookieCatalogue.builtIn.lookup("shop_lang") == nil)
        #expect(CookieCatalogue.builtIn.lookup("") == nil)
    }

    @Test(arguments: [
        ("_ga", "GA1.1.123456789.1700000000", "123456789.1700000000"),
        ("_fbp", "fb.1.1700000000123.987654321", "1700000000123.987654321"),
        ("FPID", "FPID2.2.abcdEFGH%3D.1700000000", "abcdEFGH%3D.1700000000"),
        ("_gcl_au", "1.1.1234567.1700000000", "1234567.1700000000"),
        ("_ga", "malformed", "malformed"),
    ])
    func identifierValuesAreNormalised(name: String, value: String, expected: String) {
        #expect(CookieCatalogue.builtIn.lookup(name)?.normalisedValue(value[...]) == expected[...])
    }

    @Test(arguments: [
        ("graph.facebook.com", "/v19.0/123456/events", "meta"),
        ("www.facebook.com", "/tr", "meta"),
        ("region1.google-analytics.com", "/g/collect", "google-analytics"),
        ("business-api.tiktok.com", "/open_api/v1.3/event/track/", "tiktok"),
        ("api.linkedin.com", "/rest/conversionEvents", "linkedin"),
        ("api.pinterest.com", "/v5/ad_accounts/549755885175/events", "pinterest"),
        ("x.clarity.ms", "/collect", "microsoft-clarity"),
        ("clarity.ms", "/", "microsoft-clarity"),
    ])
    func vendorsMatchByHostAndPath(host: String, path: String, vendor: String) {
        #expect(VendorCatalogue.builtIn.match(host: host, path: path)?.id == vendor)
    }

    @Test func nonMatchingEndpoints() {
        #expect(VendorCatalogue.builtIn.match(host: "graph.facebook.com", path: "/me") == nil)
        #expect(VendorCatalogue.builtIn.match(host: "notclarity.ms", path: "/") == nil)
        #expect(VendorCatalogue.builtIn.vendor(id: "criteo")?.isThirdCountry == false)
        #expect(VendorCatalogue.builtIn.vendor(id: "meta")?.isThirdCountry == true)
    }

    @Test func openCookieDatabaseLoadsAndNeverOverrides() throws {
        let csv = #"""
            ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,Data Controller,User Privacy & GDPR Rights Portals,Wildcard match
            256c0b5a,Google Analytics,Analytics,_ga,google-analytics.com (3rd party) or advertiser's website domain (1st party),"ID used to identify users, with a comma",2 years,Google,https://privacy.google.com,0
            aa1,Hubspot,Marketing,__hs_opt_out,,"Remembers the ""opt out""",13 months,HubSpot,,0
            aa2,Intercom,Functional,intercom-id-,,Visitor id,9 months,Intercom,,1
            aa3,Some,Unknown category,xyz,,,,,,0
            """#
        let extra = try OpenCookieDatabase.load(Array(csv.utf8), path: "ocd.csv")
        #expect(extra.map(\.name) == ["_ga", "__hs_opt_out", "intercom-id-"])
        var config = Configuration()
        config.extraCookies = extra
        let catalogue = config.cookieCatalogue
        #expect(catalogue.lookup("_ga")?.origin == "built-in")
        #expect(catalogue.lookup("__hs_opt_out")?.purpose == .marketing && catalogue.lookup("__hs_opt_out")?.vendor == "hubspot")
        #expect(catalogue.lookup("intercom-id-abc")?.purpose == .necessary)
        #expect(throws: OpenCookieDatabase.LoadError.self) { try OpenCookieDatabase.load(Array("a,b\n1,2\n".utf8), path: "x") }
    }
}
