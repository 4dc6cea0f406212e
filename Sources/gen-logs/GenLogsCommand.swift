import ArgumentParser
import SiteSimulator

/// `gen-logs`: writes a deterministic day of the simulated shop's access log and, on request,
/// the cookie banner's consent log of the same run.
struct GenLogsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen-logs",
        abstract: "Write a deterministic simulated access log of the shop.example web shop.",
        discussion: """
            The same seed and options always give the same bytes, on every machine. Give either \
            --visitors (one simulated day) or --lines (exactly that many request lines). \
            With --consent-out, the cookie banner's consent records of the same simulation \
            (Cookiebot's consent-log export, ';'-separated CSV) are written too, whatever \
            --format and host filter the access log uses. With --tagging-out, the log of the \
            server-side tagging container on sst.shop.example (Stape-convention console \
            objects for every GA4 hit and the vendor requests it sent, wrapped as \
            --tagging-format says) is written from the same run.

            With --violations, 8 % of the arrivals (drawn from their own stream: the other \
            visitors are exactly those of a run without it) act out planted violation \
            scenarios, one each, in turn: every rule and reason of consent-replay's contract \
            (_ga set before the banner click, _fbp after "necessary only", respawned and \
            mirrored cookies, Meta/TikTok/Pinterest forwards without consent or mechanism, \
            ignored GPC/DNT, consent without a record, records contradicting the cookie) and \
            hard negatives that must raise nothing (necessary and CMP cookies before consent, \
            tracking within the clock skew of a grant, cookieless pings, a _gl linker, a cookie \
            that came back with a new value, visitors behind one NAT address, a headless bot, \
            consent given in an earlier session). The consent log then has two extra columns, \
            CONSENT-METHOD and BANNER-VERSION. The scenarios are listed at the top of \
            Sources/SiteSimulator/Violations/Scenarios.swift.

            With --truth-out, the ground truth is written as CSV (rule,reason,source,line,subject): \
            one row per finding `consent-replay analyze <out> <consent-out> <tagging-out>` must \
            produce on the generated day, planted or not, following docs/analysis.md (one \
            finding per rule, session and subject, at its first offending line; source is the \
            path exactly as given here, line the 1-based line of the decompressed file). It \
            needs --visitors, --out, --consent-out, --tagging-out, no host filter and a format \
            that logs Cookie, Set-Cookie and Sec-GPC (combined-cookies-dnt also logs DNT, which \
            the DNT findings need). It assumes the analyzer's defaults and Pinterest configured \
            with minimise_ip: true (scripts/score writes that configuration).
            """)

    @Option(help: "Seed of the simulation; the same seed gives the same output.")
    var seed: UInt64 = 1

    @Option(help: "The simulated day (UTC), YYYY-MM-DD.")
    var date: String = "2026-11-21"

    @Option(help: "Visitors (humans and bots) arriving over the day (1000 when neither --visitors nor --lines is given).")
    var visitors: Int?

    @Option(help: "Write exactly this many request lines (W3C header lines extra), then stop.")
    var lines: Int?

    @Option(help: "Output format (see --list-formats).")
    var format: LogFormat = .combinedCookies

    @Flag(help: "Compress the output with gzip (one member, fixed header, same bytes on every machine).")
    var gzip = false

    @Option(help: "gzip compression level, 1 (fastest) to 9 (smallest).")
    var gzipLevel: Int32 = 6

    @Option(help: "Write only the requests to this host (one server's log of the site).")
    var onlyHost: String?

    @Option(help: "Write every request except those to this host.")
    var exceptHost: String?

    @Option(help: "Output file; standard output when omitted.")
    var out: String?

    @Option(help: "Also write the cookie banner's consent log of the same run (Cookiebot export CSV, never gzipped) to this file.")
    var consentOut: String?

    @Option(help: "Also write the tagging server's log of the same run (never gzipped) to this file.")
    var taggingOut: String?

    @Option(help: "How the tagging server's log lines are wrapped: cloud-logging (Cloud Run LogEntry per line) or docker (json-file driver).")
    var taggingFormat: TaggingLogFormat = .cloudLogging

    @Flag(help: "Plant violation scenarios (and hard negatives) in 8 % of the arrivals; see the discussion below.")
    var violations = false

    @Option(help: ArgumentHelp("With --violations: the share of arrivals that act out a scenario (scenarios are taken in turn, so a share of 0.6 over 50 visitors shows each once).", valueName: "0...1"))
    var violationShare = 0.08

    @Option(help: "Write the ground truth (every finding the analyzer must produce: rule,reason,source,line,subject) to this CSV file.")
    var truthOut: String?

    @Option(help: "Write what the tagging server added to its vendor requests (vendor,field,forwards,events_added,visitors_affected) to this CSV file; needs --tagging-out.")
    var enrichmentTruthOut: String?

    @Flag(help: "List the formats with the server configuration that produces each, then exit.")
    var listFormats = false

    func validate() throws {
        if listFormats { return }
        if visitors != nil && lines != nil {
            throw ValidationError("Give either --visitors or --lines, not both.")
        }
        if onlyHost != nil && exceptHost != nil {
            throw ValidationError("Give either --only-host or --except-host, not both.")
        }
        if let visitors, visitors < 0 { throw ValidationError("--visitors must not be negative.") }
        if let lines, lines < 0 { throw ValidationError("--lines must not be negative.") }
        if !(1...9).contains(gzipLevel) { throw ValidationError("--gzip-level must be between 1 and 9.") }
        if let consentOut, consentOut == out, consentOut != "/dev/null" {
            throw ValidationError("--consent-out must name a different file than --out.")
        }
        if let taggingOut, taggingOut != "/dev/null", taggingOut == out || taggingOut == consentOut {
            throw ValidationError("--tagging-out must name a different file than --out and --consent-out.")
        }
        if let truthOut {
            if out == nil { throw ValidationError("--truth-out needs --out (the truth names the access log by its path).") }
            if [out, consentOut, taggingOut].contains(truthOut) {
                throw ValidationError("--truth-out must name a different file than --out, --consent-out and --tagging-out.")
            }
            let volume: GeneratorOptions.Volume = lines.map { .lines($0) } ?? .visitors(visitors ?? 1000)
            let hosts: HostFilter = onlyHost.map { .only($0) } ?? exceptHost.map { .except($0) } ?? .all
            if let problem = LogGenerator.truthProblem(
                volume: volume, hosts: hosts, format: format, consent: consentOut != nil, tagging: taggingOut != nil)
            {
                throw ValidationError("--truth-out: " + problem + ".")
            }
        }
        if let enrichmentTruthOut {
            if taggingOut == nil { throw ValidationError("--enrichment-truth-out needs --tagging-out.") }
            if [out, consentOut, taggingOut, truthOut].contains(enrichmentTruthOut) {
                throw ValidationError("--enrichment-truth-out must name a file of its own.")
            }
        }
        if CivilDate(parsing: date) == nil {
            throw ValidationError("--date must be a real day written YYYY-MM-DD, got '\(date)'.")
        }
    }

    func run() throws {
        if listFormats {
            for format in LogFormat.allCases {
                print(format.rawValue.padding(toLength: 22) + format.summary)
                print("    " + format.serverConfiguration)
            }
            return
        }
        guard let day = CivilDate(parsing: date) else {
            throw ValidationError("--date must be a real day written YYYY-MM-DD, got '\(date)'.")
        }
        let volume: GeneratorOptions.Volume = lines.map { .lines($0) } ?? .visitors(visitors ?? 1000)
        var options = GeneratorOptions(seed: seed, date: day, volume: volume, format: format, gzip: gzip, gzipLevel: gzipLevel)
        if let onlyHost { options.hosts = .only(onlyHost) }
        if let exceptHost { options.hosts = .except(exceptHost) }
        options.violations = violations
        guard (0...1).contains(violationShare) else { throw ValidationError("--violation-share must be between 0 and 1") }
        options.violationShare = violationShare
        let sink: ByteSink
        do {
            sink = try out.map { try FileDescriptorSink(creating: $0) } ?? FileDescriptorSink.standardOutput()
            let consentSink = try consentOut.map { try FileDescriptorSink(creating: $0) }
            let tagging = try taggingOut.map { TaggingOutput(sink: try FileDescriptorSink(creating: $0), format: taggingFormat) }
            var truth: TruthOutput?
            if let truthOut, let out, let taggingOut {
                truth = TruthOutput(sink: try FileDescriptorSink(creating: truthOut), accessSource: out, taggingSource: taggingOut)
            }
            let report = try LogGenerator.run(options, to: sink, consentTo: consentSink, tagging: tagging, truth: truth)
            if let enrichmentTruthOut, let enrichment = report.tagging?.enrichment {
                let file = try FileDescriptorSink(creating: enrichmentTruthOut)
                try Array(enrichment.csv().utf8).withUnsafeBytes { try file.write($0) }
                try file.finish()
            }
        } catch let error as OutputError {
            throw GenLogsFailure(message: error.description)
        } catch let error as GeneratorError {
            throw GenLogsFailure(message: error.description)
        }
    }
}

// The generator's format enums are read straight from the command line (raw values).
extension LogFormat: ExpressibleByArgument {}
extension TaggingLogFormat: ExpressibleByArgument {}

/// A run-time failure reported as one line on standard error, exit status 1.
struct GenLogsFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { "gen-logs: " + message }
}

extension String {
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? self + " " : self + String(repeating: " ", count: length - count)
    }
}
