// nginx's text and JSON access-log formats.
//
// `$remote_user` is always empty here (the shop uses no HTTP auth) and so is written `-`;
// `$body_bytes_sent` is `0` for an empty body (nginx, unlike Apache's `%b`, never writes `-`).
// Multi-valued response headers such as Set-Cookie are joined with "; " in
// `$sent_http_set_cookie`, as current nginx does.

extension SimulatedRequest {
    /// Appends the request line `METHOD target PROTOCOL` through `escape`.
    @inline(__always)
    func appendRequestLine(to buffer: inout [UInt8], escape: (inout [UInt8], String?) -> Void) {
        escape(&buffer, method)
        buffer.append(UInt8(ascii: " "))
        escape(&buffer, path)
        if let query {
            buffer.append(UInt8(ascii: "?"))
            escape(&buffer, query)
        }
        buffer.append(UInt8(ascii: " "))
        escape(&buffer, protocolVersion)
    }

    /// The Set-Cookie headers joined with `separator`, or `nil` when there are none.
    @inline(__always)
    func joinedSetCookies(_ separator: String) -> String? {
        switch setCookies.count {
        case 0: return nil
        case 1: return setCookies[0]
        default: return setCookies.joined(separator: separator)
        }
    }
}

/// `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent` followed by
/// the combined and cookie fields as configured.
struct NginxCombinedRenderer: LogLineRenderer {
    enum Extras: Sendable {
        case none
        case cookies
        case cookiesAndDNT
    }

    let extras: Extras

    func render(_ request: SimulatedRequest, into buffer: inout [UInt8]) {
        appendCommonPrefix(request, into: &buffer, escape: { $0.appendNginxEscaped($1) })
        buffer.append(UInt8(ascii: " "))
        buffer.appendDecimal(request.bodyBytes)
        buffer.appendStatic(" \"")
        buffer.appendNginxEscaped(request.referrer)
        buffer.appendStatic("\" \"")
        buffer.appendNginxEscaped(request.userAgent)
        buffer.append(UInt8(ascii: "\""))
        if extras != .none {
            buffer.appendStatic(" \"")
            buffer.appendNginxEscaped(request.cookieHeader)
            buffer.appendStatic("\" \"")
            buffer.appendNginxEscaped(request.joinedSetCookies("; "))
            buffer.appendStatic("\" \"")
            buffer.appendNginxEscaped(request.secGPC)
            buffer.append(UInt8(ascii: "\""))
        }
        if extras == .cookiesAndDNT {
            buffer.appendStatic(" \"")
            buffer.appendNginxEscaped(request.dnt)
            buffer.append(UInt8(ascii: "\""))
        }
        buffer.append(UInt8(ascii: "\n"))
    }
}

/// `host - - [time] "request" status` — shared by nginx and Apache text formats.
@inline(__always)
func appendCommonPrefix(_ request: SimulatedRequest, into buffer: inout [UInt8], escape: (inout [UInt8], String?) -> Void) {
    buffer.appendString(request.clientIP)
    buffer.appendStatic(" - - [")
    CivilTime(epochMillis: request.time).appendCommonLogTime(to: &buffer)
    buffer.appendStatic("] \"")
    request.appendRequestLine(to: &buffer, escape: escape)
    buffer.appendStatic("\" ")
    buffer.appendDecimal(request.status)
}

/// Common Log Format: `host ident user [time] "request" status bytes`.
struct CommonLogRenderer: LogLineRenderer {
    func render(_ request: SimulatedRequest, into buffer: inout [UInt8]) {
        appendCommonPrefix(request, into: &buffer, escape: { $0.appendNginxEscaped($1) })
        buffer.append(UInt8(ascii: " "))
        buffer.appendDecimal(request.bodyBytes)
        buffer.append(UInt8(ascii: "\n"))
    }
}

