/// A parser for one line of an access-log format.
public protocol AccessLineParser {
    /// Parses `line` (without its line end) into `record`, whose fields go into `arena`.
    /// `record` and `arena` arrive reset.
    mutating func parse(_ line: UnsafeBufferPointer<UInt8>, into record: inout AccessRecord, arena: FieldArena) -> LineVerdict
}

extension LogTemplateParser: AccessLineParser {}

/// The loop every access format shares: line by line, parse, check, and tally the record.
///
/// Generic over the parser so each format's loop is specialised and inlined.
public enum AccessChunkProcessor {
    public static func run<P: AccessLineParser>(_ chunk: Chunk, parser: inout P, context: ParseContext) -> ChunkTally {
        let arena = FieldArena(capacity: min(chunk.count, context.maxLineLength) + 1024)
        var record = AccessRecord()
        return LineLoop.run(chunk, context: context) { line, number, tally in
            arena.reset()
            record.reset()
            let verdict = parser.parse(line, into: &record, arena: arena)
            guard verdict == .record else { return verdict }
            if !line.isValidUTF8() { tally.warn("invalid-utf8", line: number) }
            if let warning = record.warning { tally.warn(warning.description, line: number) }
            tally.noteTime(record.time, line: number, tolerance: context.outOfOrderToleranceMs)
            AccessFacts.tally(record, arena: arena, into: &tally.counts.access)
            return verdict
        }
    }
}

/// What the pipeline learns from one access record. For now: the cookie and opt-out counts
/// reported in `summary.json`.
enum AccessFacts {
    static func tally(_ record: AccessRecord, arena: FieldArena, into access: inout AccessTally) {
        access.requests += 1
        if record.cookie.isPresent {
            access.withCookieHeader += 1
            for _ in CookieHeader.pairs(in: arena.bytes(record.cookie)) { access.cookiesSent += 1 }
        }
        if record.setCookie.isPresent {
            access.withSetCookie += 1
            SetCookieField.forEachCookie(in: arena.bytes(record.setCookie)) { cookie in
                access.cookiesSet += 1
                if cookie.isDeletion(at: record.time) { access.cookieDeletions += 1 }
            }
        }
        if isOne(arena.bytes(record.secGPC)) { access.secGPC += 1 }
        if isOne(arena.bytes(record.dnt)) { access.dnt += 1 }
    }

    /// `Sec-GPC: 1` / `DNT: 1` (surrounding spaces tolerated).
    @inline(__always)
    static func isOne(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var seen = false
        for byte in b {
            if byte == UInt8(ascii: "1") && !seen { seen = true } else if byte != ASCII.space { return false }
        }
        return seen
    }
}
