import ArgumentParser
import ConsentReplay
import Foundation
import Synchronization

/// `consent-replay analyze`: read every input and write the reports.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read logs and consent records and write the reports into --out.",
        discussion: """
        Each INPUT is a file, a directory (read recursively, in path order) or - for standard \
        input. Kind and format are recognised from each file's first lines, gzip from its magic \
        bytes. Writes findings.csv, findings.jsonl, sessions.csv and summary.json into --out. \
        Exit status: 0 ran; 1 ran and a finding at or above --fail-on exists; 2 bad usage, \
        configuration or unreadable/unrecognised input; 3 internal error.
        """
    )

    enum ProgressMode: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @OptionGroup var input: InputOptions

    @Option(name: .customLong("out"), help: ArgumentHelp("Directory the reports are written to.", valueName: "dir"))
    var outputDirectory = "consent-replay-out"

    @Option(name: .customLong("progress"), help: "Progress bar on stderr: auto (only on a terminal), always, never.")
    var progress: ProgressMode = .auto

    @Option(name: .customLong("format"), help: ArgumentHelp("Findings files to write: csv, jsonl or both (comma-separated).", valueName: "list"))
    var findingsFormats = "csv,jsonl"

    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit with status 1 when a finding of this severity or higher exists (low, medium, high).", valueName: "severity"))
    var failOn: Severity?

    @Option(name: .customLong("state"), help: ArgumentHelp("SQLite state carried between nightly runs (not available yet: refused).", valueName: "file"))
    var stateFile: String?

    func validate() throws {
        try input.validate(command: "analyze")
        for format in findingsFormats.split(separator: ",") where !["csv", "jsonl"].contains(format.trimmingCharacters(in: .whitespaces)) {
            throw ValidationError("--format: unknown findings format '\(format)'; valid: csv, jsonl")
        }
        if stateFile != nil {
            throw ValidationError("--state is not available in this version: nightly state is planned (contract §8)")
        }
    }

    func run() throws {
        var options = input.analyzeOptions()
        options.outputDirectory = outputDirectory
        options.echo.merge([
            "out": .string(outputDirectory),
            "format": .string(findingsFormats),
            "fail_on": failOn.map { .string($0.rawValue) } ?? .null,
        ]) { a, _ in a }

        let counters = ProgressCounters()
        var bar: ProgressBar?
        let showProgress = progress == .always || (progress == .auto && isatty(2) == 1)
        if showProgress {
            let total = options.inputs.reduce(0) { sum, file in
                sum + ((try? FileManager.default.attributesOfItem(atPath: file.displayPath)[.size] as? Int) ?? 0)
            }
            bar = ProgressBar(counters: counters, totalBytes: total)
            bar?.start()
        }
        let result: AnalysisResult
        do {
            result = try Analyzer(options: options).run(progress: counters) { ConsentReplayCommand.warn($0) }
        } catch let error as InputError {
            bar?.stop()
            ConsentReplayCommand.fail("\(error)")
        } catch let error as UnrecognisedFormat {
            bar?.stop()
            ConsentReplayCommand.fail("\(error)")
        } catch {
            bar?.stop()
            ConsentReplayCommand.fail("internal error: \(error)", code: 3)
        }
        bar?.stop()
        let formats = Set(findingsFormats.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        let findings = result.analysis.findings
        let timings = PhaseTimings()
        do {
            try AtomicFile.makeDirectory(outputDirectory)
            // The report files are independent: written side by side, each atomically.
            var writers: [@Sendable () throws -> Void] = []
            let directory = outputDirectory
            if formats.contains("csv") { writers.append { _ = try FindingsCSV.write(findings, to: directory) } }
            if formats.contains("jsonl") { writers.append { _ = try FindingsJSONL.write(findings, to: directory) } }
            let sessions = result.analysis.sessions
            writers.append { _ = try SessionsCSV.write(sessions, to: directory) }
            let enrichment = result.analysis.enrichment, vendors = result.vendorCatalogue
            writers.append { _ = try EnrichmentCSV.write(enrichment, to: directory) }
            writers.append { _ = try TransfersCSV.write(enrichment, vendors: vendors, findings: findings, to: directory) }
            // summary.json is made side by side with them too, and still written last, once
            // they are all written.
            let summaryText = Mutex<String?>(nil)
            let summaryOptions = options, analysed = result
            let makeSummary: @Sendable () -> String = { SummaryReport.json(analysed, options: summaryOptions).serialized() + "\n" }
            writers.append { summaryText.withLock { $0 = makeSummary() } }
            let failures = Mutex([Int: Error]())
            let jobs = writers
            DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
                do { try jobs[i]() } catch { failures.withLock { $0[i] = error } }
            }
            if let first = failures.withLock({ $0.sorted { $0.key < $1.key }.first?.value }) { throw first }
            timings.mark("write findings, sessions, enrichment, transfers")
            let summary = summaryText.withLock { $0.take() } ?? makeSummary()
            try AtomicFile.write(summary, to: outputDirectory + "/summary.json")
            timings.mark("write summary.json")
        } catch {
            ConsentReplayCommand.fail("\(error)")
        }
        print(SummaryReport.table(result), terminator: "")
        print("")
        print(SummaryReport.findingsTable(result.analysis), terminator: "")
        print("reports written to \(outputDirectory)/")
        let failed = failOn.map { level in findings.contains { $0.severity >= level } } ?? false
        // The result holds a day's findings, sessions and their strings: freeing them one by
        // one only delays the exit (a few tenths of a second on a day of millions of lines),
        // so the process ends here (exit flushes stdout), with the status `--fail-on` asks for.
        Foundation.exit((failed ? ConsentReplayCommand.Status.findingAtFailOn : .ran).rawValue)
    }
}

extension Severity: ExpressibleByArgument {}
