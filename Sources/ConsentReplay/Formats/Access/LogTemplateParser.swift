/// Parses lines laid out by a `LogTemplate` into `AccessRecord`s.
///
/// One pass over the line: literals are compared in place, each field's end is found with
/// `memchr` (the next literal's first byte, or the closing quote), and only then are the field's
/// bytes copied into the arena, undoing nginx/Apache escapes when the field holds a backslash.
public struct LogTemplateParser {
    private let pieces: [LogTemplate.Piece]

    public init(template: LogTemplate) {
        pieces = template.pieces
    }

    public func parse(_ line: UnsafeBufferPointer<UInt8>, into record: inout AccessRecord, arena: FieldArena) -> LineVerdict {
        var pos = 0
        var i = 0
        let n = pieces.count
        while i < n {
            switch pieces[i] {
            case .literal(let literal):
                guard pos + literal.count <= line.count else { return .rejected(.layoutMismatch) }
                for (k, byte) in literal.enumerated() where line[pos + k] != byte {
                    return .rejected(.layoutMismatch)
                }
                pos += literal.count
            case .field(let field, let quoted):
                let end: Int
                if i + 1 < n, case .literal(let next) = pieces[i + 1] {
                    if quoted {
                        guard let close = Self.closingQuote(line, from: pos, followedBy: next, isLast: i + 2 == n) else {
                            return .rejected(.unterminatedQuote)
                        }
                        end = close
                    } else {
                        guard let hit = line.firstIndex(of: next[0], from: pos) else {
                            return .rejected(.layoutMismatch)
                        }
                        end = hit
                    }
                } else {
                    end = line.count
                }
                if let reason = Self.assign(field, UnsafeBufferPointer(rebasing: line[pos..<end]), &record, arena) {
                    return .rejected(reason)
                }
                pos = end
            }
            i += 1
        }
        return pos == line.count ? .record : .rejected(.trailingData)
    }

    /// The index of the quote closing a quoted field: an unescaped `"` followed by the rest of
    /// `next` (which starts with that quote) — and by the end of the line when `next` is the last
    /// piece. Tolerates raw quotes inside the value.
    @inline(__always)
    static func closingQuote(_ line: UnsafeBufferPointer<UInt8>, from: Int, followedBy next: [UInt8], isLast: Bool) -> Int? {
        var at = from
        var firstFit: Int?
        while let q = line.firstIndex(of: ASCII.quote, from: at) {
            var backslashes = 0
            var k = q - 1
            while k >= from, line[k] == ASCII.backslash {
                backslashes += 1
                k -= 1
            }
            if backslashes % 2 == 0, q + next.count <= line.count {
                var matches = true
                var j = 1
                while j < next.count {
                    if line[q + j] != next[j] { matches = false; break }
                    j += 1
                }
                if matches {
                    if !isLast || q + next.count == line.count { return q }
                    if firstFit == nil { firstFit = q }
                }
            }
            at = q + 1
        }
        // No quote ends the line: the first that fits, so the caller reports the trailing data.
        return firstFit
    }

    /// Stores one field; returns a reason when the value is unusable for the record.
    @inline(__always)
    static func assign(_ field: LogTemplate.Field, _ raw: UnsafeBufferPointer<UInt8>, _ record: inout AccessRecord, _ arena: FieldArena) -> RejectReason? {
        let isDash = raw.count == 1 && raw[0] == ASCII.dash
        switch field {
        case .ignored:
            return nil
        case .status:
            guard raw.count == 3, let v = Timestamp.digits(raw, 0, 3) else {
                return isDash ? nil : .badStatus
            }
            record.status = v
            return nil
        case .bytesSent:
            if !isDash, raw.count < 19, let v = Timestamp.digits(raw, 0, raw.count) { record.bytesSent = v }
            return nil
        case .timeLocal:
            guard let t = Timestamp.parseCommonLog(raw) else { return .badTime }
            record.time = t
            return nil
        case .timeISO8601:
            guard let t = Timestamp.parseISO8601(raw) else { return .badTime }
            record.time = t
            return nil
        case .timeEpochSeconds:
            guard let t = Timestamp.parseEpochSeconds(raw) else { return .badTime }
            record.time = t
            return nil
        case .timeEpochMilliseconds:
            guard let t = Timestamp.parseEpochMilliseconds(raw) else { return .badTime }
            record.time = t
            return nil
        case .timeStrftime(let pattern):
            guard let t = pattern.parse(raw) else { return .badTime }
            record.time = t
            return nil
        default:
            break
        }
        if isDash || raw.isEmpty { return nil }
        let span = arena.appendDecodingLogEscapes(raw)
        switch field {
        case .clientIP: record.clientIP = span
        case .remoteUser: record.remoteUser = span
        case .forwardedFor: record.forwardedFor = span
        case .host: record.host = span
        case .method: record.method = span
        case .httpProtocol: record.httpProtocol = span
        case .referrer: record.referrer = span
        case .userAgent: record.userAgent = span
        case .cookie: record.cookie = arena.join(record.cookie, span, separator: ASCII.semicolon, space: true)
        case .setCookie: record.setCookie = span
        case .secGPC: record.secGPC = span
        case .dnt: record.dnt = span
        case .requestBody: record.requestBody = span
        case .request: splitRequest(span, &record, arena)
        case .requestURI: splitTarget(span, &record, arena)
        case .path: record.path = span
        case .query:
            let bytes = arena.bytes(span)
            record.query = bytes.first == ASCII.question
                ? FieldSpan(start: span.start + 1, count: span.count - 1) : span
        case .cookieNamed(let name):
            let pair = arena.appendPair(name: name, value: span)
            record.cookie = arena.join(record.cookie, pair, separator: ASCII.semicolon, space: true)
        default:
            break
        }
        return nil
    }

    /// `METHOD SP target SP protocol` (RFC 9112 §3). A request line that is not of that shape
    /// (a TLS handshake sent to a plain port, a bare `-`) keeps the record without method/path.
    static func splitRequest(_ span: FieldSpan, _ record: inout AccessRecord, _ arena: FieldArena) {
        let b = arena.bytes(span)
        guard let firstSpace = b.firstIndex(of: ASCII.space, from: 0), firstSpace > 0 else { return }
        var targetEnd = b.count
        if let lastSpace = b.lastIndex(of: ASCII.space), lastSpace > firstSpace {
            let proto = UnsafeBufferPointer(rebasing: b[(lastSpace + 1)...])
            if proto.count >= 5, proto.equals(0..<5, "HTTP/") {
                targetEnd = lastSpace
                record.httpProtocol = FieldSpan(start: span.start + Int32(lastSpace + 1), count: Int32(b.count - lastSpace - 1))
            }
        }
        record.method = FieldSpan(start: span.start, count: Int32(firstSpace))
        let targetStart = firstSpace + 1
        guard targetStart < targetEnd else { return }
        splitTarget(FieldSpan(start: span.start + Int32(targetStart), count: Int32(targetEnd - targetStart)), &record, arena)
    }

    /// `path?query` into path and query.
    static func splitTarget(_ span: FieldSpan, _ record: inout AccessRecord, _ arena: FieldArena) {
        let b = arena.bytes(span)
        if let q = b.firstIndex(of: ASCII.question, from: 0) {
            record.path = FieldSpan(start: span.start, count: Int32(q))
            record.query = FieldSpan(start: span.start + Int32(q + 1), count: span.count - Int32(q + 1))
        } else {
            record.path = span
        }
    }
}

