import ArgumentParser
import ConsentReplay
import Foundation

/// `consent-replay`: replays access logs, tagging logs and consent records to find where
/// tracking broke consent.
@main
struct ConsentReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent-replay",
        abstract: "Replay access, server-side tagging and consent logs and report where tracking broke consent.",
        discussion: "Exit status: 0 ran; 1 a finding at or above --fail-on; 2 bad usage, configuration or unreadable input; 3 internal error.",
        version: SummaryReport.version,
        subcommands: [Analyze.self, Investigate.self, Rules.self, Explain.self, Decode.self, DumpConfig.self]
    )

    /// The documented exit statuses (contract §2).
    enum Status: Int32 {
        case ran = 0
        case findingAtFailOn = 1
        case usage = 2
        case internalError = 3
    }

    /// Prints `message` on stderr and exits with `code` (2: usage, configuration or input;
    /// 3: internal).
    static func fail(_ message: String, code: Int32 = Status.usage.rawValue) -> Never {
        FileHandle.standardError.write(Data("consent-replay: \(message)\n".utf8))
        Foundation.exit(code)
    }

    /// One warning line on stderr.
    static func warn(_ message: String) {
        FileHandle.standardError.write(Data((message.hasPrefix("warning:") ? message : "warning: " + message).utf8 + [0x0A]))
    }

    /// Runs the command, mapping argument errors to exit status 2 (argument-parser's own default
    /// is 64) and anything unexpected to 3, always with a message and never a crash trace.
    static func main() {
        let command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) } // --help, --version
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(Status.usage.rawValue)
        }
        do {
            var runnable = command
            try runnable.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            // `--help` on a subcommand arrives here as the parser's help command throwing.
            if exitCode(for: error) == .success { exit(withError: error) }
            FileHandle.standardError.write(Data("consent-replay: internal error: \(error)\n".utf8))
            Foundation.exit(Status.internalError.rawValue)
        }
    }
}
