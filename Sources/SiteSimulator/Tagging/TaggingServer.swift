// The first-party server-side tagging host `sst.shop.example`: a server-side Google Tag
// Manager container (on Cloud Run, behind Caddy) whose tags follow Stape's logging convention.
//
// For every GA4 hit the browser sends (`/g/collect`, the same requests the Caddy log shows),
// the GA4 client turns the hit into event data and these tags fire:
// - `Logger` (Stape's Logger tag, "log all Event Data"): one `Message` object with `EventData`;
// - `GA4`: a Measurement Protocol tag (`/mp/collect`, `api_secret` in the URL);
// - `Facebook` (Stape's Meta Conversions API tag): only when the hit's `gcs` grants
//   ad_storage, `access_token` in the URL as Stape's tag builds it;
// - `TikTok` (Stape's TikTok Events API tag, the version that logs no `TraceId`): only when
//   ad_storage is granted; its `Access-Token` travels in a request header, which Stape's
//   templates never log.
// Each vendor call is logged as a `Request` object and, when the vendor answers, a `Response`
// object (Stape's GTMS-3 convention: `logToConsole(JSON.stringify({...}))`). `user_engagement`
// hits only reach GA4.
//
// Enrichment: the browser's hits carry no user data. For a logged-in visitor the container
// looks the customer up on the server (the shop writes the customer record at login) and adds
// `user_id` and hashed e-mail/phone to GA4 (the hashes only with ad_user_data granted) and
// `external_id`, e-mail and phone hashes to Meta and TikTok. Every outgoing request records
// which fields the server added (`TaggingVendorRequest.addedFields`).
//
// Times: the hit reaches the container a moment after the browser sent it; the container
// answers at once (the vendor tags use Stape's "optimistic scenario"), so the Cloud Run
// request latency fits inside the Caddy duration, while vendor responses arrive up to half a
// second later. Every random draw comes from a stream of the request's own id, so the
// tagging log never changes what the simulation does.

/// The container's deployment and the tags' (fake) credentials.
public struct TaggingServerConfiguration: Sendable, Equatable {
    /// The Google Cloud project.
    public var projectID = "shop-sgtm"
    /// The Cloud Run service.
    public var serviceName = "sgtm"
    /// The serving revision.
    public var revisionName = "sgtm-00042-abc"
    /// The Cloud Run region.
    public var location = "europe-west1"
    /// The Meta pixel (dataset) id.
    public var metaPixelID = "704215398821467"
    /// The Meta Conversions API access token. Fake, and logged in `RequestUrl` as Stape's tag
    /// logs it: a reader must redact it.
    public var metaAccessToken = "EAAG-SECRET-c2hvcC5leGFtcGxlLWZha2UtY2FwaS10b2tlbg"
    /// The GA4 Measurement Protocol API secret. Fake, and logged in `RequestUrl`.
    public var ga4APISecret = "GA4-SECRET-q7Vx2mKp9TzL4wRb"
    /// The TikTok pixel code (`event_source_id`).
    public var tiktokPixelID = "CQ7RN2JC77U2B9T3KP40"
    /// The TikTok Events API access token. Fake; sent in the `Access-Token` header, which
    /// Stape's TikTok tag does not log, so it never appears in the log.
    public var tiktokAccessToken = "TT-SECRET-9f3b2c7a1e5d4b6c8a0f2e4d6b8c0a1e"
    /// The Meta Graph API version.
    public var metaAPIVersion = "v19.0"
    /// The Pinterest ad account of the conversions API (planted scenarios only).
    public var pinterestAdAccountID = "549764106778"

    /// The shop's deployment.
    public init() {}
}

/// The vendor an outgoing request goes to.
public enum TaggingVendor: String, Sendable, Equatable, CaseIterable {
    /// Google Analytics 4 (Measurement Protocol).
    case googleAnalytics = "google-analytics"
    /// Meta Conversions API.
    case meta
    /// TikTok Events API.
    case tiktok
    /// Pinterest API for Conversions (only planted scenarios send to it).
    case pinterest

