import Foundation

/// Phase times on stderr when `CONSENT_REPLAY_TIMINGS` is set (for the benchmark notes).
public final class PhaseTimings: @unchecked Sendable {
    private let enabled: Bool
    private var last = Date()
    private var lastCPU = PhaseTimings.cpuSeconds()
    private var lastSystem = PhaseTimings.cpuSeconds(systemOnly: true)

    public init(enabled: Bool = ProcessInfo.processInfo.environment["CONSENT_REPLAY_TIMINGS"] != nil) { self.enabled = enabled }

    /// User plus system CPU time of the whole process so far (or system time only).
    private static func cpuSeconds(systemOnly: Bool = false) -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return (systemOnly ? 0 : seconds(usage.ru_utime)) + seconds(usage.ru_stime)
    }

    public func mark(_ phase: String) {
        guard enabled else { return }
        let now = Date()
        // Resident memory now (second field of /proc/self/statm, in pages), where there is one.
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        let cpu = PhaseTimings.cpuSeconds()
        let system = PhaseTimings.cpuSeconds(systemOnly: true)
        let line = String(format: "timing: %-40@ %7.2f s %7.2f s cpu (%5.2f s system) %7d MB resident\n", phase as NSString, now.timeIntervalSince(last), cpu - lastCPU, system - lastSystem, pages * 4096 / 1_000_000)
        FileHandle.standardError.write(Data(line.utf8))
        last = now
        lastCPU = cpu
        lastSystem = system
    }
}
