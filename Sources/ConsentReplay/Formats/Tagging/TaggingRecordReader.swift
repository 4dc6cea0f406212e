// Reading one tagging-log record, whatever its shape (contract §3.2).
//
// Record layouts (keys of Stape objects are matched after reduction to lower-case letters and
// digits, so `TraceId` and `trace_id` are one key; other keys are matched the same way):
//
//   Stape console object (GTMS-3 convention; one per line, key order free, TraceId optional)
//     {"Name": tag, "Type": "Request"|"Response"|"Message"|"Request-Response", "TraceId": id,
//      "EventName": e, "RequestMethod": m, "RequestUrl": u, "RequestBody": {…} | "<json>",
//      "ResponseStatusCode": n, "ResponseHeaders": {…}, "ResponseBody": "<json>",
//      "Message": t, "Reason": t, "EventData": {…}, "CustomData": {…}}
//     The Logger tag writes `Name: "Logger", Type: "Message"` with `EventData` = all event data.
//
//   Stape BigQuery row (GTMS-7 convention): the same in snake_case (`tag_name`, `type`,
//     `trace_id`, `event_name`, `request_url`, `request_body` as a JSON string, `event_data`
//     as a JSON string, `response_status_code`…) plus `timestamp` in epoch milliseconds
//     (number or string; BigQuery text form `2026-11-21 10:00:00.123 UTC` also read).
//
//   Google Cloud Logging LogEntry
//     {"timestamp": RFC 3339, "logName": "projects/P/logs/run.googleapis.com%2Frequests",
//      "httpRequest": {"requestMethod", "requestUrl", "status", "userAgent", "remoteIp", …},
//      "jsonPayload": {…} | "textPayload": "…", "trace": "projects/P/traces/ID",
//      "labels": {"instanceId": …}, "resource": {"labels": {"revision_name": …}}}
//
//   Docker json-file line
//     {"log": "<inner line>\n", "stream": "stdout"|"stderr", "time": RFC 3339 with ns}
//     A `log` without the final "\n" is a fragment (Docker splits lines at 16 KiB); the
//     fragments of one chunk are joined (see `TaggingRecordReader.readDocker`).
//
//   Canonical JSON lines: see docs/canonical-tagging-schema.md.
//
// Time: the innermost record's own timestamp, else the wrapper's (LogEntry `timestamp`,
// Docker `time`), else the event time in the vendor body (Meta/TikTok/Pinterest `event_time`,
// GA4 MP `timestamp_micros`, LinkedIn `conversionHappenedAt`, `timestamp`), else the record is
// rejected `missing-time`.
//
// Secrets: every URL goes through `SecretRedaction.redactURL` and every request body through
// `SecretRedaction.redactText` before it is read or kept; headers and response bodies are
// never kept.

/// The shapes of tagging-log records, each read by one `TaggingJSONFormat`.
public enum TaggingShape: String, Sendable, CaseIterable {
    /// Stape-convention console objects (`Name`, `Type`, `TraceId`…).
    case stapeConsole = "stape-console"
    /// Stape-convention BigQuery rows (`tag_name`, `type`, `trace_id`, `timestamp`…).
    case stapeBigQuery = "stape-bigquery"
    /// Google Cloud Logging `LogEntry` (sink lines or `gcloud logging read --format=json`).
    case cloudLogging = "gcp-logging"
    /// Docker json-file driver lines wrapping any other shape.
    case docker = "docker-json"
    /// The tool's canonical JSON lines (docs/canonical-tagging-schema.md).
    case canonical = "tagging-canonical"
}

/// What reading one record gave.
enum TaggingRead {
    /// An event, written into the `TaggingEvent` the read was given (no copy handed back).
    case event
    /// A `Response` record: its status belongs to an earlier `Request`.
    case response(ResponseLink)
    case skipped(SkipReason)
    case rejected(RejectReason)
}

/// The facts of a `Response` record used to find its `Request`: the key of its (trace id, tag
/// name, and event name when there is no trace id), and its status.
struct ResponseLink: Equatable {
    /// `ResponseLink.key` of the response's trace id, tag name and event name.
    var key: UInt64
    var statusCode: Int?

    init(key: UInt64, statusCode: Int? = nil) {
        self.key = key
        self.statusCode = statusCode
    }

    init(traceID: String?, tagName: String?, eventName: String?, statusCode: Int? = nil) {
        self.init(key: Self.key(trace: traceID.map(ByteHash.hash), tag: tagName.map(ByteHash.hash),
                                event: eventName.map(ByteHash.hash)),
                  statusCode: statusCode)
    }

    /// The key of a request or response from the `ByteHash` of each value (nil: absent). The
    /// event name counts only without a trace id. Every request and response of a day is
    /// keyed, so no string is kept or built for it; with 64 bits, two different keys of one
    /// chunk taking each other's response is as good as impossible.
    static func key(trace: UInt64?, tag: UInt64?, event: UInt64?) -> UInt64 {
        let absent: UInt64 = 0x9E37_79B9
        var h = ByteHash.mix((trace ?? absent) ^ 0x7472_6163_65)
        h = ByteHash.mix(h ^ (tag ?? absent) &* 31)
        if trace == nil { h = ByteHash.mix(h ^ (event ?? absent) &* 17) }
        return h
    }
}

/// Reasons used by the tagging formats.
enum TaggingReasons {
    static let unknownRecord = RejectReason("unknown-record")
    static let response = SkipReason("response")
    static let responseUnlinked = SkipReason("response-unlinked")
    static let message = SkipReason("message")
    static let notACollectHit = SkipReason("not-a-collect-hit")
    static let dockerFragment = SkipReason("docker-fragment")
}

/// A parse tape in a box, so nested documents (a JSON string inside a JSON value) can be parsed
/// while the outer document is still being read.
final class TapeBox {
    var tape = JSONTape()
}

/// Reads records of every tagging shape into `TaggingEvent`s. One reader per chunk (it keeps
/// parse tapes and the Docker fragment being joined); not thread-safe.
final class TaggingRecordReader {
    /// What the wrappers around a record said.
    struct Envelope {
        var time: Int64?
        var instance: String?
        var traceID: String?
    }

    /// Stape object members, found in one pass.
    struct StapeNodes {
        var name: JSONNode?
        var type: JSONNode?
        var traceID: JSONNode?
        var eventName: JSONNode?
        var method: JSONNode?
        var url: JSONNode?
        var body: JSONNode?
        var status: JSONNode?
        var eventData: JSONNode?
        var time: JSONNode?
        /// Whether the type key is spelled `Type` (console) rather than `type` (BigQuery).
        var pascalCase = false

        /// Stores the first node seen for `slot`; false when one was already stored.
        mutating func set(_ slot: StapeSlot, _ node: JSONNode) -> Bool {
            func store(_ target: inout JSONNode?) -> Bool {
                guard target == nil else { return false }
                target = node
                return true
            }
            switch slot {
            case .name: return store(&name)
            case .type: return store(&type)
            case .traceID: return store(&traceID)
            case .eventName: return store(&eventName)
            case .method: return store(&method)
            case .url: return store(&url)
            case .body: return store(&body)
            case .status: return store(&status)
            case .eventData: return store(&eventData)
            case .time: return store(&time)
            }
        }
    }

    static let maxDepth = 6

