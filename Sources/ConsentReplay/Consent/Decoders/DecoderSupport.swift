// Shared machinery of the consent-value decoders in this folder.
//
// - `ConsentValueText`: the value as bytes, trimmed, with percent-encoding removed only as far as
//   the format needs (see `decodeEscapes(structural:)`), and a count of the rounds removed so a
//   double-encoded value can be reported.
// - `LooseValue`: a small value tree for the JSON and JavaScript-object-literal forms CMPs store.
//   JSON goes through `JSONTape` (RFC 8259, strict); the Cookiebot object literal goes through
//   `LooseValue.parseObjectLiteral`, whose grammar is documented there.
// - `ConsentDetails`: collects a decoder's own fields and warnings, and assembles the JSON object
//   `consent-replay decode` prints. It can be disabled so the per-request cookie scan builds no
//   JSON it will not print.
// - `PurposeTables` lookups with the normalisation every decoder uses.

/// The value under decode, as bytes.
struct ConsentValueText {
    var bytes: [UInt8]
    /// How many rounds of percent-encoding were removed.
    var rounds = 0

    /// Hard limit on a value's length; real consent values are a few kilobytes at most.
    static let maximumLength = 1 << 20

    init(_ value: String, kindName: String) throws(ConsentDecodeError) {
        try self.init(bytes: Array(value.utf8), kindName: kindName)
    }

    init(bytes: [UInt8], kindName: String) throws(ConsentDecodeError) {
        guard bytes.count <= Self.maximumLength else {
            throw ConsentDecodeError("\(kindName): value is \(bytes.count) bytes long, more than the \(Self.maximumLength) a consent value can be")
        }
        self.bytes = bytes
        trim()
        guard !self.bytes.isEmpty else { throw ConsentDecodeError("\(kindName): empty value") }
    }

    /// Removes spaces, tabs, CR and LF at both ends.
    mutating func trim() {
        var lower = 0
        var upper = bytes.count
        while lower < upper && Self.isSpace(bytes[lower]) { lower += 1 }
        while upper > lower && Self.isSpace(bytes[upper - 1]) { upper -= 1 }
        if lower > 0 || upper < bytes.count { bytes = Array(bytes[lower..<upper]) }
    }

    /// Removes one pair of double quotes around the whole value (a quoted cookie value,
    /// RFC 6265 §4.1.1).
    mutating func unquote() {
        if bytes.count >= 2, bytes[0] == ASCII.quote, bytes[bytes.count - 1] == ASCII.quote {
            bytes = Array(bytes[1..<(bytes.count - 1)])
        }
    }

    /// Percent-decodes the whole value, one round at a time, while it holds an escape of one of
    /// `structural` (or of `%` itself, which is how a second round of encoding shows), at most
    /// three rounds. Escapes of other bytes are left for the caller, so content that merely
    /// contains a `%` is never decoded twice. `+` stays a `+` (cookie values are not forms).
    mutating func decodeEscapes(structural: [UInt8]) {
        while rounds < 3 && Self.hasEscape(of: structural, in: bytes) {
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            bytes.withUnsafeBufferPointer { PercentDecoding.percentDecode($0, into: &output, plusAsSpace: false) }
            bytes = output
            rounds += 1
        }
    }

    /// Whether `bytes` holds `%XX` decoding to one of `targets` or to `%`.
    static func hasEscape(of targets: [UInt8], in bytes: [UInt8]) -> Bool {
        var i = 0
        while i + 2 < bytes.count {
            if bytes[i] == ASCII.percent, let high = ASCII.hexValue(bytes[i + 1]), let low = ASCII.hexValue(bytes[i + 2]) {
                let decoded = high << 4 | low
                if decoded == ASCII.percent || targets.contains(decoded) { return true }
            }
            i += 1
        }
        return false
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    static func isSpace(_ b: UInt8) -> Bool { b == ASCII.space || b == ASCII.tab || b == ASCII.cr || b == ASCII.lf }

    /// Adds a warning when more than one round of percent-encoding was removed.
    func noteEncoding(_ details: inout ConsentDetails) {
        if rounds > 1 {
            let count = rounds
            details.warn("value was percent-encoded \(count) times (decoded \(count) rounds)")
        }
    }

    /// A short, printable excerpt of the value for an error message.
    static func excerpt(_ bytes: [UInt8], limit: Int = 40) -> String {
        let text = String(decoding: bytes.prefix(limit), as: UTF8.self)
        return bytes.count > limit ? "'\(text)…'" : "'\(text)'"
    }
}

/// A JSON-like value as CMPs store it: the result of strict JSON parsing, or of the looser
/// JavaScript object literal Cookiebot writes.
indirect enum LooseValue: Equatable {
    case null
    case bool(Bool)
    /// The number's text exactly as written.
    case number(String)
    case string(String)
    case array([LooseValue])
    /// Members in document order; keys may repeat.
    case object([Member])

    struct Member: Equatable {
        var key: String
        var value: LooseValue
    }

    /// Nesting limit of both parsers here; CMP values nest two or three levels.
    static let maximumDepth = 64

    var members: [Member]? { if case .object(let m) = self { return m } else { return nil } }
    var elements: [LooseValue]? { if case .array(let e) = self { return e } else { return nil } }
    var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }

