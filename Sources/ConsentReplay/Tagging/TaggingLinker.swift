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
public struct TaggingLinker {
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

    public init(windowMs: Int64 = 10_000) { self.windowMs = windowMs }

    /// One link per outgoing event, in input order.
    public func link(_ files: [[TaggingEvent]]) -> [Link] {
        // References and times only: the events themselves are not copied.
        var incoming: [(ref: Ref, time: Int64)] = []
        var outgoing: [Ref] = []
        for (f, events) in files.enumerated() {
            for (i, e) in events.enumerated() {
                let ref = Ref(file: f, index: i)
                if e.direction == .incoming { incoming.append((ref, e.time)) } else { outgoing.append(ref) }
            }
        }
        guard !outgoing.isEmpty else { return [] }
        // Time order; ties by input position, so the earliest record of a hit wins.
        incoming.sort { $0.time != $1.time ? $0.time < $1.time : $0.ref < $1.ref }
        var byTrace: [String: Ref] = [:]
        for hit in incoming {
            if let trace = files[hit.ref.file][hit.ref.index].traceID, byTrace[trace] == nil { byTrace[trace] = hit.ref }
        }
        let times = incoming.map(\.time)
        return outgoing.map { ref in
            let request = files[ref.file][ref.index]
            if let trace = request.traceID, let hit = byTrace[trace] {
                return Link(outgoing: ref, incoming: hit, confidence: .traceID)
            }
            // Hits in [time - window, time], newest first.
            let upper = Self.firstIndex(in: times, after: request.time)
            var candidates: [(ref: Ref, event: TaggingEvent)] = []
            var k = upper - 1
            while k >= 0, times[k] >= request.time - windowMs {
                let ref = incoming[k].ref
                let hit = files[ref.file][ref.index]
                if request.instance == nil || hit.instance == nil || request.instance == hit.instance {
                    candidates.append((ref, hit))
                }
                k -= 1
            }
            let tests: [(Confidence, (TaggingEvent) -> Bool)] = [
                (.eventID, { hit in request.eventID != nil && hit.eventID == request.eventID }),
                (.clientAndEvent, { hit in request.clientID != nil && hit.clientID == request.clientID && Self.sameEvent(hit, request) }),
                (.pageAndEvent, { hit in request.page != nil && hit.page == request.page && Self.sameEvent(hit, request) }),
            ]
            for (confidence, matches) in tests {
                let found = candidates.filter { matches($0.event) }
                // The same hit logged in two sources counts once: distinct by trace or identity.
                let distinct = Self.distinctHits(found)
                if distinct.count == 1, let first = found.min(by: { $0.event.time != $1.event.time ? $0.event.time < $1.event.time : $0.ref < $1.ref }) {
                    return Link(outgoing: ref, incoming: first.ref, confidence: confidence)
                }
                if distinct.count > 1 { return Link(outgoing: ref, incoming: nil, confidence: .ambiguous) }
            }
            return Link(outgoing: ref, incoming: nil, confidence: .unlinked)
        }
    }

    static func sameEvent(_ a: TaggingEvent, _ b: TaggingEvent) -> Bool {
        guard let x = a.eventName, let y = b.eventName else { return true }
        return x == y
    }

    /// Candidates that are different hits (not one hit seen in two sources).
    static func distinctHits(_ hits: [(ref: Ref, event: TaggingEvent)]) -> [String] {
        var keys = Set<String>()
        for h in hits {
            let e = h.event
            keys.insert("\(e.time / 1000)|\(e.clientID ?? "")|\(e.eventName ?? "")|\(e.eventID ?? "")|\(e.page ?? "")")
        }
        return keys.sorted()
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
