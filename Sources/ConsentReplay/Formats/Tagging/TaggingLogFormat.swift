// The tagging-log record formats (kind `tagging`) and their sniffers.
//
// Layout: one JSON object per line, or one per element of a top-level JSON array (the pipeline
// hands array elements over one by one, numbered by the line each starts on). Which shapes a
// line may have is described at the top of `TaggingRecordReader.swift`; a file is claimed by
// the format of its outermost shape, and every format reads every shape, so a file that mixes
// shapes (a Docker log with a few bare lines) is still read exactly.
//
// Verdicts per line:
//   event (incoming hit, Logger event data, outgoing request)   → record, in `tagging`
//   `Response` linked to its request                            → skipped `response`
//   `Response` with no request to link in the chunk             → skipped `response-unlinked`
//   `Message` without event data                                → skipped `message`
//   request log of another path than a collect endpoint         → skipped `not-a-collect-hit`
//   `/sgtm/a` pings, health checks, non-JSON text, system logs   → skipped `noise`
//   first fragments of a Docker line split at 16 KiB            → skipped `docker-fragment`
//   bad JSON                                                    → rejected `invalid-json`
//   an object of no known shape, or a LogEntry/Docker payload
//   holding one                                                 → rejected `unknown-record`
//   no time anywhere                                            → rejected `missing-time`
//
// Response linking: a `Response` record sets `statusCode` on the latest earlier `Request` event
// of the same chunk that has no status yet and has the same tag name and trace id (when the
// response has no trace id: the same tag name and event name among requests without one).
// A response whose request is in an earlier chunk, or was never logged, is counted
// `response-unlinked`; the request keeps `statusCode` nil. Linking never crosses chunks: chunk
// boundaries depend on the bytes and the chunk size only (`LineChunker`), not on the number of
// parsing threads nor on whether the file is gzipped, so results are the same for any `--jobs`
// and any storage; sGTM writes a response milliseconds after its request, so pairs split
// by a chunk boundary are rare.

/// A tagging-log format: turns lines into `TaggingEvent`s, reduced at the end of the chunk to
/// what the analysis keeps (`ChunkTally.tagging`); the events themselves are handed over too
/// when `ParseContext.keepTaggingEvents` (`ChunkTally.taggingEvents`).
public struct TaggingJSONFormat: RecordFormat {
    /// The outermost shape of the file's records.
    public let shape: TaggingShape
    public var id: String { shape.rawValue }
    public var kind: InputKind { .tagging }
    public var layout: String {
        switch shape {
        case .stapeConsole: return "Stape-convention console objects (Name, Type, TraceId, RequestUrl, RequestBody, EventData…), one per line"
        case .stapeBigQuery: return "Stape-convention BigQuery rows (timestamp ms, type, trace_id, tag_name, request_url, request_body…)"
        case .cloudLogging: return "Google Cloud Logging LogEntry (request logs with collect hits; stdout with Stape objects)"
        case .docker: return "Docker json-file lines (log, stream, time) wrapping tagging records"
        case .canonical: return "consent-replay canonical tagging JSON lines (docs/canonical-tagging-schema.md)"
        }
    }

    public init(shape: TaggingShape) { self.shape = shape }

    public func process(_ chunk: Chunk, directive: [UInt8]?, context: ParseContext) -> ChunkTally {
        let reader = TaggingRecordReader(tables: context.purposeTables, vendors: context.vendorCatalogue)
        // Each event is reduced to what the analysis keeps as it is read; the events themselves
        // are kept only when asked for.
        var tagging = TaggingChunk()
        let collectPath = TaggingChunk.collectPath(context)
        var events: [TaggingEvent] = []
        var eventCount = 0
        var linker = ResponseLinker()
        // Each line's event is written here by the reader, and reduced from here.
        var event = TaggingEvent(direction: .incoming, time: 0)
        var tally = LineLoop.run(chunk, context: context) { line, number, tally in
            if line.allSatisfy({ $0 == ASCII.space || $0 == ASCII.tab || $0 == ASCII.cr || $0 == ASCII.lf }) { return .skipped(.blank) }
            reader.currentLine = number
            reader.warnings.removeAll(keepingCapacity: true)
            let result = reader.read(line, into: &event)
            for warning in reader.warnings { tally.warn(warning, line: number) }
            switch result {
            case .event:
                if event.line == 0 { event.line = number }
                if !line.isValidUTF8() { tally.warn("invalid-utf8", line: number) }
                tally.noteTime(event.time, line: event.line, tolerance: context.outOfOrderToleranceMs)
                linker.noteRequest(event, at: eventCount)
                tagging.add(event, context: context, collectPath: collectPath)
                if context.keepTaggingEvents { events.append(event) }
                eventCount += 1
                return .record
            case .response(let response):
                guard let index = linker.link(response) else { return .skipped(TaggingReasons.responseUnlinked) }
                if context.keepTaggingEvents { events[index].statusCode = response.statusCode }
                return .skipped(TaggingReasons.response)
            case .skipped(let reason):
                return .skipped(reason)
            case .rejected(let reason):
                return .rejected(reason)
            }
        }
        if let pending = reader.pendingFragmentLine {
            tally.warn("docker-fragment-unjoined", line: pending)
        }
        tagging.finish()
        tally.tagging = tagging
        tally.taggingEvents = events
        return tally
    }
}

/// Pairs `Response` records with the `Request` events before them in a chunk: a response goes
/// to the latest open request with its key (`ResponseLink.key`), and each request takes one
/// response.
struct ResponseLinker {
    /// The latest open request of each key, and for each request the open one it hid (-1:
    /// none): a stack per key without a list allocated per request.
    private var latest: [UInt64: Int] = [:]
    private var hidden: [Int] = []

