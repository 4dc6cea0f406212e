// The visitor abstraction the scheduler merges, and the pieces every visitor kind shares.

/// A simulated client that produces its requests lazily, one at a time, in time order.
///
/// The scheduler keeps active visitors in a min-heap keyed by `nextTime`; a visitor holds only
/// the few requests of the page it is on, so memory grows with the number of visitors active at
/// the same moment, never with the length of the day.
public protocol SimulatedVisitor: AnyObject {
    /// A unique, stable id (the arrival index); breaks ties between equal times.
    var id: UInt64 { get }
    /// Log time of the next request, or `nil` once the visitor has left.
    var nextTime: Int64? { get }
    /// Produces the request at `nextTime` and advances; `nil` when nothing is left.
    func emitNext() -> SimulatedRequest?
}

/// Shared, read-only facts every visitor needs.
public final class SimulationContext: Sendable {
    /// The shop.
    public let site: SiteModel
    /// Address pools and profile distributions.
    public let population: PopulationModel
    /// No new session starts at or after this time (ms since epoch); `Int64.max` when open-ended.
    public let sessionHorizon: Int64
    /// The run's seed.
    public let seed: UInt64

    /// Creates the context.
    public init(site: SiteModel, population: PopulationModel, sessionHorizon: Int64, seed: UInt64) {
        self.site = site
        self.population = population
        self.sessionHorizon = sessionHorizon
        self.seed = seed
    }
}

/// A request a visitor has planned: when it will be logged, how long it took, and what it is.
struct PlannedRequest<Action> {
    var time: Int64
    var micros: Int
    var action: Action
}

/// A small time-ordered queue of planned requests (one page view's worth).
struct PlanQueue<Action> {
    private var items: [PlannedRequest<Action>] = []
    private var head = 0

    var isEmpty: Bool { head >= items.count }
    var first: PlannedRequest<Action>? { isEmpty ? nil : items[head] }
    /// The time of the last planned request (`nil` when empty).
    var lastTime: Int64? { isEmpty ? nil : items.last?.time }

    /// Adds a request; the queue stays sorted by time (stable for equal times).
    mutating func add(_ item: PlannedRequest<Action>) {
        if head > 0 && head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        var index = items.count
        while index > head && items[index - 1].time > item.time { index -= 1 }
        items.insert(item, at: index)
    }

    /// The time of the first planned item after `time` that `isIncluded` accepts.
    func firstTime(after time: Int64, where isIncluded: (Action) -> Bool) -> Int64? {
        var index = head
        while index < items.count {
            let item = items[index]
            if item.time > time && isIncluded(item.action) { return item.time }
            index += 1
        }
        return nil
    }

    mutating func removeFirst() -> PlannedRequest<Action>? {
        guard !isEmpty else { return nil }
        let item = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        return item
    }
}

/// Random identifiers in the shapes real software produces.
enum Identifiers {
    static let base64Alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    static let base64URLAlphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    static let phpSessionAlphabet: StaticString = "0123456789abcdefghijklmnopqrstuv"
    static let hexAlphabet: StaticString = "0123456789abcdef"

    /// PHP session id with `session.sid_bits_per_character = 5`, 26 characters.
    static func phpSession(_ random: inout SeededRandom) -> String {
        random.string(count: 26, alphabet: phpSessionAlphabet)
    }

    /// A version-4 UUID, lower case.
    static func uuid(_ random: inout SeededRandom) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        let high = random.next()
        let low = random.next()
        for index in 0..<32 {
            if index == 8 || index == 12 || index == 16 || index == 20 { bytes.append(UInt8(ascii: "-")) }
            let word = index < 16 ? high : low
            var nibble = UInt8(truncatingIfNeeded: word >> UInt64((index % 16) * 4)) & 0x0F
            if index == 12 { nibble = 4 }
            if index == 16 { nibble = 8 | (nibble & 0x03) }
            bytes.appendHexNibble(nibble)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Standard base64 (with padding) of `count` random bytes.
    static func base64(bytes count: Int, _ random: inout SeededRandom) -> String {
        var raw: [UInt8] = []
        raw.reserveCapacity(count)
        for _ in 0..<count { raw.append(UInt8(truncatingIfNeeded: random.next())) }
        var out: [UInt8] = []
        out.reserveCapacity((count + 2) / 3 * 4)
        base64Alphabet.withUTF8Buffer { alphabet in
            var index = 0
            while index < raw.count {
                let b0 = UInt32(raw[index])
                let b1 = index + 1 < raw.count ? UInt32(raw[index + 1]) : 0
                let b2 = index + 2 < raw.count ? UInt32(raw[index + 2]) : 0
                let triple = b0 << 16 | b1 << 8 | b2
                out.append(alphabet[Int(triple >> 18 & 63)])
                out.append(alphabet[Int(triple >> 12 & 63)])
                out.append(index + 1 < raw.count ? alphabet[Int(triple >> 6 & 63)] : UInt8(ascii: "="))
                out.append(index + 2 < raw.count ? alphabet[Int(triple & 63)] : UInt8(ascii: "="))
                index += 3
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Standard base64 of `count` random bytes, percent-encoded for a cookie value.
    static func encodedBase64(bytes count: Int, _ random: inout SeededRandom) -> String {
        URLEncoding.encodeURIComponent(base64(bytes: count, &random))
    }

    /// A 10-digit random number in GA's range (up to 2^31 − 1).
    static func gaRandom(_ random: inout SeededRandom) -> String {
        String(1_000_000_000 + random.below(1_147_483_647))
    }

    /// `FPID2.2.<base64 url-encoded>.<seconds>`: the tagging server's client id.
    static func fpid(seconds: Int64, _ random: inout SeededRandom) -> String {
        "FPID2.2." + encodedBase64(bytes: 32, &random) + "." + String(seconds)
    }

    /// A Google Ads click id.
    static func gclid(_ random: inout SeededRandom) -> String {
        "Cj0KCQiA" + random.string(count: 84, alphabet: base64URLAlphabet) + "_BwE"
    }

    /// A Facebook click id.
    static func fbclid(_ random: inout SeededRandom) -> String {
        "IwZXh0bgNhZW0BMABhZGlkAas" + random.string(count: 38, alphabet: base64URLAlphabet) + "_aem_"
            + random.string(count: 22, alphabet: base64URLAlphabet)
    }
}

/// Response timing helpers shared by visitor kinds.
enum Timing {
    /// Microseconds to send `bytes` at a typical throughput for the device.
    static func transferMicros(bytes: Int, mobile: Bool) -> Int {
        mobile ? bytes / 2 : bytes / 8  // ≈ 2 MB/s and 8 MB/s
    }
}