    let tables: PurposeTables
    let vendors: VendorCatalogue
    private let boxes: [TapeBox]
    /// The folded form of the key being matched (refilled for every member).
    private let key = FoldedKey()
    /// Key lookups by raw key spelling (`lookUp`): `scanKeys`, event data, vendor bodies.
    private let scanMemo = RawKeyMemo<ScanKey>()
    /// Plans of the key layouts `scan` met, by the raw keys.
    private let scanLayouts = KeyLayoutMemo<FrozenScanPlan>()
    private let eventDataMemo = RawKeyMemo<EventDataKey>()
    private let bodyMemo = RawKeyMemo<BodyKey>()
    private let httpMemo = RawKeyMemo<HTTPRequestMember>()
    // The state below is not checked for exclusive access at run time: a reader belongs to one
    // thread, and each record reads and writes it several times.
    /// Warnings for the current record (`bad-consent-signal`, `unknown-field`…), drained by the caller.
    @exclusivity(unchecked) var warnings: [String] = []
    /// The shape of the outermost object of the last record read (for sniffing).
    @exclusivity(unchecked) private(set) var topShape: TaggingShape?
    /// Whether the last record held tagging content (a Stape or canonical object, or a collect hit).
    @exclusivity(unchecked) private(set) var sawTaggingContent = false
    /// A Docker line fragment waiting for the rest of its line: bytes so far, first line, time.
    @exclusivity(unchecked) private var dockerPending: (bytes: [UInt8], line: Int, time: Int64?)?
    /// Line number of the record being read (set by the caller).
    @exclusivity(unchecked) var currentLine = 0
    /// Decoded consent values and matched vendors (bounded: cleared when full).
    @exclusivity(unchecked) private var consentMemo = HashedMemo<ConsentMemoEntry>()
    @exclusivity(unchecked) private var vendorMemo = HashedMemo<VendorMemoEntry>()
    /// String values seen before (instance ids, revisions, tag and event names, user agents),
    /// by the hash of their bytes: a repeated value costs a lookup, not an allocation.
    @exclusivity(unchecked) private var textCache = HashedMemo<String>()
    /// Redacted forward URLs that held a secret, by the hash of the original (`redactedEndpoint`).
    @exclusivity(unchecked) private var redactedURLs = HashedMemo<RedactedURL>(limit: 256)
    /// The last `revision/instance` label built, and its parts.
    @exclusivity(unchecked) private var lastInstance: (revision: String, id: String, combined: String)?
    /// The LogEntry members of the object `scan` read last, in document order, and which
    /// object that was (buffer, node): `readLogEntry` reads them from here, without folding
    /// and looking up every key a second time.
    @exclusivity(unchecked) private var scannedLogEntry: [(field: LogEntryField, node: JSONNode)] = []
    @exclusivity(unchecked) private var scannedObject: (buffer: UInt, node: JSONNode)?

    /// `TaggingValues.text`, shared with an earlier identical value when there is one.
    func cachedText(_ doc: borrowing JSONDocument, _ node: JSONNode?) -> String? {
        guard let node, node.kind == .string, !node.hasEscapes else { return TaggingValues.text(doc, node) }
        return doc.withRawBytes(of: node) { raw -> String? in
            guard !raw.isEmpty else { return nil }
            let h = ByteHash.hash(raw)
            if let i = textCache.find(h, where: { $0.withUTF8Buffer { ByteHash.equal($0, raw) } }) { return textCache[i] }
            let s = String(decoding: raw, as: UTF8.self)
            textCache.insert(s, for: h)
            return s
        }
    }

    /// `SecretRedaction.redactURL` of a forward's URL. A vendor endpoint carrying a secret
    /// (`api_secret=`, `access_token=`) is the same URL on every forward, and redacting it is
    /// the costly path: the result is kept, by the hash of the URL, and reused when the same
    /// URL comes again (checked byte for byte). URLs left unchanged are not kept.
    func redactedEndpoint(_ url: String) -> String {
        let h = ByteHash.hash(url)
        if let i = redactedURLs.find(h, where: { $0.url == url }) { return redactedURLs[i].redacted }
        let redacted = SecretRedaction.redactURL(url)
        if redacted != url { redactedURLs.insert(RedactedURL(url: url, redacted: redacted), for: h) }
        return redacted
    }

    /// `revision/instance`, built once per distinct pair in a row.
    func instanceLabel(revision: String, id: String) -> String {
        if let last = lastInstance, last.revision == revision, last.id == id { return last.combined }
        let combined = revision + "/" + id
        lastInstance = (revision, id, combined)
        return combined
    }

    init(tables: PurposeTables = .defaults, vendors: VendorCatalogue = .builtIn) {
        self.tables = tables
        self.vendors = vendors
        self.boxes = (0...Self.maxDepth).map { _ in TapeBox() }
    }

    /// A Docker fragment still unjoined (at the end of a chunk): its first line.
    var pendingFragmentLine: Int? { dockerPending?.line }

    // MARK: Entry

    /// Reads one line (or JSON array element).
    func read(_ line: UnsafeBufferPointer<UInt8>, into event: inout TaggingEvent) -> TaggingRead {
        topShape = nil
        sawTaggingContent = false
        let box = boxes[0]
        do { try box.tape.parse(line) } catch { return .rejected(.invalidJSON) }
        return box.tape.withDocument(line) { doc -> TaggingRead in
            guard let root = doc.root, root.kind == .object else { return .rejected(.notAnObject) }
            let shape = scan(doc, root)
            topShape = shape.0
            return read(doc, root, shape: shape.0, nodes: shape.1, env: Envelope(), depth: 0, into: &event)
        }
    }

    /// Reads JSON text found inside a record (a `textPayload`, a Docker `log`, a string body).
    private func read(text: [UInt8], env: Envelope, depth: Int, into event: inout TaggingEvent) -> TaggingRead {
        guard depth <= Self.maxDepth else { return .rejected(TaggingReasons.unknownRecord) }
        let box = boxes[depth]
        return text.withUnsafeBufferPointer { buf -> TaggingRead in
            do { try box.tape.parse(buf) } catch { return .rejected(.invalidJSON) }
            return box.tape.withDocument(buf) { doc -> TaggingRead in
                guard let root = doc.root, root.kind == .object else { return .rejected(.notAnObject) }
                let shape = scan(doc, root)
                return read(doc, root, shape: shape.0, nodes: shape.1, env: env, depth: depth, into: &event)
            }
        }
    }

    private func read(_ doc: borrowing JSONDocument, _ root: JSONNode, shape: TaggingShape?, nodes: StapeNodes,
                      env: Envelope, depth: Int, into event: inout TaggingEvent) -> TaggingRead {
        switch shape {
        case .stapeConsole?, .stapeBigQuery?:
            sawTaggingContent = true
            return readStape(doc, nodes, env: env, depth: depth, into: &event)
        case .cloudLogging?: return readLogEntry(doc, root, env: env, depth: depth, into: &event)
        case .docker?: return readDocker(doc, root, env: env, depth: depth, into: &event)
        case .canonical?:
            sawTaggingContent = true
            return readCanonical(doc, root, env: env, into: &event)
        case nil: return .rejected(TaggingReasons.unknownRecord)
        }
    }

    // MARK: Shape

    /// The Stape members read, by normalised key.
    enum StapeSlot: Sendable {
        case name, type, traceID, eventName, method, url, body, status, eventData, time
    }

    /// What a normalised key tells `scan` about the object's shape.
    struct ScanKey: Sendable {
        var stape: StapeSlot?
        /// One of Cloud Logging's LogEntry members; `logName`; a payload (`jsonPayload`…).
        var logEntry = false
        var logName = false
        var payload = false
        /// Docker json-file members.
        var dockerLog = false
        var dockerStream = false
        var dockerTime = false
        /// The canonical schema's `direction`.
        var direction = false
        /// The LogEntry member `readLogEntry` reads.
        var logEntryField: LogEntryField?
    }