    /// The first member named `key`.
    subscript(key: String) -> LooseValue? { members?.first(where: { $0.key == key })?.value }

    /// An integer from a number without fraction, or from a string holding only digits.
    var int64Value: Int64? {
        switch self {
        case .number(let text), .string(let text): return Int64(text)
        default: return nil
        }
    }

    /// A short name of the value's type, for messages.
    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The value as output JSON (numbers that fit an `Int` stay numbers, others become text).
    var json: JSONOutput {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let text): return Int(text).map { .int($0) } ?? .string(text)
        case .string(let s): return .string(s)
        case .array(let items): return .array(items.map(\.json))
        case .object(let members):
            var object: [String: JSONOutput] = [:]
            for member in members where object[member.key] == nil { object[member.key] = member.value.json }
            return .object(object)
        }
    }

    // MARK: JSON

    /// Parses RFC 8259 JSON with `JSONTape`; the error names the byte offset.
    static func parseJSON(_ bytes: [UInt8], kindName: String) throws(ConsentDecodeError) -> LooseValue {
        var tape = JSONTape()
        let parsed: Result<LooseValue, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(JSONSyntaxError) {
                try tape.parse(buffer)
            } catch {
                return .failure(error)
            }
            return .success(tape.withDocument(buffer) { document in
                guard let root = document.root else { return LooseValue.null }
                return convert(document, root, depth: 0)
            })
        }
        switch parsed {
        case .success(let value): return value
        case .failure(let error): throw ConsentDecodeError("\(kindName): not valid JSON: \(error.description)")
        }
    }

    private static func convert(_ document: borrowing JSONDocument, _ node: JSONNode, depth: Int) -> LooseValue {
        switch node.kind {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .number:
            return .number(document.withRawBytes(of: node) { String(decoding: $0, as: UTF8.self) })
        case .string:
            return .string(document.string(node) ?? "")
        case .array:
            guard depth < maximumDepth else { return .array([]) }
            var items: [LooseValue] = []
            for element in document.elements(of: node) { items.append(convert(document, element, depth: depth + 1)) }
            return .array(items)
        case .object:
            guard depth < maximumDepth else { return .object([]) }
            var members: [Member] = []
            for (key, value) in document.members(of: node) {
                members.append(Member(key: document.string(key) ?? "", value: convert(document, value, depth: depth + 1)))
            }
            return .object(members)
        }
    }

    // MARK: JavaScript object literal

    // Grammar accepted (what Cookiebot's `CookieConsent` holds once percent-decoded):
    //
    //     object = "{" ws [ member *( ws "," ws member ) ] ws [ "," ws ] "}"
    //     member = key ws ":" ws value
    //     key    = 1*( ALPHA / DIGIT / "_" / "$" / "-" ) / quoted
    //     value  = quoted / "true" / "false" / "null" / number / object / array
    //     array  = "[" ws [ value *( ws "," ws value ) ] ws [ "," ws ] "]"
    //     quoted = "'" *char "'" / DQUOTE *char DQUOTE   ; backslash escapes the next byte
    //     number = [ "-" ] 1*( DIGIT / "." / "e" / "E" / "+" / "-" )
    //     ws     = *( SP / HTAB / CR / LF )
    //
    // Anything after the closing brace other than white space is an error.

    /// Parses a JavaScript object literal with unquoted keys and single- or double-quoted strings.
    /// A byte of an unquoted key or word of an object literal: letters, digits, `_`, `$`, `-`.
    @inline(__always)
    static func isIdentifierByte(_ b: UInt8) -> Bool {
        ASCII.isDigit(b) || (ASCII.lower(b) >= UInt8(ascii: "a") && ASCII.lower(b) <= UInt8(ascii: "z"))
            || b == UInt8(ascii: "_") || b == UInt8(ascii: "$") || b == ASCII.dash
    }

    static func parseObjectLiteral(_ bytes: [UInt8], kindName: String) throws(ConsentDecodeError) -> LooseValue {
        var parser = LiteralParser(bytes: bytes, kindName: kindName)
        parser.skipSpace()
        guard parser.peek == ASCII.openBrace else {
            throw ConsentDecodeError("\(kindName): expected a '{…}' object literal, got \(ConsentValueText.excerpt(bytes))")
        }
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == bytes.count else {
            throw ConsentDecodeError("\(kindName): unexpected text after the object literal at byte \(parser.index)")
        }
        return value
    }

    private struct LiteralParser {
        let bytes: [UInt8]
        let kindName: String
        var index = 0

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipSpace() {
            while index < bytes.count, ConsentValueText.isSpace(bytes[index]) { index += 1 }
        }

        func fail(_ what: String) -> ConsentDecodeError {
            if index >= bytes.count {
                return ConsentDecodeError("\(kindName): object literal ends early (byte \(index)), expected \(what)")
            }
            return ConsentDecodeError("\(kindName): unexpected \(JSONSyntaxError.show(bytes[index])) at byte \(index) of the object literal, expected \(what)")
        }

        mutating func value(depth: Int) throws(ConsentDecodeError) -> LooseValue {
            skipSpace()
            guard let c = peek else { throw fail("a value") }
            switch c {
            case ASCII.openBrace:
                guard depth < LooseValue.maximumDepth else { throw fail("less nesting") }
                index += 1
                var members: [Member] = []
                while true {
                    skipSpace()
                    if peek == ASCII.closeBrace { index += 1; return .object(members) }
                    let key = try self.key()
                    skipSpace()
                    guard peek == ASCII.colon else { throw fail("':' after key '\(key)'") }
                    index += 1
                    let member = try value(depth: depth + 1)
                    members.append(Member(key: key, value: member))
                    skipSpace()
                    if peek == ASCII.comma { index += 1; continue }
                    if peek == ASCII.closeBrace { index += 1; return .object(members) }
                    throw fail("',' or '}'")
                }
            case ASCII.openBracket:
                guard depth < LooseValue.maximumDepth else { throw fail("less nesting") }
                index += 1
                var items: [LooseValue] = []
                while true {
                    skipSpace()
                    if peek == ASCII.closeBracket { index += 1; return .array(items) }
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    if peek == ASCII.comma { index += 1; continue }
                    if peek == ASCII.closeBracket { index += 1; return .array(items) }
                    throw fail("',' or ']'")
                }
            case UInt8(ascii: "'"), ASCII.quote:
                return .string(try quoted())
            case ASCII.dash, ASCII.zero...ASCII.nine:
                let start = index
                index += 1
                while let b = peek, ASCII.isDigit(b) || b == ASCII.dot || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
                    || b == ASCII.plus || b == ASCII.dash {
                    index += 1
                }
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                guard text != "-" else { throw fail("a digit after '-'") }
                return .number(text)
            default:
                let word = identifier()
                switch word {
                case "true": return .bool(true)
                case "false": return .bool(false)
                case "null": return .null
                default:
                    if word.isEmpty { throw fail("a value") }
                    throw ConsentDecodeError("\(kindName): unquoted word '\(word)' where a value was expected (byte \(index - word.utf8.count))")
                }
            }
        }

        mutating func key() throws(ConsentDecodeError) -> String {
            if let c = peek, c == UInt8(ascii: "'") || c == ASCII.quote { return try quoted() }
            let word = identifier()
            guard !word.isEmpty else { throw fail("a key") }
            return word
        }

        mutating func identifier() -> String {
            let start = index
            while let b = peek, Self.isIdentifierByte(b) { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        static func isIdentifierByte(_ b: UInt8) -> Bool { LooseValue.isIdentifierByte(b) }

        mutating func quoted() throws(ConsentDecodeError) -> String {
            let start = index
            guard let quote = peek else { throw fail("a quoted string") }
            index += 1
            var out: [UInt8] = []
            while let b = peek {
                index += 1
                if b == quote { return String(decoding: out, as: UTF8.self) }
                if b == ASCII.backslash {
                    guard let next = peek else { break }
                    out.append(next)
                    index += 1
                } else {
                    out.append(b)
                }
            }
            throw ConsentDecodeError("\(kindName): string opened at byte \(start) is not closed")
        }
    }
}

/// The JSON object `consent-replay decode` prints, built while decoding.
struct ConsentDetails {
    /// When false nothing is recorded: the per-request cookie scan only needs the signal.
    let enabled: Bool
    private(set) var fields: [String: JSONOutput] = [:]
    private(set) var warnings: [String] = []

    init(enabled: Bool) { self.enabled = enabled }

    mutating func set(_ key: String, _ value: @autoclosure () -> JSONOutput) {
        if enabled { fields[key] = value() }
    }

    mutating func warn(_ text: @autoclosure () -> String) {
        if enabled { warnings.append(text()) }
    }

    /// Sets `key` to a sorted list of strings, or leaves it out when the list is empty.
    mutating func setList(_ key: String, _ items: @autoclosure () -> [String]) {
        guard enabled else { return }
        let list = items()
        if !list.isEmpty { fields[key] = .array(list.sorted().map { .string($0) }) }
    }

    /// The printed object: the decoder's fields plus `kind`, `purposes`, `undecided`,
    /// `grantedByDefault`, and, when the signal has them, `consentId`, `method`, `decidedAt`
    /// (ISO-8601 UTC with milliseconds) and `version`; `warnings` when there are any.
    func output(kind: ConsentValueKind, signal: ConsentSignal) -> JSONOutput {
        guard enabled else { return .null }
        var object = fields
        object["kind"] = .string(kind.rawValue)
        object["purposes"] = signal.choices.json
        object["undecided"] = .bool(signal.undecided)
        object["grantedByDefault"] = .bool(signal.grantedByDefault)
        if let id = signal.consentID { object["consentId"] = .string(id) }
        if let method = signal.method { object["method"] = .string(method.rawValue) }
        if let at = signal.decidedAt { object["decidedAt"] = .string(Timestamp.format(at)) }
        if let version = signal.version { object["version"] = .string(version) }
        if !warnings.isEmpty { object["warnings"] = .array(warnings.map { .string($0) }) }
        return .object(object)
    }
}

extension PurposeTables {
    /// The purpose of a CMP category name: lower-cased, with `-` and spaces read as `_`
    /// (`external-media` finds `external_media`).
    func purpose(ofCategory name: String) -> Purpose? {
        categories[Self.normalised(name)]
    }

    /// The purpose of a service name (Klaro, tarteaucitron, Borlabs): lower-cased; `_` and
    /// spaces also tried as `-` (`google_analytics` finds `google-analytics`).
    func purpose(ofService name: String) -> Purpose? {
        if let purpose = services[Self.folded(name, replacing: [])] { return purpose }
        return services[Self.folded(name, replacing: [UInt8(ascii: "_"), ASCII.space], with: ASCII.dash)]
    }

    private static func normalised(_ name: String) -> String {
        folded(name, replacing: [ASCII.dash, ASCII.space], with: UInt8(ascii: "_"))
    }

    /// `name` lower-cased, with each of the bytes `replaced` written as `replacement`. ASCII
    /// names (all the names CMPs use) are folded byte by byte; others go through `lowercased()`
    /// and characters.
    static func folded(_ name: String, replacing replaced: [UInt8], with replacement: UInt8 = 0) -> String {
        name.withUTF8Buffer { bytes -> String in
            guard bytes.allSatisfy({ $0 < 0x80 }) else {
                let lower = name.lowercased()
                guard !replaced.isEmpty else { return lower }
                let targets = Set(replaced.map { Character(Unicode.Scalar($0)) })
                return String(lower.map { targets.contains($0) ? Character(Unicode.Scalar(replacement)) : $0 })
            }
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                for (i, b) in bytes.enumerated() { out[i] = replaced.contains(b) ? replacement : ASCII.lower(b) }
                return bytes.count
            }
        }
    }
}

