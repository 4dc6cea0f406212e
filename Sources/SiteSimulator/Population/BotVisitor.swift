// Crawlers, scripts, scanners and the uptime monitor. None of them keeps cookies, so the shop's
// PHP front end starts a new session (and sets its cookies again) on every document they fetch.

/// The automated clients that visit the shop.
public enum BotKind: String, Sendable, Equatable, CaseIterable {
    /// Google's crawler (desktop and smartphone).
    case googlebot
    /// Microsoft's crawler.
    case bingbot
    /// Ahrefs' SEO crawler.
    case ahrefsbot
    /// Someone's `curl` (health checks, debugging).
    case curl
    /// A `python-requests` vulnerability scanner.
    case pythonScanner
    /// Facebook's link-preview fetcher.
    case facebookPreview
}

/// One request a bot has planned.
struct BotFetch {
    var method: String
    var scheme: String
    var path: String
    var query: String?
    var status: Int
    var bytes: Int
    var contentType: String?
    /// Served by the PHP front end (so it starts a session and sets cookies).
    var dynamic: Bool
}

/// A crawler or script: a burst of cookie-less requests.
final class BotVisitor: SimulatedVisitor {
    let id: UInt64
    let kind: BotKind
    private let context: SimulationContext
    private let site: SiteModel
    private var random: SeededRandom
    private let userAgent: String
    private let address: String
    private let protocolVersion: String
    private var remaining: Int
    private var fetchedRobots = false
    private var next: PlannedRequest<BotFetch>?

    init(id: UInt64, arrival: Int64, context: SimulationContext) {
        self.id = id
        self.context = context
        site = context.site
        var random = SeededRandom(seed: context.seed, stream: id)
        let kind = WeightedTable<BotKind>([
            (.googlebot, 30), (.bingbot, 16), (.ahrefsbot, 12), (.curl, 12), (.pythonScanner, 20), (.facebookPreview, 10),
        ]).draw(&random)
        self.kind = kind
        switch kind {
        case .googlebot:
            let chrome = "142.0.7444.59"
            userAgent = random.chance(0.7)
                ? "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/" + chrome
                    + " Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
                : "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/"
                    + chrome + " Safari/537.36"
            address = random.chance(0.2)
                ? IPAddressFormat.ipv6([0x2001, 0x4860, 0x4801, UInt16(0x10 + random.below(0x60)), 0, 0, 0, UInt16(random.int(in: 1...0xFF))])
                : IPAddressFormat.ipv4(66, 249, random.int(in: 64...79), random.int(in: 1...254))
            protocolVersion = random.chance(0.4) ? "HTTP/2.0" : "HTTP/1.1"
            remaining = random.int(in: 3...40)
        case .bingbot:
            userAgent = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36"
            let networks = [(157, 55, 39), (40, 77, 167), (207, 46, 13)]
            let network = random.pick(networks)
            address = IPAddressFormat.ipv4(network.0, network.1, network.2, random.int(in: 1...254))
            protocolVersion = "HTTP/1.1"
            remaining = random.int(in: 2...20)
        case .ahrefsbot:
            userAgent = "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)"
            address = IPAddressFormat.ipv4(54, 36, random.int(in: 148...149), random.int(in: 1...254))
            protocolVersion = "HTTP/1.1"
            remaining = random.int(in: 10...60)
        case .curl:
            userAgent = random.pick(["curl/8.5.0", "curl/7.88.1", "curl/8.11.1", "curl/8.14.1"])
            address = BotVisitor.cloudAddress(&random)
            protocolVersion = "HTTP/2.0"
            remaining = random.int(in: 1...3)
        case .pythonScanner:
            userAgent = random.pick(["python-requests/2.32.3", "python-requests/2.31.0", "python-requests/2.32.4"])
            address = BotVisitor.cloudAddress(&random)
            protocolVersion = "HTTP/1.1"
            remaining = random.int(in: 4...30)
        case .facebookPreview:
            userAgent = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"
            address = random.chance(0.5)
                ? IPAddressFormat.ipv6([0x2A03, 0x2880, UInt16(0xF000 + random.below(0x400)), UInt16(random.below(0x100)), 0xFACE, 0xB00C, 0, UInt16(random.int(in: 1...0x7F))])
                : IPAddressFormat.ipv4(69, 171, 249, random.int(in: 1...254))
            protocolVersion = "HTTP/1.1"
            remaining = random.int(in: 1...2)
        }
        self.random = random
        next = plan(at: arrival)
    }

