import Testing
@testable import ConsentReplay

/// Reads every line the chunker hands out, with line numbers, plus its events.
func readAllLines(_ source: ByteSource, chunkSize: Int, maxLineLength: Int = LineChunker.defaultMaxLineLength, readSize: Int = 256 * 1024) throws -> (lines: [(Int, [UInt8])], events: [ChunkerEvent], seen: Int) {
    let chunker = LineChunker(source: source, chunkSize: chunkSize, maxLineLength: maxLineLength, readSize: readSize)
    var lines: [(Int, [UInt8])] = []
    var expectedSequence = 0
    var expectedFirstLine = 1
    while let chunk = try chunker.next() {
        #expect(chunk.sequence == expectedSequence)
        expectedSequence += 1
        var count = 0
        chunk.forEachLine { line, number in
            lines.append((number, Array(line)))
            count += 1
        }
        #expect(count == chunk.lineCount)
        #expect(chunk.firstLine >= expectedFirstLine)
        expectedFirstLine = chunk.firstLine + chunk.lineCount
    }
    return (lines, chunker.events, chunker.linesSeen)
}

/// The oracle: split on `\n`, drop one `\r` before it, a final line without `\n` counts.
func oracleLines(_ data: [UInt8]) -> [[UInt8]] {
    var result = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line -> [UInt8] in
        var l = Array(line)
        if l.last == UInt8(ascii: "\r") { l.removeLast() }
        return l
    }
    if data.last == UInt8(ascii: "\n") || data.isEmpty { result.removeLast() }
    return result
}

struct LineChunkerTests {
    static let sizes: [(chunk: Int, read: Int)] = [(1, 1), (2, 3), (7, 5), (64, 64), (1000, 17), (4096, 4096), (1 << 20, 256 * 1024)]

    @Test(arguments: sizes)
    func matchesOracle(sizes: (chunk: Int, read: Int)) throws {
        var text: [UInt8] = []
        for line in sampleLines(count: 500, seed: 7) { text += line + [UInt8(ascii: "\n")] }
        text += Array("last line without newline".utf8)
        for readCap in [1, 13, Int.max] {
            let result = try readAllLines(MemorySource(text, maxRead: readCap), chunkSize: sizes.chunk, readSize: sizes.read)
            let oracle = oracleLines(text)
            #expect(result.lines.map(\.1) == oracle)
            #expect(result.lines.map(\.0) == Array(1...oracle.count))
            #expect(result.events.isEmpty)
            #expect(result.seen == oracle.count)
        }
    }

    @Test func emptyInputHasNoLines() throws {
        let result = try readAllLines(MemorySource([]), chunkSize: 16)
        #expect(result.lines.isEmpty)
        #expect(result.seen == 0)
    }

    @Test func blankLinesAndCRLFAreLines() throws {
        let text = Array("a\r\n\r\n\nb\r\n".utf8)
        let result = try readAllLines(MemorySource(text, maxRead: 2), chunkSize: 3, readSize: 2)
        #expect(result.lines.map(\.1) == [Array("a".utf8), [], [], Array("b".utf8)])
    }

    @Test(arguments: [1, 5, 100])
    func tooLongLinesAreDroppedAndNumbered(readSize: Int) throws {
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 250)
        var text = Array("short 1\n".utf8) + long + Array("\nshort 3\n".utf8) + long + long
        text += Array("\nshort 5\n".utf8) + long // last one too long without newline
        let result = try readAllLines(MemorySource(text, maxRead: 7), chunkSize: 16, maxLineLength: 100, readSize: readSize)
        // Lines the chunker could not hold are events; a long line that fit in one read may reach
        // the parser, which rejects it by length: either way its number is kept.
        let kept = result.lines.filter { $0.1.count <= 100 }
        #expect(kept.map(\.0) == [1, 3, 5])
        #expect(kept.map { String(decoding: $0.1, as: UTF8.self) } == ["short 1", "short 3", "short 5"])
        let droppedNumbers = result.events.compactMap { event -> Int? in
            if case .lineTooLong(let line, _) = event { return line } else { return nil }
        } + result.lines.filter { $0.1.count > 100 }.map(\.0)
        #expect(droppedNumbers.sorted() == [2, 4, 6])
        #expect(result.seen == 6)
    }

    /// Where chunks are cut depends on the bytes only, not on how many each read returned, so a
    /// file gives the same chunks plain, gzipped or piped (per-chunk results depend on this).
    @Test(arguments: [16, 100, 1000])
    func chunkBoundariesDoNotDependOnReadSizes(chunkSize: Int) throws {
        var text: [UInt8] = []
        for line in sampleLines(count: 400, seed: 31, maxLength: 250) { text += line + [UInt8(ascii: "\n")] }
        func boundaries(maxRead: Int, readSize: Int) throws -> [[Int]] {
            let chunker = LineChunker(source: MemorySource(text, maxRead: maxRead), chunkSize: chunkSize, readSize: readSize)
            var result: [[Int]] = []
            while let chunk = try chunker.next() { result.append([chunk.firstLine, chunk.lineCount, chunk.bytes.count]) }
            return result
        }
        let reference = try boundaries(maxRead: Int.max, readSize: 256 * 1024)
        #expect(reference.count > 1)
        for (maxRead, readSize) in [(1, 1), (3, 7), (13, 4096), (Int.max, 5), (Int.max, 999)] {
            #expect(try boundaries(maxRead: maxRead, readSize: readSize) == reference)
        }
    }
}

/// Chunk buffers go back to the chunker's pool when a chunk is freed and are handed out again.
struct ChunkBufferPoolTests {
    @Test func buffersComeBackUpToTheLimit() {
        let pool = ChunkBufferPool(capacity: 64, limit: 2)
        let taken = [pool.take(), pool.take(), pool.take()]
        #expect(Set(taken).count == 3)
        for buffer in taken { pool.giveBack(buffer) }   // the third is past the limit: freed
        let again = [pool.take(), pool.take()]
        #expect(Set(again) == Set(taken.prefix(2)))
        for buffer in again { pool.giveBack(buffer) }
    }

    /// Chunks all kept alive at once (as parsing threads may hold several) never share a buffer,
    /// and chunks freed as soon as read give theirs to later ones: the lines are the same.
    @Test(arguments: [false, true])
    func linesAreTheSameWhetherChunksAreKeptOrFreed(keep: Bool) throws {
        var text: [UInt8] = []
        for i in 0..<5_000 { text += Array("line \(i) \(String(repeating: "x", count: i % 97))\n".utf8) }
        let chunker = LineChunker(source: MemorySource(text, maxRead: 333), chunkSize: 512, maxLineLength: 4096, readSize: 256)
        var kept: [Chunk] = []
        var lines: [[UInt8]] = []
        while let chunk = try chunker.next() {
            if keep { kept.append(chunk) } else { chunk.forEachLine { line, _ in lines.append(Array(line)) } }
        }
        for chunk in kept { chunk.forEachLine { line, _ in lines.append(Array(line)) } }
        #expect(lines == oracleLines(text))
    }
}