    /// Every key `scan` looks at, in one table: one lookup per member.
    static let scanKeys: ByteKeyTable<ScanKey> = {
        var entries: [String: ScanKey] = [:]
        for (name, slot) in [("name", StapeSlot.name), ("tagname", .name), ("type", .type), ("traceid", .traceID),
                             ("eventname", .eventName), ("requestmethod", .method), ("requesturl", .url),
                             ("requestbody", .body), ("responsestatuscode", .status), ("eventdata", .eventData),
                             ("timestamp", .time), ("time", .time)] {
            entries[name, default: ScanKey()].stape = slot
        }
        for name in ["logname", "insertid", "jsonpayload", "textpayload", "protopayload", "httprequest", "receivetimestamp", "resource"] {
            entries[name, default: ScanKey()].logEntry = true
        }
        entries["logname"]?.logName = true
        for name in ["jsonpayload", "textpayload", "protopayload", "httprequest"] { entries[name]?.payload = true }
        entries["log", default: ScanKey()].dockerLog = true
        entries["stream", default: ScanKey()].dockerStream = true
        entries["time", default: ScanKey()].dockerTime = true
        entries["direction", default: ScanKey()].direction = true
        for (name, field) in logEntryFieldNames { entries[name, default: ScanKey()].logEntryField = field }
        return ByteKeyTable(entries.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }()

    /// What `resolve` says of key `k` once folded: remembered by raw spelling in `memo`, so a
    /// key seen before is neither folded nor looked up again. Keys holding escapes are always
    /// decoded and folded.
    @inline(__always)
    private func lookUp<Value>(_ doc: borrowing JSONDocument, _ k: JSONNode, _ memo: RawKeyMemo<Value>,
                               _ resolve: (FoldedKey) -> Value?) -> Value? {
        let key = self.key
        guard !k.hasEscapes else {
            key.set(doc, k)
            return resolve(key)
        }
        return doc.withRawBytes(of: k) { raw -> Value? in
            if let known = memo.lookup(raw) { return known }
            key.fold(raw)
            let value = resolve(key)
            memo.remember(raw, hash: ByteHash.hash(raw), value)
            return value
        }
    }

    /// What `scan` makes of an object's keys alone, by member position: worked out once per
    /// key layout and kept in `scanLayouts`. The values are looked at afterwards (`apply`).
    struct ScanPlan {
        /// The first member of each Stape slot, in member order.
        var stapeSlots: [(slot: StapeSlot, member: Int32)] = []
        /// The type key is spelled `Type` (console) rather than `type` (BigQuery).
        var pascalCase = false
        /// Stape slots filled other than type and time.
        var stapeDetail = 0
        /// The LogEntry members `readLogEntry` reads, in member order.
        var logEntryMembers: [(field: LogEntryField, member: Int32)] = []
        var logEntryCount = 0
        var hasLogName = false
        var hasPayload = false
        /// The last member keyed `log` (Docker, -1: none), and those keyed `direction`
        /// (canonical): their values decide.
        var lastDockerLog: Int32 = -1
        var dockerStream = false
        var dockerTime = false
        var directionMembers: [Int32] = []
    }

    /// The plan of `root`'s keys: one table lookup per key (`scanKeys`).
    private func plan(_ doc: borrowing JSONDocument, _ root: JSONNode) -> ScanPlan {
        var plan = ScanPlan()
        var filled = StapeNodes()
        let table = Self.scanKeys, memo = scanMemo
        var m: Int32 = 0
        for (k, v) in doc.members(of: root) {
            defer { m += 1 }
            guard let entry = lookUp(doc, k, memo, { table[$0] }) else { continue }
            if let field = entry.logEntryField { plan.logEntryMembers.append((field, m)) }
            if let slot = entry.stape, filled.set(slot, v) {
                plan.stapeSlots.append((slot, m))
                if slot == .type { plan.pascalCase = doc.isString(k, equalTo: "Type") }
                else if slot != .time { plan.stapeDetail += 1 }
            }
            if entry.logEntry {
                plan.logEntryCount += 1
                if entry.logName { plan.hasLogName = true }
                if entry.payload { plan.hasPayload = true }
            }
            if entry.dockerLog { plan.lastDockerLog = m }
            if entry.dockerStream { plan.dockerStream = true }
            if entry.dockerTime { plan.dockerTime = true }
            if entry.direction { plan.directionMembers.append(m) }
        }
        return plan
    }

    /// Which shape an object has, by its keys (and the Stape members, found on the way). The
    /// keys' plan comes from `scanLayouts` when an object with the same keys was scanned before.
    func scan(_ doc: borrowing JSONDocument, _ root: JSONNode) -> (TaggingShape?, StapeNodes) {
        let layouts = scanLayouts
        if let known = layouts.match(doc, root) {
            return apply(known, doc, root) { layouts.values[Int($0)] }
        }
        let fresh = FrozenScanPlan(plan(doc, root))
        layouts.remember(doc, root, fresh)
        // Values by member position, found by walking the members (a new layout: rare).
        var values: [JSONNode] = []
        values.reserveCapacity(root.count)
        for (_, v) in doc.members(of: root) { values.append(v) }
        return apply(fresh, doc, root) { values[Int($0)] }
    }

    /// A `ScanPlan` kept for reuse: its lists in buffers of its own, so that reading them for
    /// every object copies nothing and retains nothing.
    final class FrozenScanPlan {
        let stapeSlots: UnsafeMutableBufferPointer<(slot: StapeSlot, member: Int32)>
        let logEntryMembers: UnsafeMutableBufferPointer<(field: LogEntryField, member: Int32)>
        let directionMembers: UnsafeMutableBufferPointer<Int32>
        /// The last member keyed `log`, -1 when none.
        let lastDockerLog: Int32
        let pascalCase: Bool, stapeDetail: Int, logEntryCount: Int
        let hasLogName: Bool, hasPayload: Bool, dockerStream: Bool, dockerTime: Bool

        init(_ plan: ScanPlan) {
            func copy<T>(_ list: [T]) -> UnsafeMutableBufferPointer<T> {
                let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: list.count)
                _ = buffer.initialize(from: list)
                return buffer
            }
            stapeSlots = copy(plan.stapeSlots)
            logEntryMembers = copy(plan.logEntryMembers)
            directionMembers = copy(plan.directionMembers)
            lastDockerLog = plan.lastDockerLog
            pascalCase = plan.pascalCase
            stapeDetail = plan.stapeDetail
            logEntryCount = plan.logEntryCount
            hasLogName = plan.hasLogName
            hasPayload = plan.hasPayload
            dockerStream = plan.dockerStream
            dockerTime = plan.dockerTime
        }

        deinit {
            stapeSlots.deallocate()
            logEntryMembers.deallocate()
            directionMembers.deallocate()
        }
    }

    /// The shape and Stape members of `root`, from its keys' plan and its values (`value(m)`:
    /// the value of member `m`).
    @inline(__always)
    private func apply(_ plan: FrozenScanPlan, _ doc: borrowing JSONDocument, _ root: JSONNode,
                       _ value: (Int32) -> JSONNode) -> (TaggingShape?, StapeNodes) {
        var nodes = StapeNodes()
        for (slot, m) in plan.stapeSlots { _ = nodes.set(slot, value(m)) }
        nodes.pascalCase = plan.pascalCase
        // Kept for `readLogEntry`, in a local array (its buffer taken from the reader and given
        // back), so the reader's property is accessed twice per object, not once per member.
        var members = scannedLogEntry
        scannedLogEntry = []
        members.removeAll(keepingCapacity: true)
        for (field, m) in plan.logEntryMembers { members.append((field, value(m))) }
        scannedLogEntry = members
        scannedObject = (UInt(bitPattern: doc.bytes.baseAddress), root)
        // The last `log` and the last string `direction` decide, as when the keys are read in turn.
        let dockerLog = plan.lastDockerLog >= 0 && value(plan.lastDockerLog).kind == .string
        var direction = false
        for m in plan.directionMembers {
            if let d = doc.string(value(m)) { direction = d == "in" || d == "out" }
        }
        if let t = nodes.type, plan.stapeDetail > 0, Self.stapeType(doc, t) != nil {
            return (nodes.pascalCase ? .stapeConsole : .stapeBigQuery, nodes)
        }
        if plan.hasLogName || (plan.logEntryCount >= 2 && plan.hasPayload) { return (.cloudLogging, nodes) }
        if dockerLog && (plan.dockerStream || plan.dockerTime) { return (.docker, nodes) }
        if direction { return (.canonical, nodes) }
        return (nil, nodes)
    }

    // MARK: Stape objects

    /// A Stape record's `Type`, compared ignoring case.
    enum StapeType { case request, response, message, requestResponse }

    /// The Stape type `node` names (nil for anything else), read from the bytes without
    /// building a String unless the value holds escapes.
    static func stapeType(_ doc: borrowing JSONDocument, _ node: JSONNode?) -> StapeType? {
        guard let node, node.kind == .string else { return nil }
        if node.hasEscapes {
            switch doc.string(node)?.lowercased() {
            case "request"?: return .request
            case "response"?: return .response
            case "message"?: return .message
            case "request-response"?: return .requestResponse
            default: return nil
            }
        }
        return doc.withRawBytes(of: node) { raw -> StapeType? in
            let all = 0..<raw.count
            if raw.equalsIgnoringCase(all, "request") { return .request }
            if raw.equalsIgnoringCase(all, "response") { return .response }
            if raw.equalsIgnoringCase(all, "message") { return .message }
            if raw.equalsIgnoringCase(all, "request-response") { return .requestResponse }
            return nil
        }
    }

