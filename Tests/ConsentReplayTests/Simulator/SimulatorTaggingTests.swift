import Foundation
import Testing

@testable import SiteSimulator

/// The tagging server's log: Stape console objects wrapped as Cloud Logging entries or Docker
/// json-file lines, generated from the same run as the access and consent logs.
@Suite("Simulator tagging server")
struct SimulatorTaggingTests {
    /// One generated run with every output in memory.
    struct Run {
        var access: [UInt8]
        var consent: [UInt8]
        var tagging: [UInt8]
        var report: GeneratorReport
        var consentRecords: [ConsentRecord]

        var taggingText: String { String(decoding: tagging, as: UTF8.self) }
        var taggingLines: [Substring] { taggingText.split(separator: "\n") }
    }

    static func run(
        seed: UInt64 = 20_261_121, visitors: Int = 400, format: TaggingLogFormat = .cloudLogging, keeps: Bool = true
    ) throws -> Run {
        let options = GeneratorOptions(seed: seed, date: try SimulatorFixtures.day(), volume: .visitors(visitors), format: .caddy)
        let access = MemorySink()
        let consent = MemorySink()
        let tagging = MemorySink()
        let report = try LogGenerator.run(
            options, to: access, consentTo: consent, tagging: TaggingOutput(sink: tagging, format: format, keepsVendorRequests: keeps))
        let simulation = Simulation(configuration: LogGenerator.configuration(for: options))
        while simulation.next() != nil {}
        return Run(
            access: access.bytes, consent: consent.bytes, tagging: tagging.bytes, report: report,
            consentRecords: simulation.consentRecords)
    }

