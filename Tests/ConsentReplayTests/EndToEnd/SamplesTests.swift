import Foundation
import Testing
@testable import ConsentReplay

/// `analyze samples/` end to end: what it reads, that it reads everything, and that the result
/// does not depend on threads or chunking.
struct SamplesTests {
    static func analyze(_ inputs: [String], jobs: Int = 2) throws -> (AnalysisResult, AnalyzeOptions) {
        var options = AnalyzeOptions()
        options.inputs = try InputFiles.expand(inputs.map { (packageRoot + "/" + $0, nil) })
        options.jobs = jobs
        return (try Analyzer(options: options).run(), options)
    }

    /// summary.json without the run block, with the machine's checkout path removed.
    static func summaryText(_ result: AnalysisResult, _ options: AnalyzeOptions) -> String {
        SummaryReport.json(result, options: options, includeRun: false).serialized()
            .replacingOccurrences(of: packageRoot + "/", with: "") + "\n"
    }

    @Test func samplesSummaryMatchesGolden() throws {
        let (result, options) = try Self.analyze(["samples"])
        expectMatchesSnapshot(Self.summaryText(result, options), named: "samples-summary.json")
    }

    @Test func everySampleIsRecognisedWithoutFlags() throws {
        let (result, _) = try Self.analyze(["samples"])
        let formats = Dictionary(uniqueKeysWithValues: result.files.map { ($0.file.displayPath.replacingOccurrences(of: packageRoot + "/", with: ""), $0.formatID ?? "") })
        #expect(formats == [
            "samples/caddy/sst.shop.example.log": "caddy-json",
            "samples/consent/cookiebot-consent-log.csv": "consent-csv",
            "samples/tagging/sgtm-cloud-logging.jsonl": "gcp-logging",
            "samples/nginx/access.log": "combined+extra",
            "samples/nginx/access.log.1.gz": "combined+extra",
        ])
        for nginx in result.files where nginx.formatID == "combined+extra" {
            #expect(nginx.layout?.hasSuffix(#""$http_cookie" "$sent_http_set_cookie" "$http_sec_gpc""#) == true)
        }
    }

    /// records + rejected + skipped = the number of lines of the decompressed file (`wc -l`).
    @Test func everyLineIsAccountedFor() throws {
        let (result, _) = try Self.analyze(["samples"])
        for report in result.files {
            let opened = try InputOpener.open(report.file)
            var newlines = 0
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
            defer { buffer.deallocate() }
            while true {
                let n = try opened.source.read(into: buffer)
                if n == 0 { break }
                newlines += buffer[0..<n].filter { $0 == UInt8(ascii: "\n") }.count
            }
            let t = report.tally
            #expect(t.records + t.rejectedCount + t.skippedCount == t.lines)
            #expect(t.lines == newlines, "\(report.file.displayPath)")
        }
    }

    @Test func outputIsTheSameWhateverTheThreads() throws {
        let (one, options) = try Self.analyze(["samples"], jobs: 1)
        let (two, _) = try Self.analyze(["samples"], jobs: 2)
        let (again, _) = try Self.analyze(["samples"], jobs: 2)
        let text = Self.summaryText(one, options)
        #expect(Self.summaryText(two, options) == text)
        #expect(Self.summaryText(again, options) == text)
    }
}