    private func readStape(_ doc: borrowing JSONDocument, _ n: StapeNodes, env: Envelope, depth: Int,
                           into event: inout TaggingEvent) -> TaggingRead {
        let type = Self.stapeType(doc, n.type)
        let own = TaggingValues.time(doc, n.time)
        if own == .bad { return .rejected(.badTime) }
        if type == .response {
            // Only the key of the response is needed: hashed from the bytes, no string built.
            let trace = Self.textHash(doc, n.traceID) ?? env.traceID.map(ByteHash.hash)
            let key = ResponseLink.key(trace: trace, tag: Self.textHash(doc, n.name),
                                       event: trace == nil ? Self.textHash(doc, n.eventName) : nil)
            return .response(ResponseLink(key: key, statusCode: TaggingValues.int(doc, n.status)))
        }
        let name = cachedText(doc, n.name)
        let trace = TaggingValues.text(doc, n.traceID) ?? env.traceID
        let eventName = cachedText(doc, n.eventName)
        switch type {
        case .message?:
            guard let data = n.eventData, data.kind == .object || data.kind == .string else { return .skipped(TaggingReasons.message) }
            event = TaggingEvent(direction: .incoming, time: 0)
            event.tagName = name
            event.traceID = trace
            event.instance = env.instance
            event.eventName = eventName
            event.recordType = "Logger"
            if let url = TaggingValues.text(doc, n.url) { event.url = SecretRedaction.redactURL(url) }
            var fields = PersonalValueSet()
            if data.kind == .object {
                readEventData(doc, data, into: &event, fields: &fields)
            } else {
                let text = TaggingValues.decodedBytes(doc, data)
                guard depth + 1 <= Self.maxDepth else { return .rejected(TaggingReasons.unknownRecord) }
                let box = boxes[depth + 1]
                let ok: Bool = text.withUnsafeBufferPointer { buf in
                    guard (try? box.tape.parse(buf)) != nil else { return false }
                    return box.tape.withDocument(buf) { inner -> Bool in
                        guard let root = inner.root, root.kind == .object else { return false }
                        readEventData(inner, root, into: &event, fields: &fields)
                        return true
                    }
                }
                guard ok else { return .rejected(.invalidJSON) }
            }
            event.fieldBits = fields.bits
            guard let time = own.ms ?? env.time else { return .rejected(.missingTime) }
            event.time = time
            return .event
        case .request?, .requestResponse?:
            event = TaggingEvent(direction: .outgoing, time: 0)
            event.tagName = name
            event.traceID = trace
            event.instance = env.instance
            event.eventName = eventName
            event.method = cachedText(doc, n.method)
            event.recordType = type == .request ? "Request" : "Request-Response"
            if type == .requestResponse { event.statusCode = TaggingValues.int(doc, n.status) }
            let url = TaggingValues.text(doc, n.url).map(redactedEndpoint)
            event.url = url
            var vendor = url.flatMap { self.vendor(url: $0) }
            if vendor == nil, let name { vendor = TagNameVendors.vendor(forTagName: name) }
            event.vendor = vendor
            var facts = BodyFacts()
            var fields = PersonalValueSet()
            if let node = n.body, node.kind == .object, !doc.withRawBytes(of: node, SecretRedaction.mayHoldSecretName) {
                // A JSON object with nothing to redact is read where it was parsed, with the
                // record (what `requestBody` would give is the same text).
                facts = inspect(doc, node)
                fields.add(VendorPayloads.personalFields(vendorID: vendor, url: url ?? "", jsonBody: doc, node))
            } else {
                let body = requestBody(doc, n.body, depth: depth)
                if let body { facts = inspect(body: body, depth: depth + 1) }
                fields.add(VendorPayloads.personalFields(vendorID: vendor, url: url ?? "", body: body))
            }
            event.fieldBits = fields.bits
            event.partnerAgentEnriched = facts.partnerAgentEnriched
            event.eventID = facts.eventID
            event.clientID = facts.clientID
            event.userID = facts.userID
            if let consent = facts.consent { event.consent = [consent] }
            guard let time = own.ms ?? env.time ?? facts.time else { return .rejected(.missingTime) }
            event.time = time
            return .event
        default:
            return .rejected(TaggingReasons.unknownRecord)
        }
    }

    /// `ByteHash` of `TaggingValues.text(doc, node)` (nil where it is nil), read in place when
    /// the value is a string without escapes.
    static func textHash(_ doc: borrowing JSONDocument, _ node: JSONNode?) -> UInt64? {
        TaggingValues.withText(doc, node) { ByteHash.hash($0) }
    }

    /// The request body as redacted bytes: an object's JSON text, or a string's content
    /// (decoded once more when it is itself a JSON string: double encoding).
    private func requestBody(_ doc: borrowing JSONDocument, _ node: JSONNode?, depth: Int) -> [UInt8]? {
        guard let node else { return nil }
        var bytes: [UInt8]
        switch node.kind {
        case .object, .array: bytes = TaggingValues.rawBytes(doc, node)
        case .string:
            bytes = TaggingValues.decodedBytes(doc, node)
            bytes = unwrapJSONStrings(bytes, depth: depth + 1)
        default: return nil
        }
        if bytes.isEmpty { return nil }
        return SecretRedaction.redactText(bytes)
    }

    /// While `bytes` is a JSON string literal (`"{\"a\":1}"`), its decoded content.
    private func unwrapJSONStrings(_ input: [UInt8], depth: Int) -> [UInt8] {
        var bytes = input
        var level = depth
        while level <= Self.maxDepth {
            let box = boxes[level]
            let trimmedFirst = bytes.first { $0 != ASCII.space && $0 != ASCII.tab && $0 != ASCII.cr && $0 != ASCII.lf }
            guard trimmedFirst == ASCII.quote else { return bytes }
            let next: [UInt8]? = bytes.withUnsafeBufferPointer { buf in
                guard (try? box.tape.parse(buf)) != nil else { return nil }
                return box.tape.withDocument(buf) { inner -> [UInt8]? in
                    guard let root = inner.root, root.kind == .string else { return nil }
                    return TaggingValues.decodedBytes(inner, root)
                }
            }
            guard let next else { return bytes }
            bytes = next
            level += 1
        }
        return bytes
    }

    /// What a vendor body says beside personal fields.
    struct BodyFacts {
        var time: Int64?
        var eventID: String?
        var clientID: String?
        var userID: String?
        var consent: ConsentSignal?
        /// `partner_agent` (top level) ends in `-ee`.
        var partnerAgentEnriched = false
    }

    /// The body members `inspect` reads, by normalised key: one lookup per member.
    enum BodyKey: Sendable {
        case container, time, eventID, clientID, userID, partnerAgent, consent
    }

    static let bodyKeys = ByteKeyTable<BodyKey>([
        ("data", .container), ("events", .container), ("elements", .container),
        ("eventtime", .time), ("timestampmicros", .time), ("conversionhappenedat", .time), ("timestamp", .time),
        ("eventid", .eventID), ("clientid", .clientID), ("userid", .userID), ("partneragent", .partnerAgent),
        ("consent", .consent),
    ])

    /// Event time, event id, client/user id and Measurement Protocol consent of a JSON body,
    /// looked up at the top level and in the first element of `data` / `events` / `elements`.
    private func inspect(body: [UInt8], depth: Int) -> BodyFacts {
        var facts = BodyFacts()
        guard depth <= Self.maxDepth else { return facts }
        let box = boxes[depth]
        body.withUnsafeBufferPointer { buf in
            guard (try? box.tape.parse(buf)) != nil else { return }
            box.tape.withDocument(buf) { doc in
                guard let root = doc.root else { return }
                facts = inspect(doc, root)
            }
        }
        return facts
    }

    /// `inspect(body:depth:)` of a body already parsed as part of its record.
    private func inspect(_ doc: borrowing JSONDocument, _ root: JSONNode) -> BodyFacts {
        var facts = BodyFacts()
        guard root.kind == .object else { return facts }
        let table = Self.bodyKeys, memo = bodyMemo
        // The top level, then the first element of each `data` / `events` / `elements` array,
        // in member order: each member's key is looked up once.
        var firstElements: [JSONNode] = []
        func read(_ container: JSONNode, top: Bool) {
            for (k, v) in doc.members(of: container) {
                guard let member = lookUp(doc, k, memo, { table[$0] }) else { continue }
                switch member {
                case .container:
                    if top, v.kind == .array, let first = doc.element(of: v, at: 0), first.kind == .object { firstElements.append(first) }
                case .time: if facts.time == nil { facts.time = TaggingValues.time(doc, v).ms }
                case .eventID: if facts.eventID == nil { facts.eventID = TaggingValues.text(doc, v) }
                case .clientID: if facts.clientID == nil { facts.clientID = TaggingValues.text(doc, v) }
                case .userID: if facts.userID == nil { facts.userID = TaggingValues.text(doc, v) }
                case .partnerAgent:
                    if let agent = TaggingValues.text(doc, v), agent.hasSuffix("-ee") { facts.partnerAgentEnriched = true }
                case .consent:
                    if facts.consent == nil, v.kind == .object {
                        let text = String(decoding: TaggingValues.rawBytes(doc, v), as: UTF8.self)
                        facts.consent = decodeConsent(text, as: .mpConsent)
                    }
                }
            }
        }
        read(root, top: true)
        for element in firstElements { read(element, top: false) }
        return facts
    }

