import Foundation
import Testing
@testable import ConsentReplay
@testable import SiteSimulator

/// What the tagging server added to its forwards (`enrichment.csv`), where they went
/// (`transfers.csv`), and the identity-graph figures, on hand-written logs and on a generated day
/// against the generator's truth.
@Suite(.serialized)
struct EnrichmentTests {
    /// Runs `analyze` on files written to a fresh directory.
    static func analyze(_ files: [(name: String, text: String)], config: String? = nil) throws -> AnalysisResult {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("enrichment-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var options = AnalyzeOptions()
        if let config {
            var loader = ConfigLoader(source: "test")
            options.configuration = try loader.load(yaml: config)
        }
        if let format = options.configuration.accessLogFormat { options.logFormat = try LogFormatCompiler.compile(format) }
        var paths: [(String, InputKind?)] = []
        for file in files {
            let path = dir.appendingPathComponent(file.name).path
            try Data(file.text.utf8).write(to: URL(fileURLWithPath: path))
            paths.append((path, nil))
        }
        options.inputs = try InputFiles.expand(paths)
        options.jobs = 2
        return try Analyzer(options: options).run()
    }

    static let email = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

    /// Canonical tagging lines: three hits and four forwards.
    static let tagging = [
        // t1: the browser presents _ga and _fbp, sends no user data.
        #"{"time":"2026-11-21T10:00:00.100Z","direction":"in","trace_id":"t1","client_id":"111.222","ip":"203.0.113.7","user_agent":"UA","event":"purchase","page":"https://www.shop.example/checkout","consent":{"ad_storage":"granted","analytics_storage":"granted"},"cookies":{"_ga":"GA1.1.111.222","_fbp":"fb.1.1795255100000.4242"}}"#,
        // Meta gets the e-mail hash and external id from the CRM, and an fbc the browser never had.
        #"{"time":"2026-11-21T10:00:00.300Z","direction":"out","trace_id":"t1","vendor":"meta","url":"https://graph.facebook.com/v21.0/1/events","event":"Purchase","fields":{"email":"hashed","external_id":"clear","ip":"clear","user_agent":"clear","browser_id":"clear","click_id":"clear"}}"#,
        // GA4 gets the client id (from _ga) and a user id the server added.
        #"{"time":"2026-11-21T10:00:00.350Z","direction":"out","trace_id":"t1","vendor":"google-analytics","url":"https://www.google-analytics.com/mp/collect","event":"purchase","fields":{"client_id":"clear","user_id":"clear"}}"#,
        // t2: the browser itself sent the e-mail (user-provided data); the server hashed it: not added.
        #"{"time":"2026-11-21T10:05:00.100Z","direction":"in","trace_id":"t2","client_id":"111.222","ip":"203.0.113.7","event":"purchase","page":"https://www.shop.example/thanks","consent":{"ad_storage":"granted"},"fields":{"email":"\#(email)"}}"#,
        #"{"time":"2026-11-21T10:05:00.300Z","direction":"out","trace_id":"t2","vendor":"meta","url":"https://graph.facebook.com/v21.0/1/events","event":"Purchase","fields":{"email":"hashed","ip":"clear"}}"#,
        // A TikTok forward whose hit was never logged: uncertain, not compared.
        #"{"time":"2026-11-21T10:06:00.000Z","direction":"out","trace_id":"t9","vendor":"tiktok","url":"https://business-api.tiktok.com/open_api/v1.3/event/track/","event":"Purchase","fields":{"email":"hashed","ip":"clear"}}"#,
    ].joined(separator: "\n") + "\n"

    @Test func addedFieldsAreThoseNoSightingOfTheHitCarried() throws {
        let result = try Self.analyze([("tagging.jsonl", Self.tagging)])
        // RFC 4180 rows end in CRLF.
        #expect(EnrichmentCSV.render(result.analysis.enrichment).replacingOccurrences(of: "\r\n", with: "\n") == """
            vendor,field,events_forwarded,events_with_field,events_added,share_added,visitors_affected,events_uncertain
            google-analytics,user_id,1,1,1,1.0000,1,0
            google-analytics,client_id,1,1,0,0.0000,0,0
            meta,email,2,2,1,0.5000,1,0
            meta,ip,2,2,0,0.0000,0,0
            meta,user_agent,2,1,0,0.0000,0,0
            meta,external_id,2,1,1,0.5000,1,0
            meta,browser_id,2,1,0,0.0000,0,0
            meta,click_id,2,1,1,0.5000,1,0
            tiktok,email,0,0,0,0.0000,0,1
            tiktok,ip,0,0,0,0.0000,0,1

            """)
        let e = result.analysis.enrichment
        #expect(e.forwards == 4 && e.linked == 3 && e.uncertain == 1 && e.enriched == 2)
        #expect(e.signals.serverBuiltFbc == 1)
        #expect(e.topAddedFields.map(\.field) == [.email, .userID, .externalID, .clickID])
    }

    @Test func transfersNameCountryMechanismFieldsAndIP() throws {
        let result = try Self.analyze([("tagging.jsonl", Self.tagging)])
        let csv = TransfersCSV.render(result.analysis.enrichment, vendors: result.vendorCatalogue, findings: result.analysis.findings)
        let rows: [String] = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows[0] == TransfersCSV.columns.joined(separator: ","))
        #expect(rows.count == 4)
        #expect(rows[1].hasPrefix("google-analytics,Google Analytics 4,US,no,dpf,user_id(clear);client_id(clear),none,1,1,1,1,0"))
        #expect(rows[2].hasPrefix("meta,Meta Pixel and Conversions API,US,no,dpf,email(hashed);ip(clear);"))
        #expect(rows[2].hasSuffix(",clear,2,2,1,1,0"))
        // TikTok has no mechanism in the built-in catalogue: its forward is a transfer finding.
        #expect(rows[3].hasPrefix("tiktok,TikTok Pixel and Events API,US,no,none,email(hashed);ip(clear),clear,1,1,"))
    }

    @Test func storedUserDataCookieAndIdentityGraph() throws {
        let L = ExampleLogs.self
        let access = [
            L.access("10:00:00", "GET /account", cookie: L.ga + "; _gtmeec=eyJlbSI6ImFiYyJ9", setCookie: "-"),
            L.access("10:00:01", "GET /", cookie: L.ga),
        ].joined(separator: "\n") + "\n"
        let result = try Self.analyze([("access.log", access), ("tagging.jsonl", Self.tagging)], config: L.accessConfig)
        let e = result.analysis.enrichment
        #expect(e.signals.storedUserDataPresented == 1)
        #expect(e.signals.storedUserDataVisitors == 1)
        // One visitor (the _ga value links the access log and the hits) joining web ids with a
        // login id, an e-mail hash and a CRM id.
        #expect(e.graph.webAndLogin == 1 && e.graph.webAndEmail == 1 && e.graph.webAndAppOrCRM == 1 && e.graph.webAndAny == 1)
        #expect(e.graph.visitorsWithKind[.web] == 1)
    }

    /// On a generated day, the analyzer's counts equal what the simulated server added (the
    /// check `scripts/score` runs on 20,000 visitors).
    @Test func generatedDayEqualsTheTruth() throws {
        let access = MemorySink(), consent = MemorySink(), tagging = MemorySink()
        var options = GeneratorOptions(seed: 7, date: try SimulatorFixtures.day(), volume: .visitors(400), format: .combinedCookiesDNT)
        options.violations = true
        let report = try LogGenerator.run(options, to: access, consentTo: consent, tagging: TaggingOutput(sink: tagging))
        let truth = try #require(report.tagging?.enrichment)
        let result = try Self.analyze([
            ("access.log", String(decoding: access.bytes, as: UTF8.self)),
            ("consent.csv", String(decoding: consent.bytes, as: UTF8.self)),
            ("tagging.jsonl", String(decoding: tagging.bytes, as: UTF8.self)),
        ])
        let found = result.analysis.enrichment
        #expect(!truth.fields.isEmpty)
        for (vendor, forwards) in truth.forwards {
            #expect(found.vendors[vendor]?.forwards == forwards, "forwards to \(vendor)")
        }
        var compared = 0
        for (vendor, v) in found.vendors {
            for (ordinal, counts) in v.fields.enumerated() where counts.carried > 0 || counts.uncertain > 0 {
                let name = PersonalField.ordered[ordinal].rawValue
                let t = truth.fields[vendor]?[name]
                #expect(counts.added == t?.eventsAdded ?? 0, "\(vendor) \(name): events added")
                #expect(counts.visitorsAdded == t?.visitors.count ?? 0, "\(vendor) \(name): visitors")
                compared += 1
            }
        }
        for (vendor, fields) in truth.fields {
            for name in fields.keys {
                let ordinal = try #require(PersonalField(rawValue: name)?.ordinal)
                #expect((found.vendors[vendor]?.fields[ordinal].carried ?? 0) > 0, "\(vendor) \(name) missing")
            }
        }
        #expect(compared > 0)
    }

    /// Stape's enriching Meta tag build is a signal in `summary.json`, counted per forward.
    @Test func partnerAgentOfTheEnrichingBuildIsASignal() throws {
        let request = #"{"Name":"Facebook","Type":"Request","TraceId":"t-1","EventName":"Purchase","RequestMethod":"POST","RequestUrl":"https://graph.facebook.com/v19.0/1/events","RequestBody":{"data":[{"event_name":"Purchase","event_time":1795255201,"user_data":{"em":["\#(Self.email)"]}}],"partner_agent":"stape-gtmss-2.1.1-ee"}}"#
        let result = try Self.analyze([("stape.jsonl", request + "\n")])
        #expect(result.analysis.enrichment.signals.partnerAgentEnriched == 1)
        #expect(SummaryReport.json(result, options: AnalyzeOptions(), includeRun: false).serialized().contains("\"partner_agent_ee\": 1"))
    }
}