    /// The tag's `Name` in the log.
    public var tagName: String {
        switch self {
        case .googleAnalytics: return "GA4"
        case .meta: return "Facebook"
        case .tiktok: return "TikTok"
        case .pinterest: return "Pinterest"
        }
    }

    /// Whether the tag logs `TraceId` (Stape's TikTok tag of this container does not).
    public var logsTraceID: Bool { self != .tiktok }
}

/// Ground truth about one request the tagging server sent to a vendor.
public struct TaggingVendorRequest: Sendable, Equatable {
    /// When the request was logged, microseconds since the epoch (UTC).
    public var timeMicros: Int64
    /// The incoming hit's trace id (also in the Logger object and the Cloud Run request log;
    /// absent from the TikTok objects).
    public var traceID: String
    /// The vendor.
    public var vendor: TaggingVendor
    /// The incoming GA4 event (`page_view`…).
    public var incomingEvent: String
    /// The event name sent to the vendor (`PageView`…).
    public var vendorEvent: String
    /// The simulated visitor whose hit this is.
    public var visitorID: UInt64
    /// The banner answer in force when the hit fired.
    public var consent: ConsentChoice
    /// The request URL as logged (secrets included).
    public var url: String
    /// The vendor's HTTP status.
    public var statusCode: Int
    /// Body fields the server added that the incoming hit did not carry (dotted paths such as
    /// `user_data.em`), in body order; empty for anonymous visitors.
    public var addedFields: [String]
}

/// One future line of the tagging log, before a platform wraps it.
struct TaggingLogEntry {
    enum Payload {
        /// A Stape object printed with `logToConsole(JSON.stringify(object))`.
        case console(JSONText)
        /// A plain stdout line.
        case text(String)
        /// The platform's own request log (Cloud Run only).
        case request(TaggingRequestLog)
    }

    /// When it happened, nanoseconds since the epoch.
    var nanos: Int64
    var payload: Payload
    /// What the entry is, for the violation truth.
    var role: TaggingEntryRole = .other
}

/// What a tagging log entry is, for the violation truth (`TruthRecorder`).
enum TaggingEntryRole {
    /// Platform noise, `/gtag/js` loads, vendor responses.
    case other
    /// Cloud Run's request log of a `/g/collect` hit (an incoming hit).
    case requestLog
    /// The Logger tag's object of a hit (an incoming hit).
    case logger
    /// A vendor request.
    case vendorRequest(TruthVendorNote)
}

/// What the truth needs to know about one vendor request.
struct TruthVendorNote {
    var vendor: TaggingVendor
    /// Whether the body carries personal fields (client id, IP, user agent, hashes…).
    var personal: Bool
    /// Whether it carries the visitor's IP address in clear.
    var clearIP: Bool
    /// Findings a planted scenario declared for it.
    var offenses: [PlantedOffense]
}

/// What Cloud Run logs about one HTTP request it served.
struct TaggingRequestLog {
    var method: String
    var url: String
    var requestSize: Int
    var status: Int
    var responseSize: Int
    var userAgent: String
    var remoteIP: String
    var referer: String?
    var latencyNanos: Int64
    var traceID: String
    var spanID: String
}

/// Turns the site's requests to the tagging host into the container's log entries.
struct TaggingServer {
    let configuration: TaggingServerConfiguration
    let site: SiteModel
    let seed: UInt64

