import Foundation
import Testing

@testable import SiteSimulator

/// Whole runs: determinism, limits, ordering, per-format shape of generated files, gzip.
@Suite("Simulator generator")
struct SimulatorGeneratorTests {
    @Test("the same seed gives identical bytes", arguments: [LogFormat.combinedCookies, .caddy, .cloudfront])
    func sameSeedSameBytes(format: LogFormat) throws {
        let options = GeneratorOptions(seed: 42, date: try SimulatorFixtures.day(), volume: .lines(4_000), format: format)
        let first = try SimulatorFixtures.generatedBytes(options)
        let second = try SimulatorFixtures.generatedBytes(options)
        #expect(!first.isEmpty)
        #expect(first == second)
    }

    @Test("a different seed gives different output")
    func differentSeedDiffers() throws {
        let day = try SimulatorFixtures.day()
        let one = try SimulatorFixtures.generatedBytes(GeneratorOptions(seed: 1, date: day, volume: .visitors(60), format: .combinedCookies))
        let two = try SimulatorFixtures.generatedBytes(GeneratorOptions(seed: 2, date: day, volume: .visitors(60), format: .combinedCookies))
        #expect(one != two)
    }

    @Test("--lines writes exactly N request lines, header lines extra", arguments: [LogFormat.combined, .iis, .cloudfront])
    func exactLineCount(format: LogFormat) throws {
        for count in [0, 1, 7, 2_500] {
            let lines = try SimulatorFixtures.generatedLines(format, lines: count)
            let requests = lines.filter { !$0.hasPrefix("#") }
            #expect(requests.count == count)
            let headers = lines.count - requests.count
            switch format {
            case .iis: #expect(headers == 4)
            case .cloudfront: #expect(headers == 2)
            default: #expect(headers == 0)
            }
        }
    }

    @Test("a small line count that one day cannot fill keeps simulating the following days")
    func linesSpillIntoNextDay() throws {
        let day = try SimulatorFixtures.day()
        let sink = MemorySink()
        let report = try LogGenerator.run(GeneratorOptions(seed: 3, date: day, volume: .lines(1_500), format: .common), to: sink)
        #expect(report.lines == 1_500)
        let lastTime = try #require(report.lastTime)
        #expect(lastTime >= day.startMillis)
    }

    @Test("requests come out in time order and a visitor-mode run stays within the day's sessions")
    func timeOrdered() throws {
        let day = try SimulatorFixtures.day()
        let simulation = Simulation(configuration: SimulationConfiguration(seed: 9, startDate: day, visitorsPerDay: 3_000))
        var previous = Int64.min
        var count = 0
        var kinds = Set<RequestKind>()
        var hosts = Set<String>()
        while let request = simulation.next() {
            #expect(request.time >= previous)
            previous = request.time
            count += 1
            kinds.insert(request.kind)
            hosts.insert(request.host)
        }
        #expect(count > 20_000)
        #expect(simulation.visitorsArrived == 3_000)
        #expect(kinds == Set(RequestKind.allCases))
        #expect(hosts == ["shop.example", "www.shop.example", "sst.shop.example"])
        // Memory is bounded by visitors active at once, far fewer than the day's visitors.
        #expect(simulation.peakActiveVisitors < 600)
        #expect(previous < day.startMillis + 2 * 86_400_000)
    }

