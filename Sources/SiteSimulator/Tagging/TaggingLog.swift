// The tagging server's log file: the container's stdout (Stape objects, one per line) with the
// timestamp a platform adds, in time order.
//
// - `cloud-logging`: one Google Cloud Logging `LogEntry` per line, as a log sink (or
//   `gcloud logging read --format=json` flattened) delivers them. Container stdout lines are
//   `run.googleapis.com%2Fstdout` entries (`jsonPayload` for a JSON line, `textPayload`
//   otherwise); Cloud Run's own request log (`run.googleapis.com%2Frequests`, `httpRequest`
//   and `trace`) has one entry per request the container served: the `/g/collect` hits, the
//   `/gtag/js` loads and the uptime check's `/sgtm/a` pings. Each container instance prints
//   `Listening on port 8080` when it starts; instances are replaced a few times a day.
// - `docker`: the container's stdout as Docker's json-file driver stores it
//   (`{"log":"<line>\n","stream":"stdout","time":"<RFC 3339 nanoseconds>"}`, Go's HTML-safe
//   escaping); there is no request log.
//
// Entries of one hit are produced when the simulation emits the hit, but may fall before
// entries of earlier hits (a hit is logged by Caddy when it ends; the container saw it
// earlier). They wait in a min-heap keyed by (time, arrival order) and are written once the
// simulation has moved a minute past them.

/// The wrapping of the tagging server's log lines.
public enum TaggingLogFormat: String, Sendable, Equatable, CaseIterable {
    /// Google Cloud Logging `LogEntry` JSON, one per line (Cloud Run).
    case cloudLogging = "cloud-logging"
    /// Docker json-file driver lines (a self-hosted container).
    case docker

    /// One line describing the format.
    public var summary: String {
        switch self {
        case .cloudLogging:
            return "Cloud Logging LogEntry per line: Cloud Run stdout (jsonPayload/textPayload) and request logs (httpRequest)"
        case .docker:
            return "Docker json-file lines {\"log\",\"stream\",\"time\"} around the container's stdout"
        }
    }
}

/// Where and how to write the tagging server's log of a run.
public struct TaggingOutput {
    /// The destination (finished at the end of the run).
    public var sink: ByteSink
    /// The wrapping.
    public var format: TaggingLogFormat
    /// Whether `TaggingReport.vendorRequests` lists every outgoing request (memory grows with
    /// the run; tests turn it on).
    public var keepsVendorRequests: Bool
    /// The deployment and credentials.
    public var configuration: TaggingServerConfiguration

    /// Writes `format` to `sink`.
    public init(
        sink: ByteSink, format: TaggingLogFormat = .cloudLogging, keepsVendorRequests: Bool = false,
        configuration: TaggingServerConfiguration = TaggingServerConfiguration()
    ) {
        self.sink = sink
        self.format = format
        self.keepsVendorRequests = keepsVendorRequests
        self.configuration = configuration
    }
}

/// What the tagging log of a run holds.
public struct TaggingReport: Sendable, Equatable {
    /// Lines written.
    public var lines = 0
    /// GA4 hits the container processed.
    public var incomingHits = 0
    /// Requests sent to vendors.
    public var vendorRequestCount = 0
    /// Lines that are neither a hit nor a tag's object (start-up lines, `/gtag/js` loads,
    /// `/sgtm/a` pings).
    public var noiseLines = 0
    /// Every vendor request in time order, when `TaggingOutput.keepsVendorRequests` is set.
    public var vendorRequests: [TaggingVendorRequest] = []
    /// What the server added to the requests it sent, per vendor and field.
    public var enrichment = EnrichmentTruth()
}

/// Orders the tagging server's entries and writes them in one of the formats.
final class TaggingLogWriter {
    private let format: TaggingLogFormat
    private let configuration: TaggingServerConfiguration
    private let server: TaggingServer
    private let writer: LineWriter
    private let keepsVendorRequests: Bool
    private var random: SeededRandom
    private var heap = TaggingEntryHeap()
    private var ordinal: UInt64 = 0
    private var report = TaggingReport()
    private var pendingVendorRequests: [TaggingVendorRequest] = []
    /// The violation truth: told the line and time of every entry written.
    var truth: TruthRecorder?
    /// The entries the last observed request produced (kept only with `truth`).
    private(set) var lastNotes: [TaggingEntryNote] = []

