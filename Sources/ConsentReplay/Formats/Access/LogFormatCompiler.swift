import Foundation

/// Compiles the log format strings users copy from their server configuration.
public enum LogFormatCompiler {
    /// Compiles `text` as nginx `log_format` when it holds `$variables`, as Apache `LogFormat`
    /// when it holds `%` directives.
    public static func compile(_ text: String) throws(LogFormatError) -> TemplateFormat {
        let cleaned = unwrapConfigQuoting(text)
        let format: TemplateFormat
        if cleaned.contains("$") {
            format = TemplateFormat(id: "nginx-log-format", template: try nginx(cleaned))
        } else if cleaned.contains("%") {
            format = TemplateFormat(id: "apache-log-format", template: try apache(cleaned))
        } else {
            throw LogFormatError(format: text, reason: "neither nginx $variables nor Apache %directives found")
        }
        // Every record needs its time; without one it would silently date from 1970.
        guard format.template.hasTime else {
            throw LogFormatError(format: text, reason: "the format logs no time: add $time_local, $time_iso8601 or $msec (nginx), or %t (Apache)")
        }
        return format
    }

    /// Accepts the string as it stands in a config file: nginx's `'part one ' 'part two'` pieces
    /// and a leading `escape=…` parameter, Apache's surrounding quotes with `\"` inside.
    static func unwrapConfigQuoting(_ text: String) -> String {
        var s = text.trimmingSpaces()
        if s.hasPrefix("escape=") {
            if let space = s.firstIndex(of: " ") { s = String(s[space...]).trimmingSpaces() }
        }
        if s.hasPrefix("'") {
            // Concatenate the single-quoted pieces.
            var out = ""
            var inside = false
            for ch in s {
                if ch == "'" { inside.toggle(); continue }
                if inside { out.append(ch) }
            }
            return out
        }
        if s.hasPrefix("\"") && s.hasSuffix("\"") && s.count >= 2 && s.contains("\\\"") {
            s = String(s.dropFirst().dropLast())
        }
        return s.replacingOccurrences(of: "\\\"", with: "\"")
    }

    // MARK: nginx