    // MARK: Event data (Logger)

    /// Fills an incoming event from sGTM event data (see `PersonalKeys` for the personal keys).
    /// The event-data members `readEventData` reads itself; the others are looked up as
    /// personal keys (`PersonalKeys`).
    enum EventDataField: Sendable {
        case clientID, userID, ipOverride, userAgent, pageLocation, eventName, eventID, gcs, gcd, consentState, userData
    }

    static let eventDataFields = ByteKeyTable<EventDataField>([
        ("clientid", .clientID), ("userid", .userID), ("ipoverride", .ipOverride), ("useragent", .userAgent),
        ("pagelocation", .pageLocation), ("eventname", .eventName), ("eventid", .eventID), ("xgagcs", .gcs),
        ("xgagcd", .gcd), ("consentstate", .consentState), ("userdata", .userData),
    ])

    /// What an event-data key is to `readEventData`: a member it reads, or a personal key.
    enum EventDataKey {
        case member(EventDataField)
        case personal(PersonalField, keyHashed: Bool)
    }

    private func readEventData(_ doc: borrowing JSONDocument, _ data: JSONNode, into event: inout TaggingEvent,
                               fields: inout PersonalValueSet) {
        let table = Self.eventDataFields, memo = eventDataMemo
        for (k, v) in doc.members(of: data) {
            let known = lookUp(doc, k, memo) { key -> EventDataKey? in
                if let member = table[key] { return .member(member) }
                return PersonalKeys.field(normalisedKey: key).map { .personal($0, keyHashed: PersonalKeys.keySaysHashed(key)) }
            }
            guard let known else { continue }
            let member: EventDataField
            switch known {
            case .personal(let field, let keyHashed):
                addPersonal(doc, v, field, keyHashed: keyHashed, to: &fields)
                continue
            case .member(let m): member = m
            }
            switch member {
            case .clientID:
                event.clientID = TaggingValues.text(doc, v)
                addPersonal(doc, v, .clientID, keyHashed: false, to: &fields)
            case .userID:
                event.userID = TaggingValues.text(doc, v)
                addPersonal(doc, v, .userID, keyHashed: false, to: &fields)
            case .ipOverride:
                event.ip = TaggingValues.text(doc, v)
                addPersonal(doc, v, .ip, keyHashed: false, to: &fields)
            case .userAgent:
                event.userAgent = TaggingValues.text(doc, v)
                addPersonal(doc, v, .userAgent, keyHashed: false, to: &fields)
            case .pageLocation:
                event.page = TaggingValues.text(doc, v).map(SecretRedaction.redactURL)
            case .eventName:
                if let name = TaggingValues.text(doc, v) { event.eventName = name }
            case .eventID:
                event.eventID = TaggingValues.text(doc, v)
            case .gcs:
                if let signal = decodeConsent(doc, v, as: .gcs) { event.consent.append(signal) }
            case .gcd:
                if let signal = decodeConsent(doc, v, as: .gcd) { event.consent.append(signal) }
            case .consentState:
                let text: String?
                switch v.kind {
                case .object: text = String(decoding: TaggingValues.rawBytes(doc, v), as: UTF8.self)
                case .string: text = doc.string(v)
                default: text = nil
                }
                if let text, let signal = decodeConsent(text, as: .sgtmConsentState) { event.consent.append(signal) }
            case .userData:
                guard v.kind == .object else { continue }
                readUserData(doc, v, fields: &fields, nested: true)
            }
        }
    }

    /// `user_data` (and its `address`, an object or an array of objects).
    private func readUserData(_ doc: borrowing JSONDocument, _ object: JSONNode, fields: inout PersonalValueSet, nested: Bool) {
        for (k, v) in doc.members(of: object) {
            key.set(doc, k)
            if nested, key == NormalisedKey.address {
                if v.kind == .object { readUserData(doc, v, fields: &fields, nested: false) }
                else if v.kind == .array {
                    for item in doc.elements(of: v) where item.kind == .object { readUserData(doc, item, fields: &fields, nested: false) }
                }
                continue
            }
            if let field = PersonalKeys.field(normalisedKey: key) {
                addPersonal(doc, v, field, keyHashed: PersonalKeys.keySaysHashed(key), to: &fields)
            }
        }
    }

    /// Adds a personal value when `node` holds one: a non-empty string, a number, or an array of
    /// them (hashed only when every element is).
    private func addPersonal(_ doc: borrowing JSONDocument, _ node: JSONNode, _ field: PersonalField, keyHashed: Bool,
                             to fields: inout PersonalValueSet) {
        switch node.kind {
        case .string where !node.hasEscapes:
            // Read where it lies: no String for a value only tested for emptiness and shape.
            let hashed = doc.withRawBytes(of: node) { raw -> Bool? in raw.isEmpty ? nil : keyHashed || TaggingValues.isHashed(raw) }
            if let hashed { fields.add(field, hashed: hashed) }
        case .string:
            guard let s = doc.string(node), !s.isEmpty else { return }
            fields.add(field, hashed: keyHashed || TaggingValues.isHashed(s))
        case .number:
            fields.add(field, hashed: false)
        case .array:
            var any = false, allHashed = true
            for item in doc.elements(of: node) {
                switch item.kind {
                case .string:
                    guard let s = doc.string(item), !s.isEmpty else { continue }
                    any = true
                    if !(keyHashed || TaggingValues.isHashed(s)) { allHashed = false }
                case .number:
                    any = true
                    allHashed = false
                default: continue
                }
            }
            if any { fields.add(field, hashed: allHashed) }
        default:
            return
        }
    }

    /// A consent value decoded, or nil with a `bad-consent-signal` warning.
    private func decodeConsent(_ value: String, as kind: ConsentValueKind) -> ConsentSignal? {
        value.withUTF8Buffer { decodeConsent(bytes: $0, as: kind) }
    }

    /// `decodeConsent` of a JSON value as `TaggingValues.text` reads it (nil, and no warning,
    /// where that is nil), from the bytes in place when the value is a string without escapes.
    private func decodeConsent(_ doc: borrowing JSONDocument, _ node: JSONNode, as kind: ConsentValueKind) -> ConsentSignal? {
        TaggingValues.withText(doc, node) { decodeConsent(bytes: $0, as: kind) }
    }

    /// The signal of a consent value's bytes (nil, with a `bad-consent-signal` warning, when it
    /// does not decode). A day's hits repeat a handful of `gcs`/`gcd` values: each is decoded
    /// once, then found again by the hash of its bytes and a comparison, without a string.
    private func decodeConsent(bytes: UnsafeBufferPointer<UInt8>, as kind: ConsentValueKind) -> ConsentSignal? {
        let h = ByteHash.hash(bytes)
        if let i = consentMemo.find(h, where: { $0.kind == kind && $0.value.withUnsafeBufferPointer { ByteHash.equal($0, bytes) } }) {
            if consentMemo[i].signal == nil { warnings.append("bad-consent-signal") }
            return consentMemo[i].signal
        }
        let signal: ConsentSignal?
        do {
            signal = try ConsentDecoders.decode(String(decoding: bytes, as: UTF8.self), as: kind, tables: tables, details: false).signal
        } catch {
            warnings.append("bad-consent-signal")
            signal = nil
        }
        consentMemo.insert(ConsentMemoEntry(kind: kind, value: Array(bytes), signal: signal), for: h)
        return signal
    }

