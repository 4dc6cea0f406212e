/// What `summary.json` reports of a file's tagging events, counted on the parsing threads so
/// the events themselves need not be kept: incoming hits, outgoing requests, and per vendor
/// the requests and the personal fields they carried.
public struct TaggingCounts: Sendable, Equatable {
    /// Requests of one vendor (`unknown` when the vendor catalogue does not name it).
    public struct Vendor: Sendable, Equatable {
        public var requests = 0
        public var requestsWithPersonalFields = 0
        /// Requests carrying each personal field, by bit of `TaggingEvent.fieldBits`.
        public var fieldRequests = [Int](repeating: 0, count: 64)

        /// `email(hashed)` → requests, fields never seen left out.
        public var fields: [String: Int] {
            var out: [String: Int] = [:]
            for (bit, n) in fieldRequests.enumerated() where n > 0 {
                for v in TaggingEvent.fields(ofBits: 1 << UInt64(bit)) { out[v.description] = n }
            }
            return out
        }

        mutating func merge(_ other: Vendor) {
            requests += other.requests
            requestsWithPersonalFields += other.requestsWithPersonalFields
            for i in fieldRequests.indices { fieldRequests[i] += other.fieldRequests[i] }
        }
    }

    public var incoming = 0
    public var outgoing = 0
    public var vendors: [String: Vendor] = [:]

    public init() {}

    public mutating func count(_ e: TaggingEvent) {
        guard e.direction == .outgoing else { incoming += 1; return }
        outgoing += 1
        // Counted in place: a copy taken out and written back would copy its counters too.
        Self.count(fieldBits: e.fieldBits, into: &vendors[e.vendor ?? "unknown", default: Vendor()])
    }

    private static func count(fieldBits: UInt64, into v: inout Vendor) {
        v.requests += 1
        if fieldBits != 0 { v.requestsWithPersonalFields += 1 }
        var bits = fieldBits
        while bits != 0 {
            v.fieldRequests[bits.trailingZeroBitCount] += 1
            bits &= bits - 1
        }
    }

    public mutating func merge(_ other: TaggingCounts) {
        incoming += other.incoming
        outgoing += other.outgoing
        for (name, v) in other.vendors { vendors[name, default: Vendor()].merge(v) }
    }
}

/// A chunk's tagging events in the forms the analysis keeps: link keys, observations, counts.
public struct TaggingChunk: Sendable {
    /// One per event, in line order.
    public var linkKeys: [TaggingLinker.Key] = []
    /// One observation per event, in line order (forwards not linked yet).
    public var observations = ObservationBatch()
    public var counts = TaggingCounts()

    public init() {}

    /// Adds the compact forms of the chunk's next event (events come in line order).
    public mutating func add(_ e: TaggingEvent, context: ParseContext, collectPath: String) {
        linkKeys.append(TaggingLinker.Key(e))
        counts.count(e)
        RecordObservations.appendTaggingEvent(e, to: &observations, context: context, collectPath: collectPath)
    }

    /// Closes the chunk: the observation batch drops its lookup tables and spare capacity.
    public mutating func finish() {
        observations.seal()
    }

    /// The path a hit without a URL was sent to: the first configured collect path.
    public static func collectPath(_ context: ParseContext) -> String {
        context.collectPaths.first.map { String(decoding: $0, as: UTF8.self) } ?? "/g/collect"
    }
}
