import ArgumentParser
import ConsentReplay
import Foundation

/// The inputs and how to read them, shared by `analyze` and `investigate` so both see the
/// same records the same way.
struct InputOptions: ParsableArguments {
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

    @Flag(name: .customLong("skip-unknown"), help: "Skip files whose format is not recognised instead of stopping.")
    var skipUnknown = false

    @Option(name: .customLong("since"), help: ArgumentHelp("Report only findings (and, for investigate, records) at or after this time (ISO-8601 or YYYY-MM-DD); earlier records still build history.", valueName: "time"))
    var since: String?

    @Option(name: .customLong("until"), help: ArgumentHelp("Report only findings (and records) at or before this time (ISO-8601, or YYYY-MM-DD for the end of that day).", valueName: "time"))
    var until: String?

    @Option(name: .customLong("pseudonymize-key-file"), help: ArgumentHelp("Replace visitors, identifiers and IPs in every output with HMAC-SHA-256 under the key in this file.", valueName: "file"))
    var pseudonymizeKeyFile: String?

    @Option(name: .customLong("jobs"), help: ArgumentHelp("Parsing threads (default: the number of cores).", valueName: "n"))
    var jobs: Int?

    func validate(command: String) throws {
        if inputs.isEmpty && accessInputs.isEmpty && taggingInputs.isEmpty && consentInputs.isEmpty {
            throw ValidationError("no input given: name files or directories to read (for example: consent-replay \(command) samples/)")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let since, Self.time(since, endOfDay: false) == nil {
            throw ValidationError("--since: '\(since)' is not a time (ISO-8601 such as 2026-11-21T08:00:00Z, or YYYY-MM-DD)")
        }
        if let until, Self.time(until, endOfDay: true) == nil {
            throw ValidationError("--until: '\(until)' is not a time (ISO-8601 such as 2026-11-21T08:00:00Z, or YYYY-MM-DD)")
        }
    }

    /// A `--since`/`--until` value: `YYYY-MM-DD` means the start (or, for `--until`, the end) of that day, UTC.
    static func time(_ text: String, endOfDay: Bool) -> Int64? {
        guard let t = Timestamp.parse(text) else { return nil }
        let dateOnly = text.count == 10 && text.filter { $0 == "-" }.count == 2
        return dateOnly && endOfDay ? t + 86_400_000 - 1 : t
    }

    /// The analyzer's options; exits 2 on a bad configuration, key file, log format or input.
    func analyzeOptions() -> AnalyzeOptions {
        var options = AnalyzeOptions()
        options.configuration = config.load()
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
            options.inputs = try InputFiles.expand(inputs.map { ($0, nil) } + accessInputs.map { ($0, .access) }
                + taggingInputs.map { ($0, .tagging) } + consentInputs.map { ($0, .consent) })
        } catch {
            ConsentReplayCommand.fail("\(error)")
        }
        options.echo = echo
        options.echo["pseudonymize"] = .bool(options.pseudonymizer.isActive)
        return options
    }

    /// The options as `summary.json`'s run block echoes them.
    var echo: [String: JSONOutput] {
        [
            "inputs": .array(inputs.map { .string($0) }),
            "access": .array(accessInputs.map { .string($0) }),
            "tagging": .array(taggingInputs.map { .string($0) }),
            "consent": .array(consentInputs.map { .string($0) }),
            "config": config.configFile.map { .string($0) } ?? .null,
            "cookie_catalogue": config.cookieCatalogue.map { .string($0) } ?? .null,
            "log_format": logFormat.map { .string($0) } ?? .null,
            "skip_unknown": .bool(skipUnknown),
            "since": since.map { .string($0) } ?? .null,
            "until": until.map { .string($0) } ?? .null,
        ]
    }
}
