// The analysis stage's compact record store.
//
// A day of logs holds millions of records; the analysis keeps one `Observation` (56 bytes) per
// record and refers to everything repeated through small tables local to the chunk that read
// it (`ObservationBatch`): strings (hosts and paths, cookie names, identifier values), the
// cookie sets a request presented or received (a visitor sends the same set on every request,
// so a chunk stores each distinct set once), and incoming hits. Identifiers are compared by a
// 64-bit hash of their normalised value, so no run-wide table is needed while parsing runs on
// several threads.

/// What one source states about the four purposes at one moment, packed in 16 bits (3 bits a
/// purpose, in `Purpose.allCases` order).
public struct ConsentStatement: Sendable, Equatable, Hashable {
    /// What a statement says about one purpose.
    public enum Stance: UInt8, Sendable, Comparable {
        case none = 0
        /// An explicit, affirmative grant.
        case granted = 1
        /// A grant the source marks as implied (scrolling, continuing to browse).
        case implied = 2
        /// A Consent Mode default, set by the page before any choice.
        case byDefault = 3
        case denied = 4

        public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
        public var isGrant: Bool { self == .granted || self == .implied || self == .byDefault }
    }

    public var bits: UInt16 = 0

    public init() {}

    public var isEmpty: Bool { bits == 0 }

    public subscript(purpose: Purpose) -> Stance {
        get { Stance(rawValue: UInt8((bits >> Self.shift(purpose)) & 7)) ?? .none }
        set {
            let s = Self.shift(purpose)
            bits = (bits & ~(7 << s)) | (UInt16(newValue.rawValue) << s)
        }
    }

    @inline(__always)
    static func shift(_ p: Purpose) -> UInt16 {
        switch p {
        case .necessary: return 0
        case .preferences: return 3
        case .statistics: return 6
        case .marketing: return 9
        }
    }

    /// Folds in another source's statement made at the same moment: a denial wins over a
    /// grant (a purpose is granted only when every signal grants it), an explicit grant over
    /// an implied one, an implied one over a default.
    public mutating func combine(_ other: ConsentStatement) {
        for p in Purpose.allCases {
            let a = self[p], b = other[p]
            if a == .none { self[p] = b; continue }
            if b == .none { continue }
            if a == .denied || b == .denied { self[p] = .denied; continue }
            self[p] = min(a, b) // granted(1) < implied(2) < byDefault(3)
        }
    }

    /// The statement of a decoded signal (CMP cookie, Consent Mode, TC string).
    public init(_ signal: ConsentSignal) {
        guard !signal.undecided else { return }
        for p in Purpose.allCases {
            switch signal.choices[p] {
            case .granted?:
                self[p] = signal.grantedByDefault ? .byDefault : (signal.method == .implied ? .implied : .granted)
            case .denied?: self[p] = .denied
            case nil: break
            }
        }
    }

