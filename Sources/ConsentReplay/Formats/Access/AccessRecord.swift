/// One HTTP request/response from an access log, with every text field decoded into a
/// `FieldArena` (escapes undone) and referenced by span.
///
/// A parser fills it for one line; the consumer reads it before the next line. Absent fields
/// (`-` in the log, or not logged by the format) are `FieldSpan.absent`.
public struct AccessRecord {
    /// Request time, milliseconds since the epoch, UTC.
    public var time: Int64 = 0
    /// HTTP status, 0 when the format does not log it.
    public var status: Int = 0
    /// Response body bytes, -1 when unknown.
    public var bytesSent: Int = -1

    public var clientIP = FieldSpan.absent
    public var forwardedFor = FieldSpan.absent
    public var remoteUser = FieldSpan.absent
    public var method = FieldSpan.absent
    public var host = FieldSpan.absent
    /// Path without the query string.
    public var path = FieldSpan.absent
    /// Query string without the leading `?`.
    public var query = FieldSpan.absent
    public var httpProtocol = FieldSpan.absent
    public var referrer = FieldSpan.absent
    public var userAgent = FieldSpan.absent
    /// The request `Cookie` header (several headers joined with `; `).
    public var cookie = FieldSpan.absent
    /// The response `Set-Cookie` header(s); several values are joined with `\n`, `, ` or `; `.
    public var setCookie = FieldSpan.absent
    public var secGPC = FieldSpan.absent
    public var dnt = FieldSpan.absent
    /// The request body, when the format logs it (nginx `$request_body`).
    public var requestBody = FieldSpan.absent
    /// Something the parser kept the record despite (counted as a warning with the line).
    public var warning: StaticString?

    public init() {}

    @inline(__always) public mutating func reset() { self = AccessRecord() }
}

/// What a format parser made of one line.
public enum LineVerdict: Equatable, Sendable {
    /// A record was parsed.
    case record
    /// Not a record and not an error: a comment, header or blank line.
    case skipped(SkipReason)
    /// A line that should have been a record but could not be read.
    case rejected(RejectReason)
}

/// Why a line was skipped (counted, not an error).
public struct SkipReason: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name }
    public var description: String { name }
    public static func < (a: Self, b: Self) -> Bool { a.name < b.name }

    public static let blank = SkipReason("blank")
    public static let directive = SkipReason("directive")
    public static let noise = SkipReason("noise")
}

/// Why a line was rejected; the name is what `summary.json` shows.
public struct RejectReason: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name }
    public var description: String { name }
    public static func < (a: Self, b: Self) -> Bool { a.name < b.name }

    public static let lineTooLong = RejectReason("line-too-long")
    public static let truncatedGzip = RejectReason("truncated-gzip")
    public static let corruptGzip = RejectReason("corrupt-gzip")
    public static let layoutMismatch = RejectReason("layout-mismatch")
    public static let unterminatedQuote = RejectReason("unterminated-quote")
    public static let badTime = RejectReason("bad-time")
    public static let missingTime = RejectReason("missing-time")
    public static let badStatus = RejectReason("bad-status")
    public static let trailingData = RejectReason("trailing-data")
    public static let invalidJSON = RejectReason("invalid-json")
    public static let notAnObject = RejectReason("not-a-json-object")
    public static let noFieldsHeader = RejectReason("no-fields-header")
    public static let fieldCount = RejectReason("field-count")
}