    /// Cloud and hosting addresses scripts run from.
    static func cloudAddress(_ random: inout SeededRandom) -> String {
        switch random.below(5) {
        case 0: return IPAddressFormat.ipv4(3, random.int(in: 120...127), random.below(256), random.int(in: 1...254))
        case 1: return IPAddressFormat.ipv4(18, random.int(in: 184...185), random.below(256), random.int(in: 1...254))
        case 2: return IPAddressFormat.ipv4(95, random.int(in: 216...217), random.below(256), random.int(in: 1...254))
        case 3: return IPAddressFormat.ipv4(35, random.int(in: 156...159), random.below(256), random.int(in: 1...254))
        default:
            return IPAddressFormat.ipv6([0x2A01, 0x04F8, UInt16(random.below(0x10000)), UInt16(random.below(0x10000)), 0, 0, 0, 2])
        }
    }

    var nextTime: Int64? { next?.time }

    func emitNext() -> SimulatedRequest? {
        guard let planned = next else { return nil }
        remaining -= 1
        let fetch = planned.action
        var setCookies: [String] = []
        if fetch.dynamic && fetch.status < 500 {
            setCookies.append(SetCookieHeaders.phpSession(Identifiers.phpSession(&random)))
            setCookies.append(SetCookieHeaders.php("shop_lang", "de", maxAge: 31_536_000, now: planned.time, httpOnly: false))
        }
        let request = SimulatedRequest(
            time: planned.time, clientIP: address, clientPort: random.int(in: 32_768...60_999), forwardedFor: nil,
            method: fetch.method, scheme: fetch.scheme, host: site.name(of: .www), path: fetch.path, query: fetch.query,
            protocolVersion: fetch.scheme == "http" ? "HTTP/1.1" : protocolVersion, status: fetch.status,
            bodyBytes: fetch.method == "HEAD" ? 0 : fetch.bytes, requestBodyBytes: 0, referrer: nil, userAgent: userAgent,
            acceptLanguage: kind == .googlebot || kind == .bingbot ? nil : (kind == .facebookPreview ? "en-US,en;q=0.9" : nil),
            cookieHeader: nil, setCookies: setCookies, secGPC: nil, dnt: nil, requestTimeMicros: planned.micros,
            contentType: fetch.method == "HEAD" || fetch.bytes == 0 ? nil : fetch.contentType, requestID: random.next(),
            visitorID: id, kind: .bot)
        next = remaining > 0 ? plan(at: planned.time + gapMillis()) : nil
        return request
    }

    private func gapMillis() -> Int64 {
        switch kind {
        case .googlebot: return Int64(random.int(in: 2_000...90_000))
        case .bingbot: return Int64(random.int(in: 5_000...120_000))
        case .ahrefsbot: return Int64(random.int(in: 900...8_000))
        case .curl: return Int64(random.int(in: 300...20_000))
        case .pythonScanner: return Int64(random.int(in: 60...1_500))
        case .facebookPreview: return Int64(random.int(in: 200...3_000))
        }
    }

    private func plan(at start: Int64) -> PlannedRequest<BotFetch> {
        let fetch = chooseFetch()
        let micros = fetch.dynamic
            ? Int(random.logNormal(median: 70_000, sigma: 0.5, bounds: 10_000...1_500_000))
            : random.int(in: 150...2_500)
        return PlannedRequest(time: start + Int64(micros / 1000), micros: micros, action: fetch)
    }

    private func page(_ page: ShopPage) -> BotFetch {
        let url = site.url(of: page)
        let missing: Bool
        if case .missing = page { missing = true } else { missing = false }
        return BotFetch(
            method: "GET", scheme: "https", path: url.path, query: url.query, status: missing ? 404 : 200,
            bytes: site.documentBytes(of: page, random: &random), contentType: site.documentContentType, dynamic: true)
    }