    /// `statistics=granted;marketing=denied` for the stated purposes (necessary left out).
    public var summary: String {
        var out: [UInt8] = []
        appendSummary(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `summary`'s bytes.
    func appendSummary(to out: inout [UInt8]) {
        var first = true
        for p in Purpose.allCases where p != .necessary && self[p] != .none {
            if !first { out.append(ASCII.semicolon) }
            first = false
            out.appendText(p.rawValue)
            out.append(UInt8(ascii: "="))
            out.appendText(Self.word(self[p]))
        }
    }

    static func word(_ s: Stance) -> String {
        switch s {
        case .none: return "none"
        case .granted: return "granted"
        case .implied: return "implied"
        case .byDefault: return "granted-by-default"
        case .denied: return "denied"
        }
    }
}

/// One record of any input, as the analysis needs it.
public struct Observation: Sendable {
    public enum Kind: UInt8, Sendable {
        /// An access-log request.
        case request
        /// An incoming GA4 hit read from an access-log request to a collect path (one per
        /// event of a batched body; same line as its request).
        case accessHit
        /// A consent record.
        case consentRecord
        /// An incoming hit of a tagging log.
        case taggingHit
        /// An outgoing vendor request of a tagging log.
        case forward
    }

    /// Flag bits.
    public struct Flags: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let gpc = Flags(rawValue: 1)
        public static let dnt = Flags(rawValue: 2)
        /// The request had a `Cookie` header.
        public static let cookieHeader = Flags(rawValue: 4)
        /// The request URL carried a cross-domain linker (`_gl=`).
        public static let linker = Flags(rawValue: 8)
        /// A hit carrying a persistent identifier (identity cookie or user id).
        public static let persistentID = Flags(rawValue: 16)
        /// A hit carrying a client id.
        public static let clientID = Flags(rawValue: 32)
    }

    /// Milliseconds since the epoch, UTC.
    public var time: Int64
    /// Hash of (IP, user agent); 0 when neither is known. The fallback visitor key.
    public var ipUA: UInt64 = 0
    /// Hash of the IP alone (for `investigate --ip`); 0 when unknown.
    public var ip: UInt64 = 0
    /// The browser and the host: 32 bits of the user agent's hash, then 32 of the host's
    /// (`cookie-respawn` follows each browser's cookies, host by host).
    public var scope: UInt64 = 0
    /// 1-based line in the decompressed file.
    public var line: Int32
    public var kind: Kind
    public var flags: Flags = []
    /// The consent the record's own browser signals state (CMP cookie on a request; Consent
    /// Mode on a hit), or a consent record's choices.
    public var consent = ConsentStatement()
    /// Cookies presented (`Cookie`), as an index into the batch's cookie sets (0: none).
    public var sent: UInt32 = 0
    /// Cookies set or deleted by the response (`Set-Cookie`), likewise.
    public var set: UInt32 = 0
    /// Batch string: `host/path` of a request, the endpoint of a hit, the vendor of a forward.
    public var target: UInt32 = 0
    /// Kind-specific index into the batch: the hit (`hits`), the consent record
    /// (`records`), the forward (`forwards`).
    public var detail: UInt32 = 0

    public init(time: Int64, line: Int, kind: Kind) {
        self.time = time
        self.line = Int32(truncatingIfNeeded: line)
        self.kind = kind
    }
}

/// A cookie of a request or response that matters to the analysis: non-necessary (tracking),
/// an identifier (linking, respawn) or both. Other cookies are counted, not kept.
public struct ObservedCookie: Sendable, Equatable {
    /// Batch string: the cookie's name as sent.
    public var name: UInt32
    /// Index into the run's cookie catalogue.
    public var definition: Int32
    /// Hash of the normalised value (identifier cookies only, else 0).
    public var value: UInt64
    /// Batch string: the value as sent (identifier cookies only, else 0).
    public var rawValue: UInt32
    /// A `Set-Cookie` that deletes the cookie (`Max-Age=0`, an `Expires` in the past).
    public var isDeletion: Bool
}

/// An incoming hit's identifiers and the key that finds the same hit in another source.
public struct HitFacts: Sendable {
    /// Hash of the client id (0: none), in the `ga` identifier namespace.
    public var clientID: UInt64 = 0
    /// Hash of the user id (0: none).
    public var userID: UInt64 = 0
    /// Batch strings of the client and user ids (0: none).
    public var clientIDText: UInt32 = 0
    public var userIDText: UInt32 = 0
    /// Batch string: the event name.
    public var event: UInt32 = 0
    /// Hash of (client id, event name, page): the same hit logged by two sources.
    public var sameHitKey: UInt64 = 0
    /// Personal fields the browser sent (bits as `TaggingEvent.fieldBits`).
    public var fieldBits: UInt64 = 0

    public init() {}
}

/// An outgoing vendor request, as the rules need it.
public struct ForwardFacts: Sendable {
    /// Index into the run's vendor catalogue, or -1 when the vendor is not known.
    public var vendor: Int32 = -1
    /// Batch string: the vendor id, or the request host when unknown.
    public var vendorText: UInt32 = 0
    /// Personal fields carried (bits as `TaggingEvent.fieldBits`).
    public var fieldBits: UInt64 = 0
    /// Batch string: the event name.
    public var event: UInt32 = 0
    /// Sent by a tag build that enriches events (`TaggingEvent.partnerAgentEnriched`).
    public var partnerAgentEnriched = false
    /// How it was linked (`trace-id`, `event-id`…, `unlinked`).
    public var link = TaggingLinker.Confidence.unlinked

    public init() {}
}

/// A consent record, as the rules need it.
public struct RecordFacts: Sendable {
    /// Batch string: the consent id, else `file:line`.
    public var recordID: UInt32 = 0
    /// Hash of the consent id (0: none), in the `consent` identifier namespace.
    public var consentID: UInt64 = 0
    /// Required evidence fields the record lacks, `,`-joined (batch string, 0: complete).
    public var missingEvidence: UInt32 = 0
    /// The record withdraws consent.
    public var isWithdrawal = false

