import Dispatch
import Synchronization

/// Links each outgoing vendor request to the incoming hit that caused it (contract §3.2,
/// issue 4 item 4).
///
/// 1. Same trace id (sGTM gives every incoming request a trace id that its tags log): certain.
/// 2. No trace id: the incoming hits of the same container instance (when both records name
///    one) in the `window` before the request, matched by, in order of strength, the same
///    `event_id`, then the same client id and event name, then the same page and event name.
///    The strongest kind of match that picks exactly one hit wins; when the best kind matches
///    several hits the link is `ambiguous` and is not made (counted, never guessed).
/// The same hit seen twice (an access-log `/g/collect` line and a Logger record) links to
/// whichever comes first in time; ties go to the earlier input.
public struct TaggingLinker: Sendable {

    /// How a request was tied to its hit.
    public enum Confidence: String, Sendable, CaseIterable, Comparable {
        case traceID = "trace-id"
        case eventID = "event-id"
        case clientAndEvent = "client-id+event"
        case pageAndEvent = "page+event"
        case ambiguous
        case unlinked

        public static func < (a: Self, b: Self) -> Bool {
            (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
        }

        /// Whether the link may be used for measurement.
        public var isLinked: Bool { self != .ambiguous && self != .unlinked }
    }

    /// An event by its position: input file, then index in that file's events.
    public struct Ref: Hashable, Sendable, Comparable {
        public var file: Int
        public var index: Int
        public static func < (a: Self, b: Self) -> Bool { (a.file, a.index) < (b.file, b.index) }
    }

    public struct Link: Sendable, Equatable {
        public var outgoing: Ref
        public var incoming: Ref?
        public var confidence: Confidence
    }

    /// How far before a request its hit may be, without a trace id.
    public var windowMs: Int64 = 10_000

    /// Threads the outgoing requests are split between (each request is linked on its own).
    public var jobs = 1

    public init(windowMs: Int64 = 10_000, jobs: Int = 1) {
        self.windowMs = windowMs
        self.jobs = max(1, jobs)
    }

    /// What linking needs of an event: its time, direction and the hashes of the values it
    /// compares (0 when the event has none). 56 bytes instead of a whole `TaggingEvent`, built
    /// on the parsing threads, so a day's millions of events are linked without their strings.
    public struct Key: Sendable, Equatable {
        public var time: Int64
        public var isIncoming: Bool
        public var trace: UInt64
        public var instance: UInt64
        public var eventID: UInt64
        public var clientID: UInt64
        public var eventName: UInt64
        public var page: UInt64

        public init(_ e: borrowing TaggingEvent) {
            time = e.time
            isIncoming = e.direction == .incoming
            trace = Self.hash(e.traceID)
            instance = Self.hash(e.instance)
            eventID = Self.hash(e.eventID)
            clientID = Self.hash(e.clientID)
            eventName = Self.hash(e.eventName)
            page = Self.hash(e.page)
        }

        /// A 64-bit hash of the value's bytes, never 0; 0 for no value.
        static func hash(_ text: String?) -> UInt64 {
            guard let text else { return 0 }
            let h = ByteHash.hash(text)
            return h == 0 ? 1 : h
        }

        /// The same hit seen in two sources has the same (second, client, event, event id, page).
        var sameHit: UInt64 {
            var h = ByteHash.mix(UInt64(bitPattern: time / 1000) ^ 0x5EED)
            for part in [clientID, eventName, eventID, page] { h = ByteHash.mix(h ^ part) }
            return h
        }
    }

    /// One link per outgoing event, in input order.
    public func link(_ files: [[TaggingEvent]]) -> [Link] {
        link(keys: files.map { $0.map(Key.init) })
    }