    /// The log entries of one request (none for requests the container never sees), and the
    /// vendor requests it sent.
    func handle(_ request: SimulatedRequest) -> (entries: [TaggingLogEntry], vendorRequests: [TaggingVendorRequest]) {
        guard request.host == site.name(of: .tagging), request.status != 502 else { return ([], []) }
        guard request.kind == .collect || request.kind == .tagScript else { return ([], []) }
        var random = SeededRandom(seed: seed ^ 0x5347_544D, stream: request.requestID)  // "SGTM"
        let traceID = StandInHash.hex(request.requestID ^ seed, field: 0x7472_6163, count: 32)
        let end = request.time * 1_000_000 + Int64(random.below(1_000_000))
        let start = end - Int64(request.requestTimeMicros) * 1000
        let received = start + Int64(random.int(in: 150_000...900_000))
        let latency = max(Int64(300_000), end - received - Int64(random.int(in: 100_000...600_000)))
        let requestLog = TaggingRequestLog(
            method: request.method, url: "https://" + request.host + request.target,
            requestSize: 420 + request.target.utf8.count + (request.cookieHeader?.utf8.count ?? 0) + request.userAgent.utf8.count
                + request.requestBodyBytes,
            status: request.status,
            responseSize: 160 + request.bodyBytes + request.setCookies.reduce(0) { $0 + $1.utf8.count + 14 },
            userAgent: request.userAgent, remoteIP: visitorAddress(of: request), referer: request.referrer,
            latencyNanos: latency, traceID: traceID,
            spanID: StandInHash.hex(request.requestID ^ seed, field: 0x7370_616E, count: 16))
        let isHit = request.kind == .collect && request.collectFacts != nil && request.query != nil
        var entries = [TaggingLogEntry(nanos: received, payload: .request(requestLog), role: isHit ? .requestLog : .other)]
        guard request.kind == .collect, let facts = request.collectFacts, let query = request.query else {
            return (entries, [])
        }

        let hit = IncomingHit(query: query, cookieHeader: request.cookieHeader)
        let eventData = self.eventData(of: hit, request: request)
        var t = received + Int64(random.int(in: 300_000...2_500_000))
        entries.append(
            TaggingLogEntry(
                nanos: t,
                payload: .console(
                    .object([
                        ("Name", .string("Logger")), ("Type", .string("Message")), ("TraceId", .string(traceID)),
                        ("EventName", .string(hit.event)), ("EventData", eventData),
                    ])), role: .logger))

        // The container's tags follow the hit's `gcs`; a planted scenario's hit says itself
        // which vendor requests its (misconfigured) container sends.
        var forwards: [PlantedForward]
        if let plant = request.plant {
            forwards = plant.forwards
        } else {
            forwards = [PlantedForward(.googleAnalytics)]
            if hit.adStorageGranted && hit.event != "user_engagement" { forwards += [PlantedForward(.meta), PlantedForward(.tiktok)] }
        }
        var vendorRequests: [TaggingVendorRequest] = []
        for forward in forwards {
            let vendor = forward.vendor
            t += Int64(random.int(in: 200_000...4_000_000))
            var customer = facts.customer
            switch forward.userData {
            case .standard: break
            case .customerHashes: customer = customer ?? CustomerProfile(seed: seed, visitorID: request.visitorID)
            case .none: customer = nil
            }
            let call = outgoing(vendor, hit: hit, request: request, customer: customer, withUserData: forward.userData != .none, at: t)
            let response = self.response(for: vendor, at: t, random: &random)
            let note = TruthVendorNote(
                vendor: vendor, personal: vendor == .googleAnalytics || forward.userData != .none,
                clearIP: vendor != .googleAnalytics && forward.userData != .none, offenses: forward.offenses)
            entries.append(
                TaggingLogEntry(nanos: t, payload: .console(call.requestObject(traceID: traceID)), role: .vendorRequest(note)))
            entries.append(
                TaggingLogEntry(
                    nanos: t + response.latencyNanos,
                    payload: .console(call.responseObject(traceID: traceID, response: response))))
            vendorRequests.append(
                TaggingVendorRequest(
                    timeMicros: t / 1000, traceID: traceID, vendor: vendor, incomingEvent: hit.event,
                    vendorEvent: call.eventName, visitorID: request.visitorID, consent: facts.consent, url: call.url,
                    statusCode: response.status, addedFields: call.addedFields))
        }
        return (entries, vendorRequests)
    }

