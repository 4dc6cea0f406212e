/// Access logs written as one JSON object per line: nginx `log_format … escape=json` with the
/// conventional variable names as keys, and Caddy's structured access log.
///
/// nginx layout (keys matched case- and punctuation-insensitively, `http_user_agent` or
/// `user_agent`…): `{"time_iso8601":"…","remote_addr":"…","request":"GET / HTTP/1.1",
/// "status":"200","http_cookie":"…","sent_http_set_cookie":"…",…}`; empty strings and `-` are
/// absent values; numbers may be JSON numbers or strings.
///
/// Caddy layout (`http.log.access` logger): `{"ts":1763728536.123,"request":{"client_ip":"…",
/// "remote_ip":"…","method":"GET","host":"…","uri":"/p?q","headers":{"User-Agent":["…"],
/// "Cookie":["…"],…}},"status":200,"resp_headers":{"Set-Cookie":["…","…"]}}`. Header values are
/// arrays: several `Cookie` values are joined with `; `, several `Set-Cookie` values with a line
/// break. Caddy writes `REDACTED` for cookies unless `log_credentials` is on: such records are
/// kept without cookies and counted under the warning `cookies-redacted`.
public struct JSONAccessFormat: RecordFormat {
    public enum Flavor: String, Sendable {
        case nginx = "nginx-json"
        case caddy = "caddy-json"
    }

    public let flavor: Flavor
    public var id: String { flavor.rawValue }
    public var kind: InputKind { .access }
    public var layout: String {
        switch flavor {
        case .nginx: return "one JSON object per line, nginx variable names as keys"
        case .caddy: return "Caddy structured access log (http.log.access)"
        }
    }

    public init(flavor: Flavor) { self.flavor = flavor }

    public func process(_ chunk: Chunk, directive: [UInt8]?, context: ParseContext) -> ChunkTally {
        var parser = JSONAccessLineParser(flavor: flavor)
        return AccessChunkProcessor.run(chunk, parser: &parser, context: context)
    }
}

/// Normalised key → field for the nginx flavour (letters lower-cased, digits kept, the rest dropped).
enum NginxJSONKeys {
    static let table: [[UInt8]: LogTemplate.Field] = {
        var t: [String: LogTemplate.Field] = [:]
        for k in ["timelocal"] { t[k] = .timeLocal }
        for k in ["timeiso8601", "time", "timestamp", "datetime"] { t[k] = .timeISO8601 }
        for k in ["msec"] { t[k] = .timeEpochSeconds }
        for k in ["remoteaddr", "clientip", "remoteip", "realipremoteaddr"] { t[k] = .clientIP }
        for k in ["remoteuser"] { t[k] = .remoteUser }
        for k in ["request"] { t[k] = .request }
        for k in ["requestmethod", "method"] { t[k] = .method }
        for k in ["requesturi"] { t[k] = .requestURI }
        for k in ["uri", "documenturi", "path"] { t[k] = .path }
        for k in ["args", "querystring", "query"] { t[k] = .query }
        for k in ["serverprotocol", "protocol"] { t[k] = .httpProtocol }
        for k in ["status"] { t[k] = .status }
        for k in ["bodybytessent", "bytessent"] { t[k] = .bytesSent }
        for k in ["httpreferer", "referer", "referrer"] { t[k] = .referrer }
        for k in ["httpuseragent", "useragent"] { t[k] = .userAgent }
        for k in ["httpcookie", "cookie", "cookies"] { t[k] = .cookie }
        for k in ["senthttpsetcookie", "upstreamhttpsetcookie", "setcookie"] { t[k] = .setCookie }
        for k in ["httpxforwardedfor", "xforwardedfor", "forwardedfor"] { t[k] = .forwardedFor }
        for k in ["httpsecgpc", "secgpc"] { t[k] = .secGPC }
        for k in ["httpdnt", "dnt"] { t[k] = .dnt }
        for k in ["host", "httphost", "servername"] { t[k] = .host }
        for k in ["requestbody"] { t[k] = .requestBody }
        return Dictionary(uniqueKeysWithValues: t.map { (Array($0.key.utf8), $0.value) })
    }()

    /// Appends the normalised form of `key` to `out`.
    @inline(__always)
    static func normalise(_ key: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        for b in key {
            let l = ASCII.lower(b)
            if (l >= UInt8(ascii: "a") && l <= UInt8(ascii: "z")) || ASCII.isDigit(l) { out.append(l) }
        }
    }
}

struct JSONAccessLineParser: AccessLineParser {
    let flavor: JSONAccessFormat.Flavor
    private var tape = JSONTape()
    private var scratch: [UInt8] = []
    private var keyScratch: [UInt8] = []

    init(flavor: JSONAccessFormat.Flavor) {
        self.flavor = flavor
    }

