// A scripted visitor acting out one planted scenario (see Scenarios.swift). The whole visit is
// written when the visitor arrives: its requests (with the cookies the browser holds at each
// moment, the planted findings and the tagging server's forwards) and its consent records,
// which go to the ledger at once. The scheduler then takes the requests one by one.

/// A visitor that plays a planted scenario.
final class ScenarioVisitor: SimulatedVisitor {
    let id: UInt64
    let scenario: PlantedScenario
    private var requests: [SimulatedRequest]
    private var index = 0

    init(id: UInt64, arrival: Int64, context: SimulationContext, ledger: ConsentLedger, scenario: PlantedScenario) {
        self.id = id
        self.scenario = scenario
        var script = ScenarioScript(id: id, arrival: arrival, context: context, scenario: scenario)
        script.play(scenario)
        requests = script.requests
        for record in script.records {
            ledger.countChoice()
            ledger.add(record)
        }
    }

    var nextTime: Int64? { index < requests.count ? requests[index].time : nil }

    func emitNext() -> SimulatedRequest? {
        guard index < requests.count else { return nil }
        defer { index += 1 }
        return requests[index]
    }
}

/// Consent Mode parameters a planted hit carries.
enum PlantedConsentMode {
    /// No `gcs`/`gcd` (a site without Consent Mode).
    case none
    /// Cookiebot's Consent Mode integration: denied by default, updated from the answer
    /// (`gcs=G1<ad><analytics>`, letters `r`/`q`).
    case cmp(ConsentChoice)
    /// analytics_storage granted by default, nothing updated (`gcs=G101`, `gcd=11p1t1p1p5`).
    case analyticsGrantedByDefault
    /// Everything denied: by default only (`11p1p1p1p5`) or by default and on update after
    /// "necessary only" (`11q1q1q1q5`); `gcs=G100`.
    case deniedPing(updated: Bool)
}

/// Writes a scenario's requests and records (the verbs scenarios are written in).
struct ScenarioScript {
    let id: UInt64
    let site: SiteModel
    let seed: UInt64
    let scenario: PlantedScenario
    var random: SeededRandom
    /// The browser's clock: the log time of the next request.
    var time: Int64
    let address: String
    let userAgent: String
    let languageTag = "de-de"
    var sendsGPC = false
    var sendsDNT = false
    var jar = CookieJar()
    var requests: [SimulatedRequest] = []
    var records: [ConsentRecord] = []
    /// Findings raised by every request that sets or sends the cookie.
    var cookieOffenses: [String: [PlantedOffense]] = [:]
    /// Findings raised by every request sending the CMP cookie.
    var signalOffenses: [PlantedOffense] = []
    /// Findings raised by every hit.
    var hitOffenses: [PlantedOffense] = []

    private var wwwPort: Int
    private var taggingPort: Int
    private var currentURL = ""
    private var currentTitle = "Shop Example"
    private var storedClientID: String?
    private var hitCount = 0
    private let sessionStart: Int64
    private var consentID: String?
    private var choice: ConsentChoice?

    /// Three addresses the `neg-nat` visitors share.
    static let natAddresses = ["81.250.7.1", "81.250.7.2", "81.250.7.3"]
    /// The browser build every `neg-nat` visitor uses.
    static let natUserAgent =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36"
    /// The headless crawler of `neg-bot`.
    static let botUserAgent =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/142.0.7444.59 Safari/537.36"

    init(id: UInt64, arrival: Int64, context: SimulationContext, scenario: PlantedScenario) {
        self.id = id
        site = context.site
        seed = context.seed
        self.scenario = scenario
        var random = SeededRandom(seed: context.seed ^ 0x5343_454E, stream: id)  // "SCEN"
        switch scenario {
        case .negNAT:
            address = ScenarioScript.natAddresses[Int(id % 3)]
            userAgent = ScenarioScript.natUserAgent
        case .negBot:
            address = ScenarioScript.uniqueAddress(id)
            userAgent = ScenarioScript.botUserAgent
        default:
            address = ScenarioScript.uniqueAddress(id)
            switch random.below(4) {
            case 0: userAgent = UserAgents.firefoxDesktop(&random)
            case 1: userAgent = UserAgents.safariIPhone(&random)
            case 2: userAgent = UserAgents.chromeAndroid(&random)
            default: userAgent = UserAgents.chromeDesktop(&random)
            }
        }
        wwwPort = random.int(in: 20_000...65_000)
        taggingPort = random.int(in: 20_000...65_000)
        self.random = random
        time = arrival
        sessionStart = arrival
    }

