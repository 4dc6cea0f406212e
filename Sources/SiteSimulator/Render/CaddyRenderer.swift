/// Caddy v2's structured access log (zap JSON), with `log_credentials` on so that the `Cookie`
/// and `Set-Cookie` headers are logged instead of `REDACTED`.
///
/// Header names are Go-canonical (`Sec-Gpc`, `Dnt`) and every header value is an array. Go
/// serialises the header maps in random order; we use one fixed order so output stays
/// reproducible. `ts` and `duration` are Go's shortest float text (`strconv 'f', -1`).
/// Behind a trusted proxy (a private address), `client_ip` is the left-most
/// `X-Forwarded-For` entry, as Caddy's `trusted_proxies` handling does.
struct CaddyRenderer: LogLineRenderer {
    func render(_ request: SimulatedRequest, into buffer: inout [UInt8]) {
        buffer.appendStatic("{\"level\":\"")
        buffer.appendStatic(request.status >= 500 ? "error" : "info")
        buffer.appendStatic("\",\"ts\":")
        buffer.appendShortestDecimal(request.time, scale: 3)
        buffer.appendStatic(",\"logger\":\"http.log.access.log0\",\"msg\":\"handled request\",\"request\":{\"remote_ip\":")
        buffer.appendGoJSONString(request.clientIP)
        buffer.appendStatic(",\"remote_port\":\"")
        buffer.appendDecimal(request.clientPort)
        buffer.appendStatic("\",\"client_ip\":")
        buffer.appendGoJSONString(clientIP(of: request))
        buffer.appendStatic(",\"proto\":")
        buffer.appendGoJSONString(request.protocolVersion)
        buffer.appendStatic(",\"method\":")
        buffer.appendGoJSONString(request.method)
        buffer.appendStatic(",\"host\":")
        buffer.appendGoJSONString(request.host)
        buffer.appendStatic(",\"uri\":")
        buffer.appendGoJSONString(request.target)
        buffer.appendStatic(",\"headers\":{")
        var first = true
        appendHeader("User-Agent", request.userAgent, into: &buffer, first: &first)
        appendHeader("Accept", accept(for: request), into: &buffer, first: &first)
        appendHeader("Accept-Encoding", "gzip, deflate, br, zstd", into: &buffer, first: &first)
        appendHeader("Accept-Language", request.acceptLanguage, into: &buffer, first: &first)
        appendHeader("Cookie", request.cookieHeader, into: &buffer, first: &first)
        appendHeader("Referer", request.referrer, into: &buffer, first: &first)
        appendHeader("Sec-Gpc", request.secGPC, into: &buffer, first: &first)
        appendHeader("Dnt", request.dnt, into: &buffer, first: &first)
        appendHeader("X-Forwarded-For", request.forwardedFor, into: &buffer, first: &first)
        if request.method == "POST" {
            appendHeader("Content-Length", String(request.requestBodyBytes), into: &buffer, first: &first)
        }
        buffer.append(UInt8(ascii: "}"))
        if request.scheme == "https" {
            buffer.appendStatic(",\"tls\":{\"resumed\":false,\"version\":772,\"cipher_suite\":4865,\"proto\":\"")
            switch request.protocolVersion {
            case "HTTP/3.0": buffer.appendStatic("h3")
            case "HTTP/2.0": buffer.appendStatic("h2")
            default: buffer.appendStatic("http/1.1")
            }
            buffer.appendStatic("\",\"server_name\":")
            buffer.appendGoJSONString(request.host)
            buffer.append(UInt8(ascii: "}"))
        }
        buffer.appendStatic("},\"bytes_read\":")
        buffer.appendDecimal(request.requestBodyBytes)
        buffer.appendStatic(",\"user_id\":\"\",\"duration\":")
        buffer.appendShortestDecimal(Int64(request.requestTimeMicros), scale: 6)
        buffer.appendStatic(",\"size\":")
        buffer.appendDecimal(request.bodyBytes)
        buffer.appendStatic(",\"status\":")
        buffer.appendDecimal(request.status)
        buffer.appendStatic(",\"resp_headers\":{\"Server\":[\"Caddy\"],\"Alt-Svc\":[\"h3=\\\":443\\\"; ma=2592000\"]")
        if let contentType = request.contentType {
            buffer.appendStatic(",\"Content-Type\":[")
            buffer.appendGoJSONString(contentType)
            buffer.append(UInt8(ascii: "]"))
            if request.kind == .asset || request.kind == .tagScript {
                buffer.appendStatic(",\"Content-Length\":[\"")
                buffer.appendDecimal(request.bodyBytes)
                buffer.appendStatic("\"]")
            }
        }
        if !request.setCookies.isEmpty {
            buffer.appendStatic(",\"Set-Cookie\":[")
            for (index, cookie) in request.setCookies.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: ",")) }
                buffer.appendGoJSONString(cookie)
            }
            buffer.append(UInt8(ascii: "]"))
        }
        buffer.appendStatic("}}\n")
    }

    private func appendHeader(_ name: StaticString, _ value: String?, into buffer: inout [UInt8], first: inout Bool) {
        guard let value else { return }
        if !first { buffer.append(UInt8(ascii: ",")) }
        first = false
        buffer.append(UInt8(ascii: "\""))
        buffer.appendStatic(name)
        buffer.appendStatic("\":[")
        buffer.appendGoJSONString(value)
        buffer.append(UInt8(ascii: "]"))
    }

    private func accept(for request: SimulatedRequest) -> String {
        switch request.kind {
        case .document: return "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
        case .asset:
            if request.path.hasSuffix(".css") { return "text/css,*/*;q=0.1" }
            if request.path.hasSuffix(".js") || request.path.hasSuffix(".woff2") { return "*/*" }
            return "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"
        case .tagScript, .collect, .bot: return "*/*"
        }
    }

    private func clientIP(of request: SimulatedRequest) -> String {
        guard let forwarded = request.forwardedFor, isPrivateIPv4(request.clientIP) else { return request.clientIP }
        let first = forwarded.split(separator: ",", maxSplits: 1).first.map(String.init) ?? forwarded
        return first.trimmingSpaces()
    }
}

/// True for RFC 1918 IPv4 addresses (the ranges Caddy's `private_ranges` trusts).
func isPrivateIPv4(_ address: String) -> Bool {
    if address.hasPrefix("10.") || address.hasPrefix("192.168.") { return true }
    guard address.hasPrefix("172.") else { return false }
    let parts = address.split(separator: ".")
    guard parts.count == 4, let second = Int(parts[1]) else { return false }
    return (16...31).contains(second)
}

extension String {
    /// The string without leading and trailing spaces.
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
    }
}
