import Foundation
import Synchronization

/// Counters the pipeline bumps while it reads, shown by `ProgressBar`.
public final class ProgressCounters: Sendable {
    /// Raw bytes read from disk (compressed bytes for gzip files).
    public let rawBytes = ByteCounter()
    public let lines = Atomic<Int>(0)
    public init() {}
}

/// A one-line progress bar on stderr: bytes read of the total, lines per second, time left.
public final class ProgressBar: @unchecked Sendable {
    private let counters: ProgressCounters
    private let totalBytes: Int
    private let startedAt = Date()
    private let lock = NSLock()
    private var stopped = false
    private var thread: Thread?

    public init(counters: ProgressCounters, totalBytes: Int) {
        self.counters = counters
        self.totalBytes = max(1, totalBytes)
    }

    public func start() {
        let thread = Thread { [weak self] in
            while let self, !self.isStopped {
                self.draw()
                Thread.sleep(forTimeInterval: 0.25)
            }
        }
        self.thread = thread
        thread.start()
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    public func stop() {
        lock.withLock { stopped = true }
        draw()
        FileHandle.standardError.write(Data("\n".utf8))
    }

    private func draw() {
        let done = min(counters.rawBytes.total, totalBytes)
        let lines = counters.lines.load(ordering: .relaxed)
        let elapsed = max(Date().timeIntervalSince(startedAt), 0.001)
        let fraction = Double(done) / Double(totalBytes)
        let width = 28
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        let rate = Double(lines) / elapsed
        let remaining = fraction > 0.01 ? elapsed * (1 - fraction) / fraction : 0
        let text = String(format: "\r[%@] %3.0f%% %@ / %@  %@ lines/s  ETA %@ ",
                          bar, fraction * 100, Self.bytes(done), Self.bytes(totalBytes),
                          Self.count(rate), Self.duration(remaining))
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func bytes(_ n: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(n)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(n) B" : String(format: "%.1f %@", value, units[unit])
    }

    static func count(_ rate: Double) -> String {
        rate >= 1_000_000 ? String(format: "%.2fM", rate / 1_000_000) : rate >= 1000 ? String(format: "%.0fk", rate / 1000) : String(format: "%.0f", rate)
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return String(format: "%d:%02d", s / 60, s % 60)
    }
}