    /// The visitor's public address: the right-most `X-Forwarded-For` entry (the address that
    /// reached the site's load balancer), else the TCP peer.
    private func visitorAddress(of request: SimulatedRequest) -> String {
        guard let forwarded = request.forwardedFor else { return request.clientIP }
        let last = forwarded.split(separator: ",").last.map(String.init) ?? forwarded
        return last.trimmingSpaces()
    }

    // MARK: - Incoming event

    /// `getAllEventData()` of the GA4 client for one hit, in the order the client fills it.
    private func eventData(of hit: IncomingHit, request: SimulatedRequest) -> JSONText {
        var data: [(String, JSONText)] = [
            ("event_name", .string(hit.event)),
            ("client_id", .string(hit.value("cid") ?? "")),
            ("ip_override", .string(visitorAddress(of: request))),
            ("user_agent", .string(request.userAgent)),
            ("page_location", .string(hit.pageLocation)),
        ]
        if let referrer = hit.value("dr") { data.append(("page_referrer", .string(referrer))) }
        if let title = hit.value("dt") { data.append(("page_title", .string(title))) }
        if let language = hit.value("ul") { data.append(("language", .string(language))) }
        if let screen = hit.value("sr") { data.append(("screen_resolution", .string(screen))) }
        if let session = hit.value("sid") { data.append(("ga_session_id", .string(session))) }
        if let number = hit.value("sct").flatMap(Int64.init) { data.append(("ga_session_number", .int(number))) }
        if let engagement = hit.value("_et").flatMap(Int64.init) { data.append(("engagement_time_msec", .int(engagement))) }
        data += hit.eventParameters
        if let items = hit.items { data.append(("items", items)) }
        data.append(("x-ga-protocol_version", .string(hit.value("v") ?? "2")))
        data.append(("x-ga-measurement_id", .string(hit.value("tid") ?? site.measurementID)))
        if let gtm = hit.value("gtm") { data.append(("x-ga-gtm_version", .string(gtm))) }
        if let page = hit.value("_p") { data.append(("x-ga-page_id", .string(page))) }
        if let count = hit.value("_s").flatMap(Int64.init) { data.append(("x-ga-request_count", .int(count))) }
        var system: [(String, JSONText)] = []
        for key in ["_fv", "_nsi", "_ss"] where hit.value(key) != nil { system.append((key, .string("1"))) }
        if !system.isEmpty { data.append(("x-ga-system_properties", .object(system))) }
        if let gcs = hit.value("gcs") { data.append(("x-ga-gcs", .string(gcs))) }
        if let gcd = hit.value("gcd") { data.append(("x-ga-gcd", .string(gcd))) }
        if let npa = hit.value("npa") { data.append(("x-ga-npa", .string(npa))) }
        data.append(("event_id", .string(hit.eventID)))
        return .object(data)
    }

    // MARK: - Outgoing requests

    /// One vendor call as the tag builds and logs it.
    struct VendorCall {
        var vendor: TaggingVendor
        var eventName: String
        var url: String
        var body: JSONText
        var addedFields: [String]

        /// The `Request` object; the GA4 template puts `Type` first and `TraceId` last, the
        /// TikTok template logs no `TraceId`.
        func requestObject(traceID: String) -> JSONText {
            switch vendor {
            case .googleAnalytics:
                return .object([
                    ("Type", .string("Request")), ("Name", .string(vendor.tagName)), ("EventName", .string(eventName)),
                    ("RequestMethod", .string("POST")), ("RequestUrl", .string(url)), ("RequestBody", body),
                    ("TraceId", .string(traceID)),
                ])
            case .meta:
                return .object([
                    ("Name", .string(vendor.tagName)), ("Type", .string("Request")), ("TraceId", .string(traceID)),
                    ("EventName", .string(eventName)), ("RequestMethod", .string("POST")), ("RequestUrl", .string(url)),
                    ("RequestBody", body),
                ])
            case .tiktok:
                return .object([
                    ("Name", .string(vendor.tagName)), ("Type", .string("Request")), ("EventName", .string(eventName)),
                    ("RequestMethod", .string("POST")), ("RequestUrl", .string(url)), ("RequestBody", body),
                ])
            case .pinterest:
                return .object([
                    ("Name", .string(vendor.tagName)), ("Type", .string("Request")), ("TraceId", .string(traceID)),
                    ("EventName", .string(eventName)), ("RequestMethod", .string("POST")), ("RequestUrl", .string(url)),
                    ("RequestBody", body),
                ])
            }
        }