    private func chooseFetch() -> BotFetch {
        let crawler = kind == .googlebot || kind == .bingbot || kind == .ahrefsbot
        if crawler && !fetchedRobots {
            fetchedRobots = true
            if kind != .googlebot || random.chance(0.5) {
                return BotFetch(
                    method: "GET", scheme: "https", path: "/robots.txt", query: nil, status: 200, bytes: 412,
                    contentType: "text/plain", dynamic: false)
            }
        }
        let product = ShopPage.product(index: random.below(site.products.count), variant: nil)
        let category = ShopPage.category(index: random.below(site.categories.count), page: random.chance(0.2) ? random.int(in: 2...6) : 1)
        switch kind {
        case .googlebot, .bingbot, .ahrefsbot:
            let roll = random.below(100)
            if roll < 4 {
                return BotFetch(
                    method: "GET", scheme: "https", path: "/sitemap.xml", query: nil, status: 200, bytes: 58_211,
                    contentType: "application/xml", dynamic: false)
            }
            if roll < 8 && kind == .googlebot {
                let asset = random.pick(site.coreAssets)
                return BotFetch(
                    method: "GET", scheme: "https", path: asset.path, query: nil, status: 200, bytes: asset.bytes,
                    contentType: asset.contentType, dynamic: false)
            }
            if roll < 12 { return page(.missing(path: random.below(site.missingPaths.count))) }
            if roll < 17 { return page(.home) }
            if roll < 22 { return page(.info(index: random.below(site.infoPages.count))) }
            if roll < 50 { return page(category) }
            return page(product)
        case .curl:
            if random.chance(0.25) {
                return BotFetch(
                    method: random.chance(0.5) ? "HEAD" : "GET", scheme: "http", path: "/", query: nil, status: 301, bytes: 162,
                    contentType: "text/html", dynamic: false)
            }
            var fetch = page(random.chance(0.7) ? .home : product)
            if random.chance(0.45) { fetch.method = "HEAD" }
            return fetch
        case .pythonScanner:
            if random.chance(0.15) { return page(.home) }
            return BotFetch(
                method: random.chance(0.85) ? "GET" : "POST", scheme: "https", path: random.pick(site.scannerPaths), query: nil,
                status: 404, bytes: 153, contentType: "text/html", dynamic: false)
        case .facebookPreview:
            return page(product)
        }
    }
}

/// An uptime monitor: `HEAD /` every five minutes, all day.
final class MonitorVisitor: SimulatedVisitor {
    let id: UInt64
    private let context: SimulationContext
    private var random: SeededRandom
    private var upcoming: Int64
    private let interval: Int64 = 300_000

    init(id: UInt64, start: Int64, context: SimulationContext) {
        self.id = id
        self.context = context
        random = SeededRandom(seed: context.seed, stream: id)
        upcoming = start + Int64(random.int(in: 5_000...60_000))
    }

    var nextTime: Int64? { upcoming < context.sessionHorizon ? upcoming : nil }

    func emitNext() -> SimulatedRequest? {
        guard nextTime != nil else { return nil }
        let time = upcoming
        upcoming += interval + Int64(random.int(in: -400...400))
        return SimulatedRequest(
            time: time, clientIP: "216.144.250.150", clientPort: random.int(in: 32_768...60_999), forwardedFor: nil,
            method: "HEAD", scheme: "https", host: context.site.name(of: .www), path: "/", query: nil,
            protocolVersion: "HTTP/1.1", status: 200, bodyBytes: 0, requestBodyBytes: 0, referrer: nil,
            userAgent: "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)", acceptLanguage: nil,
            cookieHeader: nil,
            setCookies: [
                SetCookieHeaders.phpSession(Identifiers.phpSession(&random)),
                SetCookieHeaders.php("shop_lang", "de", maxAge: 31_536_000, now: time, httpOnly: false),
            ],
            secGPC: nil, dnt: nil, requestTimeMicros: random.int(in: 20_000...90_000), contentType: nil,
            requestID: random.next(), visitorID: id, kind: .bot)
    }
}
