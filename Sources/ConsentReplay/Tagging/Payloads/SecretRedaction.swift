import CByteScan
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// Secret redaction on ingest: secrets must never reach a finding, a report or a message.
//
// Secret names (`SecretRedaction.names`), compared with ASCII case folded and `-` / `_`
// ignored, so `access_token`, `Access-Token` and `accessToken` are one name:
//
//     access_token     Meta Graph / Conversions API token (query, form or JSON body)
//     appsecret_proof  Meta: HMAC of the token with the app secret
//     api_secret       GA4 Measurement Protocol secret (query)
//     Authorization    HTTP header: Google Ads, LinkedIn, Pinterest bearer tokens…
//     Access-Token     TikTok Events API header
//     developer-token  Google Ads API header
//     client_secret    OAuth client secret
//     refresh_token    OAuth refresh token
//     password         any password field or parameter
//
// A name also matches with a prefix joined by `-` or `_` (`Proxy-Authorization`,
// `x-access-token`, `fb_access_token`), but not with more letters after it
// (`access_token_expires_in`).
//
// Text layouts handled, in this order:
//
//   1. JSON (text starting with `{` or `[` that parses): the value of a member whose key is a
//      secret name, at any depth, becomes "[redacted]" (strings keep their quotes; numbers,
//      objects and arrays become the string "[redacted]"; null and booleans are left). So do
//      `{"name"|"key": <secret name>, "value": …}` pairs (HAR headers) and two-element
//      `[<secret name>, …]` pairs. Every other string (and key) is redacted as text in its
//      own right — a URL, a header dump or a JSON document inside a string is caught — and
//      re-escaped, so the output stays valid JSON.
//   2. Several lines: each line on its own, as JSON when it is, as text otherwise.
//   3. Text: `name=value` and `name: value` (the name optionally quoted, `"…"`, `'…'` or
//      `\"…\"`, and percent-encoded anywhere, `%3D` as `=`). The value runs to its closing
//      quote when quoted, to the matching bracket when it starts with `{` or `[`, otherwise to
//      the next `& ; , " ' } ] < >`, line end, or a backslash escape; after `=` also to the
//      next space unless the first word is an auth scheme (`Bearer abc`). After an encoded
//      `%3D`, encoded terminators (`%26`…) end it too. Over-redacting is preferred to leaving
//      any byte of a secret.
//
// A value that already reads `[redacted]` is left as it is, so redaction is idempotent.

/// Removes secrets on ingest so they can never reach an output or a message (rules at the top
/// of this file).
public enum SecretRedaction {
    /// Names whose values are secrets (compared case-insensitively, `-`/`_` ignored); the
    /// table at the top of `SecretRedaction.swift` says where each comes from.
    public static let names = [
        "access_token", "appsecret_proof", "api_secret", "Authorization", "Access-Token",
        "developer-token", "client_secret", "refresh_token", "password",
    ]

    /// The names folded to lowercase letters (`accesstoken`…), each once.
    static let folded: [[UInt8]] = {
        var result: [[UInt8]] = []
        for name in names {
            let bytes = name.utf8.filter { $0 != ASCII.dash && $0 != UInt8(ascii: "_") }.map(ASCII.lower)
            if !result.contains(bytes) { result.append(bytes) }
        }
        return result
    }()

    /// What replaces a secret value.
    static let marker = Array("[redacted]".utf8)

    /// Whether `name` (already decoded) is a secret name: one of ``names`` ignoring ASCII case,
    /// `-` and `_`, optionally after a `-`/`_`-joined prefix.
    public static func isSecretName(_ name: String) -> Bool {
        isSecretName(bytes: Array(name.utf8))
    }

    static func isSecretName(bytes: [UInt8]) -> Bool {
        let letters = bytes.filter { $0 != ASCII.dash && $0 != UInt8(ascii: "_") }.map(ASCII.lower)
        for name in folded where letters.count >= name.count && letters.suffix(name.count).elementsEqual(name) {
            if letters.count == name.count { return true }
            // A prefix counts only when joined by a separator: `x-access-token`, not `xaccesstoken`.
            var lettersSeen = 0
            var index = bytes.count - 1
            while index >= 0 {
                let byte = bytes[index]
                if byte != ASCII.dash && byte != UInt8(ascii: "_") {
                    lettersSeen += 1
                    if lettersSeen == name.count { break }
                }
                index -= 1
            }
            if index > 0 && (bytes[index - 1] == ASCII.dash || bytes[index - 1] == UInt8(ascii: "_")) { return true }
        }
        return false
    }