    mutating func noteRequest(_ event: TaggingEvent, at index: Int) {
        guard event.direction == .outgoing, event.statusCode == nil, event.recordType == "Request" else { return }
        let key = ResponseLink.key(trace: event.traceID.map(ByteHash.hash), tag: event.tagName.map(ByteHash.hash),
                                   event: event.traceID == nil ? event.eventName.map(ByteHash.hash) : nil)
        if hidden.count <= index { hidden.append(contentsOf: repeatElement(-1, count: index + 1 - hidden.count)) }
        hidden[index] = latest.updateValue(index, forKey: key) ?? -1
    }

    /// The index of the request a response answers, removed from the open requests.
    mutating func link(_ response: ResponseLink) -> Int? {
        guard let index = latest[response.key] else { return nil }
        let below = hidden[index]
        latest[response.key] = below >= 0 ? below : nil
        return index
    }
}

/// Recognises a tagging-log file by the outermost shape of its records.
///
/// A sample line counts for `shape` when its outermost object has that shape and reading it
/// does not fail with `invalid-json` / `not-a-json-object` / `unknown-record`. Docker and Cloud
/// Logging files must also hold tagging content in the sample (a Stape or canonical object, or
/// a collect hit), so that a Docker-wrapped nginx log or another service's Cloud Logging export
/// is not claimed.
public struct TaggingJSONSniffer: FormatSniffer {
    public let shape: TaggingShape
    public var kind: InputKind { .tagging }
    public var name: String { TaggingJSONFormat(shape: shape).layout }
    /// Above the consent (35) and access (25–30) JSON sniffers: a tagging shape is specific.
    static let specificity = 60

    public init(shape: TaggingShape) { self.shape = shape }

    public func sniff(_ sample: SniffSample) -> SniffMatch? {
        let lines = sample.shared.taggingLines { Self.read(sample.contentLines) }
        guard !lines.isEmpty else { return nil }
        var good = 0
        var content = false
        for line in lines where line.shape == shape && line.counts {
            good += 1
            if line.taggingContent { content = true }
        }
        guard good > 0 else { return nil }
        if (shape == .docker || shape == .cloudLogging) && !content { return nil }
        return SniffMatch(format: TaggingJSONFormat(shape: shape), share: Double(good) / Double(lines.count),
                          specificity: Self.specificity)
    }

    /// Every content line read in order by one reader (Docker fragments join across lines), the
    /// same for every shape, so the five tagging sniffers of a sample read it once.
    static func read(_ lines: [[UInt8]]) -> [TaggingSampleLine] {
        let reader = TaggingRecordReader()
        var event = TaggingEvent(direction: .incoming, time: 0)
        return lines.map { line in
            let result = line.withUnsafeBufferPointer { reader.read($0, into: &event) }
            var counts = true
            if case .rejected(let reason) = result,
               reason == .invalidJSON || reason == .notAnObject || reason == TaggingReasons.unknownRecord { counts = false }
            return TaggingSampleLine(shape: reader.topShape, counts: counts, taggingContent: reader.sawTaggingContent)
        }
    }
}

/// How one sample line read as a tagging record.
struct TaggingSampleLine {
    /// The shape of its outermost object.
    var shape: TaggingShape?
    /// Whether it counts for that shape: not invalid JSON, not a non-object, not an unknown record.
    var counts: Bool
    /// Whether it held tagging content (a Stape or canonical object, or a collect hit).
    var taggingContent: Bool
}

/// Stape-convention console objects, one per line.
public struct StapeConsoleSniffer: FormatSniffer {
    private let inner = TaggingJSONSniffer(shape: .stapeConsole)
    public var name: String { inner.name }
    public var kind: InputKind { .tagging }
    public init() {}
    public func sniff(_ sample: SniffSample) -> SniffMatch? { inner.sniff(sample) }
}

/// Stape-convention BigQuery rows (JSON lines export).
public struct StapeBigQuerySniffer: FormatSniffer {
    private let inner = TaggingJSONSniffer(shape: .stapeBigQuery)
    public var name: String { inner.name }
    public var kind: InputKind { .tagging }
    public init() {}
    public func sniff(_ sample: SniffSample) -> SniffMatch? { inner.sniff(sample) }
}

/// Google Cloud Logging `LogEntry` lines or a `gcloud logging read --format=json` array.
public struct CloudLoggingSniffer: FormatSniffer {
    private let inner = TaggingJSONSniffer(shape: .cloudLogging)
    public var name: String { inner.name }
    public var kind: InputKind { .tagging }
    public init() {}
    public func sniff(_ sample: SniffSample) -> SniffMatch? { inner.sniff(sample) }
}

/// Docker json-file lines wrapping tagging records.
public struct DockerTaggingSniffer: FormatSniffer {
    private let inner = TaggingJSONSniffer(shape: .docker)
    public var name: String { inner.name }
    public var kind: InputKind { .tagging }
    public init() {}
    public func sniff(_ sample: SniffSample) -> SniffMatch? { inner.sniff(sample) }
}

/// The tool's canonical tagging JSON lines.
public struct CanonicalTaggingSniffer: FormatSniffer {
    private let inner = TaggingJSONSniffer(shape: .canonical)
    public var name: String { inner.name }
    public var kind: InputKind { .tagging }
    public init() {}
    public func sniff(_ sample: SniffSample) -> SniffMatch? { inner.sniff(sample) }
}

extension TaggingJSONSniffer {
    /// Every tagging sniffer, in the order to register them.
    public static var all: [any FormatSniffer] {
        [StapeConsoleSniffer(), StapeBigQuerySniffer(), CloudLoggingSniffer(), DockerTaggingSniffer(), CanonicalTaggingSniffer()]
    }
}
