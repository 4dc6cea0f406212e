import Testing
@testable import ConsentReplay

struct ConfigTests {
    func load(_ yaml: String) throws -> (Configuration, [String]) {
        var loader = ConfigLoader(source: "test.yml")
        let config = try loader.load(yaml: yaml)
        return (config, loader.warnings)
    }

    static let custom = """
        first_party_hosts: [www.shop.example, SST.shop.example]
        access_log_format: '$remote_addr [$time_local] "$request" $status "$http_cookie"'
        session_timeout: 45m
        clock_skew: 1500ms
        implied_consent_counts: true
        identity_cookies: [uid]
        cookies:
          - name: shop_lang
            purpose: preferences
          - prefix: _myid_
            purpose: marketing
            vendor: inhouse
            identifier: true
            strip_fields: 1
          - name: _ga
            purpose: statistics
            vendor: google-analytics
        vendors:
          - id: stape-capi-proxy
            name: Meta CAPI through Stape
            hosts: [capig.stape.io]
            paths: [/events]
            purpose: marketing
            country: US
            mechanism: scc
            minimise_ip: true
        purpose_mapping:
          onetrust_groups: {C0005: none, C0007: statistics}
          tcf_purposes: {9: statistics, 11: none, 10: [statistics, marketing]}
          services: {my-widget: preferences}
        severity: {cookie-respawn: medium}
        evidence_fields: [time, consent_id]
        consent_columns: {time: Zeitpunkt}
        pseudonymize: {key_file: /etc/consent-replay/key}
        """

    @Test func typedValuesAreRead() throws {
        let (c, warnings) = try load(Self.custom)
        #expect(warnings.isEmpty)
        #expect(c.firstPartyHosts == ["www.shop.example", "sst.shop.example"])
        #expect(c.sessionTimeoutMs == 45 * 60_000 && c.clockSkewMs == 1500)
        #expect(c.impliedConsentCounts && !c.defaultGrantedCounts)
        #expect(c.cookieCatalogue.lookup("shop_lang")?.purpose == .preferences)
        #expect(c.cookieCatalogue.lookup("_myid_42")?.isIdentifier == true)
        // The config replaced the built-in _ga (no identifier flag given → false).
        #expect(c.cookieCatalogue.lookup("_ga")?.isIdentifier == false)
        #expect(c.vendorCatalogue.match(host: "capig.stape.io", path: "/events")?.mechanism == .scc)
        #expect(c.purposeTables.oneTrustGroups["C0005"] == nil && c.purposeTables.oneTrustGroups["C0007"] == .statistics)
        #expect(c.purposeTables.tcfPurposes[10] == [.statistics, .marketing] && c.purposeTables.tcfPurposes[11] == nil)
        #expect(c.severities == ["cookie-respawn": .medium])
        #expect(c.evidenceFields == [.time, .consentID])
        #expect(c.consentColumns == ["time": "Zeitpunkt"])
        #expect(c.pseudonymizeKeyFile == "/etc/consent-replay/key")
    }

    /// dump-config's output, loaded again, dumps to the same text.
    @Test(arguments: ["", custom, "session_timeout: 90s\nclock_skew: 2\npurpose_mapping: {consent_mode: {ad_storage: none}}\n"])
    func dumpRoundTrips(yaml: String) throws {
        let (config, _) = try load(yaml)
        let first = try ConfigDumper.yaml(config)
        let (again, warnings) = try load(first)
        #expect(warnings.isEmpty)
        #expect(try ConfigDumper.yaml(again) == first)
        #expect(again.purposeTables == config.purposeTables)
        #expect(again.cookieCatalogue.definitions.map(\.name) == config.cookieCatalogue.definitions.map(\.name))
        #expect(again.vendorCatalogue.definitions.map(\.id) == config.vendorCatalogue.definitions.map(\.id))
    }

    @Test func unknownKeysAreWarnedWithTheValidOnes() throws {
        let (_, warnings) = try load("colour: blue\nvendors:\n  - {id: v, hosts: [h], purpose: marketing, country: US, size: 3}\n")
        #expect(warnings.count == 2)
        #expect(warnings[0].contains("`colour` (line 1)") && warnings[0].contains("session_timeout"))
        #expect(warnings[1].contains("`vendors[0].size`") && warnings[1].contains("minimise_ip"))
    }

    @Test(arguments: [
        ("session_timeout: soon", "session_timeout"),
        ("implied_consent_counts: maybe", "implied_consent_counts"),
        ("cookies: [{name: a, purpose: tracking}]", "cookies[0].purpose"),
        ("cookies: [{name: a, prefix: b, purpose: marketing}]", "cookies[0]"),
        ("vendors: [{id: x, hosts: [h], purpose: marketing, country: USA}]", "vendors[0].country"),
        ("vendors: [{id: x, hosts: [h], purpose: marketing, country: US, mechanism: trust-me}]", "vendors[0].mechanism"),
        ("severity: {no-such-rule: high}", "severity.no-such-rule"),
        ("severity: {cookie-respawn: extreme}", "severity.cookie-respawn"),
        ("purpose_mapping: {tcf_purposes: {99: marketing}}", "purpose_mapping.tcf_purposes.99"),
        ("evidence_fields: [time, signature]", "evidence_fields"),
        ("first_party_hosts: {a: b}", "first_party_hosts"),
    ])
    func badValuesNameTheirKeyPath(yaml: String, path: String) {
        #expect {
            try load(yaml)
        } throws: { error in
            (error as? ConfigError)?.keyPath == path
        }
    }

    @Test func invalidYAMLIsAnError() {
        #expect(throws: ConfigError.self) { try load("a: [unclosed\n") }
        #expect(throws: ConfigError.self) { try load("- just\n- a list\n") }
    }
}