/// nginx `escape=json` with the conventional key names.
struct NginxJSONRenderer: LogLineRenderer {
    /// The `log_format` directive this renderer reproduces.
    static let logFormat = #"""
        log_format json_cookies escape=json '{"time_iso8601":"$time_iso8601","remote_addr":"$remote_addr","remote_user":"$remote_user","request":"$request","status":$status,"body_bytes_sent":$body_bytes_sent,"http_referer":"$http_referer","http_user_agent":"$http_user_agent","http_cookie":"$http_cookie","sent_http_set_cookie":"$sent_http_set_cookie","http_sec_gpc":"$http_sec_gpc","http_dnt":"$http_dnt","http_x_forwarded_for":"$http_x_forwarded_for","host":"$host","request_time":$request_time}';
        """#

    func render(_ request: SimulatedRequest, into buffer: inout [UInt8]) {
        let time = CivilTime(epochMillis: request.time)
        buffer.appendStatic("{\"time_iso8601\":\"")
        time.appendISODate(to: &buffer)
        buffer.append(UInt8(ascii: "T"))
        time.appendClock(to: &buffer)
        buffer.appendStatic("+00:00\",\"remote_addr\":\"")
        buffer.appendString(request.clientIP)
        buffer.appendStatic("\",\"remote_user\":\"\",\"request\":\"")
        request.appendRequestLine(to: &buffer, escape: { $0.appendNginxJSONEscaped($1) })
        buffer.appendStatic("\",\"status\":")
        buffer.appendDecimal(request.status)
        buffer.appendStatic(",\"body_bytes_sent\":")
        buffer.appendDecimal(request.bodyBytes)
        buffer.appendStatic(",\"http_referer\":\"")
        buffer.appendNginxJSONEscaped(request.referrer)
        buffer.appendStatic("\",\"http_user_agent\":\"")
        buffer.appendNginxJSONEscaped(request.userAgent)
        buffer.appendStatic("\",\"http_cookie\":\"")
        buffer.appendNginxJSONEscaped(request.cookieHeader)
        buffer.appendStatic("\",\"sent_http_set_cookie\":\"")
        buffer.appendNginxJSONEscaped(request.joinedSetCookies("; "))
        buffer.appendStatic("\",\"http_sec_gpc\":\"")
        buffer.appendNginxJSONEscaped(request.secGPC)
        buffer.appendStatic("\",\"http_dnt\":\"")
        buffer.appendNginxJSONEscaped(request.dnt)
        buffer.appendStatic("\",\"http_x_forwarded_for\":\"")
        buffer.appendNginxJSONEscaped(request.forwardedFor)
        buffer.appendStatic("\",\"host\":\"")
        buffer.appendNginxJSONEscaped(request.host)
        buffer.appendStatic("\",\"request_time\":")
        buffer.appendSeconds(micros: request.requestTimeMicros, decimals: 3)
        buffer.appendStatic("}\n")
    }
}

/// Apache `LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" \"%{Cookie}i\"
/// \"%{Set-Cookie}o\" \"%{Sec-GPC}i\""`: `ap_escape_logitem` escaping, `%b` is `-` for an empty
/// body, and mod_log_config joins several Set-Cookie headers with ", ".
struct ApacheCookiesRenderer: LogLineRenderer {
    func render(_ request: SimulatedRequest, into buffer: inout [UInt8]) {
        appendCommonPrefix(request, into: &buffer, escape: { $0.appendApacheEscaped($1) })
        buffer.append(UInt8(ascii: " "))
        if request.bodyBytes == 0 {
            buffer.append(UInt8(ascii: "-"))
        } else {
            buffer.appendDecimal(request.bodyBytes)
        }
        buffer.appendStatic(" \"")
        buffer.appendApacheEscaped(request.referrer)
        buffer.appendStatic("\" \"")
        buffer.appendApacheEscaped(request.userAgent)
        buffer.appendStatic("\" \"")
        buffer.appendApacheEscaped(request.cookieHeader)
        buffer.appendStatic("\" \"")
        buffer.appendApacheEscaped(request.joinedSetCookies(", "))
        buffer.appendStatic("\" \"")
        buffer.appendApacheEscaped(request.secGPC)
        buffer.appendStatic("\"\n")
    }
}