    /// nginx variables (`$name` or `${name}`) to fields. Unknown variables are opaque fields.
    public static func nginx(_ text: String) throws(LogFormatError) -> LogTemplate {
        var pieces: [LogTemplate.Piece] = []
        var literal: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        func isNameByte(_ b: UInt8) -> Bool {
            ASCII.isDigit(b) || (ASCII.lower(b) >= UInt8(ascii: "a") && ASCII.lower(b) <= UInt8(ascii: "z")) || b == UInt8(ascii: "_")
        }
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "$") else {
                literal.append(bytes[i])
                i += 1
                continue
            }
            var name: [UInt8] = []
            if i + 1 < bytes.count, bytes[i + 1] == ASCII.openBrace {
                guard let close = bytes[(i + 2)...].firstIndex(of: ASCII.closeBrace) else {
                    throw LogFormatError(format: text, reason: "unclosed ${ at character \(i + 1)")
                }
                name = Array(bytes[(i + 2)..<close])
                i = close + 1
            } else {
                var j = i + 1
                while j < bytes.count, isNameByte(bytes[j]) { j += 1 }
                name = Array(bytes[(i + 1)..<j])
                i = j
            }
            guard !name.isEmpty else {
                literal.append(UInt8(ascii: "$"))
                continue
            }
            pieces.append(.literal(literal))
            literal = []
            pieces.append(.field(nginxField(String(decoding: name, as: UTF8.self)), quoted: false))
        }
        pieces.append(.literal(literal))
        return try LogTemplate(pieces: pieces, source: text)
    }

    /// nginx variable names are matched case-insensitively; a `$cookie_NAME` keeps NAME as written.
    static func nginxField(_ name: String) -> LogTemplate.Field {
        switch name.lowercased() {
        case "remote_addr", "realip_remote_addr", "binary_remote_addr": return .clientIP
        case "remote_user": return .remoteUser
        case "time_local": return .timeLocal
        case "time_iso8601": return .timeISO8601
        case "msec": return .timeEpochSeconds
        case "request": return .request
        case "request_method": return .method
        case "request_uri": return .requestURI
        case "uri", "document_uri": return .path
        case "args", "query_string": return .query
        case "server_protocol": return .httpProtocol
        case "status": return .status
        case "body_bytes_sent", "bytes_sent": return .bytesSent
        case "http_referer": return .referrer
        case "http_user_agent": return .userAgent
        case "http_cookie": return .cookie
        case "sent_http_set_cookie", "upstream_http_set_cookie": return .setCookie
        case "http_x_forwarded_for", "proxy_add_x_forwarded_for": return .forwardedFor
        case "http_sec_gpc": return .secGPC
        case "http_dnt": return .dnt
        case "host", "server_name", "http_host": return .host
        case "request_body": return .requestBody
        default:
            if name.hasPrefix("cookie_") { return .cookieNamed(String(name.dropFirst("cookie_".count))) }
            return .ignored("$" + name)
        }
    }

    // MARK: Apache

    /// Apache `mod_log_config` directives (`%h`, `%>s`, `%{Header}i`, `%{format}t`…) to fields.
    public static func apache(_ text: String) throws(LogFormatError) -> LogTemplate {
        var pieces: [LogTemplate.Piece] = []
        var literal: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == ASCII.backslash, i + 1 < bytes.count {
                // Config-file escapes inside the format string.
                switch bytes[i + 1] {
                case UInt8(ascii: "t"): literal.append(ASCII.tab)
                case UInt8(ascii: "n"): literal.append(ASCII.lf)
                default: literal.append(bytes[i + 1])
                }
                i += 2
                continue
            }
            guard b == ASCII.percent else {
                literal.append(b)
                i += 1
                continue
            }
            i += 1
            guard i < bytes.count else { throw LogFormatError(format: text, reason: "format ends with a lone %") }
            if bytes[i] == ASCII.percent {
                literal.append(ASCII.percent)
                i += 1
                continue
            }
            // Modifiers: status conditions (`!200,304`), `<` / `>` (original / final request).
            while i < bytes.count, bytes[i] == UInt8(ascii: "<") || bytes[i] == UInt8(ascii: ">") || bytes[i] == UInt8(ascii: "!") || bytes[i] == ASCII.comma || ASCII.isDigit(bytes[i]) {
                i += 1
            }
            var argument: String?
            if i < bytes.count, bytes[i] == ASCII.openBrace {
                guard let close = bytes[(i + 1)...].firstIndex(of: ASCII.closeBrace) else {
                    throw LogFormatError(format: text, reason: "unclosed %{ in the format")
                }
                argument = String(decoding: bytes[(i + 1)..<close], as: UTF8.self)
                i = close + 1
            }
            guard i < bytes.count else { throw LogFormatError(format: text, reason: "format ends inside a directive") }
            let letter = Character(Unicode.Scalar(bytes[i]))
            i += 1
            let field = try apacheField(letter, argument, format: text)
            if field == .query, literal.isEmpty, case .field(.path, _)? = pieces.last {
                // `%U%q`: %q is empty or starts with `?`, so the two make one request target.
                pieces[pieces.count - 1] = .field(.requestURI, quoted: false)
                continue
            }
            if letter == "t" && argument == nil {
                // Plain `%t` writes its own brackets: `[21/Nov/2026:13:55:36 +0000]`.
                literal.append(ASCII.openBracket)
                pieces.append(.literal(literal))
                pieces.append(.field(field, quoted: false))
                literal = [ASCII.closeBracket]
                continue
            }
            pieces.append(.literal(literal))
            literal = []
            pieces.append(.field(field, quoted: false))
        }
        pieces.append(.literal(literal))
        return try LogTemplate(pieces: pieces, source: text)
    }

    static func apacheField(_ letter: Character, _ argument: String?, format: String) throws(LogFormatError) -> LogTemplate.Field {
        switch letter {
        case "h", "a": return .clientIP
        case "u": return .remoteUser
        case "t":
            guard let arg = argument else { return .timeLocal }
            var spec = arg
            for prefix in ["begin:", "end:"] where spec.hasPrefix(prefix) { spec = String(spec.dropFirst(prefix.count)) }
            switch spec {
            case "sec": return .timeEpochSeconds
            case "msec": return .timeEpochMilliseconds
            case "usec", "msec_frac", "usec_frac":
                throw LogFormatError(format: format, reason: "%{\(arg)}t alone does not give a usable time; log %t or %{msec}t")
            default: return .timeStrftime(try StrftimePattern(spec))
            }
        case "r": return .request
        case "m": return .method
        case "U": return .path
        case "q": return .query
        case "H": return .httpProtocol
        case "s": return .status
        case "b", "B", "O": return .bytesSent
        case "v", "V": return .host
        case "i":
            switch argument?.lowercased() ?? "" {
            case "referer", "referrer": return .referrer
            case "user-agent": return .userAgent
            case "cookie": return .cookie
            case "x-forwarded-for": return .forwardedFor
            case "sec-gpc": return .secGPC
            case "dnt": return .dnt
            case "host": return .host
            default: return .ignored("%{\(argument ?? "")}i")
            }
        case "o":
            if argument?.lowercased() == "set-cookie" { return .setCookie }
            return .ignored("%{\(argument ?? "")}o")
        case "C":
            guard let name = argument else { return .cookie }
            return .cookieNamed(name)
        case "l", "e", "n", "p", "P", "T", "D", "I", "S", "X", "k", "L", "R", "f", "A", "^":
            return .ignored("%" + String(letter))
        default:
            throw LogFormatError(format: format, reason: "unknown Apache directive %\(letter)")
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        // Nothing to trim, the usual case, is seen on the bytes: a character that is a space, a
        // tab or a newline is that one byte alone, so ends that are none of them stay.
        if let first = utf8.first, let last = utf8.last, !Self.isTrimmedByte(first), !Self.isTrimmedByte(last) { return self }
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" { s = s.dropLast() }
        return String(s)
    }

    private static func isTrimmedByte(_ b: UInt8) -> Bool { b == ASCII.space || b == ASCII.tab || b == ASCII.lf }
}
