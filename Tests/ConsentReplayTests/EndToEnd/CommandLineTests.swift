import Foundation
import Testing
@testable import ConsentReplay

/// The `consent-replay` executable itself: its exit statuses (contract §2) and what it prints.
/// It is built next to the test product by `swift test`.
struct CommandLineTests {
    /// `consent-replay` in the directory of the running test product.
    static let executable: String? = {
        guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        var directory = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // The test product may be a bundle directory (`….xctest/…`): look beside it.
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("consent-replay").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }()

    /// Runs the executable: exit status, stdout, stderr.
    static func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let executable = try #require(Self.executable, "consent-replay not found beside the test product")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    static func outputDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)").path
    }

    /// 0 when it ran (findings or not), 1 when a finding reaches `--fail-on`, 2 for bad usage
    /// or an unreadable input.
    @Test(arguments: [
        ([String](), Int32(0)),
        (["--fail-on", "high"], Int32(1)),
        (["--fail-on", "medium"], Int32(1)),
        (["--fail-on", "nonsense"], Int32(2)),
    ])
    func analyzeExitStatus(extra: [String], expected: Int32) throws {
        let out = Self.outputDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try Self.run(["analyze", packageRoot + "/samples", "--out", out, "--progress", "never"] + extra)
        #expect(result.status == expected, "\(result.err)")
        if expected != 2 {
            // Everything is printed and written before the process ends.
            #expect(result.out.hasSuffix("reports written to \(out)/\n"))
            #expect(result.out.contains("sessions with a finding"))
            for name in ["findings.csv", "findings.jsonl", "sessions.csv", "summary.json"] {
                #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name)")
            }
        }
    }

    /// A finding below the `--fail-on` level does not fail the run.
    @Test func failOnIgnoresFindingsBelowTheLevel() throws {
        let out = Self.outputDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        // The consent sample alone holds no finding of any level.
        let result = try Self.run(["analyze", packageRoot + "/samples/consent", "--out", out, "--progress", "never", "--fail-on", "low"])
        #expect(result.status == 0, "\(result.err)")
    }

    @Test func unreadableInputIsStatusTwo() throws {
        let out = Self.outputDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try Self.run(["analyze", packageRoot + "/samples/no-such-file.log", "--out", out, "--progress", "never"])
        #expect(result.status == 2)
        #expect(result.err.contains("no-such-file.log"))
    }
}