    /// One link per outgoing event, in input order (files in order, events in file order).
    /// A "file" here is any run of keys in input order: the analysis passes each chunk of each
    /// file as one, so positions are (chunk, index), and their order is still the input order.
    public func link(keys files: [[Key]]) -> [Link] {
        // Incoming hits as parallel arrays (position, time), outgoing requests as positions.
        let incomingCount = files.reduce(0) { total, keys in total + keys.reduce(0) { $0 + ($1.isIncoming ? 1 : 0) } }
        let total = files.reduce(0) { $0 + $1.count }
        var incomingRefs: [Ref] = []
        var incomingTimes: [Int64] = []
        var outgoing: [Ref] = []
        incomingRefs.reserveCapacity(incomingCount)
        incomingTimes.reserveCapacity(incomingCount)
        outgoing.reserveCapacity(total - incomingCount)
        for (f, keys) in files.enumerated() {
            for (i, k) in keys.enumerated() {
                let ref = Ref(file: f, index: i)
                if k.isIncoming {
                    incomingRefs.append(ref)
                    incomingTimes.append(k.time)
                } else {
                    outgoing.append(ref)
                }
            }
        }
        guard !outgoing.isEmpty else { return [] }
        // Time order; ties by input position, so the earliest record of a hit wins (the arrays
        // are in input order, so a tie goes to the smaller place in them).
        var order = Self.timeOrder(incomingTimes)
        let refs = order.map { incomingRefs[$0] }
        let times = order.map { incomingTimes[$0] }
        incomingRefs = []
        incomingTimes = []
        order = []
        // The first hit (in that order) of each trace id, as its place in `refs`.
        var byTrace = FlatMap64(capacity: refs.count)
        for (k, ref) in refs.enumerated() {
            let trace = files[ref.file][ref.index].trace
            if trace != 0, byTrace[trace] == nil { byTrace[trace] = Int32(k) }
        }
        // Each request is linked on its own: the requests are split in `jobs` runs, joined in order.
        let runs = min(jobs, max(1, outgoing.count / 50_000))
        let requests = outgoing, traceHits = byTrace, windowMs = windowMs
        let parts = Mutex([[Link]](repeating: [], count: runs))
        DispatchQueue.concurrentPerform(iterations: runs) { run in
            let lo = requests.count * run / runs, hi = requests.count * (run + 1) / runs
            var candidates: [(ref: Ref, key: Key)] = []
            var distinct = Set<UInt64>()
            var links: [Link] = []
            links.reserveCapacity(hi - lo)
            for ref in requests[lo..<hi] {
                let request = files[ref.file][ref.index]
                if request.trace != 0, let hit = traceHits[request.trace] {
                    links.append(Link(outgoing: ref, incoming: refs[Int(hit)], confidence: .traceID))
                    continue
                }
                // Hits in [time - window, time], newest first.
                let upper = Self.firstIndex(in: times, after: request.time)
                candidates.removeAll(keepingCapacity: true)
                var k = upper - 1
                while k >= 0, times[k] >= request.time - windowMs {
                    let hitRef = refs[k]
                    let hit = files[hitRef.file][hitRef.index]
                    if request.instance == 0 || hit.instance == 0 || request.instance == hit.instance {
                        candidates.append((hitRef, hit))
                    }
                    k -= 1
                }
                links.append(Self.best(of: candidates, for: request, at: ref, distinct: &distinct))
            }
            parts.withLock { $0[run] = links }
        }
        return parts.withLock { $0.flatMap { $0 } }
    }

    /// Positions of `times` in time order, ties by position. Sorted as plain integers (time
    /// from the earliest, shifted above the position) when they fit in 64 bits, which a log
    /// spanning less than thirty years does.
    static func timeOrder(_ times: [Int64]) -> [Int] {
        guard let earliest = times.min(), let latest = times.max() else { return [] }
        let positionBits = max(1, Int.bitWidth - (times.count - 1).leadingZeroBitCount)
        let span = latest.subtractingReportingOverflow(earliest)
        guard !span.overflow, span.partialValue < Int64(1) << (63 - positionBits) else {
            return times.indices.sorted { times[$0] != times[$1] ? times[$0] < times[$1] : $0 < $1 }
        }
        var packed = times.enumerated().map { UInt64($0.element - earliest) << positionBits | UInt64($0.offset) }
        packed.sort()
        let mask = (UInt64(1) << positionBits) - 1
        return packed.map { Int($0 & mask) }
    }

    /// The link of `request` among the hits of its window: the strongest kind of match that
    /// picks exactly one hit; `ambiguous` when that kind picks several; else `unlinked`.
    static func best(of candidates: [(ref: Ref, key: Key)], for request: Key, at ref: Ref,
                     distinct: inout Set<UInt64>) -> Link {
        for confidence in [Confidence.eventID, .clientAndEvent, .pageAndEvent] {
            // The same hit logged in two sources counts once: distinct by identity.
            distinct.removeAll(keepingCapacity: true)
            var first: (ref: Ref, key: Key)?
            for c in candidates where Self.matches(c.key, request, by: confidence) {
                distinct.insert(c.key.sameHit)
                if let f = first, f.key.time < c.key.time || (f.key.time == c.key.time && f.ref < c.ref) { continue }
                first = c
            }
            if distinct.count == 1, let first { return Link(outgoing: ref, incoming: first.ref, confidence: confidence) }
            if distinct.count > 1 { return Link(outgoing: ref, incoming: nil, confidence: .ambiguous) }
        }
        return Link(outgoing: ref, incoming: nil, confidence: .unlinked)
    }

    /// Whether `hit` is `request`'s hit by the test of `confidence`.
    static func matches(_ hit: Key, _ request: Key, by confidence: Confidence) -> Bool {
        switch confidence {
        case .eventID: return request.eventID != 0 && hit.eventID == request.eventID
        case .clientAndEvent: return request.clientID != 0 && hit.clientID == request.clientID && sameEvent(hit, request)
        case .pageAndEvent: return request.page != 0 && hit.page == request.page && sameEvent(hit, request)
        default: return false
        }
    }

    /// Events without a name match any event.
    static func sameEvent(_ a: Key, _ b: Key) -> Bool {
        a.eventName == 0 || b.eventName == 0 || a.eventName == b.eventName
    }

    /// Index of the first time greater than `t` in sorted `times`.
    static func firstIndex(in times: [Int64], after t: Int64) -> Int {
        var lo = 0, hi = times.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if times[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
