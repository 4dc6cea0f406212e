/// W3C Extended Log File Format (W3C Working Draft WD-logfile-960323), as IIS and Amazon
/// CloudFront write it.
///
/// Layout: directive lines start with `#` (`#Version:`, `#Fields:`, `#Software:`, `#Date:`…);
/// `#Fields:` lists the field identifiers of the lines that follow, and may appear again in the
/// middle of a file (IIS writes a new header block when it restarts). Data lines hold one value
/// per field, separated by spaces (IIS) or tabs (CloudFront); `-` is an absent value. Times are
/// `date` + `time` in UTC.
///
/// Value encodings differ by writer:
/// - IIS replaces spaces inside values with `+` (`Mozilla/5.0+(Windows+NT+10.0…)`, cookies as
///   `a=1;+b=2`). We turn `+` back into spaces in the user agent and referrer, and only after `;`
///   in cookies (a `+` inside a cookie value is data, e.g. base64).
/// - CloudFront URL-encodes user agent, referrer and cookie values (`%20`, `%3B`…); they are
///   percent-decoded once. The query (`cs-uri-query`) is kept as logged: it is still URL syntax.
public struct W3CExtendedFormat: RecordFormat {
    public enum Flavor: String, Sendable {
        case iis = "w3c-iis"
        case cloudFront = "w3c-cloudfront"
        case generic = "w3c-extended"
    }

    public let flavor: Flavor
    public let layout: String
    public var id: String { flavor.rawValue }
    public var kind: InputKind { .access }
    public var hasLayoutDirectives: Bool { true }

    public init(flavor: Flavor, fieldsDirective: String) {
        self.flavor = flavor
        self.layout = fieldsDirective
    }

    public func isLayoutDirective(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        W3CLineParser.isFieldsDirective(line)
    }

    public func process(_ chunk: Chunk, directive: [UInt8]?, context: ParseContext) -> ChunkTally {
        var parser = W3CLineParser(flavor: flavor)
        if let directive { directive.withUnsafeBufferPointer { parser.applyFields($0) } }
        return AccessChunkProcessor.run(chunk, parser: &parser, context: context)
    }
}

/// Parses W3C extended lines with the layout of the last `#Fields:` directive seen.
struct W3CLineParser: AccessLineParser {
    enum Field: Equatable {
        case date, time, clientIP, method, uriStem, uriQuery, uri, status, bytes, userAgent, referrer
        case cookie, setCookie, host, forwardedFor, secGPC, dnt, username, httpProtocol, ignored
    }

    let flavor: W3CExtendedFormat.Flavor
    private(set) var fields: [Field] = []
    private var scratch: [UInt8] = []

    init(flavor: W3CExtendedFormat.Flavor) {
        self.flavor = flavor
    }

    static func isFieldsDirective(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.count >= 8 && line.equalsIgnoringCase(0..<8, "#fields:")
    }

    /// Field identifiers (W3C §"Fields"; IIS and CloudFront names) to fields.
    static func field(_ name: String) -> Field {
        switch name.lowercased() {
        case "date": return .date
        case "time": return .time
        case "c-ip": return .clientIP
        case "cs-method": return .method
        case "cs-uri-stem": return .uriStem
        case "cs-uri-query": return .uriQuery
        case "cs-uri": return .uri
        case "sc-status": return .status
        case "sc-bytes": return .bytes
        case "cs(user-agent)": return .userAgent
        case "cs(referer)", "cs(referrer)": return .referrer
        case "cs(cookie)": return .cookie
        case "sc(set-cookie)", "rs(set-cookie)": return .setCookie
        case "cs(host)", "cs-host", "x-host-header": return .host
        case "x-forwarded-for", "cs(x-forwarded-for)": return .forwardedFor
        case "cs(sec-gpc)": return .secGPC
        case "cs(dnt)": return .dnt
        case "cs-username": return .username
        case "cs-protocol-version", "cs-version": return .httpProtocol
        default: return .ignored
        }
    }

