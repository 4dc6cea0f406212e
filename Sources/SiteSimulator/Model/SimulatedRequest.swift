/// What a request was for, from the simulator's point of view. Not written by any log format;
/// it is ground truth for tests and for later generators (tagging logs, planted violations).
public enum RequestKind: String, Sendable, Equatable, CaseIterable {
    /// An HTML document (page view, form post, redirect hop).
    case document
    /// A static asset loaded by a page (script, style sheet, image, font, icon).
    case asset
    /// The tag library served by the first-party tagging host (`/gtag/js`).
    case tagScript
    /// A browser tracking hit to the tagging host (`/g/collect`).
    case collect
    /// A crawler, scanner or monitoring request (never carries cookies).
    case bot
}

/// One HTTP request/response exchange as a web server would log it.
///
/// Every log format is rendered from this value alone. Optional fields are `nil` when the
/// request did not carry the header (renderers decide how "absent" looks in their format).
public struct SimulatedRequest: Sendable, Equatable {
    /// When the server logged the request: milliseconds since the epoch, UTC.
    public var time: Int64
    /// The TCP peer the server saw (`$remote_addr`): the client, a forward proxy or the
    /// site's own load balancer.
    public var clientIP: String
    /// The peer's source port.
    public var clientPort: Int
    /// The `X-Forwarded-For` request header, when a proxy or load balancer added one.
    public var forwardedFor: String?
    /// `GET`, `POST`, `HEAD`…
    public var method: String
    /// `https` or `http`.
    public var scheme: String
    /// The `Host` header.
    public var host: String
    /// The path, percent-encoded as sent (`/search`).
    public var path: String
    /// The query without `?`, percent-encoded as sent; `nil` when the URL had none.
    public var query: String?
    /// The protocol as servers log it in the request line: `HTTP/1.1`, `HTTP/2.0`, `HTTP/3.0`.
    public var protocolVersion: String
    /// The response status code.
    public var status: Int
    /// Response body bytes (0 for 204, 304 and HEAD).
    public var bodyBytes: Int
    /// Request body bytes (form posts, batched tracking hits).
    public var requestBodyBytes: Int
    /// The `Referer` header.
    public var referrer: String?
    /// The `User-Agent` header.
    public var userAgent: String
    /// The `Accept-Language` header.
    public var acceptLanguage: String?
    /// The request `Cookie` header exactly as the browser sent it (`a=1; b=2`).
    public var cookieHeader: String?
    /// Each `Set-Cookie` response header, in order, one full header value per element.
    public var setCookies: [String]
    /// The `Sec-GPC` request header (`"1"` when present).
    public var secGPC: String?
    /// The `DNT` request header (`"1"` when present).
    public var dnt: String?
    /// The time the server took, in microseconds.
    public var requestTimeMicros: Int
    /// The response `Content-Type`, when the response had a body type.
    public var contentType: String?
    /// A per-request random value; formats that log a request id derive it from this.
    public var requestID: UInt64
    /// Ground truth: the simulated visitor (or bot) that sent the request.
    public var visitorID: UInt64
    /// Ground truth: what the request was for.
    public var kind: RequestKind
    /// Ground truth about a tracking hit (`kind == .collect`) that the request itself does not
    /// carry: the banner answer in force and the logged-in customer. Read by the tagging server
    /// simulation (`TaggingServer`); `nil` for every other request.
    public var collectFacts: CollectHitFacts?
    /// Ground truth of a planted violation scenario (`--violations`): the findings this request
    /// must raise and how the tagging server forwards it. `nil` for every simulated visitor
    /// that follows the site's ordinary, consent-following behaviour.
    public var plant: PlantedRequestFacts?

    /// The time the server took, in seconds.
    public var requestTimeSeconds: Double { Double(requestTimeMicros) / 1_000_000 }

    /// The request target as sent: path plus `?query` when there is one.
    public var target: String {
        guard let query else { return path }
        return path + "?" + query
    }

    /// Creates a request; see the properties for the meaning of each field.
    public init(
        time: Int64, clientIP: String, clientPort: Int, forwardedFor: String?, method: String,
        scheme: String, host: String, path: String, query: String?, protocolVersion: String,
        status: Int, bodyBytes: Int, requestBodyBytes: Int, referrer: String?, userAgent: String,
        acceptLanguage: String?, cookieHeader: String?, setCookies: [String], secGPC: String?,
        dnt: String?, requestTimeMicros: Int, contentType: String?, requestID: UInt64,
        visitorID: UInt64, kind: RequestKind, collectFacts: CollectHitFacts? = nil, plant: PlantedRequestFacts? = nil
    ) {
        self.time = time
        self.clientIP = clientIP
        self.clientPort = clientPort
        self.forwardedFor = forwardedFor
        self.method = method
        self.scheme = scheme
        self.host = host
        self.path = path
        self.query = query
        self.protocolVersion = protocolVersion
        self.status = status
        self.bodyBytes = bodyBytes
        self.requestBodyBytes = requestBodyBytes
        self.referrer = referrer
        self.userAgent = userAgent
        self.acceptLanguage = acceptLanguage
        self.cookieHeader = cookieHeader
        self.setCookies = setCookies
        self.secGPC = secGPC
        self.dnt = dnt
        self.requestTimeMicros = requestTimeMicros
        self.contentType = contentType
        self.requestID = requestID
        self.visitorID = visitorID
        self.kind = kind
        self.collectFacts = collectFacts
        self.plant = plant
    }
}