        /// The `Response` object (`ResponseBody` is the body text, JSON in a string).
        func responseObject(traceID: String, response: VendorResponse) -> JSONText {
            let status: JSONText = .int(Int64(response.status))
            switch vendor {
            case .googleAnalytics:
                return .object([
                    ("Type", .string("Response")), ("Name", .string(vendor.tagName)), ("EventName", .string(eventName)),
                    ("ResponseStatusCode", status), ("ResponseHeaders", response.headers),
                    ("ResponseBody", .string(response.body)), ("TraceId", .string(traceID)),
                ])
            case .meta:
                return .object([
                    ("Name", .string(vendor.tagName)), ("Type", .string("Response")), ("TraceId", .string(traceID)),
                    ("EventName", .string(eventName)), ("ResponseStatusCode", status), ("ResponseHeaders", response.headers),
                    ("ResponseBody", .string(response.body)),
                ])
            case .tiktok:
                return .object([
                    ("Name", .string(vendor.tagName)), ("Type", .string("Response")), ("EventName", .string(eventName)),
                    ("ResponseStatusCode", status), ("ResponseHeaders", response.headers),
                    ("ResponseBody", .string(response.body)),
                ])
            case .pinterest:
                return .object([
                    ("Name", .string(vendor.tagName)), ("Type", .string("Response")), ("TraceId", .string(traceID)),
                    ("EventName", .string(eventName)), ("ResponseStatusCode", status), ("ResponseHeaders", response.headers),
                    ("ResponseBody", .string(response.body)),
                ])
            }
        }
    }

    private func outgoing(
        _ vendor: TaggingVendor, hit: IncomingHit, request: SimulatedRequest, customer: CustomerProfile?, withUserData: Bool,
        at nanos: Int64
    ) -> VendorCall {
        switch vendor {
        case .googleAnalytics: return ga4Call(hit: hit, customer: customer, at: nanos)
        case .meta: return metaCall(hit: hit, request: request, customer: customer, withUserData: withUserData, at: nanos)
        case .tiktok: return tiktokCall(hit: hit, request: request, customer: customer, withUserData: withUserData, at: nanos)
        case .pinterest: return pinterestCall(hit: hit, request: request, customer: customer, at: nanos)
        }
    }

    private func ga4Call(hit: IncomingHit, customer: CustomerProfile?, at nanos: Int64) -> VendorCall {
        var added: [String] = []
        var params: [(String, JSONText)] = []
        if let session = hit.value("sid") { params.append(("session_id", .string(session))) }
        params.append(("engagement_time_msec", .int(hit.value("_et").flatMap(Int64.init) ?? 1)))
        params.append(("page_location", .string(hit.pageLocation)))
        if let title = hit.value("dt") { params.append(("page_title", .string(title))) }
        if let referrer = hit.value("dr") { params.append(("page_referrer", .string(referrer))) }
        params += hit.eventParameters
        if let items = hit.items { params.append(("items", items)) }
        var body: [(String, JSONText)] = [("client_id", .string(hit.value("cid") ?? ""))]
        if let customer {
            body.append(("user_id", .string(customer.customerID)))
            added.append("user_id")
        }
        body.append(("timestamp_micros", .string(String(nanos / 1000))))
        body.append(("non_personalized_ads", .bool(!hit.adStorageGranted)))
        let granted: JSONText = .string(hit.adStorageGranted ? "GRANTED" : "DENIED")
        body.append(("consent", .object([("ad_user_data", granted), ("ad_personalization", granted)])))
        body.append(("events", .array([.object([("name", .string(hit.event)), ("params", .object(params))])])))
        if let customer, hit.adStorageGranted {
            var userData: [(String, JSONText)] = [("sha256_email_address", .array([.string(customer.emailHash)]))]
            added.append("user_data.sha256_email_address")
            if let phone = customer.phoneHash {
                userData.append(("sha256_phone_number", .array([.string(phone)])))
                added.append("user_data.sha256_phone_number")
            }
            body.append(("user_data", .object(userData)))
        }
        let url = "https://www.google-analytics.com/mp/collect?measurement_id=" + (hit.value("tid") ?? site.measurementID)
            + "&api_secret=" + configuration.ga4APISecret
        return VendorCall(vendor: .googleAnalytics, eventName: hit.event, url: url, body: .object(body), addedFields: added)
    }