    /// Reads the field list of a `#Fields:` line.
    mutating func applyFields(_ line: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: line[8...], as: UTF8.self)
        fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { Self.field(String($0)) }
        // An IIS host (cs-host) and CloudFront's x-host-header may both be present: keep the first.
        var seenHost = false
        for i in fields.indices where fields[i] == .host {
            if seenHost { fields[i] = .ignored }
            seenHost = true
        }
    }

    mutating func parse(_ line: UnsafeBufferPointer<UInt8>, into record: inout AccessRecord, arena: FieldArena) -> LineVerdict {
        if line.isEmpty { return .skipped(.blank) }
        if line[0] == ASCII.hash {
            if Self.isFieldsDirective(line) { applyFields(line) }
            return .skipped(.directive)
        }
        guard !fields.isEmpty else { return .rejected(.noFieldsHeader) }
        let separator = line.firstIndex(of: ASCII.tab, from: 0) != nil ? ASCII.tab : ASCII.space
        var date = 0..<0, time = 0..<0
        var haveDate = false, haveTime = false
        var start = 0
        var index = 0
        while start <= line.count {
            let end = line.firstIndex(of: separator, from: start) ?? line.count
            guard index < fields.count else { return .rejected(.fieldCount) }
            let value = UnsafeBufferPointer(rebasing: line[start..<end])
            switch fields[index] {
            case .date: date = start..<end; haveDate = true
            case .time: time = start..<end; haveTime = true
            default: assign(fields[index], value, &record, arena)
            }
            index += 1
            start = end + 1
            // IIS pads nothing, but tolerate runs of spaces between space-separated values.
            if separator == ASCII.space { while start < line.count, line[start] == ASCII.space { start += 1 } }
        }
        guard index == fields.count else { return .rejected(.fieldCount) }
        guard haveDate, haveTime else { return .rejected(.missingTime) }
        guard let t = Timestamp.parseW3C(date: UnsafeBufferPointer(rebasing: line[date]), time: UnsafeBufferPointer(rebasing: line[time])) else {
            return .rejected(.badTime)
        }
        record.time = t
        return .record
    }

    private func assign(_ field: Field, _ raw: UnsafeBufferPointer<UInt8>, _ record: inout AccessRecord, _ arena: FieldArena) {
        if raw.isEmpty || (raw.count == 1 && raw[0] == ASCII.dash) { return }
        switch field {
        case .status:
            if raw.count == 3, let v = Timestamp.digits(raw, 0, 3) { record.status = v }
        case .bytes:
            if raw.count < 19, let v = Timestamp.digits(raw, 0, raw.count) { record.bytesSent = v }
        case .clientIP: record.clientIP = arena.append(raw)
        case .method: record.method = arena.append(raw)
        case .uriStem: record.path = arena.append(raw)
        case .uriQuery: record.query = arena.append(raw)
        case .uri: LogTemplateParser.splitTarget(arena.append(raw), &record, arena)
        case .host: record.host = arena.append(raw)
        case .forwardedFor: record.forwardedFor = decoded(raw, arena, plus: .never)
        case .username: record.remoteUser = arena.append(raw)
        case .httpProtocol: record.httpProtocol = arena.append(raw)
        case .secGPC: record.secGPC = arena.append(raw)
        case .dnt: record.dnt = arena.append(raw)
        case .userAgent: record.userAgent = decoded(raw, arena, plus: .always)
        case .referrer: record.referrer = decoded(raw, arena, plus: .always)
        case .cookie: record.cookie = decoded(raw, arena, plus: .afterSemicolon)
        case .setCookie: record.setCookie = decoded(raw, arena, plus: .afterSemicolon)
        case .date, .time, .ignored: break
        }
    }

    enum PlusHandling { case never, always, afterSemicolon }

    /// Undoes the writer's encoding of a header value (see the type's comment).
    private func decoded(_ raw: UnsafeBufferPointer<UInt8>, _ arena: FieldArena, plus: PlusHandling) -> FieldSpan {
        switch flavor {
        case .cloudFront:
            // Percent-decoding never lengthens a value.
            let dst = arena.reserve(raw.count)
            var n = 0
            var i = 0
            while i < raw.count {
                if raw[i] == ASCII.percent, i + 2 < raw.count, let hi = ASCII.hexValue(raw[i + 1]), let lo = ASCII.hexValue(raw[i + 2]) {
                    dst[n] = hi << 4 | lo
                    i += 3
                } else {
                    dst[n] = raw[i]
                    i += 1
                }
                n += 1
            }
            return arena.commit(n)
        case .iis, .generic:
            let span = arena.append(raw)
            guard plus != .never, flavor == .iis else { return span }
            let bytes = UnsafeMutablePointer(mutating: arena.bytes(span).baseAddress)
            guard let bytes else { return span }
            for i in 0..<raw.count where bytes[i] == ASCII.plus {
                if plus == .always || (i > 0 && bytes[i - 1] == ASCII.semicolon) { bytes[i] = ASCII.space }
            }
            return span
        }
    }
}

/// Recognises W3C extended logs by their `#Fields:` directive.
public struct W3CExtendedSniffer: FormatSniffer {
    public let name = "W3C extended (IIS, CloudFront)"
    public let kind = InputKind.access

    public init() {}

    public func sniff(_ sample: SniffSample) -> SniffMatch? {
        guard let fieldsLine = sample.lines.first(where: { $0.withUnsafeBufferPointer { W3CLineParser.isFieldsDirective($0) } }) else {
            return nil
        }
        let fieldsText = String(decoding: fieldsLine.dropFirst(8), as: UTF8.self).trimmingSpaces()
        let software = sample.lines.first { $0.starts(with: Array("#Software:".utf8)) }.map { String(decoding: $0, as: UTF8.self) } ?? ""
        let flavor: W3CExtendedFormat.Flavor
        if fieldsText.contains("x-edge-location") || fieldsText.contains("x-edge-request-id") {
            flavor = .cloudFront
        } else if software.contains("Microsoft Internet Information Services") || fieldsText.contains("s-sitename") || fieldsText.contains("sc-win32-status") {
            flavor = .iis
        } else {
            flavor = .generic
        }
        var parser = W3CLineParser(flavor: flavor)
        let arena = FieldArena()
        var record = AccessRecord()
        var good = 0, content = 0
        for line in sample.contentLines {
            content += 1
            arena.reset()
            record.reset()
            let verdict = line.withUnsafeBufferPointer { parser.parse($0, into: &record, arena: arena) }
            switch verdict {
            case .record, .skipped: good += 1
            case .rejected: break
            }
        }
        guard content > 0, parser.fields.contains(.date) || parser.fields.contains(.time) else { return nil }
        return SniffMatch(format: W3CExtendedFormat(flavor: flavor, fieldsDirective: "#Fields: " + fieldsText),
                          share: Double(good) / Double(content), specificity: 20)
    }
}
