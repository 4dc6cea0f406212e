import Foundation

/// The settings of one `analyze` run.
public struct AnalyzeOptions: Sendable {
    public var inputs: [InputFile] = []
    /// The configuration file's settings (defaults without a file).
    public var configuration = Configuration()
    public var outputDirectory = "consent-replay-out"
    public var logFormat: TemplateFormat?
    public var skipUnknown = false
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    /// The options as given, for the summary's `run` block.
    public var echo: [String: JSONOutput] = [:]

    public init() {}
}

/// The result of a run, before it is written anywhere.
public struct AnalysisResult: Sendable {
    public var files: [FileReport]
    public var durationSeconds: Double
    /// For every outgoing tagging request: the incoming hit it was linked to, and how.
    public var taggingLinks: [TaggingLinker.Link] = []
}

/// Runs the pipeline over every input, in the order given (directories already expanded and
/// sorted), so the outputs do not depend on timing.
///
/// Passes, in order:
/// 1. read: open, undo gzip, split into line chunks (one thread per file);
/// 2. parse: sniffed format, chunks in parallel on `jobs` threads;
/// 3. tally: merge per-chunk counts in file order (examples stay the first ones of the file);
/// 4. link: tie outgoing tagging requests to their incoming hits (`TaggingLinker`).
public struct Analyzer: Sendable {
    public let options: AnalyzeOptions

    public init(options: AnalyzeOptions) {
        self.options = options
    }

    public func run(progress: ProgressCounters? = nil, warn: (String) -> Void = { _ in }) throws -> AnalysisResult {
        let started = Date()
        var context = ParseContext()
        context.evidenceFields = options.configuration.evidenceFields
        context.purposeTables = options.configuration.purposeTables
        context.cookieCatalogue = options.configuration.cookieCatalogue
        context.vendorCatalogue = options.configuration.vendorCatalogue
        context.collectPaths = options.configuration.collectPaths.map { Array($0.utf8) }
        let registry = FormatRegistry.standard(logFormat: options.logFormat, consentColumns: options.configuration.consentColumns)
        let reader = FileReader(registry: registry, context: context, jobs: options.jobs)
        var reports: [FileReport] = []
        for file in options.inputs {
            let report = try reader.read(file, progress: progress, skipUnknown: options.skipUnknown)
            Self.warnings(for: report, warn)
            reports.append(report)
        }
        // 4. link: outgoing vendor requests to the incoming hits that caused them (needs every
        //    file's tagging events, so it runs after all reading).
        let links = TaggingLinker().link(reports.map { $0.tally.taggingEvents })
        return AnalysisResult(files: reports, durationSeconds: Date().timeIntervalSince(started), taggingLinks: links)
    }

    /// One stderr line per kind of problem in a file, with the first places it happened.
    static func warnings(for report: FileReport, _ warn: (String) -> Void) {
        let path = report.file.displayPath
        if report.unrecognised {
            warn("warning: \(path): format not recognised, skipped (--skip-unknown)")
        }
        if let damage = report.damage {
            warn("warning: \(path): \(damage.summary); every complete line before it was read")
        }
        for (reason, occurrences) in report.tally.rejected.sorted(by: { $0.key < $1.key }) {
            warn("warning: \(path): \(occurrences.count) line(s) rejected (\(reason)), first at " + occurrences.lines.map { "\(path):\($0)" }.joined(separator: ", "))
        }
        for (name, occurrences) in report.tally.warnings.sorted(by: { $0.key < $1.key }) {
            warn("warning: \(path): \(occurrences.count) record(s) with \(name), first at " + occurrences.lines.map { "\(path):\($0)" }.joined(separator: ", "))
        }
    }
}
