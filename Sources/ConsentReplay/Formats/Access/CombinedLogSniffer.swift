/// Recognises the NCSA common and combined layouts that nginx and Apache write by default, and
/// combined followed by extra fields (the usual way sites add `Cookie`, `Set-Cookie`, `Sec-GPC`).
///
/// Extra fields carry no names in the log, so their roles are inferred from their content over
/// the sample: a cookie header (`a=1; b=2`), a Set-Cookie (`a=1; Path=/; HttpOnly`), a flag
/// (`0`/`1`, read as Sec-GPC then DNT), an IP list (X-Forwarded-For). A column that is empty
/// (`-`) throughout the sample takes the role of the documented layout at its position —
/// `"$http_cookie" "$sent_http_set_cookie" "$http_sec_gpc" "$http_dnt"` — when every inferred
/// column agrees with that layout; otherwise it is ignored. `summary.json` shows the layout
/// chosen; `--log-format` removes all guessing.
public struct CombinedLogSniffer: FormatSniffer {
    public let name = "common / combined (+ extra fields)"
    public let kind = InputKind.access

    public init() {}

    enum Role: Equatable {
        case cookie, setCookie, flag, forwardedFor, number, other

        var nginxName: String {
            switch self {
            case .cookie: return "$http_cookie"
            case .setCookie: return "$sent_http_set_cookie"
            case .flag: return "$flag"
            case .forwardedFor: return "$http_x_forwarded_for"
            case .number: return "$number"
            case .other: return "$unknown"
            }
        }
    }

    static let conventional: [LogTemplate.Field] = [.cookie, .setCookie, .secGPC, .dnt]

    /// A token of a log line: `[…]`, `"…"` or a bare word.
    struct Token {
        var range: Range<Int>
        var quoted: Bool
        var bracketed: Bool
    }

    /// Splits a line into tokens; nil when a quote or bracket is not closed.
    static func tokenize(_ line: [UInt8]) -> [Token]? {
        var tokens: [Token] = []
        var i = 0
        let n = line.count
        while i < n {
            if line[i] == ASCII.space { i += 1; continue }
            if line[i] == ASCII.quote {
                var j = i + 1
                while j < n, line[j] != ASCII.quote {
                    j += line[j] == ASCII.backslash ? 2 : 1
                }
                guard j < n else { return nil }
                tokens.append(Token(range: (i + 1)..<j, quoted: true, bracketed: false))
                i = j + 1
            } else if line[i] == ASCII.openBracket {
                guard let j = line[i...].firstIndex(of: ASCII.closeBracket) else { return nil }
                tokens.append(Token(range: (i + 1)..<j, quoted: false, bracketed: true))
                i = j + 1
            } else {
                var j = i
                while j < n, line[j] != ASCII.space { j += 1 }
                tokens.append(Token(range: i..<j, quoted: false, bracketed: false))
                i = j
            }
        }
        return tokens
    }

    static let setCookieAttributes = ["; path=", "; expires=", "; max-age=", "; domain=", "; httponly", "; samesite=", "; secure",
                                      ";path=", ";expires=", ";max-age="].map { Array($0.utf8) }

