import Foundation
import Testing
@testable import ConsentReplay

/// Runs one tagging format over lines as one chunk (line numbers from 1).
func runTagging(_ shape: TaggingShape, _ lines: [String]) -> ChunkTally {
    let text = Array(lines.joined(separator: "\n").utf8)
    let capacity = max(1, text.count)
    let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    text.withUnsafeBufferPointer { if let base = $0.baseAddress { storage.update(from: base, count: $0.count) } }
    let chunk = Chunk(sequence: 0, firstLine: 1, lineCount: lines.count, storage: storage, capacity: capacity, count: text.count)
    return TaggingJSONFormat(shape: shape).process(chunk, directive: nil, context: ParseContext())
}

/// `s` as a JSON string literal.
func taggingJSONString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default: out.unicodeScalars.append(u)
        }
    }
    return out + "\""
}

/// Every string reachable from `value` (properties, optionals, arrays, tuples, nested structs).
func taggingStrings(in value: Any) -> [String] {
    if let s = value as? String { return [s] }
    return Mirror(reflecting: value).children.flatMap { taggingStrings(in: $0.value) }
}

/// A registry with the standard sniffers and the tagging ones.
func taggingRegistry() -> FormatRegistry {
    FormatRegistry(sniffers: FormatRegistry.standard().sniffers + TaggingJSONSniffer.all)
}

enum TaggingSamples {
    /// 2026-11-21T10:00:00Z.
    static let t0: Int64 = 1_795_255_200_000
    static let upperHash = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"

    static let metaRequest = #"{"Type":"Request","Name":"Facebook","TraceId":"t-1","EventName":"Purchase","RequestMethod":"POST","RequestUrl":"https://graph.facebook.com/v18.0/1234567890/events?access_token=EAABsecretTOKEN","RequestBody":{"data":[{"event_name":"Purchase","event_time":1795255200,"event_id":"ev-1","action_source":"website","user_data":{"em":["9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"],"client_ip_address":"203.0.113.7","client_user_agent":"Mozilla/5.0","fbp":"fb.1.1795255100000.123456789"}}],"partner_agent":"stape-gtmss-2.1.1"}}"#
    /// Double-encoded `ResponseBody`, keys in another order.
    static let metaResponse = #"{"Name":"Facebook","ResponseStatusCode":200,"TraceId":"t-1","Type":"Response","EventName":"Purchase","ResponseHeaders":{"content-type":"application/json"},"ResponseBody":"\"{\\\"events_received\\\":1,\\\"fbtrace_id\\\":\\\"AbC\\\"}\""}"#
    /// No `TraceId`, `RequestBody` as a string holding JSON.
    static let tiktokRequest = #"{"EventName":"CompletePayment","Name":"TikTok Events API","Type":"Request","RequestMethod":"POST","RequestUrl":"https://business-api.tiktok.com/open_api/v1.3/event/track/","RequestBody":"{\"event_source\":\"web\",\"event_source_id\":\"C123\",\"data\":[{\"event\":\"CompletePayment\",\"event_time\":1795255201,\"user\":{\"email\":\"a@b.example\",\"ttp\":\"abc\"}}]}"}"#
    static let tiktokResponse = #"{"Type":"Response","Name":"TikTok Events API","EventName":"CompletePayment","ResponseStatusCode":"200","ResponseBody":"{\"code\":0}"}"#
    /// A first-party proxy URL: the vendor comes from the tag name.
    static let ga4ProxyRequest = #"{"Name":"GA4","Type":"Request","TraceId":"t-2","EventName":"page_view","RequestMethod":"POST","RequestUrl":"https://collect.shop.example/mp/collect?measurement_id=G-XYZ&api_secret=s3cr3tAPI","RequestBody":{"client_id":"123.456","timestamp_micros":1795255202000000,"consent":{"ad_user_data":"DENIED","ad_personalization":"DENIED"},"events":[{"name":"page_view"}]}}"#
    static let message = #"{"Name":"Facebook","Type":"Message","TraceId":"t-3","EventName":"Lead","Message":"Request was not sent.","Reason":"Missing user data"}"#
    static let loggerWithoutTime = #"{"Name":"Logger","Type":"Message","TraceId":"t-4","EventName":"Logger","EventData":{"event_name":"page_view","client_id":"123.456"}}"#