    private var instances: [(start: Int64, id: String)] = []
    private var nextInstanceStart: Int64
    private var nextPing: Int64
    private let uptimeCheckers = ["35.186.160.12", "35.199.66.40", "35.198.221.49"]
    private let resourceJSON: [UInt8]
    private let logPrefix: String

    /// The entries of a request are at most this much older than the request's log time.
    private static let reorderWindow: Int64 = 60_000_000_000

    init(output: TaggingOutput, site: SiteModel, seed: UInt64, startMillis: Int64) {
        format = output.format
        configuration = output.configuration
        server = TaggingServer(configuration: output.configuration, site: site, seed: seed)
        writer = LineWriter(sink: output.sink)
        keepsVendorRequests = output.keepsVendorRequests
        random = SeededRandom(seed: seed ^ 0x5447_4C4F_47, stream: 0)  // "TGLOG"
        let start = startMillis * 1_000_000
        nextInstanceStart = start + Int64(random.int(in: 200_000_000...2_500_000_000))
        nextPing = start + Int64(random.int(in: 1_000_000_000...899_000_000_000))
        var resource: [UInt8] = []
        JSONText.object([
            ("type", .string("cloud_run_revision")),
            ("labels", .object([
                ("service_name", .string(configuration.serviceName)), ("revision_name", .string(configuration.revisionName)),
                ("location", .string(configuration.location)), ("configuration_name", .string(configuration.serviceName)),
                ("project_id", .string(configuration.projectID)),
            ])),
        ]).render(into: &resource)
        resourceJSON = resource
        logPrefix = "projects/" + configuration.projectID + "/logs/run.googleapis.com%2F"
    }

    /// Takes one simulated request (any host); writes everything that can no longer be
    /// preceded by a later request's entries.
    func observe(_ request: SimulatedRequest) throws {
        let (entries, vendorRequests) = server.handle(request)
        if truth != nil { lastNotes.removeAll(keepingCapacity: true) }
        if !entries.isEmpty {
            if request.kind == .collect && entries.count > 1 { report.incomingHits += 1 }
            for entry in entries {
                if truth != nil { lastNotes.append(TaggingEntryNote(ordinal: ordinal, nanos: entry.nanos, role: entry.role)) }
                push(entry)
            }
            report.vendorRequestCount += vendorRequests.count
            for vendorRequest in vendorRequests { report.enrichment.record(vendorRequest) }
            if keepsVendorRequests { pendingVendorRequests += vendorRequests }
        }
        try advance(to: request.time * 1_000_000 - TaggingLogWriter.reorderWindow)
    }

    /// Writes everything left, with the platform's noise up to `untilMillis`, and finishes the
    /// sink.
    func finish(untilMillis: Int64) throws -> TaggingReport {
        try advance(to: untilMillis * 1_000_000)
        try advance(to: Int64.max)
        try writer.finish()
        if keepsVendorRequests {
            report.vendorRequests = pendingVendorRequests.sorted { a, b in
                a.timeMicros != b.timeMicros ? a.timeMicros < b.timeMicros : a.traceID < b.traceID
            }
        }
        return report
    }

    private func push(_ entry: TaggingLogEntry) {
        heap.push(entry, ordinal: ordinal)
        ordinal += 1
    }

