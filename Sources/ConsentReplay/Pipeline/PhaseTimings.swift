import Foundation

/// Phase times on stderr when `CONSENT_REPLAY_TIMINGS` is set (for the benchmark notes).
public final class PhaseTimings: @unchecked Sendable {
    private let enabled: Bool
    private var last = Date()

    public init(enabled: Bool = ProcessInfo.processInfo.environment["CONSENT_REPLAY_TIMINGS"] != nil) { self.enabled = enabled }

    public func mark(_ phase: String) {
        guard enabled else { return }
        let now = Date()
        // Resident memory now (second field of /proc/self/statm, in pages), where there is one.
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        let line = String(format: "timing: %-40@ %7.2f s %7d MB resident\n", phase as NSString, now.timeIntervalSince(last), pages * 4096 / 1_000_000)
        FileHandle.standardError.write(Data(line.utf8))
        last = now
    }
}
