import ArgumentParser
import ConsentReplay
import Foundation

/// `consent-replay analyze`: read every input and write the reports.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read logs and consent records and write the reports into --out.",
        discussion: """
        Each INPUT is a file, a directory (read recursively, in path order) or - for standard \
        input. Kind and format are recognised from each file's first lines, gzip from its magic \
        bytes. Exit status: 0 ran; 2 bad usage or unreadable/unrecognised input; 3 internal error.
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

    @Option(name: .customLong("jobs"), help: ArgumentHelp("Parsing threads (default: the number of cores).", valueName: "n"))
    var jobs: Int?

    func validate() throws {
        if inputs.isEmpty && accessInputs.isEmpty && taggingInputs.isEmpty && consentInputs.isEmpty {
            throw ValidationError("no input given: name files or directories to read (for example: consent-replay analyze samples/)")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        var options = AnalyzeOptions()
        options.configuration = config.load()
        options.outputDirectory = outputDirectory
        options.skipUnknown = skipUnknown
        if let jobs { options.jobs = jobs }
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
        do {
            try AtomicFile.makeDirectory(outputDirectory)
            let summary = SummaryReport.json(result, options: options).serialized() + "\n"
            try AtomicFile.write(summary, to: outputDirectory + "/summary.json")
        } catch {
            ConsentReplayCommand.fail("\(error)")
        }
        print(SummaryReport.table(result), terminator: "")
        print("summary written to \(outputDirectory)/summary.json")
    }
}