    @Test("the population has the variety the analyzer must handle")
    func variety() throws {
        let lines = try SimulatorFixtures.generatedLines(.combinedCookiesDNT, seed: 5, lines: 60_000)
        let text = lines.joined(separator: "\n")
        for needle in [
            "\"HEAD ", "\"POST /g/collect?", "\"GET /g/collect?", " 304 ", " 404 ", " 302 ", " 301 ", "Googlebot", "bingbot",
            "AhrefsBot", "curl/", "python-requests/", "FPID=FPID2.2.", "_ga=GA1.1.", "_fbp=fb.1.", "_gcl_au=1.1.", "_gid=GA1.1.",
            "Max-Age=63072000", "Max-Age=0", "Expires=Thu, 01 Jan 1970 00:00:00 GMT", "fbclid=", "/search?q=",
            "%C3%", "+", "\"1\" \"-\"", "\"-\" \"1\"",
        ] {
            #expect(text.contains(needle), "no \(needle) in the sample")
        }
        // IPv6 clients and several visitors behind one NAT address.
        let addresses = lines.map { $0.prefix { $0 != " " } }
        #expect(addresses.contains { $0.contains(":") })
        let browserLines = lines.filter { $0.contains("_ga=") && !$0.hasPrefix("10.") }
        let humanUAsByAddress = Dictionary(grouping: browserLines) { $0.prefix { $0 != " " } }
            .mapValues { Set($0.map { SimulatorFixtures.quotedFields($0)[8] }) }
        #expect(humanUAsByAddress.values.contains { $0.count > 1 })
        // Several Set-Cookie headers on one response.
        #expect(lines.contains { $0.contains("SameSite=Lax; shop_lang=") })
    }

    @Test("text formats have the right number of fields", arguments: [
        (LogFormat.common, 7), (.combined, 9), (.combinedCookies, 12), (.combinedCookiesDNT, 13), (.apacheCookies, 12),
    ])
    func textFieldCounts(format: LogFormat, fields: Int) throws {
        for line in try SimulatorFixtures.generatedLines(format, lines: 2_000) {
            #expect(SimulatorFixtures.quotedFields(line).count == fields, "\(line)")
        }
    }

    @Test("JSON formats: every line parses", arguments: [LogFormat.nginxJSON, .caddy])
    func jsonLinesParse(format: LogFormat) throws {
        for line in try SimulatorFixtures.generatedLines(format, lines: 2_000) {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object != nil)
            if format == .caddy {
                #expect(object?["request"] is [String: Any])
                #expect(object?["resp_headers"] is [String: Any])
            } else {
                #expect(object?["sent_http_set_cookie"] is String)
            }
        }
    }

    @Test("W3C formats: header first, then fixed field counts", arguments: [(LogFormat.cloudfront, 33), (.iis, 16)])
    func w3cFieldCounts(format: LogFormat, fields: Int) throws {
        let lines = try SimulatorFixtures.generatedLines(format, lines: 2_000)
        let separator: Character = format == .cloudfront ? "\t" : " "
        let declared = try #require(lines.first { $0.hasPrefix("#Fields: ") })
        #expect(declared.dropFirst("#Fields: ".count).split(separator: " ").count == fields)
        #expect(lines.first?.hasPrefix("#") == true)
        for line in lines where !line.hasPrefix("#") {
            #expect(line.split(separator: separator, omittingEmptySubsequences: false).count == fields, "\(line)")
        }
    }

    @Test("--gzip output decompresses to exactly the plain bytes")
    func gzipRoundTrip() throws {
        let day = try SimulatorFixtures.day()
        let plain = try SimulatorFixtures.generatedBytes(GeneratorOptions(seed: 11, date: day, volume: .lines(5_000), format: .nginxJSON))
        let compressed = try SimulatorFixtures.generatedBytes(
            GeneratorOptions(seed: 11, date: day, volume: .lines(5_000), format: .nginxJSON, gzip: true))
        #expect(compressed.count < plain.count / 3)
        // A fixed header: magic, deflate, no flags, mtime 0, OS = Unix.
        #expect(Array(compressed.prefix(4)) == [0x1F, 0x8B, 8, 0])
        #expect(Array(compressed[4..<8]) == [0, 0, 0, 0])
        #expect(compressed[9] == 3)
        #expect(try SimulatorFixtures.gunzip(compressed) == plain)
    }

    @Test("the file sink writes what the memory sink collects")
    func fileSink() throws {
        let day = try SimulatorFixtures.day()
        let options = GeneratorOptions(seed: 4, date: day, volume: .lines(3_000), format: .iis)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try LogGenerator.run(options, to: try FileDescriptorSink(creating: path))
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(written == (try SimulatorFixtures.generatedBytes(options)))
    }

    @Test("an unwritable output path is a clear error")
    func unwritablePath() {
        #expect(throws: OutputError.self) {
            try FileDescriptorSink(creating: "/nonexistent-directory/x.log")
        }
    }
}
