import Foundation
import Testing
@testable import ConsentReplay

/// `findings.csv`, `findings.jsonl`, `sessions.csv`, `enrichment.csv` and `transfers.csv` of
/// `analyze samples/` against golden files, and the same bytes whatever the order of the inputs, the threads, or the run.
@Suite(.serialized)
struct FindingsGoldenTests {
    /// Runs with paths relative to the package root, as a user in a checkout types them (the
    /// finding ids hash the path as given).
    static func analyze(_ inputs: [String], jobs: Int = 2, pseudonymizer: Pseudonymizer = .none) throws -> AnalysisResult {
        if FileManager.default.currentDirectoryPath != packageRoot {
            _ = FileManager.default.changeCurrentDirectoryPath(packageRoot)
        }
        var options = AnalyzeOptions()
        options.inputs = try InputFiles.expand(inputs.map { ($0, nil) })
        options.jobs = jobs
        options.pseudonymizer = pseudonymizer
        return try Analyzer(options: options).run()
    }

    static func outputs(_ r: AnalysisResult) -> (csv: String, jsonl: String, sessions: String, enrichment: String, transfers: String) {
        (FindingsCSV.render(r.analysis.findings), FindingsJSONL.render(r.analysis.findings), SessionsCSV.render(r.analysis.sessions),
         EnrichmentCSV.render(r.analysis.enrichment),
         TransfersCSV.render(r.analysis.enrichment, vendors: r.vendorCatalogue, findings: r.analysis.findings))
    }

    @Test func samplesFindingsMatchGolden() throws {
        let out = Self.outputs(try Self.analyze(["samples"]))
        expectMatchesSnapshot(out.csv, named: "samples-findings.csv")
        expectMatchesSnapshot(out.jsonl, named: "samples-findings.jsonl")
        expectMatchesSnapshot(out.sessions, named: "samples-sessions.csv")
        expectMatchesSnapshot(out.enrichment, named: "samples-enrichment.csv")
        expectMatchesSnapshot(out.transfers, named: "samples-transfers.csv")
    }

    /// The bundled day shows every rule at work (`scripts/make-samples` plants the scenarios).
    @Test func samplesHaveFindingsOfEveryRule() throws {
        let found = Set(try Self.analyze(["samples"]).analysis.findings.map(\.rule))
        for rule in RuleCatalogue.all {
            #expect(found.contains(rule.id), "no \(rule.id) finding in samples/")
        }
    }

    @Test func sameBytesWhateverTheInputOrderThreadsOrRun() throws {
        let first = Self.outputs(try Self.analyze(["samples"], jobs: 2))
        let again = Self.outputs(try Self.analyze(["samples"], jobs: 2))
        let oneThread = Self.outputs(try Self.analyze(["samples"], jobs: 1))
        let reordered = Self.outputs(try Self.analyze(["samples/tagging", "samples/nginx/access.log", "samples/consent",
                                                       "samples/caddy", "samples/nginx/access.log.1.gz"], jobs: 2))
        for other in [again, oneThread, reordered] {
            #expect(other.csv == first.csv)
            #expect(other.jsonl == first.jsonl)
            #expect(other.sessions == first.sessions)
            #expect(other.enrichment == first.enrichment)
            #expect(other.transfers == first.transfers)
        }
        #expect(!first.csv.isEmpty)
    }

    /// With a key, no visitor id, cookie value, client id or consent id of the samples is left
    /// in any output; the same key gives the same pseudonyms.
    @Test func pseudonymisationLeavesNoIdentifier() throws {
        let key = Array("a key of at least sixteen bytes".utf8)
        let p = try Pseudonymizer(keyFileContents: key)
        let plain = Self.outputs(try Self.analyze(["samples"]))
        let masked = Self.outputs(try Self.analyze(["samples"], pseudonymizer: p))
        let maskedAgain = Self.outputs(try Self.analyze(["samples"], pseudonymizer: p))
        #expect(masked.csv == maskedAgain.csv)
        let everything = masked.csv + masked.jsonl + masked.sessions
        #expect(everything.firstMatch(of: /\bv-[0-9a-f]{16}\b/) == nil)
        #expect(everything.firstMatch(of: /\bs-[0-9a-f]{16}\b/) == nil)
        #expect(everything.contains("p-"))
        #expect(!everything.contains("GA1.1."))
        #expect(!everything.contains("fb.1."))
        let consentLog = try String(contentsOfFile: packageRoot + "/samples/consent/cookiebot-consent-log.csv", encoding: .utf8)
        for row in consentLog.split(separator: "\n").dropFirst() {
            let id = row.split(separator: ";")[1]
            #expect(!everything.contains(String(id)))
        }
        // The same findings, only renamed.
        #expect(masked.csv.split(separator: "\n").count == plain.csv.split(separator: "\n").count)
    }
}
