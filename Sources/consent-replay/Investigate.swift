import ArgumentParser
import ConsentReplay
import Foundation

/// `consent-replay investigate`: one visitor's whole story, every record with its file:line.
struct Investigate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print one visitor's timeline: every record in time order with its file:line, annotated with findings.",
        discussion: """
        Reads the same inputs and configuration as analyze and decides the same findings, then \
        prints, for each visitor matching the query: the sessions; every request (cookies sent \
        and set, CMP cookie, Sec-GPC/DNT), incoming hit, consent record and outgoing vendor \
        request (with the personal fields it carried, secrets redacted, and those the tagging \
        server added); the consent state each time it changes; and the findings that point at \
        or cite each record. --ip and --cookie may match several visitors (a shared address, a \
        shared value): each gets its own timeline. Writes no files. Exit status: 0 ran (also \
        when nothing matches); 2 bad usage, configuration or unreadable input; 3 internal error.
        """
    )

    @Option(name: .customLong("visitor"), help: ArgumentHelp("A visitor id as findings.csv prints it (v-…, or p-… when pseudonymised).", valueName: "id"))
    var visitor: String?

    @Option(name: .customLong("ip"), help: ArgumentHelp("Every visitor seen at this IP address.", valueName: "ip"))
    var ip: String?

    @Option(name: .customLong("cookie"), help: ArgumentHelp("Every visitor that carried this identity cookie value (compared as the analyzer does: _ga by its client id).", valueName: "name=value"))
    var cookie: String?

    @OptionGroup var input: InputOptions

    @Flag(help: "Print JSON (sorted keys): {query, visitors: [{visitor, sessions, entries, findings}]}.")
    var json = false

    func validate() throws {
        let given = [visitor, ip, cookie].compactMap { $0 }
        if given.count != 1 {
            throw ValidationError("give exactly one of --visitor ID, --ip IP or --cookie NAME=VALUE")
        }
        if let cookie, !cookie.contains("=") || cookie.hasPrefix("=") {
            throw ValidationError("--cookie takes NAME=VALUE, for example --cookie _ga=GA1.1.1234567890.1795255100")
        }
        try input.validate(command: "investigate --visitor ID")
    }

    var query: VisitorQuery {
        if let visitor { return .visitor(visitor) }
        if let ip { return .ip(ip) }
        let text = cookie ?? ""
        let equals = text.firstIndex(of: "=") ?? text.endIndex
        return .cookie(name: String(text[..<equals]), value: String(text[text.index(after: equals)...]))
    }

    func run() throws {
        var options = input.analyzeOptions()
        options.keepObservations = true
        let result: AnalysisResult
        do {
            result = try Analyzer(options: options).run { ConsentReplayCommand.warn($0) }
        } catch let error as InputError {
            ConsentReplayCommand.fail("\(error)")
        } catch let error as UnrecognisedFormat {
            ConsentReplayCommand.fail("\(error)")
        } catch {
            ConsentReplayCommand.fail("internal error: \(error)", code: 3)
        }
        let timelines: [VisitorTimeline]
        do {
            timelines = try Investigation.run(query, in: result, since: options.since, until: options.until)
        } catch {
            ConsentReplayCommand.fail(error.description)
        }
        if json {
            print(InvestigationOutput.json(timelines, query: query).serialized(indent: 2))
        } else {
            print(InvestigationOutput.text(timelines, query: query), terminator: "")
        }
    }
}
