import Foundation
import Testing
@testable import ConsentReplay

/// `AtomicFile.Writer`: a report written in pieces of every size, across many megabyte flushes
/// and several early write-back requests, arrives whole and in order under its own name.
struct ReportAtomicFileTests {
    static func directory() throws -> String {
        let directory = NSTemporaryDirectory() + "consent-replay-atomic-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try AtomicFile.makeDirectory(directory)
        return directory
    }

    @Test(arguments: [0, 1, 4_095, (1 << 20) - 1, 1 << 20, (8 << 20) + 1, 21 << 20])
    func writesEveryByteInOrder(size: Int) throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Bytes that differ from one position to the next, so a piece written twice, dropped
        // or out of order changes the file.
        var generator = TestRandom(seed: UInt64(size))
        var expected: [UInt8] = []
        expected.reserveCapacity(size)
        let path = directory + "/report.jsonl"
        let writer = try AtomicFile.Writer(path: path)
        while expected.count < size {
            let count = min(size - expected.count, generator.below(300_000))
            var piece: [UInt8] = []
            piece.reserveCapacity(count)
            for _ in 0..<count { piece.append(UInt8(truncatingIfNeeded: generator.next())) }
            expected.append(contentsOf: piece)
            if generator.next() % 2 == 0 {
                try writer.append(piece)
            } else {
                try writer.append(String(decoding: piece.map { $0 & 0x7F }, as: UTF8.self))
                expected.replaceSubrange((expected.count - count)..., with: piece.map { $0 & 0x7F })
            }
        }
        // Nothing is visible under the report's name before the commit.
        #expect(!FileManager.default.fileExists(atPath: path))
        try writer.commit()
        #expect(FileManager.default.contents(atPath: path) == Data(expected))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["report.jsonl"])
    }

    #if canImport(Glibc)
    /// The early write-back is glibc's `sync_file_range`, found at run time: if the lookup broke,
    /// reports would still be right but the whole file would wait for the final `fsync`.
    @Test func findsTheWritebackCallInTheCLibrary() {
        #expect(AtomicFile.Writeback.isAvailable)
    }
    #endif

    @Test func aWriterDroppedWithoutCommitLeavesNothing() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let writer = try AtomicFile.Writer(path: directory + "/findings.csv")
            try writer.append([UInt8](repeating: UInt8(ascii: "x"), count: (9 << 20)))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }
}