    /// The catalogue's vendor for a URL's host (lower-cased) and path (nil when it has no
    /// host), looked up once per reader: found again by the hash of the URL's host and path
    /// bytes and a comparison, without splitting the URL into strings.
    private func vendor(url: String) -> String? {
        url.withUTF8Buffer { b -> String? in
            let r = TaggingValues.URLRanges(b)
            guard !r.host.isEmpty else { return nil }
            func lookUp(_ host: UnsafeBufferPointer<UInt8>, _ path: UnsafeBufferPointer<UInt8>) -> String? {
                let h = ByteHash.mix(ByteHash.hash(host) &* 31 ^ ByteHash.hash(path))
                if let i = vendorMemo.find(h, where: {
                    $0.host.withUnsafeBufferPointer { ByteHash.equal($0, host) } && $0.path.withUnsafeBufferPointer { ByteHash.equal($0, path) }
                }) {
                    return vendorMemo[i].vendor
                }
                let id = vendors.match(host: String(decoding: host, as: UTF8.self), path: String(decoding: path, as: UTF8.self))?.id
                vendorMemo.insert(VendorMemoEntry(host: Array(host), path: Array(path), vendor: id), for: h)
                return id
            }
            func lookUp(_ host: UnsafeBufferPointer<UInt8>) -> String? {
                r.path.isEmpty ? Self.rootPath.withUnsafeBufferPointer { lookUp(host, $0) } : lookUp(host, UnsafeBufferPointer(rebasing: b[r.path]))
            }
            let host = UnsafeBufferPointer(rebasing: b[r.host])
            return r.hostHasCapitals(b) ? host.map(ASCII.lower).withUnsafeBufferPointer(lookUp) : lookUp(host)
        }
    }

    struct RedactedURL {
        var url: String
        var redacted: String
    }

    struct ConsentMemoEntry {
        var kind: ConsentValueKind
        var value: [UInt8]
        var signal: ConsentSignal?
    }

    struct VendorMemoEntry {
        var host: [UInt8]
        var path: [UInt8]
        var vendor: String?
    }

    /// `/`: the path of a URL with none.
    private static let rootPath: [UInt8] = [ASCII.slash]

    // MARK: Cloud Logging

    /// The trace id of a Cloud Logging `trace` (`projects/P/traces/ID` → `ID`; other text as is).
    static func traceID(_ t: String) -> String {
        return t.withUTF8Buffer { traceID(bytes: $0) }
    }

    /// `traceID(_:)` of the text's bytes: what follows the first `/traces/`, else all of it.
    static func traceID(bytes: UnsafeBufferPointer<UInt8>) -> String {
        let marker: StaticString = "/traces/"
        let m = marker.utf8CodeUnitCount
        var start = 0
        while start + m <= bytes.count {
            guard let slash = bytes.firstIndex(of: ASCII.slash, from: start), slash + m <= bytes.count else { break }
            if bytes.equals(slash..<(slash + m), marker) {
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[(slash + m)...]), as: UTF8.self)
            }
            start = slash + 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The trace id of a LogEntry `trace` member; nil when it is not a non-empty string. Read
    /// from the bytes in place unless the value holds escapes.
    func traceID(_ doc: borrowing JSONDocument, _ node: JSONNode) -> String? {
        guard node.kind == .string else { return nil }
        guard !node.hasEscapes else {
            guard let t = doc.string(node), !t.isEmpty else { return nil }
            return Self.traceID(t)
        }
        return doc.withRawBytes(of: node) { raw -> String? in raw.isEmpty ? nil : Self.traceID(bytes: raw) }
    }

    static let healthPaths: Set<String> = ["/healthz", "/healthy", "/health", "/_ah/health", "/livez", "/readyz", "/ping"]

    /// The LogEntry members `readLogEntry` reads.
    enum LogEntryField: Sendable {
        case timestamp, httpRequest, jsonPayload, textPayload, protoPayload, logName, trace, labels, resource
    }

    static let logEntryFieldNames: [(String, LogEntryField)] = [
        ("timestamp", .timestamp), ("httprequest", .httpRequest), ("jsonpayload", .jsonPayload),
        ("textpayload", .textPayload), ("protopayload", .protoPayload), ("logname", .logName), ("trace", .trace),
        ("labels", .labels), ("resource", .resource),
    ]
    static let logEntryFields = ByteKeyTable<LogEntryField>(logEntryFieldNames)

    /// What the last LogEntry `labels` and `resource` objects gave (instance id; revision and
    /// resource instance id), with their bytes: every line of an export repeats the same
    /// objects, so one equal to the last is not read again.
    @exclusivity(unchecked) private var lastLabels: Remembered?
    @exclusivity(unchecked) private var lastResource: Remembered?
    /// A class: handing one out is one reference, not a copy of its three fields.
    final class Remembered {
        let bytes: [UInt8]
        let revision: String?
        let instance: String?

        init(_ bytes: [UInt8], _ revision: String?, _ instance: String?) {
            self.bytes = bytes
            self.revision = revision
            self.instance = instance
        }
    }

    /// `last` when `node` is an object with the very same bytes.
    private static func remembered(_ last: Remembered?, _ doc: borrowing JSONDocument, _ node: JSONNode) -> Remembered? {
        guard let last, node.kind == .object else { return nil }
        let same = doc.withRawBytes(of: node) { raw in last.bytes.withUnsafeBufferPointer { ByteHash.equal($0, raw) } }
        return same ? last : nil
    }

    /// The LogEntry members of `root`, in document order: what `scan` kept when it read this
    /// object last, else found again.
    private func logEntryMembers(_ doc: borrowing JSONDocument, _ root: JSONNode) -> [(field: LogEntryField, node: JSONNode)] {
        if let scanned = scannedObject, scanned.buffer == UInt(bitPattern: doc.bytes.baseAddress), scanned.node == root {
            return scannedLogEntry
        }
        var members: [(field: LogEntryField, node: JSONNode)] = []
        for (k, v) in doc.members(of: root) {
            key.set(doc, k)
            if let field = Self.logEntryFields[key] { members.append((field, v)) }
        }
        return members
    }

    private func readLogEntry(_ doc: borrowing JSONDocument, _ root: JSONNode, env outer: Envelope, depth: Int,
                              into event: inout TaggingEvent) -> TaggingRead {
        var env = outer
        var timeNode: JSONNode?, http: JSONNode?, json: JSONNode?, text: JSONNode?, proto: JSONNode?
        var logNameNode: JSONNode?
        var instanceID: String?, revision: String?, resourceInstance: String?
        let key = self.key
        for (field, v) in logEntryMembers(doc, root) {
            switch field {
            case .timestamp: timeNode = v
            case .httpRequest: if v.kind == .object { http = v }
            case .jsonPayload: if v.kind == .object { json = v }
            case .textPayload: if v.kind == .string { text = v }
            case .protoPayload: proto = v
            case .logName: logNameNode = v
            case .trace:
                if let t = traceID(doc, v) { env.traceID = t }
            case .labels:
                if let known = Self.remembered(lastLabels, doc, v) {
                    instanceID = known.instance
                    continue
                }
                for (lk, lv) in doc.members(of: v) {
                    key.set(doc, lk)
                    if key == NormalisedKey.instanceid || key == NormalisedKey.rungoogleapiscominstanceid {
                        instanceID = cachedText(doc, lv)
                    }
                }
                if v.kind == .object { lastLabels = Remembered(TaggingValues.rawBytes(doc, v), nil, instanceID) }
            case .resource:
                if let known = Self.remembered(lastResource, doc, v) {
                    revision = known.revision
                    resourceInstance = known.instance
                    continue
                }
                if let labels = doc.member(of: v, key: "labels") {
                    for (lk, lv) in doc.members(of: labels) {
                        key.set(doc, lk)
                        if key == NormalisedKey.revisionname { revision = cachedText(doc, lv) }
                        if key == NormalisedKey.instanceid { resourceInstance = cachedText(doc, lv) }
                    }
                }
                if v.kind == .object { lastResource = Remembered(TaggingValues.rawBytes(doc, v), revision, resourceInstance) }
            }
        }
        switch TaggingValues.time(doc, timeNode) {
        case .value(let t): env.time = t
        case .bad: return .rejected(.badTime)
        case .missing: break
        }
        if let instanceID { env.instance = revision.map { instanceLabel(revision: $0, id: instanceID) } ?? instanceID }
        else if let resourceInstance { env.instance = resourceInstance }

        if let json {
            let shape = scan(doc, json)
            if let kind = shape.0, kind != .cloudLogging && kind != .docker {
                return read(doc, json, shape: kind, nodes: shape.1, env: env, depth: depth, into: &event)
            }
            if let message = doc.member(of: json, key: "message"), message.kind == .string {
                return readPayloadText(TaggingValues.decodedBytes(doc, message), env: env, depth: depth, into: &event)
            }
            return .rejected(TaggingReasons.unknownRecord)
        }
        if let text { return readPayloadText(TaggingValues.decodedBytes(doc, text), env: env, depth: depth, into: &event) }
        if let http { return readHit(doc, http, env: env, into: &event) }
        let logName = logNameNode.flatMap { doc.string($0) } ?? ""
        if proto != nil || logName.contains("varlog%2Fsystem") || logName.hasSuffix("/varlog/system") { return .skipped(.noise) }
        return .rejected(TaggingReasons.unknownRecord)
    }