    private func metaCall(
        hit: IncomingHit, request: SimulatedRequest, customer: CustomerProfile?, withUserData: Bool, at nanos: Int64
    ) -> VendorCall {
        let eventName: String
        switch hit.event {
        case "page_view": eventName = "PageView"
        case "view_item": eventName = "ViewContent"
        case "add_to_cart": eventName = "AddToCart"
        case "purchase": eventName = "Purchase"
        default: eventName = hit.event
        }
        var custom: [(String, JSONText)] = []
        if let contents = hit.metaContents {
            custom.append(("contents", contents))
            custom.append(("content_type", .string("product")))
        }
        if let value = hit.parameter("value") { custom.append(("value", value)) }
        if let currency = hit.value("cu") { custom.append(("currency", .string(currency))) }
        if let search = hit.parameter("search_term") { custom.append(("search_string", search)) }
        if let order = hit.parameter("transaction_id") { custom.append(("order_id", order)) }
        var user: [(String, JSONText)] = [
            ("client_user_agent", .string(request.userAgent)), ("client_ip_address", .string(visitorAddress(of: request))),
        ]
        if let fbc = hit.cookie("_fbc") { user.append(("fbc", .string(fbc))) }
        if let fbp = hit.cookie("_fbp") { user.append(("fbp", .string(fbp))) }
        var added: [String] = []
        if let customer {
            user.append(("external_id", .string(customer.customerID)))
            user.append(("em", .array([.string(customer.emailHash)])))
            added += ["user_data.external_id", "user_data.em"]
            if let phone = customer.phoneHash {
                user.append(("ph", .array([.string(phone)])))
                added.append("user_data.ph")
            }
        }
        var fields: [(String, JSONText)] = [
            ("event_name", .string(eventName)), ("action_source", .string("website")), ("event_time", .int(nanos / 1_000_000_000)),
            ("custom_data", .object(custom)),
        ]
        // A Meta tag configured without user data sends a field-less event (planted scenarios).
        if withUserData { fields.append(("user_data", .object(user))) } else { added = [] }
        fields += [("event_source_url", .string(hit.pageLocation)), ("event_id", .string(hit.eventID))]
        let event: JSONText = .object(fields)
        let url = "https://graph.facebook.com/" + configuration.metaAPIVersion + "/" + configuration.metaPixelID
            + "/events?access_token=" + configuration.metaAccessToken
        return VendorCall(
            vendor: .meta, eventName: eventName, url: url,
            body: .object([("data", .array([event])), ("partner_agent", .string("stape-gtmss-2.1.1"))]), addedFields: added)
    }

