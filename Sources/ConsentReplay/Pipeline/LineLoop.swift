/// The loop every line format shares: number the lines, refuse over-long ones, and count each
/// line's verdict. The format's `body` parses one line and may add to the tally.
enum LineLoop {
    @inline(__always)
    static func run(_ chunk: Chunk, context: ParseContext,
                    _ body: (UnsafeBufferPointer<UInt8>, Int, inout ChunkTally) -> LineVerdict) -> ChunkTally {
        var tally = ChunkTally()
        tally.sequence = chunk.sequence
        chunk.forEachLine { line, number in
            tally.counts.lines += 1
            if line.count > context.maxLineLength {
                tally.reject(.lineTooLong, line: number)
                return
            }
            switch body(line, number, &tally) {
            case .skipped(let reason): tally.counts.skipped[reason, default: 0] += 1
            case .rejected(let reason): tally.reject(reason, line: number)
            case .record: tally.counts.records += 1
            }
        }
        return tally
    }
}