    /// A `textPayload` (or a plain `message`): JSON holding a record, or sGTM noise.
    private func readPayloadText(_ bytes: [UInt8], env: Envelope, depth: Int, into event: inout TaggingEvent) -> TaggingRead {
        let first = bytes.first { $0 != ASCII.space && $0 != ASCII.tab && $0 != ASCII.cr && $0 != ASCII.lf }
        guard first == ASCII.openBrace else { return .skipped(.noise) }
        let result = read(text: bytes, env: env, depth: depth + 1, into: &event)
        if case .rejected(let reason) = result, reason == TaggingReasons.unknownRecord || reason == .notAnObject {
            return .rejected(TaggingReasons.unknownRecord)
        }
        return result
    }

    /// The collect-hit parameters `readHit` reads.
    enum HitParameter: Sendable {
        case clientID, userID, eventName, page, gcs, gcd, userProvidedData
    }

    static let hitParameters = ByteKeyTable<HitParameter>([
        ("cid", .clientID), ("client_id", .clientID), ("uid", .userID), ("user_id", .userID), ("en", .eventName),
        ("dl", .page), ("gcs", .gcs), ("gcd", .gcd), ("em", .userProvidedData),
    ])

    /// The `httpRequest` members `readHit` reads.
    enum HTTPRequestMember: Sendable {
        case url, method, status, userAgent, remoteIP
    }

    static let httpRequestMembers = ByteKeyTable<HTTPRequestMember>([
        ("requesturl", .url), ("requestmethod", .method), ("status", .status), ("useragent", .userAgent), ("remoteip", .remoteIP),
    ])

    /// A request log: a GA4 collect hit becomes an incoming event; pings and health checks are noise.
    private func readHit(_ doc: borrowing JSONDocument, _ http: JSONNode, env: Envelope, into event: inout TaggingEvent) -> TaggingRead {
        var urlNode: JSONNode?, methodNode: JSONNode?, statusNode: JSONNode?, uaNode: JSONNode?, ipNode: JSONNode?
        let table = Self.httpRequestMembers, memo = httpMemo
        for (k, v) in doc.members(of: http) {
            switch lookUp(doc, k, memo, { table[$0] }) {
            case .url?: urlNode = v
            case .method?: methodNode = v
            case .status?: statusNode = v
            case .userAgent?: uaNode = v
            case .remoteIP?: ipNode = v
            case nil: break
            }
        }
        guard let rawURL = TaggingValues.text(doc, urlNode) else { return .rejected(TaggingReasons.unknownRecord) }
        let url = SecretRedaction.redactURL(rawURL)
        // The path as a string (short); the query read in place below.
        let (path, query) = url.withUTF8Buffer { b -> (String, Range<Int>?) in
            let r = TaggingValues.URLRanges(b)
            return (r.path.isEmpty ? "/" : String(decoding: UnsafeBufferPointer(rebasing: b[r.path]), as: UTF8.self), r.query)
        }
        let ua = cachedText(doc, uaNode)
        if path.hasSuffix("/sgtm/a") || Self.healthPaths.contains(path)
            || (ua.map { $0.hasPrefix("GoogleHC") || $0.hasPrefix("kube-probe") } ?? false) {
            return .skipped(.noise)
        }
        guard TaggingValues.isCollectPath(path) else { return .skipped(TaggingReasons.notACollectHit) }
        sawTaggingContent = true
        event = TaggingEvent(direction: .incoming, time: 0)
        event.url = url
        event.method = cachedText(doc, methodNode)
        event.statusCode = TaggingValues.int(doc, statusNode)
        event.userAgent = ua
        event.ip = TaggingValues.text(doc, ipNode)
        event.traceID = env.traceID
        event.instance = env.instance
        event.recordType = "hit"
        var fields = PersonalValueSet()
        if event.ip != nil { fields.add(.ip, hashed: false) }
        if event.userAgent != nil { fields.add(.userAgent, hashed: false) }
        if let query {
            url.withUTF8Buffer { b in readHitQuery(UnsafeBufferPointer(rebasing: b[query]), into: &event, fields: &fields) }
        }
        event.fieldBits = fields.bits
        guard let time = env.time else { return .rejected(.missingTime) }
        event.time = time
        return .event
    }

    /// A hit's query, read in one pass: the collect-hit parameters (`hitParameters`) into its
    /// event and fields, and the personal fields GA4's payload dictionary reads in a hit
    /// (`GA4Hits.fields(query:)`, which is what `VendorPayloads.personalFields(vendorID:
    /// "google-analytics", url:body:)` gives for a URL without a body).
    private func readHitQuery(_ query: UnsafeBufferPointer<UInt8>, into event: inout TaggingEvent, fields: inout PersonalValueSet) {
        var collector = GA4Hits.FieldCollector()
        TaggingValues.forEachQueryParameter(bytes: query, in: Self.hitParameters, everyItem: { collector.add($0, of: query) }) { parameter, value in
            // Empty values say nothing.
            if !value.isEmpty { readHitParameter(parameter, value, into: &event, fields: &fields) }
        }
        fields.add(collector.fields())
    }

    /// One collect-hit parameter's decoded value into the event and its fields.
    private func readHitParameter(_ parameter: HitParameter, _ valueBytes: UnsafeBufferPointer<UInt8>,
                                  into event: inout TaggingEvent, fields: inout PersonalValueSet) {
        // Consent values are decoded from their bytes; the others are made strings.
        func text() -> String { String(decoding: valueBytes, as: UTF8.self) }
        switch parameter {
        case .clientID:
            event.clientID = text()
            fields.add(.clientID, hashed: TaggingValues.isHashed(valueBytes))
        case .userID:
            event.userID = text()
            fields.add(.userID, hashed: TaggingValues.isHashed(valueBytes))
        case .eventName: event.eventName = text()
        case .page: event.page = SecretRedaction.redactURL(text())
        case .gcs: if let s = decodeConsent(bytes: valueBytes, as: .gcs) { event.consent.append(s) }
        case .gcd: if let s = decodeConsent(bytes: valueBytes, as: .gcd) { event.consent.append(s) }
        case .userProvidedData: addUserProvidedData(text(), to: &fields)
        }
    }

    /// GA4 `em` parameter: `tv.1~em.<value>~ph.<value>…` or a bare value (an e-mail hash).
    private func addUserProvidedData(_ value: String, to fields: inout PersonalValueSet) {
        guard value.contains("~") || value.hasPrefix("tv.") else {
            fields.add(.email, hashed: TaggingValues.isHashed(value))
            return
        }
        for part in value.split(separator: "~") {
            guard let dot = part.firstIndex(of: ".") else { continue }
            let name = String(part[..<dot])
            let v = String(part[part.index(after: dot)...])
            guard name != "tv", !v.isEmpty, let field = PersonalKeys.table[PersonalKeys.normalise(name)] else { continue }
            fields.add(field, hashed: TaggingValues.isHashed(v))
        }
    }

    // MARK: Docker