    /// An address no other visitor uses: 81.a.b.c from the visitor id (outside the site's pools).
    static func uniqueAddress(_ id: UInt64) -> String {
        IPAddressFormat.ipv4(81, 10 + Int((id / 64_000) % 200), Int((id / 250) % 256), Int(1 + id % 250))
    }

    // MARK: - Time and browser state

    mutating func wait(_ millis: ClosedRange<Int>) {
        time += Int64(random.int(in: millis))
    }

    /// Page JavaScript writes a cookie (domain-wide, as the tags do).
    mutating func setCookie(_ name: String, _ value: String) {
        jar.set(name, value, domainWide: true, host: .www)
    }

    /// The browser loses a cookie (deleted, expired, cleaned) without any response saying so.
    mutating func removeCookie(_ name: String) {
        jar.remove(name)
    }

    /// A new `_ga` value for now.
    mutating func newGA() -> String {
        "GA1.1." + Identifiers.gaRandom(&random) + "." + String(time / 1000)
    }

    /// A new `_fbp` value for now.
    mutating func newFBP() -> String {
        "fb.1." + String(time) + "." + Identifiers.gaRandom(&random)
    }

    // MARK: - Banner

    /// The visitor answers the banner now: the CMP writes its cookie (with `cookieChoice`
    /// when a broken script writes something else) and logs the record 20–50 ms later (or at
    /// `recordTime`), unless `recorded` is false.
    mutating func answer(
        _ answer: ConsentChoice, implied: Bool = false, recorded: Bool = true, version: String? = ConsentRecord.currentBannerVersion,
        cookieChoice: ConsentChoice? = nil, clickTime: Int64? = nil, recordTime: Int64? = nil
    ) {
        let id = CookiebotCookie.newConsentID(&random)
        consentID = id
        let click = clickTime ?? time
        writeCMPCookie(cookieChoice ?? answer, implied: implied, utc: click)
        if recorded {
            addRecord(
                answer, action: ConsentAction.firstAnswer(answer), time: recordTime ?? click + Int64(random.int(in: 20...50)),
                clickTime: click, implied: implied, version: version, beforeTraffic: false)
        }
        choice = answer
    }

    /// A change of mind with the same consent id; the CMP rewrites its cookie unless
    /// `writesCookie` is false (a CMP that logs the change but fails to update the browser).
    mutating func change(to answer: ConsentChoice, writesCookie: Bool = true) {
        let previous = choice ?? .rejectAll
        if writesCookie { writeCMPCookie(answer, implied: false, utc: time) }
        addRecord(
            answer, action: ConsentAction.change(from: previous, to: answer), time: time + Int64(random.int(in: 20...50)),
            clickTime: time, implied: false, version: ConsentRecord.currentBannerVersion, beforeTraffic: false)
        choice = answer
    }

    /// A returning visitor's answer of an earlier day: the record, the CMP cookie and the
    /// trackers the answer allowed (`cookies`) are already there.
    mutating func earlierDayAnswer(_ answer: ConsentChoice, cookies: [String]) {
        let earlier = time - Int64(random.int(in: 2...20)) * 86_400_000 - Int64(random.below(86_400_000))
        consentID = CookiebotCookie.newConsentID(&random)
        writeCMPCookie(answer, implied: false, utc: earlier)
        addRecord(
            answer, action: ConsentAction.firstAnswer(answer), time: earlier + Int64(random.int(in: 20...50)), clickTime: earlier,
            implied: false, version: ConsentRecord.currentBannerVersion, beforeTraffic: true)
        choice = answer
        for name in cookies {
            switch name {
            case "_ga": setCookie(name, "GA1.1." + Identifiers.gaRandom(&random) + "." + String(earlier / 1000))
            case "_fbp": setCookie(name, "fb.1." + String(earlier) + "." + Identifiers.gaRandom(&random))
            default: break
            }
        }
    }