    /// Whether `needle` occurs in `haystack`.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    static func classify(_ value: ArraySlice<UInt8>) -> Role? {
        if value.isEmpty || (value.count == 1 && value.first == ASCII.dash) { return nil }
        if value.count == 1, value.first == UInt8(ascii: "0") || value.first == UInt8(ascii: "1") { return .flag }
        let text = String(decoding: value, as: UTF8.self).lowercased()
        let bytes = Array(text.utf8)
        if bytes.contains(ASCII.equals) {
            // Searched as bytes: Foundation's `String.contains(_:)` cost ~50,000 instructions a
            // call here, 0.1 s per file sniffed.
            for attribute in Self.setCookieAttributes where Self.contains(bytes, attribute) { return .setCookie }
            return .cookie
        }
        if text.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" || $0 == "," || $0 == " " }) && text.contains(where: { $0 == "." || $0 == ":" }) {
            return text.allSatisfy({ $0.isNumber || $0 == "." }) && text.filter({ $0 == "." }).count <= 1 ? .number : .forwardedFor
        }
        if text.allSatisfy({ $0.isNumber || $0 == "." }) { return .number }
        return .other
    }

    static func isCombinedShape(_ t: [Token], _ line: [UInt8]) -> Bool {
        t.count >= 9 && isCommonShape(t, line) && t[7].quoted && t[8].quoted
    }

    static func isCommonShape(_ t: [Token], _ line: [UInt8]) -> Bool {
        guard t.count >= 7, t[3].bracketed, t[4].quoted, !t[0].quoted, !t[5].quoted, t[5].range.count == 3 else { return false }
        return line[t[5].range].allSatisfy(ASCII.isDigit)
    }

    public func sniff(_ sample: SniffSample) -> SniffMatch? {
        var commonLines = 0, combinedLines = 0
        var extraCounts: [Int: Int] = [:]
        var votes: [[Role: Int]] = []
        var quotedVotes: [Int] = []
        let lines = sample.contentLines
        for line in lines {
            guard let tokens = Self.tokenize(line), Self.isCommonShape(tokens, line) else { continue }
            guard Self.isCombinedShape(tokens, line) else {
                if tokens.count == 7 { commonLines += 1 }
                continue
            }
            combinedLines += 1
            let extras = tokens.count - 9
            extraCounts[extras, default: 0] += 1
            for (k, token) in tokens.dropFirst(9).enumerated() {
                while votes.count <= k { votes.append([:]); quotedVotes.append(0) }
                if token.quoted { quotedVotes[k] += 1 } else { quotedVotes[k] -= 1 }
                if let role = Self.classify(line[token.range]) { votes[k][role, default: 0] += 1 }
            }
        }
        guard commonLines + combinedLines > 0 else { return nil }
        if commonLines > combinedLines {
            guard let format = try? Self.common() else { return nil }
            return SniffMatch(format: format, share: format.share(of: sample), specificity: 7)
        }
        // The most frequent number of extra fields (ties: fewer).
        let extras = extraCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first?.key ?? 0
        let roles = (0..<extras).map { k -> Role? in
            votes[k].sorted { $0.value != $1.value ? $0.value > $1.value : "\($0.key)" < "\($1.key)" }.first?.key
        }
        let fields = Self.assignFields(roles)
        let quoted = (0..<extras).map { quotedVotes[$0] >= 0 }
        guard let format = try? Self.combined(extraFields: fields, quoted: quoted) else { return nil }
        return SniffMatch(format: format, share: format.share(of: sample), specificity: 9 + extras)
    }

    /// Turns content roles into fields (see the type's comment for the rules).
    static func assignFields(_ roles: [Role?]) -> [LogTemplate.Field] {
        var fields: [LogTemplate.Field] = []
        var flags = 0
        var haveCookie = false, haveSetCookie = false, haveForwarded = false
        for (k, role) in roles.enumerated() {
            switch role {
            case .cookie? where !haveCookie:
                haveCookie = true
                fields.append(.cookie)
            case .setCookie? where !haveSetCookie:
                haveSetCookie = true
                fields.append(.setCookie)
            case .flag?:
                // Position in the documented layout decides GPC versus DNT when it can.
                if k < conventional.count, conventional[k] == .secGPC || conventional[k] == .dnt {
                    fields.append(conventional[k])
                } else {
                    fields.append(flags == 0 ? .secGPC : .dnt)
                }
                flags += 1
            case .forwardedFor? where !haveForwarded:
                haveForwarded = true
                fields.append(.forwardedFor)
            case nil:
                fields.append(.ignored("-"))
            default:
                fields.append(.ignored("\(role.map { "\($0)" } ?? "")"))
            }
        }
        // Columns empty in the whole sample: take the documented role at their position when
        // everything inferred agrees with the documented layout.
        let agrees = fields.enumerated().allSatisfy { k, field in
            if case .ignored = field { return true }
            return k < conventional.count && conventional[k] == field
        }
        if agrees {
            for k in fields.indices where k < conventional.count {
                if case .ignored("-") = fields[k], !fields.contains(conventional[k]) { fields[k] = conventional[k] }
            }
        }
        return fields
    }

    static func common() throws -> TemplateFormat {
        TemplateFormat(id: "common", template: try LogFormatCompiler.nginx(
            "$remote_addr $ident $remote_user [$time_local] \"$request\" $status $body_bytes_sent"))
    }

    static func combined(extraFields: [LogTemplate.Field], quoted: [Bool]) throws -> TemplateFormat {
        var text = "$remote_addr $ident $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\""
        for (k, field) in extraFields.enumerated() {
            let name: String
            switch field {
            case .cookie: name = "$http_cookie"
            case .setCookie: name = "$sent_http_set_cookie"
            case .secGPC: name = "$http_sec_gpc"
            case .dnt: name = "$http_dnt"
            case .forwardedFor: name = "$http_x_forwarded_for"
            default: name = "$extra\(k + 1)"
            }
            text += quoted[k] ? " \"\(name)\"" : " \(name)"
        }
        return TemplateFormat(id: extraFields.isEmpty ? "combined" : "combined+extra", template: try LogFormatCompiler.nginx(text))
    }
}