    private func readDocker(_ doc: borrowing JSONDocument, _ root: JSONNode, env outer: Envelope, depth: Int,
                            into event: inout TaggingEvent) -> TaggingRead {
        var env = outer
        guard let logNode = doc.member(of: root, key: "log") else { return .rejected(TaggingReasons.unknownRecord) }
        var text = TaggingValues.decodedBytes(doc, logNode)
        var time: Int64?
        switch TaggingValues.time(doc, doc.member(of: root, key: "time")) {
        case .value(let t): time = t
        case .bad: return .rejected(.badTime)
        case .missing: break
        }
        if let pending = dockerPending {
            text = pending.bytes + text
            time = pending.time ?? time
        }
        guard text.last == ASCII.lf else {
            dockerPending = (text, dockerPending?.line ?? currentLine, time)
            return .skipped(TaggingReasons.dockerFragment)
        }
        let startLine = dockerPending?.line
        dockerPending = nil
        if let time { env.time = time }
        let inner = text.withUnsafeBufferPointer { Array(TaggingValues.trimmed($0)) }
        if inner.isEmpty { return .skipped(.blank) }
        let result = readPayloadText(inner, env: env, depth: depth, into: &event)
        if let startLine, case .event = result { event.line = startLine }
        return result
    }

    // MARK: Canonical

    private func readCanonical(_ doc: borrowing JSONDocument, _ root: JSONNode, env: Envelope,
                               into event: inout TaggingEvent) -> TaggingRead {
        var direction: TaggingEvent.Direction?
        var timeNode: JSONNode?, consentNode: JSONNode?, cookiesNode: JSONNode?, fieldsNode: JSONNode?
        event = TaggingEvent(direction: .incoming, time: 0)
        event.recordType = "canonical"
        for (k, v) in doc.members(of: root) {
            key.set(doc, k)
            switch key {
            case NormalisedKey.time: timeNode = v
            case NormalisedKey.direction: direction = doc.string(v).flatMap(TaggingEvent.Direction.init(rawValue:))
            case NormalisedKey.traceid: event.traceID = TaggingValues.text(doc, v)
            case NormalisedKey.clientid: event.clientID = TaggingValues.text(doc, v)
            case NormalisedKey.userid: event.userID = TaggingValues.text(doc, v)
            case NormalisedKey.ip: event.ip = TaggingValues.text(doc, v)
            case NormalisedKey.useragent: event.userAgent = TaggingValues.text(doc, v)
            case NormalisedKey.event: event.eventName = TaggingValues.text(doc, v)
            case NormalisedKey.eventid: event.eventID = TaggingValues.text(doc, v)
            case NormalisedKey.page: event.page = TaggingValues.text(doc, v).map(SecretRedaction.redactURL)
            case NormalisedKey.vendor: event.vendor = TaggingValues.text(doc, v)
            case NormalisedKey.url: event.url = TaggingValues.text(doc, v).map(redactedEndpoint)
            case NormalisedKey.method: event.method = TaggingValues.text(doc, v)
            case NormalisedKey.statuscode: event.statusCode = TaggingValues.int(doc, v)
            case NormalisedKey.tagname: event.tagName = TaggingValues.text(doc, v)
            case NormalisedKey.instance: event.instance = TaggingValues.text(doc, v)
            case NormalisedKey.consent: consentNode = v
            case NormalisedKey.cookies: cookiesNode = v
            case NormalisedKey.fields: fieldsNode = v
            default: break
            }
        }
        guard let direction else { return .rejected(TaggingReasons.unknownRecord) }
        event.direction = direction
        if event.traceID == nil { event.traceID = env.traceID }
        if event.instance == nil { event.instance = env.instance }
        if direction == .outgoing, event.vendor == nil, let url = event.url { event.vendor = vendor(url: url) }
        var fields = PersonalValueSet()
        if direction == .incoming {
            for (value, field) in [(event.clientID, PersonalField.clientID), (event.userID, .userID), (event.ip, .ip), (event.userAgent, .userAgent)] {
                if let value { fields.add(field, hashed: field != .ip && field != .userAgent && TaggingValues.isHashed(value)) }
            }
        }
        if let fieldsNode {
            guard fieldsNode.kind == .object else { return .rejected(RejectReason("bad-fields")) }
            for (k, v) in doc.members(of: fieldsNode) {
                guard let name = doc.string(k), let field = PersonalField(rawValue: name) else {
                    warnings.append("unknown-field")
                    continue
                }
                if v.kind == .string, let s = doc.string(v), s == "hashed" || s == "clear" {
                    fields.add(field, hashed: s == "hashed")
                } else if v.kind == .string || v.kind == .number || v.kind == .array {
                    addPersonal(doc, v, field, keyHashed: false, to: &fields)
                } else if v.kind != .null {
                    warnings.append("bad-field-value")
                }
            }
        }
        event.fieldBits = fields.bits
        if let consentNode { readCanonicalConsent(doc, consentNode, into: &event) }
        if let cookiesNode, cookiesNode.kind == .object {
            var cookies: [(name: String, value: String)] = []
            for (k, v) in doc.members(of: cookiesNode) {
                if let name = doc.string(k), let value = TaggingValues.text(doc, v) { cookies.append((name, value)) }
            }
            event.cookies = cookies.sorted { $0.name < $1.name }
        }
        switch TaggingValues.time(doc, timeNode) {
        case .value(let t): event.time = t
        case .bad: return .rejected(.badTime)
        case .missing:
            guard let t = env.time else { return .rejected(.missingTime) }
            event.time = t
        }
        return .event
    }

    /// Canonical `consent`: an object of Consent Mode signal → `granted`/`denied` (also
    /// `true`/`false`), with optional `gcs` and `gcd` members holding those values; or a string
    /// holding a `gcs` or `gcd` value. The signals of the object form one `ConsentSignal` with
    /// source `canonical`, read as the visitor's state (not a default).
    private func readCanonicalConsent(_ doc: borrowing JSONDocument, _ node: JSONNode, into event: inout TaggingEvent) {
        if node.kind == .string, let s = doc.string(node) {
            switch ConsentDecoders.detectKind(s) {
            case .gcs?: if let signal = decodeConsent(s, as: .gcs) { event.consent.append(signal) }
            case .gcd?: if let signal = decodeConsent(s, as: .gcd) { event.consent.append(signal) }
            default: warnings.append("bad-consent-signal")
            }
            return
        }
        guard node.kind == .object else {
            if node.kind != .null { warnings.append("bad-consent-signal") }
            return
        }
        var signal = ConsentSignal(source: "canonical")
        var stated = false
        for (k, v) in doc.members(of: node) {
            guard let name = doc.string(k) else { continue }
            if name == "gcs" || name == "gcd" {
                if let decoded = decodeConsent(doc, v, as: name == "gcs" ? .gcs : .gcd) {
                    event.consent.append(decoded)
                }
                continue
            }
            let choice: PurposeChoice?
            if let b = doc.bool(v) { choice = b ? .granted : .denied }
            else {
                switch TaggingValues.text(doc, v)?.lowercased() {
                case "granted"?: choice = .granted
                case "denied"?: choice = .denied
                default: choice = nil
                }
            }
            guard let choice, let purpose = tables.consentMode[name] else {
                warnings.append("bad-consent-signal")
                continue
            }
            signal.choices.combine(purpose, choice)
            stated = true
        }
        if stated { event.consent.insert(signal, at: 0) }
    }
}

/// Normalised keys (lower-case letters and digits) compared on the hot path, built once.
enum NormalisedKey {
    static let address: [UInt8] = Array("address".utf8)
    static let clientid: [UInt8] = Array("clientid".utf8)
    static let consent: [UInt8] = Array("consent".utf8)
    static let cookies: [UInt8] = Array("cookies".utf8)
    static let direction: [UInt8] = Array("direction".utf8)
    static let event: [UInt8] = Array("event".utf8)
    static let eventid: [UInt8] = Array("eventid".utf8)
    static let fields: [UInt8] = Array("fields".utf8)
    static let instance: [UInt8] = Array("instance".utf8)
    static let instanceid: [UInt8] = Array("instanceid".utf8)
    static let ip: [UInt8] = Array("ip".utf8)
    static let method: [UInt8] = Array("method".utf8)
    static let page: [UInt8] = Array("page".utf8)
    static let revisionname: [UInt8] = Array("revisionname".utf8)
    static let rungoogleapiscominstanceid: [UInt8] = Array("rungoogleapiscominstanceid".utf8)
    static let statuscode: [UInt8] = Array("statuscode".utf8)
    static let tagname: [UInt8] = Array("tagname".utf8)
    static let time: [UInt8] = Array("time".utf8)
    static let traceid: [UInt8] = Array("traceid".utf8)
    static let url: [UInt8] = Array("url".utf8)
    static let useragent: [UInt8] = Array("useragent".utf8)
    static let userid: [UInt8] = Array("userid".utf8)
    static let vendor: [UInt8] = Array("vendor".utf8)
}
