import Foundation

/// A recognised input format: it turns chunks of lines of one file into tallies (and, in later
/// stages of the pipeline, into the facts the analysis needs).
///
/// Formats are values, registered in `FormatRegistry`; sniffing picks one per file.
public protocol RecordFormat: Sendable {
    /// Stable identifier shown in `summary.json` (`combined`, `caddy-json`, `w3c-cloudfront`…).
    var id: String { get }
    var kind: InputKind { get }
    /// The layout in words (the compiled log format, the W3C fields, the roles of extra fields).
    var layout: String { get }
    /// Whether some lines change how later lines are read (W3C `#Fields:`); such a line is then
    /// carried from chunk to chunk by the reading thread.
    var hasLayoutDirectives: Bool { get }
    func isLayoutDirective(_ line: UnsafeBufferPointer<UInt8>) -> Bool
    /// Parses every line of `chunk`. `directive` is the last layout directive before the chunk.
    func process(_ chunk: Chunk, directive: [UInt8]?, context: ParseContext) -> ChunkTally
}

extension RecordFormat {
    public var hasLayoutDirectives: Bool { false }
    public func isLayoutDirective(_ line: UnsafeBufferPointer<UInt8>) -> Bool { false }
}

/// Settings every parser sees.
public struct ParseContext: Sendable {
    public var maxLineLength: Int = LineChunker.defaultMaxLineLength
    /// A line more than this much earlier than a line before it counts as out of order.
    public var outOfOrderToleranceMs: Int64 = 60_000
    /// Evidence a consent record must carry (counted per missing field).
    public var evidenceFields: [EvidenceField] = EvidenceField.allCases
    /// How consent vocabularies map to the four purposes.
    public var purposeTables = PurposeTables.defaults
    /// Cookie names → purposes (built-in catalogue, config, extra catalogue).
    public var cookieCatalogue = CookieCatalogue.builtIn {
        didSet {
            cmpDefinitions = Self.cmpMask(cookieCatalogue)
            cookieTraits = cookieCatalogue.definitions.map(CookieTraits.init)
        }
    }
    /// Request paths that are GA4 hits to the site's own tagging server (config
    /// `collect_paths`); a path matches when it is one of these or ends with one.
    public var collectPaths: [[UInt8]] = [Array("/g/collect".utf8), Array("/mp/collect".utf8)]
    /// Vendor endpoints (built-in catalogue and config).
    public var vendorCatalogue = VendorCatalogue.builtIn
    /// Consent cookies decoded so far in this run (shared by the parsing threads).
    public var consentCookieCache = ConsentCookieCache()
    /// Whether tagging formats also hand over their whole `TaggingEvent`s (`decode`, tests);
    /// `analyze` needs only the compact forms of `TaggingChunk`.
    public var keepTaggingEvents = true
    /// For each catalogue definition: whether it names a CMP cookie the decoders read.
    public private(set) var cmpDefinitions: [Bool] = ParseContext.cmpMask(.builtIn)
    /// For each catalogue definition, what the parsers read of it (no strings to retain per
    /// cookie of every request).
    public private(set) var cookieTraits: [CookieTraits] = CookieCatalogue.builtIn.definitions.map(CookieTraits.init)

    public init() {}

    static func cmpMask(_ catalogue: CookieCatalogue) -> [Bool] {
        catalogue.definitions.map { CMPCookies.kind(ofCookieNamed: $0.name) != nil }
    }
}

/// What the access parsers read of a cookie definition.
public struct CookieTraits: Sendable {
    public let purpose: Purpose
    public let isIdentifier: Bool
    public let stripFields: Int
    /// Kept as an observation's cookie: not necessary, or an identifier.
    public let isKept: Bool

    init(_ d: CookieDefinition) {
        purpose = d.purpose
        isIdentifier = d.isIdentifier
        stripFields = d.stripFields
        isKept = d.purpose != .necessary || d.isIdentifier
    }
}

/// A sample of a file's first lines, for sniffing.
public struct SniffSample: Sendable {
    /// Lines without their line ends; at most `limit`.
    public let lines: [[UInt8]]
    public static let limit = 1000
    /// Work several sniffers of this sample share, done by the first that needs it.
    let shared = SniffSampleCache()

    public init(lines: [[UInt8]]) { self.lines = lines }

    /// The first lines of a chunk.
    public init(chunk: Chunk) {
        self.init(chunks: [chunk])
    }

    /// The first lines of consecutive chunks.
    public init(chunks: [Chunk]) {
        var lines: [[UInt8]] = []
        for chunk in chunks where lines.count < SniffSample.limit {
            chunk.forEachLine { line, _ in
                if lines.count < SniffSample.limit { lines.append(Array(line)) }
            }
        }
        self.lines = lines
    }

    /// Lines that are neither blank nor only whitespace.
    public var contentLines: [[UInt8]] {
        lines.filter { $0.contains { $0 != ASCII.space && $0 != ASCII.tab } }
    }
}

/// Readings of a sample that more than one sniffer needs (the five tagging-shape sniffers all
/// read every line as a tagging record): computed once, under a lock.
final class SniffSampleCache: @unchecked Sendable {
    private let lock = NSLock()
    private var taggingLines: [TaggingSampleLine]?

    func taggingLines(_ compute: () -> [TaggingSampleLine]) -> [TaggingSampleLine] {
        lock.lock()
        defer { lock.unlock() }
        if let known = taggingLines { return known }
        let lines = compute()
        taggingLines = lines
        return lines
    }
}

/// A format's claim on a sample: how many of its content lines it reads, and how specific it is.
public struct SniffMatch: Sendable {
    public let format: any RecordFormat
    /// Share of the sample's content lines parsed as records or recognised directives.
    public let share: Double
    /// Tie-breaker: more fields understood wins.
    public let specificity: Int

    public init(format: any RecordFormat, share: Double, specificity: Int) {
        self.format = format
        self.share = share
        self.specificity = specificity
    }
}

/// Something that may recognise a file from its first lines.
public protocol FormatSniffer: Sendable {
    /// Name listed when nothing matched.
    var name: String { get }
    var kind: InputKind { get }
    func sniff(_ sample: SniffSample) -> SniffMatch?
}
