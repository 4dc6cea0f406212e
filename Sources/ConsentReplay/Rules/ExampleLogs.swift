/// Builders for the rules' examples: short, real-shaped log lines (nginx combined plus the
/// request `Cookie`, response `Set-Cookie`, `Sec-GPC` and `DNT` headers; a Cookiebot consent
/// log; canonical tagging JSON lines), all on 21 Nov 2026, UTC.
enum ExampleLogs {
    /// The nginx `log_format` of every example access log.
    static let accessConfig = """
        access_log_format: '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_cookie" "$sent_http_set_cookie" "$http_sec_gpc" "$http_dnt"'
        """

    static let browser = "Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0"

    /// One access-log line at `time` (`HH:MM:SS`, or `DD HH:MM:SS` for another day of November).
    static func access(_ time: String, _ request: String, cookie: String = "-", setCookie: String = "-",
                       gpc: String = "-", dnt: String = "-", ip: String = "203.0.113.7") -> String {
        let (day, clock) = time.count > 8 ? (String(time.prefix(2)), String(time.dropFirst(3))) : ("21", time)
        return "\(ip) - - [\(day)/Nov/2026:\(clock) +0000] \"\(request) HTTP/1.1\" 200 512 \"-\" \"\(browser)\" \"\(cookie)\" \"\(setCookie)\" \"\(gpc)\" \"\(dnt)\""
    }

    /// A Cookiebot `CookieConsent` cookie (URL-encoded, as browsers send it).
    static func cookiebot(_ stamp: String, preferences: Bool = false, statistics: Bool, marketing: Bool,
                          method: String = "explicit") -> String {
        "CookieConsent={stamp:%27\(stamp)%27%2Cnecessary:true%2Cpreferences:\(preferences)%2Cstatistics:\(statistics)"
            + "%2Cmarketing:\(marketing)%2Cmethod:%27\(method)%27%2Cver:1%2Cutc:1795255100000%2Cregion:%27de%27}"
    }

    static let consentHeader = "DATE-TIME;CONSENT-ID;CONSENT-URL;CONSENT-PREFERENCES;CONSENT-STATISTICS;CONSENT-MARKETING;USER-IP-ANONYMIZED;USER-AGENT;BANNER-VERSION"

    /// One Cookiebot consent-log row (`;`-separated) at `time` (`HH:MM:SS.fff`).
    static func consent(_ time: String, _ id: String, statistics: Bool, marketing: Bool, version: String = "3") -> String {
        "2026-11-21T\(time)0000;\(id);https://www.shop.example/;False;\(statistics ? "True" : "False");\(marketing ? "True" : "False");203.0.113.0;\"\(browser)\";\(version)"
    }

    /// An incoming hit in the canonical tagging schema.
    static func hitIn(_ time: String, trace: String, clientID: String = "111.222", consent: String) -> String {
        "{\"time\":\"2026-11-21T\(time)Z\",\"direction\":\"in\",\"trace_id\":\"\(trace)\",\"client_id\":\"\(clientID)\",\"ip\":\"203.0.113.7\",\"event\":\"purchase\",\"page\":\"https://www.shop.example/checkout\",\"consent\":\(consent)}"
    }

    /// An outgoing vendor request in the canonical tagging schema.
    static func forward(_ time: String, trace: String, vendor: String, url: String, fields: String = "{}") -> String {
        "{\"time\":\"2026-11-21T\(time)Z\",\"direction\":\"out\",\"trace_id\":\"\(trace)\",\"vendor\":\"\(vendor)\",\"url\":\"\(url)\",\"event\":\"Purchase\",\"status_code\":200,\"fields\":\(fields)}"
    }

    static let ga = "_ga=GA1.1.111.222"
    static let setGA = "_ga=GA1.1.111.222; Max-Age=63072000; Path=/; Domain=shop.example"
    static let fbp = "_fbp=fb.1.1795255100000.4242"
}