    private mutating func writeCMPCookie(_ choice: ConsentChoice, implied: Bool, utc: Int64) {
        let id = consentID ?? CookiebotCookie.newConsentID(&random)
        consentID = id
        jar.set(
            CookiebotCookie.name,
            CookiebotCookie.value(consentID: id, choice: choice, method: implied ? "implied" : "explicit", utc: utc, region: "de"),
            domainWide: true, host: .www)
    }

    private mutating func addRecord(
        _ choice: ConsentChoice, action: ConsentAction, time: Int64, clickTime: Int64, implied: Bool, version: String?,
        beforeTraffic: Bool
    ) {
        var record = ConsentRecord(
            time: time, clickTime: clickTime, consentID: consentID ?? "", url: currentURL.isEmpty ? "https://" + site.name(of: .www) + "/" : currentURL,
            choice: choice, action: action, clientIP: address, userAgent: userAgent, country: "de", visitorID: id,
            sequence: records.count, beforeTraffic: beforeTraffic)
        record.implied = implied
        record.bannerVersion = version
        records.append(record)
    }

    // MARK: - Requests

    /// The landing page (from a search engine) and its assets; `setting` are cookies its
    /// response sets (domain-wide, two years).
    mutating func landing(setting: [(name: String, value: String)] = []) {
        let page = pickPage()
        currentTitle = page.title
        document(path: page.path, query: nil, referrer: "https://www.google.com/", setting: setting)
        wait(20...80)
        assets(3)
    }

    /// A page of the shop, then `assets` of its assets. The response deletes `deleting` and
    /// sets `setting`; `offenses` are findings its line raises.
    mutating func page(
        assets count: Int = 2, deleting: [String] = [], setting: [(name: String, value: String)] = [], offenses: [PlantedOffense] = []
    ) {
        let page = pickPage()
        let referrer = currentURL.isEmpty ? nil : currentURL
        currentTitle = page.title
        document(path: page.path, query: nil, referrer: referrer, deleting: deleting, setting: setting, offenses: offenses)
        if count > 0 {
            wait(20...80)
            assets(count)
        }
    }

    private mutating func pickPage() -> (path: String, title: String) {
        let shopPage: ShopPage
        switch random.below(4) {
        case 0: shopPage = .home
        case 1: shopPage = .category(index: random.below(site.categories.count), page: 1)
        default: shopPage = .product(index: random.below(site.products.count), variant: nil)
        }
        let url = site.url(of: shopPage)
        return (url.path + (url.query.map { "?" + $0 } ?? ""), site.title(of: shopPage))
    }

    /// A document request to www (PHP starts a session when the browser has none).
    mutating func document(
        path: String, query: String?, referrer: String?, deleting: [String] = [], setting: [(name: String, value: String)] = [],
        offenses: [PlantedOffense] = []
    ) {
        var setCookies: [String] = []
        var sessionID: String?
        if !jar.contains("PHPSESSID") {
            let id = Identifiers.phpSession(&random)
            sessionID = id
            setCookies.append(SetCookieHeaders.phpSession(id))
        }
        for name in deleting {
            setCookies.append(name + "=; Domain=" + site.cookieDomain + "; Path=/; Expires=" + SetCookieHeaders.epochExpires + "; Max-Age=0")
        }
        for cookie in setting {
            if cookie.name == "XSRF-TOKEN" {
                setCookies.append(cookie.name + "=" + cookie.value + "; path=/; secure; SameSite=Lax")
            } else {
                setCookies.append(
                    cookie.name + "=" + cookie.value + "; Domain=" + site.cookieDomain + "; Max-Age=63072000; Path=/; Secure; SameSite=Lax")
            }
        }
        let target = path + (query.map { "?" + $0 } ?? "")
        let split = target.split(separator: "?", maxSplits: 1)
        var request = makeRequest(
            host: .www, method: "GET", path: String(split.first ?? "/"), query: split.count > 1 ? String(split[1]) : nil,
            status: 200, bodyBytes: 18_000 + random.below(40_000), referrer: referrer, setCookies: setCookies,
            micros: random.int(in: 25_000...180_000), kind: .document, contentType: site.documentContentType)
        request.plant?.lineOffenses += offenses
        requests.append(request)
        if let sessionID { jar.set("PHPSESSID", sessionID, domainWide: false, host: .www, session: true) }
        for name in deleting { jar.remove(name) }
        for cookie in setting {
            jar.set(cookie.name, cookie.value, domainWide: cookie.name != "XSRF-TOKEN", host: .www)
        }
        currentURL = "https://" + site.name(of: .www) + target
    }

