import Testing
@testable import ConsentReplay
import SiteSimulator

/// The same simulated traffic written in every format must read back to the same facts: an
/// oracle that needs no hand-written expectations and catches a field read wrong in any format.
struct CrossFormatTests {
    static func read(_ format: SiteSimulator.LogFormat, gzip: Bool = false) throws -> FileReport {
        guard let day = CivilDate(year: 2026, month: 11, day: 21) else { throw CancellationError() }
        let sink = MemorySink()
        try LogGenerator.run(GeneratorOptions(seed: 11, date: day, volume: .visitors(60), format: format, gzip: gzip), to: sink)
        var reader = FileReader(registry: .standard(), context: ParseContext(), jobs: 2)
        reader.chunkSize = 4096 // many chunks, so chunk boundaries are exercised
        let opened = try InputOpener.open(raw: MemorySource(sink.bytes), path: format.rawValue)
        return try reader.read(opened.source, compressed: opened.compressed, file: InputFile(displayPath: format.rawValue))
    }

    @Test func everyFormatReadsBackTheSameTraffic() throws {
        let reference = try Self.read(.combinedCookies)
        #expect(reference.tally.rejectedCount == 0)
        #expect(reference.tally.access.cookiesSent > 1000 && reference.tally.access.cookiesSet > 100)
        for format in SiteSimulator.LogFormat.allCases {
            let report = try Self.read(format)
            let t = report.tally, r = reference.tally
            #expect(t.rejectedCount == 0, "\(format.rawValue): \(t.rejected)")
            #expect(t.records == r.records, "\(format.rawValue)")
            // Formats log whole seconds or milliseconds: compare to the second.
            #expect(t.minTime.map { $0 / 1000 } == r.minTime.map { $0 / 1000 }, "\(format.rawValue)")
            #expect(t.maxTime.map { $0 / 1000 } == r.maxTime.map { $0 / 1000 }, "\(format.rawValue)")
            let hasCookies = ![.combined, .common].contains(format)
            let hasSetCookie = hasCookies && ![.cloudfront, .iis].contains(format)
            let hasGPC = hasSetCookie
            #expect(t.access.cookiesSent == (hasCookies ? r.access.cookiesSent : 0), "\(format.rawValue)")
            #expect(t.access.withCookieHeader == (hasCookies ? r.access.withCookieHeader : 0), "\(format.rawValue)")
            #expect(t.access.cookiesSet == (hasSetCookie ? r.access.cookiesSet : 0), "\(format.rawValue)")
            #expect(t.access.cookieDeletions == (hasSetCookie ? r.access.cookieDeletions : 0), "\(format.rawValue)")
            #expect(t.access.secGPC == (hasGPC ? r.access.secGPC : 0), "\(format.rawValue)")
        }
    }

    @Test func gzipReadsBackTheSame() throws {
        let plain = try Self.read(.combinedCookies)
        let gz = try Self.read(.combinedCookies, gzip: true)
        #expect(gz.compressed)
        #expect(gz.tally.records == plain.tally.records)
        #expect(gz.tally.access == plain.tally.access)
    }
}
