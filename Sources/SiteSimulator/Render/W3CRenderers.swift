// W3C extended log formats: Amazon CloudFront standard logs and IIS.
//
// Both start with `#`-comment header lines naming the fields; dates and times are UTC and
// an empty field is `-`.

/// FNV-1a over a string: a stable, platform-independent hash for choices that must stay the
/// same for one client (its edge location, its TLS version).
func stableHash(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash &*= 0x0000_0100_0000_01B3
    }
    return hash
}

/// Amazon CloudFront standard log (legacy S3 delivery), all 33 fields, tab-separated.
///
/// Field values are URL-encoded the way CloudFront does it (see `appendCloudFrontEncoded`):
/// spaces become `%20` and a `%` already in a query string or cookie becomes `%25`. CloudFront
/// is the edge, so the viewer address is `c-ip`; when the request reached the origin through
/// the site's private load balancer, the hop is undone (the viewer is the right-most
/// `X-Forwarded-For` entry). CloudFront does not log response headers, so `Set-Cookie` is
/// absent from this format.
struct CloudFrontRenderer: LogLineRenderer {
    static let fields =
        "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end"

    static let edgeLocations = ["FRA56-P5", "FRA60-P2", "AMS58-P3", "MUC50-P2", "DUS51-C1", "CDG52-P1", "WAW51-P3", "VIE50-C1"]
    static let requestIDAlphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

    func fileHeader(firstRequestTime: Int64) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendStatic("#Version: 1.0\n#Fields: ")
        bytes.appendString(CloudFrontRenderer.fields)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    func render(_ request: SimulatedRequest, into buffer: inout [UInt8]) {
        let tab = UInt8(ascii: "\t")
        let time = CivilTime(epochMillis: request.time)
        var viewer = request.clientIP
        var forwarded = request.forwardedFor
        if let chain = request.forwardedFor, isPrivateIPv4(request.clientIP) {
            var hops = chain.split(separator: ",").map { String($0).trimmingSpaces() }
            viewer = hops.popLast() ?? request.clientIP
            forwarded = hops.isEmpty ? nil : hops.joined(separator: ", ")
        }
        let clientHash = stableHash(viewer)
        let result = resultType(request)

        time.appendISODate(to: &buffer)
        buffer.append(tab)
        time.appendClock(to: &buffer)
        buffer.append(tab)
        buffer.appendString(CloudFrontRenderer.edgeLocations[Int(clientHash % UInt64(CloudFrontRenderer.edgeLocations.count))])
        buffer.append(tab)
        buffer.appendDecimal(responseBytes(request))
        buffer.append(tab)
        buffer.appendString(viewer)
        buffer.append(tab)
        buffer.appendString(request.method)
        buffer.append(tab)
        buffer.appendStatic(request.host.hasPrefix("sst.") ? "d1f8h2n5m4b7c0.cloudfront.net" : "d3k2v9x8q7w6e1.cloudfront.net")
        buffer.append(tab)
        buffer.appendCloudFrontEncoded(request.path)
        buffer.append(tab)
        buffer.appendDecimal(request.status)
        buffer.append(tab)
        buffer.appendCloudFrontEncoded(request.referrer)
        buffer.append(tab)
        buffer.appendCloudFrontEncoded(request.userAgent)
        buffer.append(tab)
        buffer.appendCloudFrontEncoded(request.query)
        buffer.append(tab)
        buffer.appendCloudFrontEncoded(request.cookieHeader)
        buffer.append(tab)
        buffer.appendString(result)
        buffer.append(tab)
        appendRequestID(request.requestID, into: &buffer)
        buffer.append(tab)
        buffer.appendString(request.host)
        buffer.append(tab)
        buffer.appendString(request.scheme)
        buffer.append(tab)
        buffer.appendDecimal(requestBytes(request))
        buffer.append(tab)
        buffer.appendSeconds(micros: request.requestTimeMicros, decimals: 3)
        buffer.append(tab)
        buffer.appendCloudFrontEncoded(forwarded)
        buffer.append(tab)
        if request.scheme == "https" {
            let modern = clientHash % 100 >= 8
            buffer.appendStatic(modern ? "TLSv1.3\tTLS_AES_128_GCM_SHA256" : "TLSv1.2\tECDHE-RSA-AES128-GCM-SHA256")
        } else {
            buffer.appendStatic("-\t-")
        }
        buffer.append(tab)
        buffer.appendString(result)
        buffer.append(tab)
        buffer.appendString(request.protocolVersion)
        buffer.appendStatic("\t-\t-\t")
        buffer.appendDecimal(request.clientPort)
        buffer.append(tab)
        buffer.appendSeconds(micros: request.requestTimeMicros * 4 / 5, decimals: 3)
        buffer.append(tab)
        buffer.appendString(result)
        buffer.append(tab)
        buffer.appendCloudFrontEncoded(request.contentType)
        buffer.append(tab)
        if request.bodyBytes > 0 && (request.kind == .asset || request.kind == .tagScript || request.kind == .bot) {
            buffer.appendDecimal(request.bodyBytes)
        } else {
            buffer.append(UInt8(ascii: "-"))
        }
        buffer.appendStatic("\t-\t-\n")
    }