    static let loggerEventData = #"{"event_name":"purchase","client_id":"1234567890.1795255100","user_id":"u-42","ip_override":"203.0.113.7","user_agent":"Mozilla/5.0 (X11)","page_location":"https://www.shop.example/checkout?step=2","x-ga-gcs":"G111","x-ga-gcd":"11t1t1t1t5","consent_state":{"ad_storage":true,"analytics_storage":true},"event_id":"ev-9","user_data":{"sha256_email_address":"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08","phone_number":"+31612345678","address":[{"first_name":"Ann","city":"Utrecht","postal_code":"3511"}]}}"#
    static var logger: String { #"{"Name":"Logger","Type":"Message","TraceId":"t-5","EventName":"Logger","RequestUrl":"/g/collect?v=2&en=purchase","EventData":"# + loggerEventData + "}" }

    static func docker(_ inner: String, time: String = "2026-11-21T10:00:00.123456789Z", newline: Bool = true) -> String {
        #"{"log":"# + taggingJSONString(inner + (newline ? "\n" : "")) + #","stream":"stdout","time":"\#(time)"}"#
    }

    static let collectHit = #"{"httpRequest":{"requestMethod":"GET","requestUrl":"https://sst.shop.example/g/collect?v=2&tid=G-XYZ&cid=1234567890.1795255100&uid=u-42&en=page_view&dl=https%3A%2F%2Fwww.shop.example%2F%3Fq%3D1&gcs=G100&em=tv.1~em.9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08","status":204,"userAgent":"Mozilla/5.0 (X11)","remoteIp":"203.0.113.7"},"insertId":"a1","labels":{"instanceId":"00f46b9285"},"logName":"projects/p/logs/run.googleapis.com%2Frequests","resource":{"labels":{"revision_name":"sgtm-00042-abc","service_name":"sgtm"},"type":"cloud_run_revision"},"timestamp":"2026-11-21T10:00:00.123456789Z","trace":"projects/p/traces/0123456789abcdef"}"#
}

@Suite("Tagging: Stape console objects")
struct TaggingStapeConsoleTests {
    @Test func requestsResponsesAndMessages() {
        let lines = [TaggingSamples.metaRequest, TaggingSamples.metaResponse, TaggingSamples.tiktokRequest, TaggingSamples.tiktokResponse,
                     TaggingSamples.ga4ProxyRequest, TaggingSamples.message, TaggingSamples.loggerWithoutTime,
                     #"{"Type":"Response","Name":"LinkedIn","TraceId":"t-9","ResponseStatusCode":201}"#,
                     #"{"foo":1}"#, #"{"Type":"#,
                     #"{"Name":"Pinterest","Type":"Request","RequestUrl":"https://api.pinterest.com/v5/ad_accounts/1/events","RequestBody":{"data":[{"event_name":"checkout"}]}}"#]
        let tally = runTagging(.stapeConsole, lines)
        let events = tally.taggingEvents
        #expect(events.count == 3)
        #expect(tally.counts.records == 3 && tally.counts.lines == 11)

        let meta = events[0]
        #expect(meta.direction == .outgoing && meta.vendor == "meta" && meta.tagName == "Facebook" && meta.traceID == "t-1")
        #expect(meta.time == TaggingSamples.t0 && meta.eventID == "ev-1" && meta.statusCode == 200 && meta.line == 1)
        #expect(meta.method == "POST" && meta.recordType == "Request" && meta.eventName == "Purchase")
        #expect(meta.fields.contains(PersonalValue(.email, hashed: true)))

        let tiktok = events[1]
        #expect(tiktok.vendor == "tiktok" && tiktok.traceID == nil && tiktok.time == TaggingSamples.t0 + 1000)
        #expect(tiktok.statusCode == 200 && tiktok.line == 3)

        let ga4 = events[2]
        #expect(ga4.vendor == "google-analytics" && ga4.time == TaggingSamples.t0 + 2000 && ga4.clientID == "123.456")
        #expect(ga4.consent.map(\.source) == ["mp-consent"] && ga4.consent.first?.choices.marketing == .denied)
        #expect(ga4.statusCode == nil)

        #expect(tally.counts.skipped[TaggingReasons.response] == 2)
        #expect(tally.counts.skipped[TaggingReasons.responseUnlinked] == 1)
        #expect(tally.counts.skipped[TaggingReasons.message] == 1)
        #expect(tally.counts.rejected[.missingTime]?.lines == [7, 11])
        #expect(tally.counts.rejected[RejectReason("unknown-record")]?.lines == [9])
        #expect(tally.counts.rejected[.invalidJSON]?.lines == [10])
    }

    @Test func loggerEventDataIsTheIncomingEvent() {
        let line = TaggingSamples.logger.replacingOccurrences(of: #""Type":"Message","#, with: #""Type":"Message","timestamp":"2026-11-21T10:00:00.5Z","#)
        let tally = runTagging(.stapeConsole, [line])
        let event = tally.taggingEvents.first
        #expect(event?.direction == .incoming && event?.recordType == "Logger" && event?.time == TaggingSamples.t0 + 500)
        #expect(event?.clientID == "1234567890.1795255100" && event?.userID == "u-42" && event?.ip == "203.0.113.7")
        #expect(event?.userAgent == "Mozilla/5.0 (X11)" && event?.page == "https://www.shop.example/checkout?step=2")
        #expect(event?.eventName == "purchase" && event?.eventID == "ev-9" && event?.traceID == "t-5")
        #expect(event?.url == "/g/collect?v=2&en=purchase")
        #expect(event?.consent.map(\.source) == ["gcs", "gcd", "consent-state"])
        #expect(event?.consent.first?.choices.marketing == .granted)
        let expected: [PersonalValue] = [PersonalValue(.email, hashed: true), PersonalValue(.phone, hashed: false),
                                         PersonalValue(.firstName, hashed: false), PersonalValue(.city, hashed: false),
                                         PersonalValue(.postalCode, hashed: false), PersonalValue(.ip, hashed: false),
                                         PersonalValue(.userAgent, hashed: false), PersonalValue(.userID, hashed: false),
                                         PersonalValue(.clientID, hashed: false)].sorted()
        #expect(event?.fields == expected)
    }

    @Test(arguments: [
        ("9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", true),
        ("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", true),
        ("A94A8FE5CCB19BA61C4C0873D391E987982FBBD3", true),
        ("n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg", true),
        ("a@b.example", false),
        ("9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A0", false),
        ("n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg", false),
    ])
    func hashedValues(value: String, hashed: Bool) {
        #expect(TaggingValues.isHashed(value) == hashed)
    }

    @Test(arguments: [
        ("Facebook", "meta"), ("Facebook CAPI", "meta"), ("Meta Conversions API", "meta"), ("FacebookConversionsAPI", "meta"),
        ("TikTok", "tiktok"), ("TikTok Events API", "tiktok"), ("GA4", "google-analytics"), ("GA4 - purchase", "google-analytics"),
        ("Google Analytics 4", "google-analytics"), ("Google Ads Conversion Tracking", "google-ads"), ("Google Ads Remarketing", "google-ads"),
        ("LinkedIn CAPI", "linkedin"), ("Pinterest", "pinterest"), ("Snapchat", "snap"), ("Reddit", "reddit"),
    ])
    func vendorFromTagName(name: String, vendor: String) {
        #expect(TagNameVendors.vendor(forTagName: name) == vendor)
    }

    @Test(arguments: ["Metadata Tag", "Stape Data Tag", "HTTP Request", "Logger"])
    func tagNamesThatNameNoVendor(name: String) {
        #expect(TagNameVendors.vendor(forTagName: name) == nil)
    }
}

@Suite("Tagging: BigQuery rows")
struct TaggingBigQueryTests {
    @Test func snakeCaseRows() {
        let lines = [
            #"{"timestamp":1795255200000,"type":"Request","trace_id":"t-1","tag_name":"Facebook","event_name":"Purchase","request_method":"POST","request_url":"https://graph.facebook.com/v18.0/1/events?access_token=EAABsecret","request_body":"{\"data\":[{\"event_name\":\"Purchase\",\"event_time\":1795250000,\"user_data\":{\"em\":\"a@b.example\"}}]}"}"#,
            #"{"tag_name":"Facebook","type":"Response","trace_id":"t-1","timestamp":"1795255200300","response_status_code":"400","response_body":"{\"error\":{}}"}"#,
            #"{"type":"Request-Response","timestamp":"1795255201000","trace_id":"t-2","tag_name":"TikTok","request_url":"https://business-api.tiktok.com/open_api/v1.3/event/track/","request_body":"{}","response_status_code":"200"}"#,
            #"{"type":"Message","tag_name":"Logger","trace_id":"t-3","timestamp":1795255202000,"event_name":"Logger","event_data":"{\"client_id\":\"1.2\",\"user_data\":{\"email\":\"x@y.example\"}}"}"#,
            #"{"type":"Request","tag_name":"Facebook","timestamp":"yesterday","request_url":"https://graph.facebook.com/v18.0/1/events"}"#,
        ]
        let tally = runTagging(.stapeBigQuery, lines)
        let events = tally.taggingEvents
        #expect(events.count == 3)
        // The row's own timestamp wins over the body's event time.
        #expect(events[0].time == TaggingSamples.t0 && events[0].vendor == "meta" && events[0].statusCode == 400)
        #expect(events[0].fields.contains(PersonalValue(.email, hashed: false)))
        #expect(events[1].recordType == "Request-Response" && events[1].statusCode == 200 && events[1].time == TaggingSamples.t0 + 1000)
        #expect(events[2].direction == .incoming && events[2].clientID == "1.2" && events[2].time == TaggingSamples.t0 + 2000)
        #expect(events[2].fields == [PersonalValue(.email, hashed: false), PersonalValue(.clientID, hashed: false)].sorted())
        #expect(tally.counts.rejected[.badTime]?.lines == [5])
        #expect(tally.counts.skipped[TaggingReasons.response] == 1)
    }
}

@Suite("Tagging: Google Cloud Logging")
struct TaggingCloudLoggingTests {
    static func entry(textPayload: String? = nil, jsonPayload: String? = nil, second: Int = 1) -> String {
        var members = [#""insertId":"x\#(second)""#, #""logName":"projects/p/logs/run.googleapis.com%2Fstdout""#,
                       #""labels":{"instanceId":"00f46b9285"}"#, #""resource":{"type":"cloud_run_revision","labels":{"revision_name":"sgtm-00042-abc"}}"#,
                       #""timestamp":"2026-11-21T10:00:0\#(second).250000000Z""#]
        if let textPayload { members.append(#""textPayload":"# + taggingJSONString(textPayload)) }
        if let jsonPayload { members.append(#""jsonPayload":"# + jsonPayload) }
        return "{" + members.joined(separator: ",") + "}"
    }

    static func request(path: String, ua: String = "Mozilla/5.0") -> String {
        #"{"httpRequest":{"requestMethod":"GET","requestUrl":"https://sst.shop.example\#(path)","status":200,"userAgent":"\#(ua)","remoteIp":"198.51.100.1"},"logName":"projects/p/logs/run.googleapis.com%2Frequests","timestamp":"2026-11-21T10:00:05Z"}"#
    }

    static var lines: [String] {
        [TaggingSamples.collectHit,
         entry(textPayload: TaggingSamples.metaRequest, second: 1),
         entry(jsonPayload: TaggingSamples.logger, second: 2),
         entry(textPayload: "Listening on port 8080", second: 3),
         request(path: "/sgtm/a?id=1"),
         request(path: "/healthz", ua: "GoogleHC/1.0"),
         request(path: "/gtm.js?id=GTM-X"),
         entry(textPayload: "{\"Type\":\"Request\"", second: 4)]
    }

    @Test func sinkLines() {
        let tally = runTagging(.cloudLogging, Self.lines)
        let events = tally.taggingEvents
        #expect(events.count == 3)
        let hit = events[0]
        #expect(hit.direction == .incoming && hit.recordType == "hit" && hit.time == TaggingSamples.t0 + 123)
        #expect(hit.clientID == "1234567890.1795255100" && hit.userID == "u-42" && hit.eventName == "page_view")
        #expect(hit.page == "https://www.shop.example/?q=1" && hit.ip == "203.0.113.7" && hit.userAgent == "Mozilla/5.0 (X11)")
        #expect(hit.traceID == "0123456789abcdef" && hit.instance == "sgtm-00042-abc/00f46b9285" && hit.statusCode == 204)
        #expect(hit.consent.map(\.source) == ["gcs"] && hit.consent.first?.choices.marketing == .denied)
        #expect(hit.fields.contains(PersonalValue(.email, hashed: true)) && hit.fields.contains(PersonalValue(.clientID, hashed: false)))
        // The entry's timestamp is the time of the Stape object inside (the Meta body says 10:00:00).
        #expect(events[1].vendor == "meta" && events[1].time == TaggingSamples.t0 + 1250 && events[1].instance == "sgtm-00042-abc/00f46b9285")
        #expect(events[2].recordType == "Logger" && events[2].time == TaggingSamples.t0 + 2250 && events[2].traceID == "t-5")
        #expect(tally.counts.skipped[.noise] == 3)
        #expect(tally.counts.skipped[TaggingReasons.notACollectHit] == 1)
        #expect(tally.counts.rejected[.invalidJSON]?.lines == [8])
    }

    /// A LogEntry `trace` gives what follows its first `/traces/`, or the whole text; an
    /// escaped value is decoded first; an empty or non-string one is no trace id.
    @Test(arguments: [
        (#""projects/p/traces/0123abcd""#, "0123abcd"),
        (#""0123abcd""#, "0123abcd"),
        (#""projects/p/traces/""#, ""),
        (#""a/traces/b/traces/c""#, "b/traces/c"),
        (#""projects/p/trace/0123""#, "projects/p/trace/0123"),
        (#""projects\/p\/traces\/e\u0073c""#, "esc"),
        (#""/tra/traces/x""#, "x"),
        (#""""#, nil),
        ("42", nil),
    ] as [(String, String?)])
    func traceIDs(_ trace: String, _ expected: String?) {
        let line = Self.request(path: "/g/collect?v=2&cid=1.2&en=page_view")
            .replacingOccurrences(of: #","timestamp""#, with: #","trace":\#(trace),"timestamp""#)
        let events = runTagging(.cloudLogging, [line]).taggingEvents
        #expect(events.count == 1)
        #expect(events.first?.traceID == expected, "\(trace)")
    }

    /// `gcloud logging read --format=json`: a pretty-printed array through the real pipeline.
    @Test(arguments: [64, 1 << 20])
    func gcloudArray(chunkSize: Int) throws {
        let entries = Self.lines.prefix(7).map { line -> String in
            // Pretty-print: one member per line, as gcloud does (enough to spread elements over lines).
            "  " + line.replacingOccurrences(of: #","logName""#, with: ",\n    \"logName\"")
                .replacingOccurrences(of: #","timestamp""#, with: ",\n    \"timestamp\"")
        }
        let text = "[\n" + entries.joined(separator: ",\n") + "\n]\n"
        let report = try readFile(Array(text.utf8), chunkSize: chunkSize, registry: taggingRegistry())
        #expect(report.isJSONArray && report.formatID == "gcp-logging" && report.kind == .tagging)
        let events = report.tally.taggingEvents
        #expect(events.map(\.recordType) == ["hit", "Request", "Logger"])
        var starts: [Int] = []
        var lineNo = 2
        for e in entries { starts.append(lineNo); lineNo += e.split(separator: "\n", omittingEmptySubsequences: false).count }
        #expect(events.map(\.line) == [starts[0], starts[1], starts[2]])
        #expect(report.tally.skipped[.noise] == 3)
    }
}

@Suite("Tagging: Docker json-file")
struct TaggingDockerTests {
    @Test func wrappedLines() {
        let request = TaggingSamples.metaRequest
        let cut = request.index(request.startIndex, offsetBy: 100)
        let lines = [
            TaggingSamples.docker(TaggingSamples.logger),
            TaggingSamples.docker("Listening on port 8080"),
            TaggingSamples.docker(String(request[..<cut]), time: "2026-11-21T10:00:03Z", newline: false),
            TaggingSamples.docker(String(request[cut...]), time: "2026-11-21T10:00:03Z"),
            TaggingSamples.docker(TaggingSamples.loggerWithoutTime),
            TaggingSamples.docker(TaggingSamples.collectHit),
            TaggingSamples.docker(#"{"unknown":"object"}"#),
        ]
        let tally = runTagging(.docker, lines)
        let events = tally.taggingEvents
        #expect(events.count == 4)
        #expect(events[0].recordType == "Logger" && events[0].time == TaggingSamples.t0 + 123 && events[0].instance == nil)
        #expect(events[0].clientID == "1234567890.1795255100")
        // Joined fragments: the line where the first fragment starts; Docker time over the body's.
        #expect(events[1].vendor == "meta" && events[1].line == 3 && events[1].time == TaggingSamples.t0 + 3000)
        // The Docker time is the Logger's time when the object has none.
        #expect(events[2].recordType == "Logger" && events[2].line == 5 && events[2].time == TaggingSamples.t0 + 123)
        // A LogEntry inside: its own timestamp wins.
        #expect(events[3].recordType == "hit" && events[3].line == 6 && events[3].instance == "sgtm-00042-abc/00f46b9285")
        #expect(tally.counts.skipped[.noise] == 1)
        #expect(tally.counts.skipped[TaggingReasons.dockerFragment] == 1)
        #expect(tally.counts.rejected[RejectReason("unknown-record")]?.lines == [7])
    }
}

@Suite("Tagging: canonical JSON lines")
struct TaggingCanonicalTests {
    @Test func canonicalRecords() {
        let lines = [
            #"{"time":"2026-11-21T10:00:00Z","direction":"in","trace_id":"t-1","client_id":"1.2","user_id":"u-1","ip":"203.0.113.7","user_agent":"UA","event":"page_view","page":"https://www.shop.example/","consent":{"ad_storage":"denied","analytics_storage":"granted","gcs":"G101"},"cookies":{"_ga":"GA1.1.1.2","_fbp":"fb.1.2.3"},"fields":{"email":"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"}}"#,
            #"{"direction":"out","time":1795255201000,"url":"https://graph.facebook.com/v18.0/1/events","event":"Purchase","fields":{"email":"hashed","phone":"clear","click_id":["fb.1.2.abc"],"nickname":"x"},"consent":"G100","status_code":200}"#,
            #"{"direction":"in","client_id":"1.2"}"#,
            #"{"direction":"sideways","time":"2026-11-21T10:00:00Z"}"#,
        ]
        let tally = runTagging(.canonical, lines)
        let events = tally.taggingEvents
        #expect(events.count == 2)
        let incoming = events[0]
        #expect(incoming.direction == .incoming && incoming.time == TaggingSamples.t0 && incoming.traceID == "t-1")
        #expect(incoming.cookies.map(\.name) == ["_fbp", "_ga"] && incoming.eventName == "page_view")
        #expect(incoming.consent.map(\.source) == ["canonical", "gcs"])
        #expect(incoming.consent.first?.choices.marketing == .denied && incoming.consent.first?.choices.statistics == .granted)
        #expect(incoming.fields == [PersonalValue(.email, hashed: true), PersonalValue(.ip, hashed: false), PersonalValue(.userAgent, hashed: false),
                                    PersonalValue(.userID, hashed: false), PersonalValue(.clientID, hashed: false)].sorted())
        let outgoing = events[1]
        #expect(outgoing.direction == .outgoing && outgoing.vendor == "meta" && outgoing.statusCode == 200 && outgoing.time == TaggingSamples.t0 + 1000)
        #expect(outgoing.fields == [PersonalValue(.email, hashed: true), PersonalValue(.phone, hashed: false), PersonalValue(.clickID, hashed: false)].sorted())
        #expect(outgoing.consent.map(\.source) == ["gcs"])
        #expect(tally.counts.warnings["unknown-field"]?.lines == [2])
        #expect(tally.counts.rejected[.missingTime]?.lines == [3])
        #expect(tally.counts.rejected[RejectReason("unknown-record")]?.lines == [4])
    }
}

extension TaggingCanonicalTests {
    /// The examples in docs/canonical-tagging-schema.md read as documented.
    @Test func documentedExamplesParse() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/canonical-tagging-schema.md"), encoding: .utf8)
        let lines = doc.split(separator: "\n").map(String.init).filter { $0.hasPrefix(#"{"time""#) }
        #expect(lines.count == 2)
        let tally = runTagging(.canonical, lines)
        #expect(tally.taggingEvents.count == 2 && tally.counts.rejectedCount == 0 && tally.counts.warnings.isEmpty)
        #expect(tally.taggingEvents.first?.consent.map(\.source) == ["canonical", "gcd"])
        #expect(tally.taggingEvents.last?.fields.count == 6 && tally.taggingEvents.last?.statusCode == 200)
    }
}

@Suite("Tagging: sniffing")
struct TaggingSniffingTests {
    static func sample(_ lines: [String]) -> SniffSample { SniffSample(lines: lines.map { Array($0.utf8) }) }

    @Test func everyTaggingShapeIsRecognisedAsItself() {
        let registry = taggingRegistry()
        let cases: [(String, [String])] = [
            ("stape-console", [TaggingSamples.metaRequest, TaggingSamples.metaResponse, TaggingSamples.tiktokRequest, TaggingSamples.message, TaggingSamples.loggerWithoutTime]),
            ("stape-bigquery", [#"{"timestamp":1795255200000,"type":"Request","trace_id":"t","tag_name":"Facebook","request_url":"https://graph.facebook.com/v18.0/1/events","request_body":"{}"}"#]),
            ("gcp-logging", TaggingCloudLoggingTests.lines),
            ("docker-json", [TaggingSamples.docker(TaggingSamples.logger), TaggingSamples.docker("Listening on port 8080")]),
            ("tagging-canonical", [#"{"time":"2026-11-21T10:00:00Z","direction":"in","client_id":"1.2","consent":{"analytics_storage":"granted"},"event":"accept"}"#]),
        ]
        for (id, lines) in cases {
            let match = registry.recognise(Self.sample(lines), kind: nil)
            #expect(match?.format.id == id, "\(id)")
            #expect(match?.format.kind == .tagging)
        }
    }

    @Test func accessAndConsentSamplesKeepTheirFormats() throws {
        let inline: [(String, [String])] = [
            ("caddy-json", [#"{"level":"info","ts":1795269336.1234567,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"10.0.0.2","method":"GET","host":"www.shop.example","uri":"/g/collect?v=2&cid=1.2","headers":{"Cookie":["_ga=GA1.1.1.2"]}},"status":200}"#]),
            ("nginx-json", [#"{"time_iso8601":"2026-11-21T13:55:36Z","remote_addr":"203.0.113.9","request":"GET /a?b=1 HTTP/1.1","status":"200","http_user_agent":"curl"}"#]),
            ("consent-json", [#"{"consentId":"c1","acceptType":"all","acceptedCategories":["necessary","analytics"],"consentTimestamp":"2026-11-21T10:00:00Z"}"#]),
            ("consent-json", [#"{"id":"d1","created_at":"2026-11-21T10:00:00Z","user":{"id":"u"},"consents":{"purposes":[{"id":"cookies","enabled":true}]}}"#]),
        ]
        for (id, lines) in inline {
            #expect(taggingRegistry().recognise(Self.sample(lines), kind: nil)?.format.id == id)
        }
        // A Docker-wrapped access log is not a tagging log.
        let wrappedNginx = [TaggingSamples.docker(#"203.0.113.7 - - [21/Nov/2026:13:55:36 +0000] "GET / HTTP/1.1" 200 5120 "-" "Mozilla/5.0""#)]
        #expect(TaggingJSONSniffer(shape: .docker).sniff(Self.sample(wrappedNginx)) == nil)

        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for path in ["samples/caddy/sst.shop.example.log", "samples/nginx/access.log", "samples/consent/cookiebot-consent-log.csv"] {
            let data = try Data(contentsOf: root.appendingPathComponent(path))
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").prefix(SniffSample.limit).map(String.init)
            let standard = FormatRegistry.standard().recognise(Self.sample(lines), kind: nil)?.format.id
            #expect(standard != nil)
            #expect(taggingRegistry().recognise(Self.sample(lines), kind: nil)?.format.id == standard, "\(path)")
        }
    }
}

@Suite("Tagging: secrets are redacted on ingest")
struct TaggingSecretTests {
    static let secrets = ["EAABsecretTOKEN", "proofSECRET123", "s3cr3tAPI", "bearerSECRET", "headerSECRET", "bodySECRET", "pageSECRET", "hitSECRET"]

    /// The reader keeps redacted endpoint URLs: a repeated one must come out redacted every
    /// time, and a URL differing only in its secret must not be taken for it.
    @Test func repeatedEndpointsStayRedacted() {
        func request(_ secret: String) -> String {
            #"{"Name":"GA4","Type":"Request","timestamp":1795255200000,"RequestUrl":"https://www.google-analytics.com/mp/collect?measurement_id=G-1&api_secret=\#(secret)","RequestBody":{"client_id":"1.2"}}"#
        }
        let lines = [request("firstSECRET"), request("firstSECRET"), request("otherSECRET"), request("firstSECRET")]
        let urls = runTagging(.stapeConsole, lines).taggingEvents.map { $0.url }
        #expect(urls == Array(repeating: "https://www.google-analytics.com/mp/collect?measurement_id=G-1&api_secret=[redacted]", count: 4))
    }

    @Test func noSecretReachesAnEvent() {
        let console = [
            #"{"Name":"Facebook","Type":"Request","TraceId":"t","RequestMethod":"POST","RequestUrl":"https://graph.facebook.com/v18.0/1/events?access_token=EAABsecretTOKEN&appsecret_proof=proofSECRET123","RequestHeaders":{"Authorization":"Bearer bearerSECRET","Access-Token":"headerSECRET"},"RequestBody":{"access_token":"bodySECRET","data":[{"event_time":1795255200,"user_data":{"em":"a@b.example"}}]}}"#,
            #"{"Name":"TikTok","Type":"Request","RequestUrl":"https://business-api.tiktok.com/open_api/v1.3/event/track/?access_token=EAABsecretTOKEN","RequestBody":"{\"access_token\":\"bodySECRET\",\"appsecret_proof\":\"proofSECRET123\",\"data\":[{\"event_time\":1795255200}]}"}"#,
            #"{"Name":"GA4","Type":"Request","RequestUrl":"https://www.google-analytics.com/mp/collect?measurement_id=G-1&api_secret=s3cr3tAPI","RequestBody":{"client_id":"1.2","timestamp_micros":1795255200000000,"api_secret":"s3cr3tAPI"}}"#,
            #"{"Name":"Logger","Type":"Message","timestamp":1795255200000,"RequestUrl":"/mp/collect?api_secret=s3cr3tAPI","EventData":{"client_id":"1.2","page_location":"https://www.shop.example/?access_token=pageSECRET"}}"#,
        ]
        let hit = #"{"httpRequest":{"requestUrl":"https://sst.shop.example/mp/collect?measurement_id=G-1&api_secret=hitSECRET","remoteIp":"1.2.3.4"},"logName":"projects/p/logs/run.googleapis.com%2Frequests","timestamp":"2026-11-21T10:00:00Z"}"#
        let canonical = #"{"time":1795255200000,"direction":"out","url":"https://graph.facebook.com/v18.0/1/events?access_token=EAABsecretTOKEN","page":"https://www.shop.example/?access_token=pageSECRET"}"#
        var events = runTagging(.stapeConsole, console).taggingEvents
        events += runTagging(.cloudLogging, [hit]).taggingEvents
        events += runTagging(.canonical, [canonical]).taggingEvents
        events += runTagging(.docker, console.map { TaggingSamples.docker($0) }).taggingEvents
        #expect(events.count == 10)
        let strings = events.flatMap { taggingStrings(in: $0) }
        #expect(strings.contains { $0.contains("graph.facebook.com") })
        for secret in Self.secrets {
            let leaks = strings.filter { $0.contains(secret) }
            #expect(leaks.isEmpty, "\(secret) leaked: \(leaks)")
        }
    }
}
