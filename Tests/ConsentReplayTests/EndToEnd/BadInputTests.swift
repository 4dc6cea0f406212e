import Testing
@testable import ConsentReplay
import SiteSimulator

/// Bad input never crashes and never disappears: every line is a record, a rejection with a
/// reason, or a skip, whatever the bytes.
struct BadInputTests {
    static func simulated(_ format: SiteSimulator.LogFormat, visitors: Int = 15) throws -> [UInt8] {
        guard let day = CivilDate(year: 2026, month: 11, day: 21) else { throw CancellationError() }
        let sink = MemorySink()
        try LogGenerator.run(GeneratorOptions(seed: 5, date: day, volume: .visitors(visitors), format: format), to: sink)
        return sink.bytes
    }

    /// Each format, recognised from its clean sample, then fed mangled lines.
    @Test(arguments: SiteSimulator.LogFormat.allCases)
    func mangledLinesAreCountedNotFatal(format: SiteSimulator.LogFormat) throws {
        let clean = try Self.simulated(format)
        let lines = clean.split(separator: UInt8(ascii: "\n")).map(Array.init)
        var random = TestRandom(seed: UInt64(format.rawValue.utf8.count) * 7919)
        var mangled: [UInt8] = []
        for (i, line) in lines.enumerated() {
            var l = line
            // Directive lines stay intact: without its `#Fields:` a W3C file has no layout at all.
            switch l.first == UInt8(ascii: "#") ? 0 : i % 7 {
            case 1 where !l.isEmpty: l = Array(l.prefix(random.int(0..<l.count))) // truncated
            case 2: for _ in 0..<5 where !l.isEmpty { l[random.int(0..<l.count)] = UInt8(random.int(11..<256)) } // bit rot
            case 3: l = (0..<random.int(0..<200)).map { _ in UInt8(random.int(0..<256)) }.filter { $0 != UInt8(ascii: "\n") } // noise
            default: break
            }
            mangled += l + [UInt8(ascii: "\n")]
        }
        // The format is recognised from the clean file; the mangled one is read with it.
        let cleanReport = try readFile(clean, chunkSize: 2048)
        guard let formatID = cleanReport.formatID else {
            Issue.record("\(format.rawValue) not recognised")
            return
        }
        let sample = SniffSample(lines: lines.prefix(50).map { $0 })
        guard let match = FormatRegistry.standard().recognise(sample, kind: nil) else { return }
        let registry = FormatRegistry(sniffers: [FixedSniffer(format: match.format)])
        let report = try readFile(mangled, chunkSize: 2048, registry: registry)
        #expect(report.formatID == formatID)
        let t = report.tally
        #expect(t.lines == lines.count)
        #expect(t.records + t.rejectedCount + t.skippedCount == t.lines)
        #expect(t.rejectedCount > 0)
        #expect(t.records >= lines.count / 2)
    }

    /// CRLF line ends and a missing final newline change nothing, in every format.
    @Test(arguments: SiteSimulator.LogFormat.allCases)
    func crlfAndNoFinalNewline(format: SiteSimulator.LogFormat) throws {
        let unix = try Self.simulated(format)
        var windows: [UInt8] = []
        for b in unix {
            if b == UInt8(ascii: "\n") { windows.append(UInt8(ascii: "\r")) }
            windows.append(b)
        }
        windows.removeLast(2) // no final CRLF
        let a = try readFile(unix, chunkSize: 1000)
        let b = try readFile(windows, chunkSize: 1000)
        #expect(a.formatID == b.formatID)
        #expect(a.tally.records == b.tally.records && a.tally.lines == b.tally.lines)
        #expect(a.tally.access == b.tally.access)
        #expect(b.tally.rejectedCount == 0)
    }

    @Test func invalidUTF8InsideJSONIsKeptWithAWarning() throws {
        var line = Array(#"{"time_iso8601":"2026-11-21T13:55:36Z","remote_addr":"1.2.3.4","request":"GET / HTTP/1.1","status":"200","http_user_agent":"bad "#.utf8)
        line += [0xFF, 0xFE]
        line += Array(#" bytes"}"#.utf8)
        let report = try readFile(line + [UInt8(ascii: "\n")])
        #expect(report.formatID == "nginx-json")
        #expect(report.tally.records == 1)
        #expect(report.tally.warnings["invalid-utf8"]?.lines == [1])
    }
}

/// A sniffer that always answers with one format (to read a mangled file with the format of
/// its clean twin).
struct FixedSniffer: FormatSniffer {
    let format: any RecordFormat
    var name: String { format.id }
    var kind: InputKind { format.kind }
    func sniff(_ sample: SniffSample) -> SniffMatch? { SniffMatch(format: format, share: 1, specificity: 0) }
}