    private func resultType(_ request: SimulatedRequest) -> String {
        if request.scheme == "http" { return "Redirect" }
        if request.status >= 400 { return "Error" }
        guard request.kind == .asset || request.kind == .tagScript else { return "Miss" }
        switch request.requestID % 20 {
        case 0, 1: return "Miss"
        case 2: return "RefreshHit"
        default: return "Hit"
        }
    }

    /// 56 characters of URL-safe base64 (40 bytes, ending in `==`), derived from the request's random id.
    private func appendRequestID(_ seed: UInt64, into buffer: inout [UInt8]) {
        var mixer = SplitMix64(seed: seed)
        CloudFrontRenderer.requestIDAlphabet.withUTF8Buffer { alphabet in
            var bits = mixer.next()
            var available = 64
            for index in 0..<54 {
                if available < 6 {
                    bits = mixer.next()
                    available = 64
                }
                // 40 bytes encode to 53⅓ characters: the last one carries only 2 data bits.
                buffer.append(alphabet[index == 53 ? Int(bits & 3) * 16 : Int(bits & 63)])
                bits >>= 6
                available -= 6
            }
        }
        buffer.appendStatic("==")
    }

    private func responseBytes(_ request: SimulatedRequest) -> Int {
        var bytes = request.bodyBytes + 310 + (request.contentType?.utf8.count ?? 0)
        for cookie in request.setCookies { bytes += cookie.utf8.count + 14 }
        return bytes
    }

    private func requestBytes(_ request: SimulatedRequest) -> Int {
        var bytes = 120 + request.path.utf8.count + (request.query?.utf8.count ?? 0) + request.userAgent.utf8.count
        bytes += (request.cookieHeader?.utf8.count).map { $0 + 10 } ?? 0
        bytes += (request.referrer?.utf8.count).map { $0 + 11 } ?? 0
        bytes += (request.acceptLanguage?.utf8.count).map { $0 + 19 } ?? 0
        return bytes + request.requestBodyBytes
    }
}

/// IIS W3C extended logging with the default fields plus `cs(Cookie)` and `cs(Referer)`.
/// IIS writes spaces inside values as `+`; `time-taken` is in milliseconds.
struct IISRenderer: LogLineRenderer {
    static let fields =
        "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Cookie) cs(Referer) sc-status sc-substatus sc-win32-status time-taken"

    func fileHeader(firstRequestTime: Int64) -> [UInt8] {
        let time = CivilTime(epochMillis: firstRequestTime)
        var bytes: [UInt8] = []
        bytes.appendStatic("#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: ")
        time.appendISODate(to: &bytes)
        bytes.append(UInt8(ascii: " "))
        time.appendClock(to: &bytes)
        bytes.appendStatic("\n#Fields: ")
        bytes.appendString(IISRenderer.fields)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    func render(_ request: SimulatedRequest, into buffer: inout [UInt8]) {
        let space = UInt8(ascii: " ")
        let time = CivilTime(epochMillis: request.time)
        time.appendISODate(to: &buffer)
        buffer.append(space)
        time.appendClock(to: &buffer)
        buffer.append(space)
        buffer.appendStatic(request.host.hasPrefix("sst.") ? "10.0.1.5" : "10.0.1.4")
        buffer.append(space)
        buffer.appendIISField(request.method)
        buffer.append(space)
        buffer.appendIISField(request.path)
        buffer.append(space)
        buffer.appendIISField(request.query)
        buffer.append(space)
        buffer.appendStatic(request.scheme == "https" ? "443" : "80")
        buffer.appendStatic(" - ")
        buffer.appendString(request.clientIP)
        buffer.append(space)
        buffer.appendIISField(request.userAgent)
        buffer.append(space)
        buffer.appendIISField(request.cookieHeader)
        buffer.append(space)
        buffer.appendIISField(request.referrer)
        buffer.append(space)
        buffer.appendDecimal(request.status)
        buffer.appendStatic(" 0 ")
        let aborted = request.bodyBytes > 50_000 && request.requestID % 400 == 0
        buffer.appendStatic(aborted ? "64" : "0")
        buffer.append(space)
        buffer.appendDecimal((request.requestTimeMicros + 500) / 1000)
        buffer.append(UInt8(ascii: "\n"))
    }
}
