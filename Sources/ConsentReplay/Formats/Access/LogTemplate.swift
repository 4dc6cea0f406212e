/// A compiled line layout for the text access-log formats: literals between typed fields.
///
/// nginx `log_format`, Apache `LogFormat`, and the built-in common/combined layouts all compile
/// to this one representation, parsed by `LogTemplateParser`.
///
/// Layout of a line, e.g. for combined:
/// `field(clientIP) " " field(ignored) " " field(remoteUser) " [" field(timeLocal) "] \"" …`
/// A field between a literal ending in `"` and one starting with `"` is *quoted*: its value runs
/// to the closing quote that is followed by the rest of the next literal (escaped quotes `\"`
/// and nginx's `\x22` never end it). Any other field runs to the first byte of the next literal,
/// or to the end of the line when it is last.
public struct LogTemplate: Sendable, Equatable {
    /// What a field of the line holds.
    public enum Field: Sendable, Equatable {
        case clientIP, remoteUser, forwardedFor, host
        case timeLocal, timeISO8601, timeEpochSeconds, timeEpochMilliseconds
        case timeStrftime(StrftimePattern)
        /// `GET /path?query HTTP/1.1`
        case request
        case method
        /// Path and query (`$request_uri`, Apache `%U%q` is two fields).
        case requestURI
        /// Path only (`$uri`, `%U`).
        case path
        /// Query only, with or without its `?` (`$args`, `%q`).
        case query
        case httpProtocol
        case status
        case bytesSent
        case referrer, userAgent
        case cookie
        /// One cookie's value (`$cookie_NAME`, `%{NAME}C`), folded into the Cookie header.
        case cookieNamed(String)
        case setCookie
        case secGPC, dnt
        /// The request body (`$request_body`): GA4 batches several events in one POST.
        case requestBody
        /// A field whose content is not used (`$request_time`, `%l`, unknown variables).
        case ignored(String)
    }

    public enum Piece: Sendable, Equatable {
        case literal([UInt8])
        case field(Field, quoted: Bool)
    }

    public let pieces: [Piece]
    /// The layout as the user would write it, for `summary.json`.
    public let source: String

    public init(pieces: [Piece], source: String) throws(LogFormatError) {
        // Merge adjacent literals, compute quoting, and refuse ambiguous layouts.
        var merged: [Piece] = []
        for piece in pieces {
            if case .literal(let b) = piece, case .literal(let a)? = merged.last {
                merged[merged.count - 1] = .literal(a + b)
            } else if case .literal(let b) = piece, b.isEmpty {
                continue
            } else {
                merged.append(piece)
            }
        }
        var result: [Piece] = []
        for (i, piece) in merged.enumerated() {
            guard case .field(let field, _) = piece else {
                result.append(piece)
                continue
            }
            var quoted = false
            if i > 0, case .literal(let before) = merged[i - 1], before.last == ASCII.quote,
               i + 1 < merged.count, case .literal(let after) = merged[i + 1], after.first == ASCII.quote {
                quoted = true
            }
            if i + 1 < merged.count, case .field(let next, _) = merged[i + 1] {
                throw LogFormatError(format: source, reason: "fields \(field) and \(next) follow each other with no text between them, so a line cannot be split between them")
            }
            result.append(.field(field, quoted: quoted))
        }
        guard result.contains(where: { if case .field = $0 { return true } else { return false } }) else {
            throw LogFormatError(format: source, reason: "the format has no fields")
        }
        self.pieces = result
        self.source = source
    }

    /// Whether the layout logs the request time in some form.
    public var hasTime: Bool {
        pieces.contains {
            switch $0 {
            case .field(.timeLocal, _), .field(.timeISO8601, _), .field(.timeEpochSeconds, _),
                 .field(.timeEpochMilliseconds, _), .field(.timeStrftime, _): return true
            default: return false
            }
        }
    }

    /// The fields of the layout, in order.
    public var fields: [Field] {
        pieces.compactMap { if case .field(let f, _) = $0 { return f } else { return nil } }
    }
}

/// A log format string that cannot be compiled.
public struct LogFormatError: Error, CustomStringConvertible, Sendable, Equatable {
    public let format: String
    public let reason: String
    public var description: String { "log format \"\(format)\": \(reason)" }
}