    /// Schedules the platform's own lines before `limit`, then writes every entry before it.
    private func advance(to limit: Int64) throws {
        let noiseLimit = limit == Int64.max ? (heap.maxTime ?? 0) : limit
        while nextInstanceStart < noiseLimit {
            let id = "00" + StandInHash.hex(UInt64(bitPattern: nextInstanceStart), field: 0x696E_7374, count: 94)
            instances.append((nextInstanceStart, id))
            push(TaggingLogEntry(nanos: nextInstanceStart, payload: .text("Listening on port 8080")))
            let hours = Int64(random.int(in: 5 * 3600...11 * 3600))
            nextInstanceStart += hours * 1_000_000_000 + Int64(random.below(1_000_000_000))
        }
        if format == .cloudLogging {
            while nextPing < noiseLimit {
                let checker = uptimeCheckers[Int(((nextPing / 900_000_000_000) % 3 + 3) % 3)]
                let spanBase = UInt64(bitPattern: nextPing)
                push(
                    TaggingLogEntry(
                        nanos: nextPing,
                        payload: .request(
                            TaggingRequestLog(
                                method: "GET", url: "https://sst.shop.example/sgtm/a", requestSize: 312, status: 200,
                                responseSize: 171, userAgent: "GoogleStackdriverMonitoring-UptimeChecks(https://cloud.google.com/monitoring)",
                                remoteIP: checker, referer: nil, latencyNanos: Int64(random.int(in: 900_000...4_800_000)),
                                traceID: StandInHash.hex(spanBase, field: 0x7472_6163, count: 32),
                                spanID: StandInHash.hex(spanBase, field: 0x7370_616E, count: 16)))))
                nextPing += 900_000_000_000 + Int64(random.int(in: -2_000_000_000...2_000_000_000))
            }
        }
        while let top = heap.minTime, top < limit {
            guard let (entry, ordinal) = heap.pop() else { break }
            if let written = render(entry) {
                report.lines += 1
                truth?.noteTaggingLine(ordinal: ordinal, line: report.lines, nanos: written)
            }
            try writer.flushIfFull()
        }
    }

    private func instanceID(at nanos: Int64) -> String {
        var id = instances.first?.id ?? ""
        for instance in instances {
            if instance.start > nanos { break }
            id = instance.id
        }
        return id
    }

    // MARK: - Rendering

    /// Writes one entry; returns the timestamp the line carries (nanoseconds), `nil` when the
    /// format has no line for it.
    private func render(_ entry: TaggingLogEntry) -> Int64? {
        switch format {
        case .docker: return renderDocker(entry)
        case .cloudLogging:
            renderCloudLogging(entry)
            return entry.nanos
        }
    }

    private func renderDocker(_ entry: TaggingLogEntry) -> Int64? {
        var line: [UInt8]
        switch entry.payload {
        case .console(let object):
            line = object.rendered
        case .text(let text):
            line = Array(text.utf8)
            report.noiseLines += 1
        case .request:
            return nil
        }
        line.append(UInt8(ascii: "\n"))
        let received = entry.nanos + Int64(random.int(in: 20_000...400_000))
        writer.buffer.appendStatic("{\"log\":")
        writer.buffer.appendDockerJSONString(line)
        writer.buffer.appendStatic(",\"stream\":\"stdout\",\"time\":\"")
        writer.buffer.appendRFC3339(nanos: received, digits: 9, trimZeros: true)
        writer.buffer.appendStatic("\"}\n")
        return received
    }