    /// One static asset of the current page.
    mutating func asset() {
        let asset = site.coreAssets[random.below(site.coreAssets.count)]
        let request = makeRequest(
            host: .www, method: "GET", path: asset.path, query: nil, status: 200, bodyBytes: asset.bytes,
            referrer: currentURL.isEmpty ? nil : currentURL, setCookies: [], micros: random.int(in: 400...5_000), kind: .asset,
            contentType: asset.contentType)
        requests.append(request)
    }

    /// `count` assets a few tens of milliseconds apart.
    mutating func assets(_ count: Int) {
        for index in 0..<count {
            if index > 0 { wait(15...120) }
            asset()
        }
    }

    /// A GA4 hit to the tagging host, timed so that its access-log line (whole seconds) is its
    /// first record: it ends 0.3–0.9 s into a second and takes at most 40 ms.
    mutating func hit(
        event: String = "page_view", signals: PlantedConsentMode, forwards: [PlantedForward],
        setting: [(name: String, value: String)] = [], freshClientID: Bool = false
    ) {
        let fraction = Int(((time % 1_000) + 1_000) % 1_000)
        if fraction < 300 { time += Int64(300 - fraction + random.below(200)) }
        if fraction > 900 { time += Int64(1_000 - fraction + 300 + random.below(200)) }
        hitCount += 1
        let clientID: String
        if let ga = jar.value(of: "_ga"), !freshClientID {
            clientID = String(ga.dropFirst("GA1.1.".count))
        } else if freshClientID {
            clientID = Identifiers.gaRandom(&random) + "." + String(time / 1000)
        } else {
            let stored = storedClientID ?? Identifiers.gaRandom(&random) + "." + String(time / 1000)
            storedClientID = stored
            clientID = stored
        }
        var query = "v=2&tid=" + site.measurementID + "&gtm=45je5bj0v9183744339za200&_p="
            + String(random.int(in: 1_000_000_000...2_147_483_647))
        var factsChoice = ConsentChoice.rejectAll
        switch signals {
        case .none:
            factsChoice = choice ?? .rejectAll
        case .cmp(let answer):
            var bytes: [UInt8] = []
            bytes.appendStatic("&gcs=")
            ConsentModeParameters.appendGCS(answer, into: &bytes)
            bytes.appendStatic("&gcd=")
            ConsentModeParameters.appendGCD(answer, into: &bytes)
            bytes.appendStatic(answer.marketing ? "&npa=0" : "&npa=1")
            query += String(decoding: bytes, as: UTF8.self)
            factsChoice = answer
        case .analyticsGrantedByDefault:
            query += "&gcs=G101&gcd=11p1t1p1p5&npa=1"
            factsChoice = ConsentChoice(preferences: false, statistics: true, marketing: false)
        case .deniedPing(let updated):
            query += updated ? "&gcs=G100&gcd=11q1q1q1q5&npa=1" : "&gcs=G100&gcd=11p1p1p1p5&npa=1"
        }
        query += "&cid=" + clientID + "&ul=" + languageTag + "&sr=1920x1080&_s=" + String(hitCount) + "&sid="
            + String(sessionStart / 1000) + "&sct=1&seg=1&dl=" + URLEncoding.encodeURIComponent(currentURL) + "&dt="
            + URLEncoding.encodeURIComponent(currentTitle) + "&en=" + event + "&tfd=" + String(random.int(in: 800...9_000))
        var setCookies: [String] = []
        for cookie in setting {
            setCookies.append(
                cookie.name + "=" + cookie.value + "; Domain=" + site.cookieDomain + "; Max-Age=63072000; Path=/; Secure; HttpOnly; SameSite=Lax")
        }
        var request = makeRequest(
            host: .tagging, method: "GET", path: "/g/collect", query: query, status: 204, bodyBytes: 0,
            referrer: "https://" + site.name(of: .www) + "/", setCookies: setCookies, micros: random.int(in: 3_000...40_000),
            kind: .collect, contentType: nil)
        request.collectFacts = CollectHitFacts(consent: factsChoice, customer: nil)
        request.plant?.hitOffenses = hitOffenses
        request.plant?.forwards = forwards
        requests.append(request)
        for cookie in setting { jar.set(cookie.name, cookie.value, domainWide: true, host: .tagging) }
    }

