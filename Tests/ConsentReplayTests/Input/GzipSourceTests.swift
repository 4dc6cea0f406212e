import Testing
@testable import ConsentReplay

struct GzipSourceTests {
    static func text(_ lines: Int, seed: UInt64) -> [UInt8] {
        var text: [UInt8] = []
        for line in sampleLines(count: lines, seed: seed) { text += line + [UInt8(ascii: "\n")] }
        return text
    }

    func open(_ bytes: [UInt8], maxRead: Int) throws -> InputOpener.Opened {
        try InputOpener.open(raw: MemorySource(bytes, maxRead: maxRead), path: "test.gz")
    }

    @Test(arguments: [1, 2, 3, 7, 64, 4096, Int.max])
    func singleAndMultiMemberMatchOracle(maxRead: Int) throws {
        let a = Self.text(300, seed: 1), b = Self.text(200, seed: 2), c = Self.text(1, seed: 3)
        // `cat a.gz b.gz c.gz`, as logrotate and people make it.
        let compressed = gzipMember(a) + gzipMember(b, level: 1) + gzipMember(c, level: 9)
        let opened = try open(compressed, maxRead: maxRead)
        #expect(opened.compressed)
        let result = try readAllLines(opened.source, chunkSize: 1000, readSize: 333)
        #expect(result.lines.map(\.1) == oracleLines(a + b + c))
        #expect(opened.source.damage == nil)
    }

    @Test func plainInputIsNotDecompressed() throws {
        let text = Self.text(10, seed: 4)
        let opened = try open(text, maxRead: 1)
        #expect(!opened.compressed)
        let result = try readAllLines(opened.source, chunkSize: 50)
        #expect(result.lines.map(\.1) == oracleLines(text))
    }

    @Test(arguments: [1, 5, 4096])
    func truncatedGzipKeepsEveryCompleteLine(maxRead: Int) throws {
        let text = Self.text(400, seed: 5)
        let compressed = gzipMember(text)
        for cut in [compressed.count - 4, compressed.count / 2, 30] {
            let opened = try open(Array(compressed[0..<cut]), maxRead: maxRead)
            let result = try readAllLines(opened.source, chunkSize: 500, readSize: 100)
            #expect(opened.source.damage == .truncated)
            let oracle = oracleLines(text)
            // Every delivered line is a complete, correct line, in order from the first.
            #expect(result.lines.map(\.1) == Array(oracle.prefix(result.lines.count)))
            if cut == compressed.count - 4 {
                // Only the trailer is missing: all the data is there.
                #expect(result.lines.count == oracle.count)
            }
            // The cut-off partial line, if any, is reported, not delivered.
            for event in result.events {
                if case .cutByDamage(let line) = event { #expect(line == result.lines.count + 1) }
            }
        }
    }

    @Test func corruptDataStopsWithReason() throws {
        var compressed = gzipMember(Self.text(400, seed: 6))
        for i in 200..<260 { compressed[i] ^= 0x5a }
        let opened = try open(compressed, maxRead: 4096)
        let result = try readAllLines(opened.source, chunkSize: 500)
        guard case .corrupt? = opened.source.damage else {
            Issue.record("expected corrupt damage, got \(String(describing: opened.source.damage))")
            return
        }
        let oracle = oracleLines(Self.text(400, seed: 6))
        #expect(result.lines.map(\.1) == Array(oracle.prefix(result.lines.count)))
    }

    @Test func trailingGarbageIsReportedAndZeroPaddingIsNot() throws {
        let text = Self.text(20, seed: 8)
        let padded = try open(gzipMember(text) + [0, 0, 0, 0], maxRead: 3)
        #expect(try readAllLines(padded.source, chunkSize: 64).lines.map(\.1) == oracleLines(text))
        #expect(padded.source.damage == nil)

        let garbage = try open(gzipMember(text) + Array("not gzip".utf8), maxRead: 3)
        #expect(try readAllLines(garbage.source, chunkSize: 64).lines.map(\.1) == oracleLines(text))
        #expect(garbage.source.damage == .trailingGarbage(bytes: 8))
    }

    @Test func emptyMemberIsFine() throws {
        let text = Self.text(3, seed: 9)
        let opened = try open(gzipMember([]) + gzipMember(text), maxRead: 2)
        #expect(try readAllLines(opened.source, chunkSize: 64).lines.map(\.1) == oracleLines(text))
        #expect(opened.source.damage == nil)
    }
}