    private func renderCloudLogging(_ entry: TaggingLogEntry) {
        var buffer = writer.buffer
        writer.buffer = []
        defer { writer.buffer = buffer }
        buffer.appendStatic("{\"insertId\":\"")
        appendInsertID(nanos: entry.nanos, into: &buffer)
        buffer.appendStatic("\",")
        let severity: StaticString
        let log: StaticString
        var request: TaggingRequestLog?
        switch entry.payload {
        case .console(let object):
            buffer.appendStatic("\"jsonPayload\":")
            object.render(into: &buffer)
            severity = "INFO"
            log = "stdout"
        case .text(let text):
            buffer.appendStatic("\"textPayload\":")
            buffer.appendJSString(text)
            severity = "INFO"
            log = "stdout"
            report.noiseLines += 1
        case .request(let served):
            request = served
            buffer.appendStatic("\"httpRequest\":{\"requestMethod\":")
            buffer.appendJSString(served.method)
            buffer.appendStatic(",\"requestUrl\":")
            buffer.appendJSString(served.url)
            buffer.appendStatic(",\"requestSize\":\"")
            buffer.appendDecimal(served.requestSize)
            buffer.appendStatic("\",\"status\":")
            buffer.appendDecimal(served.status)
            buffer.appendStatic(",\"responseSize\":\"")
            buffer.appendDecimal(served.responseSize)
            buffer.appendStatic("\",\"userAgent\":")
            buffer.appendJSString(served.userAgent)
            buffer.appendStatic(",\"remoteIp\":")
            buffer.appendJSString(served.remoteIP)
            if let referer = served.referer {
                buffer.appendStatic(",\"referer\":")
                buffer.appendJSString(referer)
            }
            buffer.appendStatic(",\"latency\":\"")
            buffer.appendDecimal(Int(served.latencyNanos / 1_000_000_000))
            buffer.append(UInt8(ascii: "."))
            buffer.appendPadded(Int(served.latencyNanos % 1_000_000_000), width: 9)
            buffer.appendStatic("s\",\"protocol\":\"HTTP/1.1\"}")
            severity = served.status >= 500 ? "ERROR" : served.status >= 400 ? "WARNING" : "INFO"
            log = "requests"
            if !served.url.contains("/g/collect") { report.noiseLines += 1 }
        }
        buffer.appendStatic(",\"resource\":")
        buffer.append(contentsOf: resourceJSON)
        buffer.appendStatic(",\"timestamp\":\"")
        buffer.appendRFC3339(nanos: entry.nanos, digits: 6)
        buffer.appendStatic("\",\"severity\":\"")
        buffer.appendStatic(severity)
        buffer.appendStatic("\",\"labels\":{\"instanceId\":\"")
        buffer.appendString(instanceID(at: entry.nanos))
        buffer.appendStatic("\"},\"logName\":\"")
        buffer.appendString(logPrefix)
        buffer.appendStatic(log)
        buffer.append(UInt8(ascii: "\""))
        if let request {
            buffer.appendStatic(",\"trace\":\"projects/")
            buffer.appendString(configuration.projectID)
            buffer.appendStatic("/traces/")
            buffer.appendString(request.traceID)
            buffer.append(UInt8(ascii: "\""))
        }
        buffer.appendStatic(",\"receiveTimestamp\":\"")
        let received = entry.nanos + Int64(random.int(in: 15_000_000...2_400_000_000))
        buffer.appendRFC3339(nanos: received, digits: 9)
        buffer.append(UInt8(ascii: "\""))
        if let request {
            buffer.appendStatic(",\"spanId\":\"")
            buffer.appendString(request.spanID)
            buffer.appendStatic("\",\"traceSampled\":true")
        }
        buffer.appendStatic("}\n")
    }

    /// Cloud Logging insert ids: the entry's second in hex, then random hex (24 characters).
    private func appendInsertID(nanos: Int64, into buffer: inout [UInt8]) {
        let seconds = UInt64(max(0, nanos / 1_000_000_000))
        var shift: UInt64 = 28
        while true {
            buffer.appendHexNibble(UInt8((seconds >> shift) & 0xF))
            if shift == 0 { break }
            shift -= 4
        }
        let word = random.next()
        for index in 0..<16 {
            buffer.appendHexNibble(UInt8((word >> UInt64(index * 4)) & 0xF))
        }
    }
}

/// A binary min-heap of log entries keyed by (time, arrival order).
struct TaggingEntryHeap {
    private var entries: [(entry: TaggingLogEntry, ordinal: UInt64)] = []
    private(set) var maxTime: Int64?

    var minTime: Int64? { entries.first?.entry.nanos }

    private func less(_ a: Int, _ b: Int) -> Bool {
        let left = entries[a]
        let right = entries[b]
        return left.entry.nanos < right.entry.nanos || (left.entry.nanos == right.entry.nanos && left.ordinal < right.ordinal)
    }

    mutating func push(_ entry: TaggingLogEntry, ordinal: UInt64) {
        maxTime = max(maxTime ?? entry.nanos, entry.nanos)
        entries.append((entry, ordinal))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (TaggingLogEntry, UInt64)? {
        guard let first = entries.first else { return nil }
        let last = entries.count - 1
        entries.swapAt(0, last)
        entries.removeLast()
        var parent = 0
        let count = entries.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { break }
            var smallest = left
            if left + 1 < count && less(left + 1, left) { smallest = left + 1 }
            guard less(smallest, parent) else { break }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
        return (first.entry, first.ordinal)
    }
}

/// One entry a request produced, as the violation truth sees it: its place in the writer's
/// arrival order (the key of its line once written), its time and what it is.
struct TaggingEntryNote {
    var ordinal: UInt64
    var nanos: Int64
    var role: TaggingEntryRole
}
