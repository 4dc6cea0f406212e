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

    @Argument(help: "Files, directories or - (stdin) to read; their kind is recognised from content.")
    var inputs: [String] = []

    @Option(name: .customLong("access"), help: ArgumentHelp("Read this file or directory as access logs, whatever it looks like.", valueName: "path"))
    var accessInputs: [String] = []

    @Option(name: .customLong("tagging"), help: ArgumentHelp("Read this file or directory as server-side tagging logs, whatever it looks like.", valueName: "path"))
    var taggingInputs: [String] = []

    @Option(name: .customLong("consent"), help: ArgumentHelp("Read this file or directory as consent records, whatever it looks like.", valueName: "path"))
    var consentInputs: [String] = []

    @OptionGroup var config: ConfigOptions

    @Option(name: .customLong("log-format"), help: ArgumentHelp("The access-log layout: an nginx log_format string ('$remote_addr … \"$http_cookie\"') or an Apache LogFormat string ('%h %l %u %t \"%r\" …').", valueName: "format"))
    var logFormat: String?

    @Option(name: .customLong("out"), help: ArgumentHelp("Directory the reports are written to.", valueName: "dir"))
    var outputDirectory = "consent-replay-out"

    @Flag(name: .customLong("skip-unknown"), help: "Skip files whose format is not recognised instead of stopping.")
    var skipUnknown = false

    @Option(name: .customLong("progress"), help: "Progress bar on stderr: auto (only on a terminal), always, never.")
    var progress: ProgressMode = .auto

    @Option(name: .customLong("format"), help: ArgumentHelp("Findings files to write: csv, jsonl or both (comma-separated).", valueName: "list"))
    var findingsFormats = "csv,jsonl"

    @Option(name: .customLong("since"), help: ArgumentHelp("Report only findings at or after this time (ISO-8601 or YYYY-MM-DD); earlier records still build history.", valueName: "time"))
    var since: String?

    @Option(name: .customLong("until"), help: ArgumentHelp("Report only findings at or before this time (ISO-8601, or YYYY-MM-DD for the end of that day).", valueName: "time"))
    var until: String?

    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit with status 1 when a finding of this severity or higher exists (low, medium, high).", valueName: "severity"))
    var failOn: Severity?

    @Option(name: .customLong("pseudonymize-key-file"), help: ArgumentHelp("Replace visitors, identifiers and IPs in every output with HMAC-SHA-256 under the key in this file.", valueName: "file"))
    var pseudonymizeKeyFile: String?

    @Option(name: .customLong("state"), help: ArgumentHelp("SQLite state carried between nightly runs (not available yet: refused).", valueName: "file"))
    var stateFile: String?

    @Option(name: .customLong("jobs"), help: ArgumentHelp("Parsing threads (default: the number of cores).", valueName: "n"))
    var jobs: Int?

    func validate() throws {
        if inputs.isEmpty && accessInputs.isEmpty && taggingInputs.isEmpty && consentInputs.isEmpty {
            throw ValidationError("no input given: name files or directories to read (for example: consent-replay analyze samples/)")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        for format in findingsFormats.split(separator: ",") where !["csv", "jsonl"].contains(format.trimmingCharacters(in: .whitespaces)) {
            throw ValidationError("--format: unknown findings format '\(format)'; valid: csv, jsonl")
        }
        if let since, Self.time(since, endOfDay: false) == nil {
            throw ValidationError("--since: '\(since)' is not a time (ISO-8601 such as 2026-11-21T08:00:00Z, or YYYY-MM-DD)")
        }
        if let until, Self.time(until, endOfDay: true) == nil {
            throw ValidationError("--until: '\(until)' is not a time (ISO-8601 such as 2026-11-21T08:00:00Z, or YYYY-MM-DD)")
        }
        if stateFile != nil {
            throw ValidationError("--state is not available in this version: nightly state is planned (contract §8)")
        }
    }

    /// A `--since`/`--until` value: `YYYY-MM-DD` means the start (or, for `--until`, the end) of that day, UTC.
    static func time(_ text: String, endOfDay: Bool) -> Int64? {
        guard let t = Timestamp.parse(text) else { return nil }
        let dateOnly = text.count == 10 && text.filter { $0 == "-" }.count == 2
        return dateOnly && endOfDay ? t + 86_400_000 - 1 : t
    }

    func run() throws {
        var options = AnalyzeOptions()
        options.configuration = config.load()
        options.outputDirectory = outputDirectory
        options.skipUnknown = skipUnknown
        if let jobs { options.jobs = jobs }
        options.since = since.flatMap { Self.time($0, endOfDay: false) }
        options.until = until.flatMap { Self.time($0, endOfDay: true) }
        if let keyFile = pseudonymizeKeyFile ?? options.configuration.pseudonymizeKeyFile {
            do {
                options.pseudonymizer = try Pseudonymizer(keyFile: keyFile)
            } catch {
                ConsentReplayCommand.fail("\(error)")
            }
        }
        do {
            if let format = logFormat ?? options.configuration.accessLogFormat { options.logFormat = try LogFormatCompiler.compile(format) }
            options.inputs = try InputFiles.expand(inputs.map { ($0, nil) } + accessInputs.map { ($0, .access) } + taggingInputs.map { ($0, .tagging) } + consentInputs.map { ($0, .consent) })
        } catch {
            ConsentReplayCommand.fail("\(error)")
        }
        options.echo = [
            "inputs": .array(inputs.map { .string($0) }),
            "access": .array(accessInputs.map { .string($0) }),
            "tagging": .array(taggingInputs.map { .string($0) }),
            "consent": .array(consentInputs.map { .string($0) }),
            "config": config.configFile.map { .string($0) } ?? .null,
            "cookie_catalogue": config.cookieCatalogue.map { .string($0) } ?? .null,
            "log_format": logFormat.map { .string($0) } ?? .null,
            "skip_unknown": .bool(skipUnknown),
            "out": .string(outputDirectory),
            "format": .string(findingsFormats),
            "since": since.map { .string($0) } ?? .null,
            "until": until.map { .string($0) } ?? .null,
            "fail_on": failOn.map { .string($0.rawValue) } ?? .null,
            "pseudonymize": .bool(options.pseudonymizer.isActive),
        ]

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
            let failures = Mutex([Int: Error]())
            let jobs = writers
            DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
                do { try jobs[i]() } catch { failures.withLock { $0[i] = error } }
            }
            if let first = failures.withLock({ $0.sorted { $0.key < $1.key }.first?.value }) { throw first }
            timings.mark("write findings, sessions, enrichment, transfers")
            let summary = SummaryReport.json(result, options: options).serialized() + "\n"
            try AtomicFile.write(summary, to: outputDirectory + "/summary.json")
            timings.mark("write summary.json")
        } catch {
            ConsentReplayCommand.fail("\(error)")
        }
        print(SummaryReport.table(result), terminator: "")
        print("")
        print(SummaryReport.findingsTable(result.analysis), terminator: "")
        print("reports written to \(outputDirectory)/")
        if let failOn, findings.contains(where: { $0.severity >= failOn }) {
            throw ExitCode(1)
        }
    }
}

extension Severity: ExpressibleByArgument {}