    mutating func parse(_ line: UnsafeBufferPointer<UInt8>, into record: inout AccessRecord, arena: FieldArena) -> LineVerdict {
        if line.allSatisfy({ $0 == ASCII.space || $0 == ASCII.tab }) { return .skipped(.blank) }
        do {
            try tape.parse(line)
        } catch {
            return .rejected(.invalidJSON)
        }
        var verdict = LineVerdict.rejected(.notAnObject)
        var scratch = self.scratch
        var keyScratch = self.keyScratch
        var sawRedacted = false
        let flavor = self.flavor
        tape.withDocument(line) { doc in
            guard let root = doc.root, root.kind == .object else { return }
            switch flavor {
            case .nginx:
                verdict = Self.readNginx(doc, root, line, &record, arena, &scratch, &keyScratch)
            case .caddy:
                verdict = Self.readCaddy(doc, root, line, &record, arena, &scratch, &sawRedacted)
            }
        }
        self.scratch = scratch
        self.keyScratch = keyScratch
        if sawRedacted { record.warning = "cookies-redacted" }
        return verdict
    }

    /// A string node's bytes (escapes undone) into the arena; numbers as their text.
    static func text(_ doc: borrowing JSONDocument, _ node: JSONNode, _ line: UnsafeBufferPointer<UInt8>, _ arena: FieldArena, _ scratch: inout [UInt8]) -> FieldSpan {
        switch node.kind {
        case .string:
            if !node.hasEscapes { return arena.append(UnsafeBufferPointer(rebasing: line[node.byteRange])) }
            scratch.removeAll(keepingCapacity: true)
            doc.appendString(node, to: &scratch)
            return arena.append(scratch)
        case .number, .true, .false:
            return arena.append(UnsafeBufferPointer(rebasing: line[node.byteRange]))
        default:
            return .absent
        }
    }

    /// Absent for `""` and `-`.
    @inline(__always)
    static func present(_ span: FieldSpan, _ arena: FieldArena) -> FieldSpan {
        if span.count <= 0 { return .absent }
        let b = arena.bytes(span)
        return b.count == 1 && b[0] == ASCII.dash ? .absent : span
    }

    static func readNginx(_ doc: borrowing JSONDocument, _ root: JSONNode, _ line: UnsafeBufferPointer<UInt8>, _ record: inout AccessRecord, _ arena: FieldArena, _ scratch: inout [UInt8], _ keyScratch: inout [UInt8]) -> LineVerdict {
        var haveTime = false
        for (key, value) in doc.members(of: root) {
            keyScratch.removeAll(keepingCapacity: true)
            NginxJSONKeys.normalise(UnsafeBufferPointer(rebasing: line[key.byteRange]), into: &keyScratch)
            guard let field = NginxJSONKeys.table[keyScratch] else { continue }
            let span = present(text(doc, value, line, arena, &scratch), arena)
            guard span.isPresent else { continue }
            let raw = arena.bytes(span)
            switch field {
            case .timeLocal, .timeISO8601, .timeEpochSeconds:
                // Several time keys: the first that parses wins.
                if haveTime { continue }
                let t: Int64?
                switch field {
                case .timeLocal: t = Timestamp.parseCommonLog(raw)
                case .timeISO8601: t = Timestamp.parseISO8601(raw)
                default: t = Timestamp.parseEpochSeconds(raw)
                }
                guard let t else { return .rejected(.badTime) }
                record.time = t
                haveTime = true
            default:
                if let reason = LogTemplateParser.assign(field, raw, &record, arena) { return .rejected(reason) }
            }
        }
        return haveTime ? .record : .rejected(.missingTime)
    }

