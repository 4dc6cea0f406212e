import CZlib
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

    /// Many small members, stored and compressed, so member ends fall at every offset of the
    /// decoder's 8-byte read-ahead and of the reads from disk.
    @Test(arguments: [1, 3, 17, 4096, Int.max])
    func manySmallMembersAtEveryBoundary(maxRead: Int) throws {
        var random = TestRandom(seed: 21)
        var plain: [UInt8] = [], compressed: [UInt8] = []
        for i in 0..<60 {
            let text = Self.text(random.int(0..<6), seed: UInt64(100 + i))
            plain += text
            compressed += gzipMember(text, level: Int32(random.int(0..<10)))
        }
        let opened = try open(compressed, maxRead: maxRead)
        #expect(try readAllLines(opened.source, chunkSize: 97, readSize: 41).lines.map(\.1) == oracleLines(plain))
        #expect(opened.source.damage == nil)
    }

    /// RFC 1952 §2.3: a header with FEXTRA, FNAME, FCOMMENT and FHCRC is skipped correctly.
    @Test(arguments: [1, 4096])
    func optionalHeaderFieldsAreSkipped(maxRead: Int) throws {
        let text = Self.text(50, seed: 11)
        let member = gzipMember(text)
        var header = Array(member[0..<10])
        header[3] = 0x02 | 0x04 | 0x08 | 0x10  // FHCRC FEXTRA FNAME FCOMMENT
        header += [6, 0] + Array("AB\u{2}\u{0}xy".utf8)        // XLEN 6, one subfield
        header += Array("access.log-20261121".utf8) + [0]      // FNAME
        header += Array("rotated by logrotate".utf8) + [0]     // FCOMMENT
        let crc = header.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) }
        header += [UInt8(truncatingIfNeeded: crc), UInt8(truncatingIfNeeded: crc >> 8)]
        let rebuilt = header + member[10...]
        let opened = try open(rebuilt + gzipMember(text), maxRead: maxRead)
        #expect(try readAllLines(opened.source, chunkSize: 500).lines.map(\.1) == oracleLines(text + text))
        #expect(opened.source.damage == nil)
    }

    /// RFC 1952 §2.3.1: the trailer's CRC-32 and ISIZE are checked.
    @Test(arguments: [4, 8])
    func badTrailerIsCorrupt(fromEnd: Int) throws {
        var compressed = gzipMember(Self.text(40, seed: 12))
        compressed[compressed.count - fromEnd] ^= 0x01
        let opened = try open(compressed, maxRead: 4096)
        _ = try readAllLines(opened.source, chunkSize: 500)
        #expect(opened.source.damage == .corrupt("CRC-32 or length check failed"))
    }

    @Test func loneByteAfterTheLastMemberIsGarbage() throws {
        let text = Self.text(5, seed: 13)
        let opened = try open(gzipMember(text) + [0x1f], maxRead: 1)
        #expect(try readAllLines(opened.source, chunkSize: 64).lines.map(\.1) == oracleLines(text))
        #expect(opened.source.damage == .trailingGarbage(bytes: 1))
    }

    /// Headers RFC 1952 forbids, or whose CRC-16 is wrong, are corrupt, not skipped.
    @Test(arguments: [
        (2, UInt8(7), "compression method 7 is not deflate"),
        (3, UInt8(0x20), "reserved header flags set (0x20)"),
        (3, UInt8(0x02), "header CRC-16 does not match"),
    ])
    func badHeaderIsCorrupt(offset: Int, value: UInt8, reason: String) throws {
        var compressed = gzipMember(Self.text(10, seed: 14))
        compressed[offset] = value
        if value == 0x02 { compressed.insert(contentsOf: [0x12, 0x34], at: 10) }
        let opened = try open(compressed, maxRead: 3)
        #expect(try readAllLines(opened.source, chunkSize: 64).lines.isEmpty)
        #expect(opened.source.damage == .corrupt(reason))
    }
}