    // MARK: - URLs

    /// A URL with the values of secret query (and fragment) parameters replaced by
    /// `[redacted]`, names compared after percent-decoding; a password in the user-info part
    /// is redacted too, then the whole URL is scanned as text for secrets in encoded nested URLs.
    public static func redactURL(_ url: String) -> String {
        // No secret name and no user info (`user:password@`): nothing to redact.
        let plain = url.withUTF8Buffer { bytes in
            bytes.firstIndex(of: UInt8(ascii: "@"), in: 0..<bytes.count) == nil && !mayHoldSecretName(bytes)
        }
        if plain { return url }
        let bytes = Array(url.utf8)
        var edits: [(Range<Int>, [UInt8])] = []
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            // User info: scheme "://" [user [":" password] "@"] host …
            if let schemeEnd = "://".withUTF8Buffer({ buffer.firstIndex(of: $0) }) {
                let authorityStart = schemeEnd + 3
                var authorityEnd = authorityStart
                while authorityEnd < count && buffer[authorityEnd] != ASCII.slash && buffer[authorityEnd] != ASCII.question
                        && buffer[authorityEnd] != ASCII.hash {
                    authorityEnd += 1
                }
                var at = authorityEnd - 1
                while at >= authorityStart && buffer[at] != UInt8(ascii: "@") { at -= 1 }
                if at >= authorityStart {
                    var colon = authorityStart
                    while colon < at && buffer[colon] != ASCII.colon { colon += 1 }
                    if colon + 1 < at { edits.append(((colon + 1)..<at, marker)) }
                }
            }
            var questionMark = 0
            while questionMark < count && buffer[questionMark] != ASCII.question && buffer[questionMark] != ASCII.hash {
                questionMark += 1
            }
            var hashMark = questionMark
            while hashMark < count && buffer[hashMark] != ASCII.hash { hashMark += 1 }
            if questionMark < count && buffer[questionMark] == ASCII.question {
                redactParameters(buffer, (questionMark + 1)..<hashMark, into: &edits)
            }
            if hashMark < count {
                redactParameters(buffer, (hashMark + 1)..<count, into: &edits)
            }
        }
        let structured = applying(edits, to: bytes)
        return String(decoding: redactPlain(structured), as: UTF8.self)
    }

    static func redactParameters(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into edits: inout [(Range<Int>, [UInt8])]) {
        for item in QueryString.items(in: buffer, range: range) where item.hasEquals && !item.value.isEmpty {
            if isSecretName(QueryString.decodedString(item.name, in: buffer)) {
                edits.append((item.value, marker))
            }
        }
    }

    /// `bytes` with each (non-overlapping) range replaced.
    static func applying(_ edits: [(Range<Int>, [UInt8])], to bytes: [UInt8]) -> [UInt8] {
        guard !edits.isEmpty else { return bytes }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + edits.count * marker.count)
        var copied = 0
        for (range, replacement) in edits.sorted(by: { $0.0.lowerBound < $1.0.lowerBound }) where range.lowerBound >= copied {
            output.append(contentsOf: bytes[copied..<range.lowerBound])
            output.append(contentsOf: replacement)
            copied = range.upperBound
        }
        output.append(contentsOf: bytes[copied...])
        return output
    }

    // MARK: - Text

    /// JSON text with the values of secret keys (at any depth) replaced by `"[redacted]"`;
    /// non-JSON text is scanned for `name=value` / `name: value` pairs instead (rules at the
    /// top of this file).
    public static func redactText(_ text: [UInt8]) -> [UInt8] {
        guard text.withUnsafeBufferPointer(mayHoldSecretName) else { return text }
        return redact(text, depth: 0)
    }

    /// Whether `text` may hold a secret name, so that redaction could change it: `false` only
    /// when no `token`, `secret`, `password` or `authorization` (every name ends with or holds
    /// one) occurs in it, case folded, `-`/`_` ignored, `%XX` decoded. A backslash (a JSON
    /// escape could spell a name) or a doubly encoded `%25` answers `true`: the full scan
    /// decides. Most bodies and URLs hold none, and skip the scan.
    static func mayHoldSecretName(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress, !text.isEmpty else { return false }
        let n = text.count
        // One pass (`cbs_secret_prefilter`), sixteen bytes at a time, stops at a backslash, a
        // `%`, or the end of a fragment (case folded, `-`/`_` skipped). Only where a `t`, `n`
        // or `d` follows a separator, or the two letters before it could belong to a fragment
        // (`ken`, `ret`, `ion`, `ord`), is the text read backwards for one. Bytes before the
        // first `%` are never part of an escape, so they are read as they are.
        let at = cbs_secret_prefilter(base, n)
        guard at < n else { return false }
        guard base[at] == ASCII.percent else { return true }
        // Text holding `%` is read with its escapes decoded; a backslash anywhere still
        // answers `true`.
        if memchr(base + at, Int32(ASCII.backslash), n - at) != nil { return true }
        return mayHoldSecretNameEscaped(text)
    }

    /// `mayHoldSecretName` for text holding `%` (URLs with encoded parameters): the same answer
    /// as the rolling window of `mayHoldSecretNameDecoding`, read from the places where a
    /// fragment can end. A `%` followed by two hex digits is always an escape (a hex digit is
    /// never `%`), so the text splits into literal bytes and escapes without ambiguity, and can
    /// be decoded backwards from any of them:
    /// 1. every escape: one decoding to `%` or `\` answers `true` (double encoding); one
    ///    decoding to `t`, `n` or `d` is read backwards for a fragment;
    /// 2. every literal `t`, `n` or `d` whose unit before it is a separator, an escape, or a
    ///    letter that could come before it in a fragment (found sixteen bytes at a time; a `d`
    ///    that is a hex digit of an escape is not one) likewise.
    static func mayHoldSecretNameEscaped(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress, !text.isEmpty else { return false }
        // Both passes in `cbs_secret_prefilter_escaped`: the escapes, then the literal letters.
        return cbs_secret_prefilter_escaped(base, text.count) != 0
    }

    /// `mayHoldSecretName` for text holding `%`: `%XX` decoded as a window of the last letters
    /// moves over the text. The reference the faster `mayHoldSecretNameEscaped` is tested
    /// against.
    static func mayHoldSecretNameDecoding(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var last8: UInt64 = 0, before: UInt64 = 0
        var i = 0
        let n = text.count
        while i < n {
            var b = text[i]
            i += 1
            if b == ASCII.backslash { return true }
            if b == ASCII.percent, i + 1 < n, let hi = ASCII.hexValue(text[i]), let lo = ASCII.hexValue(text[i + 1]) {
                b = hi << 4 | lo
                i += 2
                if b == ASCII.percent || b == ASCII.backslash { return true }
            }
            if Needles.completes(b, &last8, &before) { return true }
        }
        return false
    }

    /// The fragments `mayHoldSecretName` looks for, ASCII packed big-endian (last letter in the
    /// lowest byte); literals, so the scanning loop needs no lazy initialisation.
    enum Needles {
        static func pack(_ s: String) -> UInt64 { s.utf8.reduce(0) { $0 << 8 | UInt64($1) } }

        /// Moves the window (the last 13 folded letters, `-` and `_` skipped) by byte `b`;
        /// whether a fragment now ends it. Every fragment ends in `n`, `t` or `d`: only then can
        /// one be complete.
        @inline(__always)
        static func completes(_ b: UInt8, _ last8: inout UInt64, _ before: inout UInt64) -> Bool {
            if b == ASCII.dash || b == UInt8(ascii: "_") { return false }
            let lower = ASCII.lower(b)
            before = before << 8 | last8 >> 56
            last8 = last8 << 8 | UInt64(lower)
            guard lower == UInt8(ascii: "n") || lower == UInt8(ascii: "t") || lower == UInt8(ascii: "d") else { return false }
            return last8 & 0xFF_FFFF_FFFF == token || last8 & 0xFFFF_FFFF_FFFF == secret
                || last8 == password || (last8 == rization && before & 0xFF_FFFF_FFFF == autho)
        }
        static let token: UInt64 = 0x74_6F_6B_65_6E
        static let secret: UInt64 = 0x73_65_63_72_65_74
        static let password: UInt64 = 0x70_61_73_73_77_6F_72_64
        static let rization: UInt64 = 0x72_69_7A_61_74_69_6F_6E
        static let autho: UInt64 = 0x61_75_74_68_6F
    }

    /// How many JSON documents nested in strings are parsed as JSON; deeper ones are scanned
    /// as text, which still catches `"name": "value"` pairs.
    static let maximumNesting = 8

    static func redact(_ text: [UInt8], depth: Int) -> [UInt8] {
        if let json = redactJSON(text, depth: depth) { return json }
        guard text.contains(ASCII.lf) else { return redactPlain(text) }
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var start = 0
        while start <= text.count {
            var end = start
            while end < text.count && text[end] != ASCII.lf { end += 1 }
            let line = Array(text[start..<end])
            output.append(contentsOf: redactJSON(line, depth: depth) ?? redactPlain(line))
            if end < text.count { output.append(ASCII.lf) }
            start = end + 1
        }
        return output
    }

    /// `nil` when `text` is not one JSON object or array.
    static func redactJSON(_ text: [UInt8], depth: Int) -> [UInt8]? {
        guard depth < maximumNesting,
              let first = text.first(where: { !ValueShape.isBlank($0) }),
              first == ASCII.openBrace || first == ASCII.openBracket
        else { return nil }
        var edits: [(Range<Int>, [UInt8])] = []
        let parsed = text.withUnsafeBufferPointer { buffer in
            JSONWalk.withParsed(buffer) { doc in
                if let root = doc.root { collect(doc, root, depth: depth, into: &edits) }
            }
        }
        guard parsed else { return nil }
        return applying(edits, to: text)
    }

    static func collect(_ doc: borrowing JSONDocument, _ node: JSONNode, depth: Int, into edits: inout [(Range<Int>, [UInt8])]) {
        switch node.kind {
        case .object:
            var pairIsSecret = false
            for key in [Array("name".utf8), Array("key".utf8)] {
                if let named = doc.member(of: node, key: key), named.kind == .string,
                   isSecretName(bytes: JSONWalk.key(doc, named)) {
                    pairIsSecret = true
                }
            }
            for (keyNode, value) in doc.members(of: node) {
                let key = JSONWalk.key(doc, keyNode)
                redactString(doc, keyNode, depth: depth, into: &edits)
                if isSecretName(bytes: key) || (pairIsSecret && key == Array("value".utf8)) {
                    redactValue(value, doc, into: &edits)
                } else {
                    collect(doc, value, depth: depth, into: &edits)
                }
            }
        case .array:
            var index = 0
            var previousIsSecretName = false
            for element in doc.elements(of: node) {
                if index == 1 && previousIsSecretName && node.count == 2 {
                    redactValue(element, doc, into: &edits)
                } else {
                    previousIsSecretName = index == 0 && element.kind == .string
                        && isSecretName(bytes: JSONWalk.key(doc, element))
                    collect(doc, element, depth: depth, into: &edits)
                }
                index += 1
            }
        case .string:
            redactString(doc, node, depth: depth, into: &edits)
        case .number, .true, .false, .null:
            return
        }
    }

    /// Replaces a secret's value: string content, or the whole number / object / array.
    static func redactValue(_ value: JSONNode, _ doc: borrowing JSONDocument, into edits: inout [(Range<Int>, [UInt8])]) {
        switch value.kind {
        case .string:
            if !value.byteRange.isEmpty && !doc.isString(value, equalTo: "[redacted]") {
                edits.append((value.byteRange, marker))
            }
        case .number, .object, .array:
            edits.append((value.byteRange, [ASCII.quote] + marker + [ASCII.quote]))
        case .true, .false, .null:
            return
        }
    }

    /// Redacts a string's decoded text and, when that changed anything, re-escapes it.
    static func redactString(_ doc: borrowing JSONDocument, _ node: JSONNode, depth: Int, into edits: inout [(Range<Int>, [UInt8])]) {
        let decoded = JSONWalk.key(doc, node)
        guard decoded.count >= 4 else { return }
        let redacted = redact(decoded, depth: depth + 1)
        if redacted != decoded {
            edits.append((node.byteRange, jsonEscaped(redacted)))
        }
    }

    /// String content as JSON needs it: `"` `\` and control characters escaped.
    static func jsonEscaped(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 8)
        let hex = Array("0123456789abcdef".utf8)
        for byte in bytes {
            switch byte {
            case ASCII.quote: output.append(contentsOf: [ASCII.backslash, ASCII.quote])
            case ASCII.backslash: output.append(contentsOf: [ASCII.backslash, ASCII.backslash])
            case ASCII.lf: output.append(contentsOf: [ASCII.backslash, UInt8(ascii: "n")])
            case ASCII.cr: output.append(contentsOf: [ASCII.backslash, UInt8(ascii: "r")])
            case ASCII.tab: output.append(contentsOf: [ASCII.backslash, UInt8(ascii: "t")])
            case 0..<0x20:
                output.append(contentsOf: Array("\\u00".utf8))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0xF)])
            default: output.append(byte)
            }
        }
        return output
    }

    // MARK: - Plain text scanning

    /// The byte at `index` with a `%XX` escape decoded, and how many bytes it took.
    @inline(__always)
    static func decoded(_ text: [UInt8], _ index: Int) -> (byte: UInt8, width: Int) {
        if text[index] == ASCII.percent, index + 2 < text.count,
           let high = ASCII.hexValue(text[index + 1]), let low = ASCII.hexValue(text[index + 2]) {
            return (high << 4 | low, 3)
        }
        return (text[index], 1)
    }

    @inline(__always)
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        let lower = ASCII.lower(byte)
        return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || ASCII.isDigit(byte)
    }

    /// Whether a name may start at `index`: what precedes is not a letter or digit, reading
    /// `%XX`, `\n`-style and `\uXXXX` escapes as the character they stand for.
    static func isBoundary(_ text: [UInt8], _ index: Int) -> Bool {
        guard index > 0 else { return true }
        if index >= 3, text[index - 3] == ASCII.percent, let high = ASCII.hexValue(text[index - 2]),
           let low = ASCII.hexValue(text[index - 1]) {
            return !isAlphanumeric(high << 4 | low)
        }
        if index >= 6, text[index - 6] == ASCII.backslash, text[index - 5] == UInt8(ascii: "u"),
           text[(index - 4)..<index].allSatisfy({ ASCII.hexValue($0) != nil }) {
            return true
        }
        if index >= 2, text[index - 2] == ASCII.backslash,
           [UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t")].contains(text[index - 1]) {
            return true
        }
        return !isAlphanumeric(text[index - 1])
    }

    /// The end of a secret name starting at `index`, or `nil`.
    static func matchName(_ text: [UInt8], at index: Int) -> Int? {
        let count = text.count
        nameLoop: for name in folded {
            var position = index
            var matched = 0
            while matched < name.count {
                guard position < count else { continue nameLoop }
                let (byte, width) = decoded(text, position)
                if matched > 0 && (byte == ASCII.dash || byte == UInt8(ascii: "_")) {
                    position += width
                    continue
                }
                guard ASCII.lower(byte) == name[matched] else { continue nameLoop }
                position += width
                matched += 1
            }
            if position < count {
                let next = decoded(text, position).byte
                if isAlphanumeric(next) || next == ASCII.dash || next == UInt8(ascii: "_") { continue nameLoop }
            }
            return position
        }
        return nil
    }

    /// Lowercase auth schemes after which the credential follows a space.
    static let authSchemes: [[UInt8]] = ["bearer", "basic", "digest", "token", "oauth", "negotiate", "bot", "key", "apikey", "hmac"]
        .map { Array($0.utf8) }

    /// `text` with the value of every `name=value` / `name: value` pair whose name is a secret
    /// name replaced by `[redacted]`.
    static func redactPlain(_ text: [UInt8]) -> [UInt8] {
        var edits: [(Range<Int>, [UInt8])] = []
        var index = 0
        let count = text.count
        while index < count {
            let byte = decoded(text, index).byte
            let lower = ASCII.lower(byte)
            guard lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z"), isBoundary(text, index),
                  let nameEnd = matchName(text, at: index)
            else {
                index += 1
                continue
            }
            guard let value = valueRange(text, afterName: nameEnd) else {
                index = nameEnd
                continue
            }
            let already = value.count == marker.count && text[value].elementsEqual(marker)
            if !value.isEmpty && !already { edits.append((value, marker)) }
            index = max(value.upperBound, nameEnd)
        }
        return applying(edits, to: text)
    }

    /// Where the value of a pair starts and ends, given the end of its name; `nil` when no
    /// `=` or `:` follows the name.
    static func valueRange(_ text: [UInt8], afterName nameEnd: Int) -> Range<Int>? {
        let count = text.count
        var position = nameEnd
        func skipSpaces() {
            while position < count && (text[position] == ASCII.space || text[position] == ASCII.tab) { position += 1 }
        }
        // The name's closing quote.
        if position < count && (text[position] == ASCII.quote || text[position] == UInt8(ascii: "'")) {
            position += 1
        } else if position + 1 < count && text[position] == ASCII.backslash && text[position + 1] == ASCII.quote {
            position += 2
        } else if position < count && text[position] == ASCII.percent && decoded(text, position) == (ASCII.quote, 3) {
            position += 3
        }
        skipSpaces()
        guard position < count else { return nil }
        let separator = decoded(text, position)
        guard separator.byte == ASCII.equals || separator.byte == ASCII.colon else { return nil }
        let encoded = separator.width == 3
        let afterEquals = separator.byte == ASCII.equals
        position += separator.width
        skipSpaces()
        guard position < count else { return position..<position }
        let first = text[position]
        // Quoted values run to the closing quote.
        if first == ASCII.quote || first == UInt8(ascii: "'") {
            let start = position + 1
            var end = start
            while end < count && text[end] != first {
                end += text[end] == ASCII.backslash ? 2 : 1
            }
            return start..<min(end, count)
        }
        if first == ASCII.backslash && position + 1 < count && text[position + 1] == ASCII.quote {
            let start = position + 2
            var end = start
            while end < count {
                if text[end] == ASCII.backslash && end + 1 < count {
                    if text[end + 1] == ASCII.quote { break }
                    if text[end + 1] == ASCII.backslash { end += 2; continue }
                }
                end += 1
            }
            return start..<min(end, count)
        }
        if first == ASCII.percent && decoded(text, position) == (ASCII.quote, 3) {
            let start = position + 3
            var end = start
            while end < count && decoded(text, end) != (ASCII.quote, 3) { end += 1 }
            return start..<end
        }
        if first == ASCII.openBrace || first == ASCII.openBracket {
            return position..<matchingBracket(text, from: position)
        }
        return position..<unquotedEnd(text, from: position, encoded: encoded, afterEquals: afterEquals)
    }

    /// One past the bracket closing the one at `start` (strings skipped), or the text's end.
    static func matchingBracket(_ text: [UInt8], from start: Int) -> Int {
        var depth = 0
        var index = start
        var inString = false
        while index < text.count {
            let byte = text[index]
            if inString {
                if byte == ASCII.backslash { index += 2; continue }
                if byte == ASCII.quote { inString = false }
            } else if byte == ASCII.quote {
                inString = true
            } else if byte == ASCII.openBrace || byte == ASCII.openBracket {
                depth += 1
            } else if byte == ASCII.closeBrace || byte == ASCII.closeBracket {
                depth -= 1
                if depth == 0 { return index + 1 }
            }
            index += 1
        }
        return text.count
    }

    /// The end of an unquoted value (rules at the top of this file).
    static func unquotedEnd(_ text: [UInt8], from start: Int, encoded: Bool, afterEquals: Bool) -> Int {
        let count = text.count
        var index = start
        var allowedSpace = false
        while index < count {
            let byte = text[index]
            switch byte {
            case ASCII.ampersand, ASCII.semicolon, ASCII.comma, ASCII.quote, UInt8(ascii: "'"), ASCII.cr, ASCII.lf,
                 ASCII.closeBrace, ASCII.closeBracket, UInt8(ascii: "<"), UInt8(ascii: ">"):
                return index
            case ASCII.backslash:
                if index + 1 < count && text[index + 1] == ASCII.slash {
                    index += 2
                    continue
                }
                return index
            case ASCII.space, ASCII.tab:
                guard afterEquals else { break }
                // `Bearer abc`: the credential after an auth scheme belongs to the value.
                let word = text[start..<index].map(ASCII.lower)
                if !allowedSpace && authSchemes.contains(where: { $0.elementsEqual(word) }) {
                    allowedSpace = true
                    break
                }
                return index
            case ASCII.percent where encoded:
                let (decodedByte, width) = decoded(text, index)
                if width == 3 && [ASCII.ampersand, ASCII.semicolon, ASCII.comma, ASCII.quote, UInt8(ascii: "'"),
                                  ASCII.space, ASCII.lf, ASCII.cr].contains(decodedByte) {
                    return index
                }
            default:
                break
            }
            index += 1
        }
        return count
    }
}
