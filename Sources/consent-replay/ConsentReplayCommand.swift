import ArgumentParser
import ConsentReplay

/// `consent-replay`: replays access logs, tagging logs and consent records to find where
/// tracking broke consent.
@main
struct ConsentReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent-replay",
        abstract: "Replay access, server-side tagging and consent logs and report where tracking broke consent.",
        version: SummaryReport.version,
        subcommands: [Analyze.self]
    )
}