    static func readCaddy(_ doc: borrowing JSONDocument, _ root: JSONNode, _ line: UnsafeBufferPointer<UInt8>, _ record: inout AccessRecord, _ arena: FieldArena, _ scratch: inout [UInt8], _ sawRedacted: inout Bool) -> LineVerdict {
        guard let ts = doc.member(of: root, key: "ts") else { return .rejected(.missingTime) }
        switch ts.kind {
        case .number:
            guard let t = Timestamp.parseEpochSeconds(UnsafeBufferPointer(rebasing: line[ts.byteRange])) else { return .rejected(.badTime) }
            record.time = t
        case .string:
            let span = text(doc, ts, line, arena, &scratch)
            let raw = arena.bytes(span)
            guard let t = Timestamp.parseISO8601(raw) ?? Timestamp.parseEpochSeconds(raw) else { return .rejected(.badTime) }
            record.time = t
        default:
            return .rejected(.badTime)
        }
        if let status = doc.member(of: root, key: "status"), let v = doc.int64(status) { record.status = Int(v) }
        if let size = doc.member(of: root, key: "size"), let v = doc.int64(size) { record.bytesSent = Int(v) }
        guard let request = doc.member(of: root, key: "request"), request.kind == .object else {
            return .rejected(.layoutMismatch)
        }
        // Behind trusted proxies Caddy puts the real client in client_ip.
        if let ip = doc.member(of: request, key: "client_ip") ?? doc.member(of: request, key: "remote_ip") {
            record.clientIP = present(text(doc, ip, line, arena, &scratch), arena)
        }
        if let m = doc.member(of: request, key: "method") { record.method = present(text(doc, m, line, arena, &scratch), arena) }
        if let h = doc.member(of: request, key: "host") { record.host = present(text(doc, h, line, arena, &scratch), arena) }
        if let p = doc.member(of: request, key: "proto") { record.httpProtocol = present(text(doc, p, line, arena, &scratch), arena) }
        if let u = doc.member(of: request, key: "uri") {
            let span = present(text(doc, u, line, arena, &scratch), arena)
            if span.isPresent { LogTemplateParser.splitTarget(span, &record, arena) }
        }
        if let headers = doc.member(of: request, key: "headers"), headers.kind == .object {
            for (key, values) in doc.members(of: headers) {
                let name = UnsafeBufferPointer(rebasing: line[key.byteRange])
                let joined = joinHeader(doc, values, line, arena, &scratch, separator: ASCII.semicolon, space: true)
                if name.equalsIgnoringCase(0..<name.count, "user-agent") { record.userAgent = joined }
                else if name.equalsIgnoringCase(0..<name.count, "referer") { record.referrer = joined }
                else if name.equalsIgnoringCase(0..<name.count, "cookie") {
                    if isRedacted(joined, arena) { sawRedacted = true } else { record.cookie = joined }
                }
                else if name.equalsIgnoringCase(0..<name.count, "sec-gpc") { record.secGPC = joined }
                else if name.equalsIgnoringCase(0..<name.count, "dnt") { record.dnt = joined }
                else if name.equalsIgnoringCase(0..<name.count, "x-forwarded-for") { record.forwardedFor = joined }
            }
        }
        if let headers = doc.member(of: root, key: "resp_headers"), headers.kind == .object {
            for (key, values) in doc.members(of: headers) {
                let name = UnsafeBufferPointer(rebasing: line[key.byteRange])
                guard name.equalsIgnoringCase(0..<name.count, "set-cookie") else { continue }
                let joined = joinHeader(doc, values, line, arena, &scratch, separator: ASCII.lf, space: false)
                if isRedacted(joined, arena) { sawRedacted = true } else { record.setCookie = joined }
            }
        }
        return .record
    }

    /// A header's values (an array of strings, or one string) joined into one span.
    static func joinHeader(_ doc: borrowing JSONDocument, _ values: JSONNode, _ line: UnsafeBufferPointer<UInt8>, _ arena: FieldArena, _ scratch: inout [UInt8], separator: UInt8, space: Bool) -> FieldSpan {
        if values.kind == .string { return present(text(doc, values, line, arena, &scratch), arena) }
        guard values.kind == .array else { return .absent }
        var joined = FieldSpan.absent
        for element in doc.elements(of: values) {
            let span = present(text(doc, element, line, arena, &scratch), arena)
            joined = arena.join(joined, span, separator: separator, space: space)
        }
        return joined
    }

    static func isRedacted(_ span: FieldSpan, _ arena: FieldArena) -> Bool {
        let b = arena.bytes(span)
        return span.isPresent && b.equals(0..<b.count, "REDACTED")
    }
}

/// Recognises JSON-lines access logs (nginx `escape=json`, Caddy) by their keys.
public struct JSONAccessLogSniffer: FormatSniffer {
    public let name = "JSON lines access log (nginx escape=json, Caddy)"
    public let kind = InputKind.access

    public init() {}

    public func sniff(_ sample: SniffSample) -> SniffMatch? {
        let lines = sample.contentLines
        guard let first = lines.first, first.first(where: { $0 != ASCII.space }) == ASCII.openBrace else { return nil }
        var tape = JSONTape()
        var caddy = 0, nginx = 0
        var key: [UInt8] = []
        for line in lines {
            line.withUnsafeBufferPointer { buf in
                guard (try? tape.parse(buf)) != nil else { return }
                tape.withDocument(buf) { doc in
                    guard let root = doc.root, root.kind == .object else { return }
                    if let request = doc.member(of: root, key: "request"), request.kind == .object,
                       doc.member(of: request, key: "uri") != nil, doc.member(of: root, key: "ts") != nil {
                        caddy += 1
                        return
                    }
                    var hasTime = false, hasRequest = false, hasStatus = false
                    for (k, _) in doc.members(of: root) {
                        key.removeAll(keepingCapacity: true)
                        NginxJSONKeys.normalise(UnsafeBufferPointer(rebasing: buf[k.byteRange]), into: &key)
                        switch NginxJSONKeys.table[key] {
                        case .timeLocal?, .timeISO8601?, .timeEpochSeconds?: hasTime = true
                        case .request?, .requestURI?, .path?: hasRequest = true
                        case .status?: hasStatus = true
                        default: break
                        }
                    }
                    if hasTime && hasRequest && hasStatus { nginx += 1 }
                }
            }
        }
        let total = Double(lines.count)
        if caddy >= nginx, caddy > 0 {
            return SniffMatch(format: JSONAccessFormat(flavor: .caddy), share: Double(caddy) / total, specificity: 30)
        }
        guard nginx > 0 else { return nil }
        return SniffMatch(format: JSONAccessFormat(flavor: .nginx), share: Double(nginx) / total, specificity: 25)
    }
}