    private func tiktokCall(
        hit: IncomingHit, request: SimulatedRequest, customer: CustomerProfile?, withUserData: Bool, at nanos: Int64
    ) -> VendorCall {
        let eventName: String
        switch hit.event {
        case "page_view": eventName = "PageView"
        case "view_item": eventName = "ViewContent"
        case "add_to_cart": eventName = "AddToCart"
        case "purchase": eventName = "PlaceAnOrder"
        default: eventName = hit.event
        }
        var user: [(String, JSONText)] = []
        var added: [String] = []
        if let customer {
            user.append(("email", .string(customer.emailHash)))
            added.append("user.email")
            if let phone = customer.phoneHash {
                user.append(("phone", .string(phone)))
                added.append("user.phone")
            }
            user.append(("external_id", .string(customer.externalIDHash)))
            added.append("user.external_id")
        }
        user.append(("ip", .string(visitorAddress(of: request))))
        user.append(("user_agent", .string(request.userAgent)))
        var page: [(String, JSONText)] = [("url", .string(hit.pageLocation))]
        if let referrer = hit.value("dr") { page.append(("referrer", .string(referrer))) }
        var event: [(String, JSONText)] = [
            ("event", .string(eventName)), ("event_time", .int(nanos / 1_000_000_000)), ("event_id", .string(hit.eventID)),
        ]
        // A TikTok tag configured without user data sends a field-less event (planted scenarios).
        if withUserData { event.append(("user", .object(user))) } else { added = [] }
        event.append(("page", .object(page)))
        var properties: [(String, JSONText)] = []
        if let contents = hit.tiktokContents { properties.append(("contents", contents)) }
        if let currency = hit.value("cu") { properties.append(("currency", .string(currency))) }
        if let value = hit.parameter("value") { properties.append(("value", value)) }
        if let search = hit.parameter("search_term") { properties.append(("query", search)) }
        if !properties.isEmpty { event.append(("properties", .object(properties))) }
        return VendorCall(
            vendor: .tiktok, eventName: eventName, url: "https://business-api.tiktok.com/open_api/v1.3/event/track/",
            body: .object([
                ("event_source", .string("web")), ("event_source_id", .string(configuration.tiktokPixelID)),
                ("data", .array([.object(event)])),
            ]), addedFields: added)
    }

    /// Pinterest API for Conversions (`/v5/ad_accounts/<id>/events`): the IP address and user
    /// agent in clear, e-mail and phone hashes for a known customer. Only planted scenarios
    /// send it.
    private func pinterestCall(hit: IncomingHit, request: SimulatedRequest, customer: CustomerProfile?, at nanos: Int64) -> VendorCall {
        let eventName: String
        switch hit.event {
        case "page_view": eventName = "page_visit"
        case "add_to_cart": eventName = "add_to_cart"
        case "purchase": eventName = "checkout"
        default: eventName = "custom"
        }
        var user: [(String, JSONText)] = []
        var added: [String] = []
        if let customer {
            user.append(("em", .array([.string(customer.emailHash)])))
            added.append("user_data.em")
            if let phone = customer.phoneHash {
                user.append(("ph", .array([.string(phone)])))
                added.append("user_data.ph")
            }
        }
        user.append(("client_ip_address", .string(visitorAddress(of: request))))
        user.append(("client_user_agent", .string(request.userAgent)))
        let event: JSONText = .object([
            ("event_name", .string(eventName)), ("action_source", .string("web")), ("event_time", .int(nanos / 1_000_000_000)),
            ("event_id", .string(hit.eventID)), ("event_source_url", .string(hit.pageLocation)), ("user_data", .object(user)),
        ])
        return VendorCall(
            vendor: .pinterest, eventName: eventName,
            url: "https://api.pinterest.com/v5/ad_accounts/" + configuration.pinterestAdAccountID + "/events",
            body: .object([("data", .array([event]))]), addedFields: added)
    }

    // MARK: - Vendor responses

    /// What `sendHttpRequest` hands the tag: status, lower-case header map, body text.
    struct VendorResponse {
        var status: Int
        var headers: JSONText
        var body: String
        var latencyNanos: Int64
    }