    public init() {}
}

/// The observations of one chunk with their tables.
public struct ObservationBatch: Sendable {
    public var observations: [Observation] = []
    /// Index 0 is the empty string.
    public var strings = StringTable()
    /// Index 0 is the empty set.
    public var cookieSets: [[ObservedCookie]] = [[]]
    public var hits: [HitFacts] = []
    public var forwards: [ForwardFacts] = []
    public var records: [RecordFacts] = []
    /// Identifiers an observation carries beyond its cookies and hit ids (a request's CMP
    /// consent id, a record's stored visitor id, a forward's client id), by observation index.
    public var extraIdentifiers: [(observation: Int32, id: UInt64)] = []

    /// Strings by the hash of their bytes (collisions chained through `collisions`), so a
    /// string already in the table is found without building a `String`.
    private var stringIndex = FlatMap64()
    private var collisions: [UInt32: UInt32] = [:]
    private var setIndex = FlatMap64()

    public init() {}

    public var isEmpty: Bool { observations.isEmpty }

    /// The batch-local number of `text`.
    public mutating func intern(_ text: String) -> UInt32 {
        return text.withUTF8Buffer { intern($0) }
    }

    public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        if bytes.isEmpty { return 0 }
        let hash = ByteHash.hash(bytes)
        var candidate = stringIndex[hash].map { UInt32(bitPattern: $0) }
        while let i = candidate {
            if strings.equals(Int(i), bytes) { return i }
            candidate = collisions[i]
        }
        let i = UInt32(strings.count)
        strings.append(bytes)
        if let head = stringIndex[hash] { collisions[i] = UInt32(bitPattern: head) }
        stringIndex[hash] = Int32(bitPattern: i)
        return i
    }

    /// The set with content hash `key`, building it with `make` the first time.
    mutating func cookieSet(key: UInt64, make: (inout ObservationBatch) -> [ObservedCookie]) -> UInt32 {
        if let i = setIndex[key] { return UInt32(bitPattern: i) }
        let entries = make(&self)
        if entries.isEmpty { setIndex[key] = 0; return 0 }
        let i = UInt32(cookieSets.count)
        cookieSets.append(entries)
        setIndex[key] = Int32(bitPattern: i)
        return i
    }

    /// Drops the lookup tables once the batch is complete (they are not needed for analysis),
    /// and the spare capacity of its arrays (a day holds millions of observations).
    mutating func seal() {
        stringIndex = FlatMap64()
        collisions = [:]
        setIndex = FlatMap64()
        observations.shrinkToFit()
        cookieSets.shrinkToFit()
        hits.shrinkToFit()
        forwards.shrinkToFit()
        records.shrinkToFit()
        extraIdentifiers.shrinkToFit()
        strings.shrinkToFit()
    }
}

/// A batch's strings stored end to end in one byte array: a String object per value would
/// cost more than the value for the short ids and paths a batch holds.
public struct StringTable: Sendable {
    private var bytes: [UInt8] = []
    /// End offset of each string; string 0 is the empty string.
    private var ends: [UInt32] = [0]

    public init() {}

    public var count: Int { ends.count }

    public subscript(_ i: Int) -> String {
        withBytes(i) { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends string `i`'s bytes to `out` (no `String` made).
    func append(_ i: Int, to out: inout [UInt8]) {
        withBytes(i) { out.append(contentsOf: $0) }
    }

    /// `ByteHash` of string `i`'s bytes, read in place.
    func hash(_ i: Int) -> UInt64 {
        withBytes(i) { ByteHash.hash($0) }
    }

    func equals(_ i: Int, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        withBytes(i) { ByteHash.equal($0, other) }
    }

    /// `body` of string `i`'s bytes, read in place.
    @inline(__always)
    private func withBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let start = i == 0 ? 0 : Int(ends[i - 1]), end = Int(ends[i])
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    mutating func append(_ value: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: value)
        ends.append(UInt32(bytes.count))
    }

    mutating func shrinkToFit() {
        bytes.shrinkToFit()
        ends.shrinkToFit()
    }
}

extension Array {
    /// The same elements in storage of exactly their size.
    mutating func shrinkToFit() {
        guard capacity > count else { return }
        self = withUnsafeBufferPointer { Array($0) }
    }
}