    static func object(_ line: Substring) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(value as? [String: Any], "not a JSON object: \(line.prefix(200))")
    }

    // MARK: - Formats

    @Test("RFC 3339 times: fixed digits, and Go's RFC3339Nano trimming")
    func rfc3339() {
        var bytes: [UInt8] = []
        bytes.appendRFC3339(nanos: 1_795_269_336_123_456_789, digits: 6)
        #expect(String(decoding: bytes, as: UTF8.self) == "2026-11-21T13:55:36.123456Z")
        bytes.removeAll()
        bytes.appendRFC3339(nanos: 1_795_269_336_120_000_000, digits: 9, trimZeros: true)
        #expect(String(decoding: bytes, as: UTF8.self) == "2026-11-21T13:55:36.12Z")
        bytes.removeAll()
        bytes.appendRFC3339(nanos: 1_795_269_336_000_000_000, digits: 9, trimZeros: true)
        #expect(String(decoding: bytes, as: UTF8.self) == "2026-11-21T13:55:36Z")
    }

    @Test("JSON strings: JSON.stringify escaping, and Docker's HTML-safe escaping")
    func escaping() {
        var bytes: [UInt8] = []
        bytes.appendJSString("a\"b\\c\nd\u{01}é")
        #expect(String(decoding: bytes, as: UTF8.self) == #""a\"b\\c\nd\u0001é""#)
        bytes.removeAll()
        bytes.appendDockerJSONString(Array("{\"u\":\"a?x=1&y=<2>\"}\n".utf8))
        #expect(String(decoding: bytes, as: UTF8.self) == #""{\"u\":\"a?x=1\u0026y=\u003c2\u003e\"}\n""#)
    }

    @Test("stand-in hashes are 64 lower-case hex characters, per visitor and field")
    func standInHashes() {
        let customer = CustomerProfile(seed: 7, visitorID: 3)
        let hex = Set("0123456789abcdef")
        for value in [customer.emailHash, customer.externalIDHash] + (customer.phoneHash.map { [$0] } ?? []) {
            #expect(value.count == 64 && value.allSatisfy { hex.contains($0) })
        }
        #expect(customer.emailHash != customer.externalIDHash)
        #expect(customer == CustomerProfile(seed: 7, visitorID: 3))
        #expect(customer.emailHash != CustomerProfile(seed: 7, visitorID: 4).emailHash)
        #expect(customer.customerID.hasPrefix("C") && customer.customerID.count == 7)
    }

    @Test("hit parameters: percent-decoding and JavaScript number text")
    func hitParameters() {
        let hit = IncomingHit(
            query: "en=purchase&dl=https%3A%2F%2Fwww.shop.example%2Fcaf%C3%A9&gcs=G111&_p=12&_s=3&cu=EUR&epn.value=50.00"
                + "&pr1=idSKU7~nmRed%20Shoe~pr49.90~qt1&ep.transaction_id=1001",
            cookieHeader: "_fbp=fb.1.1.2; FPID=x")
        #expect(hit.event == "purchase")
        #expect(hit.pageLocation == "https://www.shop.example/café")
        #expect(hit.adStorageGranted)
        #expect(hit.eventID == "12_3")
        #expect(hit.cookie("_fbp") == "fb.1.1.2")
        #expect(hit.parameter("value") == .number("50"))
        #expect(hit.parameter("transaction_id") == .string("1001"))
        #expect(hit.items.map { String(decoding: $0.rendered, as: UTF8.self) } == #"[{"item_id":"SKU7","item_name":"Red Shoe","price":49.9,"quantity":1}]"#)
        #expect(!IncomingHit(query: "gcs=G101", cookieHeader: nil).adStorageGranted)
    }

    // MARK: - Generated runs

    @Test("same seed, same bytes; the tagging log changes nothing in the other logs", arguments: TaggingLogFormat.allCases)
    func determinism(format: TaggingLogFormat) throws {
        let first = try Self.run(visitors: 250, format: format)
        let second = try Self.run(visitors: 250, format: format)
        #expect(first.tagging == second.tagging)
        #expect(!first.tagging.isEmpty)
        let options = GeneratorOptions(seed: 20_261_121, date: try SimulatorFixtures.day(), volume: .visitors(250), format: .caddy)
        let consent = MemorySink()
        let plain = MemorySink()
        try LogGenerator.run(options, to: plain, consentTo: consent)
        #expect(plain.bytes == first.access)
        #expect(consent.bytes == first.consent)
        #expect(first.report.tagging?.lines == first.taggingLines.count)
    }

    @Test("Cloud Logging lines are LogEntry JSON with timestamps in order")
    func cloudLoggingEntries() throws {
        let run = try Self.run(visitors: 200, keeps: false)
        var previous = ""
        var kinds: [String: Int] = [:]
        for line in run.taggingLines {
            let entry = try Self.object(line)
            let timestamp = try #require(entry["timestamp"] as? String)
            #expect(timestamp.count == 27 && timestamp.hasSuffix("Z"))
            #expect(timestamp >= previous)
            previous = timestamp
            #expect((entry["receiveTimestamp"] as? String).map { $0 >= timestamp } == true)
            #expect((entry["insertId"] as? String)?.count == 24)
            let resource = try #require(entry["resource"] as? [String: Any])
            #expect(resource["type"] as? String == "cloud_run_revision")
            let logName = try #require(entry["logName"] as? String)
            if let http = entry["httpRequest"] as? [String: Any] {
                #expect(logName == "projects/shop-sgtm/logs/run.googleapis.com%2Frequests")
                #expect((entry["trace"] as? String)?.hasPrefix("projects/shop-sgtm/traces/") == true)
                #expect((http["latency"] as? String)?.hasSuffix("s") == true)
                #expect(http["status"] is Int)
                kinds["request", default: 0] += 1
            } else if entry["jsonPayload"] is [String: Any] {
                #expect(logName == "projects/shop-sgtm/logs/run.googleapis.com%2Fstdout")
                kinds["json", default: 0] += 1
            } else {
                #expect(entry["textPayload"] as? String == "Listening on port 8080")
                kinds["text", default: 0] += 1
            }
        }
        #expect(kinds["request", default: 0] > 100 && kinds["json", default: 0] > 100 && kinds["text", default: 0] >= 1)
    }

    @Test("Docker lines wrap each stdout line as a string with a nanosecond time")
    func dockerLines() throws {
        let run = try Self.run(visitors: 120, format: .docker, keeps: false)
        #expect(run.taggingText.contains("\\u0026api_secret="))
        for line in run.taggingLines {
            let wrapper = try Self.object(line)
            #expect(wrapper["stream"] as? String == "stdout")
            #expect((wrapper["time"] as? String)?.hasPrefix("2026-11-2") == true)
            let log = try #require(wrapper["log"] as? String)
            #expect(log.hasSuffix("\n"))
            if log != "Listening on port 8080\n" {
                let object = try Self.object(Substring(log.dropLast()))
                #expect(["Message", "Request", "Response"].contains(object["Type"] as? String ?? ""))
            }
        }
    }

    @Test("Meta and TikTok requests only for visitors whose marketing was granted at that moment")
    func vendorConsent() throws {
        let run = try Self.run(visitors: 700)
        let requests = try #require(run.report.tagging?.vendorRequests)
        var byVisitor: [UInt64: [ConsentRecord]] = [:]
        for record in run.consentRecords { byVisitor[record.visitorID, default: []].append(record) }
        var marketingRequests = 0
        for request in requests where request.vendor != .googleAnalytics {
            marketingRequests += 1
            let answers = (byVisitor[request.visitorID] ?? []).filter { $0.clickTime * 1000 <= request.timeMicros }
            let latest = answers.max { a, b in (a.clickTime, a.sequence) < (b.clickTime, b.sequence) }
            #expect(latest?.choice.marketing == true, "visitor \(request.visitorID) \(request.vendor) at \(request.timeMicros)")
            #expect(request.consent.marketing)
        }
        #expect(marketingRequests > 50)
        #expect(requests.contains { $0.vendor == .googleAnalytics && !$0.consent.marketing })
        #expect(run.report.tagging?.vendorRequestCount == requests.count)
    }

    @Test("every outgoing request follows the incoming Logger event with its TraceId (TikTok logs none)")
    func traceStitching() throws {
        let run = try Self.run(visitors: 300, keeps: false)
        var loggerTraces = Set<String>()
        var requestLogTraces = Set<String>()
        var outgoing = 0
        var tiktok = 0
        for line in run.taggingLines {
            let entry = try Self.object(line)
            if let trace = entry["trace"] as? String, let http = entry["httpRequest"] as? [String: Any],
                (http["requestUrl"] as? String)?.contains("/g/collect") == true
            {
                requestLogTraces.insert(String(trace.split(separator: "/").last ?? ""))
            }
            guard let payload = entry["jsonPayload"] as? [String: Any], let type = payload["Type"] as? String else { continue }
            let name = payload["Name"] as? String ?? ""
            if type == "Message" {
                let trace = try #require(payload["TraceId"] as? String)
                #expect(name == "Logger")
                #expect(requestLogTraces.contains(trace), "the request log precedes the Logger object")
                loggerTraces.insert(trace)
                continue
            }
            outgoing += 1
            if name == "TikTok" {
                tiktok += 1
                #expect(payload["TraceId"] == nil)
            } else {
                let trace = try #require(payload["TraceId"] as? String, "\(name) \(type)")
                #expect(loggerTraces.contains(trace), "\(name) \(type) \(trace) before its Logger event")
            }
            if type == "Request" {
                #expect(payload["RequestMethod"] as? String == "POST")
                #expect((payload["RequestUrl"] as? String)?.hasPrefix("https://") == true)
                #expect(payload["RequestBody"] is [String: Any])
            } else {
                #expect(payload["ResponseStatusCode"] is Int)
                #expect(payload["ResponseBody"] is String)
                #expect(payload["ResponseHeaders"] is [String: Any])
            }
        }
        #expect(outgoing > 200 && tiktok > 20)
    }

    @Test("secrets are in the raw log as the tags log them (TikTok's header token is not)")
    func secrets() throws {
        let run = try Self.run(visitors: 150, keeps: false)
        let configuration = TaggingServerConfiguration()
        #expect(run.taggingText.contains("events?access_token=" + configuration.metaAccessToken))
        #expect(run.taggingText.contains("&api_secret=" + configuration.ga4APISecret))
        #expect(!run.taggingText.contains(configuration.tiktokAccessToken))
        #expect(configuration.metaAccessToken.hasPrefix("EAAG-SECRET-"))
    }

    @Test("enrichment: added fields are in the outgoing body and absent from the incoming event")
    func enrichment() throws {
        let run = try Self.run(visitors: 400)
        let requests = try #require(run.report.tagging?.vendorRequests)
        let enriched = requests.filter { !$0.addedFields.isEmpty }
        #expect(enriched.count > 10)
        #expect(enriched.contains { $0.vendor == .meta && $0.addedFields.contains("user_data.em") })
        #expect(enriched.contains { $0.vendor == .tiktok && $0.addedFields.contains("user.external_id") })
        let byTrace = Dictionary(grouping: enriched, by: \.traceID)
        var checked = 0
        for line in run.taggingLines {
            let entry = try Self.object(line)
            guard let payload = entry["jsonPayload"] as? [String: Any], let trace = payload["TraceId"] as? String,
                let notes = byTrace[trace]
            else { continue }
            if payload["Type"] as? String == "Message" {
                let data = try #require(payload["EventData"] as? [String: Any])
                #expect(data["user_data"] == nil && data["user_id"] == nil && data["em"] == nil)
            } else if payload["Type"] as? String == "Request", payload["Name"] as? String == "Facebook" {
                let body = try #require(payload["RequestBody"] as? [String: Any])
                let event = try #require((body["data"] as? [[String: Any]])?.first)
                let user = try #require(event["user_data"] as? [String: Any])
                let em = try #require((user["em"] as? [String])?.first)
                #expect(em.count == 64)
                #expect(notes.contains { $0.vendor == .meta })
                checked += 1
            }
        }
        #expect(checked > 0)
    }
}