extension PurposeChoice {
    init(granted: Bool) { self = granted ? .granted : .denied }
}

/// Parsing of `true`/`false`-like words found in CMP values.
enum ConsentWords {
    /// `true`/`false`, `1`/`0`, `yes`/`no`, `allow`/`deny`, `granted`/`denied` (any case).
    static func choice(_ word: String) -> PurposeChoice? {
        switch word.lowercased() {
        case "true", "1", "yes", "allow", "granted": return .granted
        case "false", "0", "no", "deny", "denied": return .denied
        default: return nil
        }
    }

    /// A decimal integer made of ASCII digits only (optionally negative).
    static func integer(_ text: String) -> Int64? {
        guard !text.isEmpty, text.utf8.allSatisfy({ ASCII.isDigit($0) || $0 == ASCII.dash }) else { return nil }
        return Int64(text)
    }
}

extension LooseValue {
    /// The JSON object a cookie holds: percent-encoding removed as far as JSON's structural
    /// characters are concerned (once or more), then parsed strictly.
    static func cookieJSONObject(
        _ value: String, kindName: String, details: inout ConsentDetails
    ) throws(ConsentDecodeError) -> [Member] {
        var text = try ConsentValueText(value, kindName: kindName)
        text.decodeEscapes(structural: Array("{}[]\",:".utf8))
        text.noteEncoding(&details)
        let parsed = try parseJSON(text.bytes, kindName: kindName)
        guard let members = parsed.members else {
            throw ConsentDecodeError("\(kindName): expected a JSON object, got \(parsed.typeName)")
        }
        return members
    }
}