    private func response(for vendor: TaggingVendor, at nanos: Int64, random: inout SeededRandom) -> VendorResponse {
        let date = CivilTime.httpDate(epochMillis: nanos / 1_000_000)
        switch vendor {
        case .googleAnalytics:
            return VendorResponse(
                status: 204,
                headers: .object([
                    ("access-control-allow-origin", .string("*")), ("date", .string(date)), ("pragma", .string("no-cache")),
                    ("expires", .string("Fri, 01 Jan 1990 00:00:00 GMT")),
                    ("cache-control", .string("no-cache, no-store, must-revalidate")),
                    ("content-type", .string("text/plain")), ("cross-origin-resource-policy", .string("cross-origin")),
                    ("server", .string("Golfe2")), ("content-length", .string("0")),
                ]),
                body: "", latencyNanos: Int64(random.int(in: 14_000_000...95_000_000)))
        case .meta:
            let trace = Identifiers.base64(bytes: 8, &random).replacingPadding()
            let failed = random.chance(0.004)
            let body = failed
                ? "{\"error\":{\"message\":\"Invalid parameter\",\"type\":\"OAuthException\",\"code\":100,\"error_subcode\":2804003,"
                    + "\"is_transient\":false,\"error_user_title\":\"Event Timestamp Too Old\",\"error_user_msg\":\"The timestamp for this event is too far in the past.\",\"fbtrace_id\":\""
                    + trace + "\"}}"
                : "{\"events_received\":1,\"messages\":[],\"fbtrace_id\":\"" + trace + "\"}"
            return VendorResponse(
                status: failed ? 400 : 200,
                headers: .object([
                    ("content-type", .string("application/json; charset=UTF-8")), ("vary", .string("Origin")),
                    ("x-fb-trace-id", .string(trace)), ("x-fb-request-id", .string(trace)),
                    ("facebook-api-version", .string(configuration.metaAPIVersion)),
                    ("strict-transport-security", .string("max-age=15552000; preload")), ("date", .string(date)),
                    ("content-length", .string(String(body.utf8.count))),
                ]),
                body: body, latencyNanos: Int64(random.int(in: 60_000_000...420_000_000)))
        case .pinterest:
            let body = "{\"num_events_received\":1,\"num_events_processed\":1,\"events\":[{\"status\":\"processed\",\"error_message\":null,\"warning_message\":null}]}"
            return VendorResponse(
                status: 200,
                headers: .object([
                    ("content-type", .string("application/json")), ("content-length", .string(String(body.utf8.count))),
                    ("date", .string(date)),
                ]),
                body: body, latencyNanos: Int64(random.int(in: 70_000_000...380_000_000)))
        case .tiktok:
            let requestID = TaggingServer.logID(nanos: nanos, random: &random)
            let body = "{\"code\":0,\"message\":\"OK\",\"request_id\":\"" + requestID + "\",\"data\":{}}"
            return VendorResponse(
                status: 200,
                headers: .object([
                    ("server", .string("nginx")), ("content-type", .string("application/json")),
                    ("content-length", .string(String(body.utf8.count))), ("x-tt-logid", .string(requestID)),
                    ("date", .string(date)),
                ]),
                body: body, latencyNanos: Int64(random.int(in: 80_000_000...520_000_000)))
        }
    }

    /// A TikTok log id: the UTC time `YYYYMMDDHHMMSS` and 18 upper-case hex characters.
    private static func logID(nanos: Int64, random: inout SeededRandom) -> String {
        let t = CivilTime(epochMillis: nanos / 1_000_000)
        var bytes: [UInt8] = []
        bytes.appendPadded(t.year, width: 4)
        bytes.appendPadded(t.month, width: 2)
        bytes.appendPadded(t.day, width: 2)
        bytes.appendPadded(t.hour, width: 2)
        bytes.appendPadded(t.minute, width: 2)
        bytes.appendPadded(t.second, width: 2)
        for _ in 0..<9 { bytes.appendHexByte(UInt8(random.below(256)), uppercase: true) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    /// Base64 without `=` padding (Meta's trace ids look like this).
    fileprivate func replacingPadding() -> String {
        var text = self
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }
}
