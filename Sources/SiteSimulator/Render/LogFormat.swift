/// Renders one request as one log line, exactly as a given server writes it.
///
/// Renderers are pure: the same request always gives the same bytes. They append into a
/// caller-owned buffer so a whole run reuses one allocation.
public protocol LogLineRenderer: Sendable {
    /// Lines written once at the top of a file (W3C `#Version`/`#Fields` headers), given the
    /// time of the first request; empty for formats without a header.
    func fileHeader(firstRequestTime: Int64) -> [UInt8]
    /// Appends the request's line, including the trailing newline.
    func render(_ request: SimulatedRequest, into buffer: inout [UInt8])
}

extension LogLineRenderer {
    /// No header by default.
    public func fileHeader(firstRequestTime: Int64) -> [UInt8] { [] }

    /// The request's line as a fresh array (convenience for tests and one-off use).
    public func line(_ request: SimulatedRequest) -> [UInt8] {
        var buffer: [UInt8] = []
        render(request, into: &buffer)
        return buffer
    }
}

/// The access-log formats `gen-logs` can write.
public enum LogFormat: String, Sendable, CaseIterable {
    /// nginx/Apache combined.
    case combined
    /// The first seven fields of combined (Common Log Format).
    case common
    /// nginx combined plus `"$http_cookie" "$sent_http_set_cookie" "$http_sec_gpc"`.
    case combinedCookies = "combined-cookies"
    /// `combined-cookies` plus `"$http_dnt"`.
    case combinedCookiesDNT = "combined-cookies-dnt"
    /// nginx `log_format … escape=json`, one JSON object per line.
    case nginxJSON = "nginx-json"
    /// Caddy v2 structured access log (with `log_credentials`).
    case caddy
    /// Amazon CloudFront standard log (W3C, tab-separated).
    case cloudfront
    /// IIS W3C extended log.
    case iis
    /// Apache `LogFormat` with Cookie, Set-Cookie and Sec-GPC.
    case apacheCookies = "apache-cookies"

    /// The renderer for this format.
    public var renderer: any LogLineRenderer {
        switch self {
        case .combined: return NginxCombinedRenderer(extras: .none)
        case .common: return CommonLogRenderer()
        case .combinedCookies: return NginxCombinedRenderer(extras: .cookies)
        case .combinedCookiesDNT: return NginxCombinedRenderer(extras: .cookiesAndDNT)
        case .nginxJSON: return NginxJSONRenderer()
        case .caddy: return CaddyRenderer()
        case .cloudfront: return CloudFrontRenderer()
        case .iis: return IISRenderer()
        case .apacheCookies: return ApacheCookiesRenderer()
        }
    }

    /// One sentence describing the format.
    public var summary: String {
        switch self {
        case .combined: return "nginx/Apache combined log format"
        case .common: return "Common Log Format (the first seven fields of combined)"
        case .combinedCookies: return "nginx combined + request Cookie, response Set-Cookie and Sec-GPC"
        case .combinedCookiesDNT: return "combined-cookies + DNT"
        case .nginxJSON: return "nginx log_format escape=json, one object per line"
        case .caddy: return "Caddy v2 structured JSON access log (log_credentials on)"
        case .cloudfront: return "Amazon CloudFront standard log (W3C, tab-separated)"
        case .iis: return "IIS W3C extended log"
        case .apacheCookies: return "Apache LogFormat with Cookie, Set-Cookie and Sec-GPC"
        }
    }

    /// The server configuration that produces this format (for documentation and `--list-formats`).
    public var serverConfiguration: String {
        switch self {
        case .combined:
            return #"log_format combined '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';"#
        case .common:
            return #"log_format common '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent';"#
        case .combinedCookies:
            return #"log_format cookies '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_cookie" "$sent_http_set_cookie" "$http_sec_gpc"';"#
        case .combinedCookiesDNT:
            return #"log_format cookies_dnt '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_cookie" "$sent_http_set_cookie" "$http_sec_gpc" "$http_dnt"';"#
        case .nginxJSON:
            return NginxJSONRenderer.logFormat
        case .caddy:
            return "log { output file access.log; format json }  # with log_credentials in the servers block"
        case .cloudfront:
            return "CloudFront standard logging (legacy) to S3, cookie logging on"
        case .iis:
            return "IIS W3C logging: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Cookie) cs(Referer) sc-status sc-substatus sc-win32-status time-taken"
        case .apacheCookies:
            return #"LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" \"%{Cookie}i\" \"%{Set-Cookie}o\" \"%{Sec-GPC}i\"" cookies"#
        }
    }
}