    private mutating func makeRequest(
        host: SiteHost, method: String, path: String, query: String?, status: Int, bodyBytes: Int, referrer: String?,
        setCookies: [String], micros: Int, kind: RequestKind, contentType: String?
    ) -> SimulatedRequest {
        var peer = address
        var forwarded: String?
        if host == .tagging && site.taggingBehindLoadBalancer {
            forwarded = address
            peer = site.loadBalancerAddresses[Int(id % UInt64(site.loadBalancerAddresses.count))]
        }
        let cookieHeader = jar.header(for: host)
        var plant = PlantedRequestFacts(scenario: scenario)
        var sent = Set<Substring>()
        if let cookieHeader {
            for item in cookieHeader.split(separator: ";") {
                sent.insert(item.drop { $0 == " " }.prefix { $0 != "=" })
            }
        }
        var named = sent
        for header in setCookies where !header.contains("Max-Age=0") {
            named.insert(Substring(header.prefix { $0 != "=" }))
        }
        for name in named.sorted() {
            plant.lineOffenses += cookieOffenses[String(name)] ?? []
        }
        if sent.contains(Substring(CookiebotCookie.name)) { plant.lineOffenses += signalOffenses }
        let request = SimulatedRequest(
            time: time, clientIP: peer, clientPort: host == .tagging ? taggingPort : wwwPort, forwardedFor: forwarded,
            method: method, scheme: "https", host: site.name(of: host), path: path, query: query, protocolVersion: "HTTP/2.0",
            status: status, bodyBytes: bodyBytes, requestBodyBytes: 0, referrer: referrer, userAgent: userAgent,
            acceptLanguage: "de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7", cookieHeader: cookieHeader, setCookies: setCookies,
            secGPC: sendsGPC ? "1" : nil, dnt: sendsDNT ? "1" : nil, requestTimeMicros: micros, contentType: contentType,
            requestID: random.next(), visitorID: id, kind: kind, plant: plant)
        time += 1
        return request
    }
}

extension Identifiers {
    /// Digits and lower-case letters.
    static let base36Alphabet: StaticString = "0123456789abcdefghijklmnopqrstuvwxyz"

    /// Base64url without padding (the GA4 linker's encoding of a client id).
    static func base64URLEncoded(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        base64URLAlphabet.withUTF8Buffer { alphabet in
            var index = 0
            while index < bytes.count {
                let b0 = UInt32(bytes[index])
                let b1 = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
                let b2 = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
                let triple = b0 << 16 | b1 << 8 | b2
                out.append(alphabet[Int(triple >> 18 & 63)])
                out.append(alphabet[Int(triple >> 12 & 63)])
                if index + 1 < bytes.count { out.append(alphabet[Int(triple >> 6 & 63)]) }
                if index + 2 < bytes.count { out.append(alphabet[Int(triple & 63)]) }
                index += 3
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
