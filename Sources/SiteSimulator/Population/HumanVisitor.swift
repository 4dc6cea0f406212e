// A human visitor: one to four sessions of page views, each page followed by its assets and,
// when the browser runs the page's tags and the visitor's banner answer allows them, by
// tracking hits to the first-party tagging host.
//
// Planning and emitting are separate: when the visitor's queue is empty it plans the next page
// view (times, hops, assets, banner click, hits); each planned request is turned into a
// `SimulatedRequest` only when it is due, so the Cookie header always reflects what the
// browser holds at that moment (server Set-Cookie headers, the CMP cookie and tag-set cookies
// apply in time order).
//
// The cookie banner (Cookiebot-style, see `ConsentModel.swift`):
// - An undecided visitor sees the banner on every page until they answer; one in ten never
//   does. A first answer that grants statistics is clicked while reading the page, and the
//   Google tag fires right after it (script, then `page_view`). Any other answer, and every
//   later change, is saved just before the visitor clicks on to the next page; a visitor who
//   leaves instead has not answered yet and sees the banner again on their next page view.
// - The CMP cookie `CookieConsent` is written by JavaScript at the click, so it appears only
//   in the requests that follow, never in a Set-Cookie. The CMP's record is logged a few
//   milliseconds after the click, before the first request carrying the new value, and that
//   request comes less than a second after the click.
// - Trackers follow the answer: `_ga`, `_ga_<id>`, `_gid` (and the tagging server's `FPID`,
//   `FPLC`, set only on hits) with statistics; `_gcl_au`, `_fbp`, `_fbc` with marketing.
//   Without statistics no `/g/collect` hit is sent at all; hits carry `gcs`/`gcd` of the
//   answer. A withdrawal deletes the trackers of the purposes taken back (the browser stops
//   sending them at once; `FPID` is HttpOnly, so a real site needs its server to expire it,
//   which the simulator simplifies to the same immediate removal).
// - Clearing cookies loses the CMP cookie: the banner comes back and a new answer gets a new
//   consent id. A change of mind keeps the id.

/// Where a session came from.
enum TrafficSource {
    case direct
    case googleOrganic
    case googleAds
    case facebook
    case instagram
    case bing
    case duckduckgo
    case newsletter
    case referral(String)
}

/// One HTML hop of a navigation (a form post and its redirect target are two hops).
struct DocumentHop {
    var host: SiteHost
    var method: String
    var path: String
    var query: String?
    var referrer: String?
    var status: Int
    var bodyBytes: Int
    var formBytes: Int
    var effect: HopEffect
}

/// Cookie side effects of a document response.
enum HopEffect {
    case none
    case addToCart
    case login(remember: Bool)
    case logout
    case orderPlaced
}

/// A tracking hit the page's tag sends.
struct CollectHit {
    var event: String
    /// `encodeURIComponent` of the page URL (`dl=`).
    var encodedPageURL: String
    /// `encodeURIComponent` of the document title (`dt=`).
    var encodedTitle: String
    var externalReferrer: String?
    var extraParameters: String
    /// The banner answer in force when the hit fires (`gcs`, `gcd`, `npa`).
    var consent: ConsentChoice
    var post: Bool
    var pageLoadID: String
    var sinceLoadMillis: Int
}

/// What a human visitor's planned request is.
enum HumanAction {
    case document(DocumentHop)
    case asset(SiteAsset, notModified: Bool, referrer: String)
    case tagScript(notModified: Bool)
    case collect(CollectHit)
    /// Not a request: something the page's JavaScript does in the browser.
    case browser(BrowserEvent)
}

/// What the page's JavaScript does at a planned moment.
///
/// Events sit in the visitor's queue between requests and are applied as soon as they reach
/// its head (right after the request before them has been produced), so the queue's head is
/// always a request when the scheduler asks for `nextTime`. No request of the visitor falls
/// between that moment and the event's own time, so applying it early changes nothing visible.
enum BrowserEvent {
    /// The visitor saves an answer in the banner.
    case bannerClick(BannerClick)
    /// The page's tags run under this answer and write their cookies.
    case tagsRan(ConsentChoice, at: Int64)
}

/// The next navigation the visitor has decided on.
enum Navigation {
    case open(ShopPage)
    case addToCart(product: Int)
    case submitLogin
    case logout
    case placeOrder
    case leave
}

/// A human visitor with a browser.
final class HumanVisitor: SimulatedVisitor {
    let id: UInt64
    private let context: SimulationContext
    private var random: SeededRandom
    private(set) var profile: HumanProfile
    private var jar = CookieJar()
    private var queue = PlanQueue<HumanAction>()

    // Visitor state.
    private var sessionsLeft: Int
    private var sessionCount: Int
    private var cartItems = 0
    private var loggedIn = false
    private var hasAccount: Bool
    private var seenBefore: Bool

    // Session state.
    private var sessionStart: Int64 = 0
    private var pagesLeft = 0
    private var currentPage: ShopPage = .home
    private var currentURL = ""
    private var assetsCached = false
    private var tagScriptCached = false
    private var tagScriptLoadedThisSession = false
    private var hitsThisSession = 0
    private var engaged = false
    private var fbclid: String?
    private var pendingExternalReferrer: String?
    private var wwwPort = 0
    private var taggingPort = 0
    private var balancer = ""
    private var nextNavigation: Navigation = .leave
    private var nextNavigationTime: Int64 = 0
    private var firstVisitHit = false
    private var cachedClientID: (cookie: String, id: String)?
    private var encodedCurrentURL = ""
    private var encodedCurrentTitle = ""
    private var justLoggedIn = false
    private var lastEmittedTime: Int64 = .min

    // Banner state. `plannedConsent` is the answer in force after everything planned so far
    // (planning decisions read it); `appliedConsent` is what the browser's cookie says now.
    private let ledger: ConsentLedger
    private let disposition: BannerDisposition
    private let changesMind: Bool
    private var changedMind = false
    private var plannedChange: ConsentChoice?
    private var plannedConsent: ConsentChoice?
    private var appliedConsent: ConsentChoice?
    private var consentID: String?
    private var choiceSession = 0
    private var choicesMade = 0
    private var pendingClick: PendingBannerClick?
    private var unconfirmedRecords: [ConsentRecord] = []

    private let site: SiteModel
    /// The shop's customer record of this visitor (used only while logged in), derived from the
    /// seed without drawing from `random`.
    private lazy var customer = CustomerProfile(seed: context.seed, visitorID: id)
    /// Whether the visitor placed an order with these cookies (the shop has their details).
    private var customerKnownFromOrder = false
    /// The tagging server's client id (`FPID`) its customer store has linked to this customer.
    private var identifiedFPID: String?

    init(id: UInt64, arrival: Int64, context: SimulationContext, ledger: ConsentLedger) {
        self.id = id
        self.context = context
        self.ledger = ledger
        site = context.site
        var random = SeededRandom(seed: context.seed, stream: id)
        profile = context.population.human(&random)
        sessionsLeft = WeightedTable([(1, 62), (2, 24), (3, 10), (4, 4)]).draw(&random)
        hasAccount = random.chance(0.25)
        seenBefore = random.chance(0.34)
        sessionCount = seenBefore ? random.int(in: 1...18) : 0
        disposition = BannerDisposition.draw(sendsGPC: profile.sendsGPC, &random)
        changesMind = random.chance(BannerDisposition.changeOfMindShare)
        self.random = random
        if seenBefore { restorePreviousVisitCookies(now: arrival) }
        startSession(at: arrival)
        applyDueBrowserEvents()
    }

    var nextTime: Int64? { queue.first?.time }

    func emitNext() -> SimulatedRequest? {
        while let planned = queue.removeFirst() {
            guard let request = emit(planned) else { continue }
            lastEmittedTime = planned.time
            confirmRecords()
            applyDueBrowserEvents()
            if queue.isEmpty {
                planAfterPage(lastTime: planned.time)
                applyDueBrowserEvents()
            }
            return request
        }
        return nil
    }

    private func emit(_ planned: PlannedRequest<HumanAction>) -> SimulatedRequest? {
        switch planned.action {
        case .document(let hop): return emitDocument(hop, time: planned.time, micros: planned.micros)
        case .asset(let asset, let notModified, let referrer):
            return emitAsset(asset, notModified: notModified, referrer: referrer, time: planned.time, micros: planned.micros)
        case .tagScript(let notModified): return emitTagScript(notModified: notModified, time: planned.time, micros: planned.micros)
        case .collect(let hit): return emitCollect(hit, time: planned.time, micros: planned.micros)
        case .browser(let event):
            // Only reached if an event were ever left at the head; apply it and go on.
            apply(event)
            return nil
        }
    }

    /// Applies the browser events at the head of the queue.
    private func applyDueBrowserEvents() {
        while let head = queue.first, case .browser(let event) = head.action {
            _ = queue.removeFirst()
            apply(event)
        }
    }

    private func apply(_ event: BrowserEvent) {
        switch event {
        case .bannerClick(let click): applyBannerClick(click)
        case .tagsRan(let consent, let time): applyTagCookies(now: time, consent: consent)
        }
    }

    /// A request carrying the newest CMP cookie value has been produced: the CMP's records of
    /// the answers before it are now visible in the traffic.
    private func confirmRecords() {
        guard !unconfirmedRecords.isEmpty else { return }
        for record in unconfirmedRecords { ledger.add(record) }
        unconfirmedRecords.removeAll()
    }

    // MARK: - Sessions

    /// A returning visitor brings cookies from an earlier day.
    private func restorePreviousVisitCookies(now: Int64) {
        let lastVisit = now - Int64(random.int(in: 1...45)) * 86_400_000 - Int64(random.below(86_400_000))
        let firstVisit = lastVisit - Int64(random.below(300)) * 86_400_000
        let firstSeconds = firstVisit / 1000
        let lastSeconds = lastVisit / 1000
        jar.set(
            "shop_lang", String(profile.languageTag.prefix(2)), domainWide: false, host: .www)
        // Safari's ITP caps script-written cookies (the CMP cookie and the trackers) and the
        // tagging host's cookies at seven days.
        let itpExpired = profile.browser == .safari && now - lastVisit > 7 * 86_400_000
        var prior: ConsentChoice?
        if profile.showsBanner && !itpExpired && !profile.clearsCookiesBetweenSessions, case .answer(let choice) = disposition {
            // They answered the banner on their first visit; the CMP cookie is still there.
            prior = choice
            let clickTime = firstVisit - Int64(random.int(in: 2_000...30_000))
            let id = CookiebotCookie.newConsentID(&random)
            consentID = id
            plannedConsent = choice
            choiceSession = sessionCount
            applyBannerClick(
                BannerClick(
                    choice: choice, action: .firstAnswer(choice), consentID: id, clickTime: clickTime,
                    recordTime: clickTime + Int64(random.int(in: 20...50)), url: "https://" + site.name(of: .www) + "/",
                    clientIP: profile.address),
                beforeTraffic: true)
        }
        if profile.runsTags, let prior {
            if prior.statistics {
                jar.set("_ga", "GA1.1." + Identifiers.gaRandom(&random) + "." + String(firstSeconds), domainWide: true, host: .www)
                jar.set(gaSessionCookieName, "GS1.1." + String(lastSeconds - Int64(random.int(in: 30...900))) + "."
                    + String(sessionCount) + ".1." + String(lastSeconds) + ".0.0.0", domainWide: true, host: .www)
            }
            if prior.marketing {
                jar.set("_gcl_au", "1.1." + Identifiers.gaRandom(&random) + "." + String(firstSeconds), domainWide: true, host: .www)
                jar.set("_fbp", "fb.1." + String(firstVisit) + "." + Identifiers.gaRandom(&random), domainWide: true, host: .www)
            }
            if prior.statistics {
                jar.set("FPID", Identifiers.fpid(seconds: firstSeconds, &random), domainWide: true, host: .tagging)
                // Account holders, and half of the other returning visitors (who ordered as
                // guests), identified themselves on an earlier visit with this client id. Decided
                // from the seed, not from `random`, so the traffic stays the same.
                if hasAccount || SplitMix64.mix(context.seed ^ 0x4C49_4E4B, id) % 2 == 0 {  // "LINK"
                    identifiedFPID = jar.value(of: "FPID")
                }
            }
        }
        if random.chance(0.1) {
            jar.set("cart_id", Identifiers.uuid(&random), domainWide: false, host: .www)
            cartItems = random.int(in: 1...3)
        }
        if hasAccount && random.chance(0.3) {
            jar.set("remember_me", random.string(count: 40, alphabet: Identifiers.hexAlphabet), domainWide: false, host: .www)
        }
        tagScriptCached = random.chance(0.3)
        assetsCached = random.chance(0.25)
    }

    private var gaSessionCookieName: String {
        "_ga_" + site.measurementID.dropFirst(2)
    }

    private func startSession(at start: Int64) {
        sessionsLeft -= 1
        sessionCount += 1
        sessionStart = start
        pagesLeft = random.int(in: 1...30)
        hitsThisSession = 0
        engaged = false
        fbclid = nil
        tagScriptLoadedThisSession = false
        wwwPort = random.int(in: 20_000...65_000)
        taggingPort = random.int(in: 20_000...65_000)
        balancer = random.pick(site.loadBalancerAddresses)

        let source = drawSource()
        var landing = drawLanding(for: source)
        if pagesLeft == 1, case .missing = landing { landing = .home }
        var extraQuery: String?
        var referrer: String?
        switch source {
        case .direct: referrer = nil
        case .googleOrganic: referrer = "https://www.google.com/"
        case .googleAds:
            referrer = "https://www.google.com/"
            extraQuery = "gclid=" + Identifiers.gclid(&random)
        case .facebook:
            referrer = profile.mobile ? "https://m.facebook.com/" : "https://l.facebook.com/"
            let id = Identifiers.fbclid(&random)
            fbclid = id
            extraQuery = "fbclid=" + id
        case .instagram:
            referrer = "https://l.instagram.com/"
            let id = Identifiers.fbclid(&random)
            fbclid = id
            extraQuery = "utm_source=ig&utm_medium=social&utm_content=link_in_bio&fbclid=" + id
        case .bing: referrer = "https://www.bing.com/"
        case .duckduckgo: referrer = "https://duckduckgo.com/"
        case .newsletter:
            referrer = nil
            extraQuery = "utm_source=newsletter&utm_medium=email&utm_campaign=winter-sale-2026"
        case .referral(let url): referrer = url
        }
        pendingExternalReferrer = referrer

        var url = site.url(of: landing)
        if let extraQuery { url.query = url.query.map { $0 + "&" + extraQuery } ?? extraQuery }
        var hops: [DocumentHop] = []
        if case .direct = source, random.chance(0.12) {
            // Typed `shop.example`: nginx on the apex redirects to www.
            hops.append(
                DocumentHop(
                    host: .apex, method: "GET", path: "/", query: nil, referrer: nil, status: 301, bodyBytes: 162,
                    formBytes: 0, effect: .none))
            landing = .home
            url = ("/", nil)
        }
        hops.append(
            DocumentHop(
                host: .www, method: "GET", path: url.path, query: url.query, referrer: referrer,
                status: statusOf(landing), bodyBytes: bytesOf(landing), formBytes: 0, effect: .none))
        planPageView(start: start, hops: hops, page: landing)
    }

    private func drawSource() -> TrafficSource {
        if profile.browser == .inApp { return random.chance(0.6) ? .facebook : .instagram }
        return WeightedTable<TrafficSource>([
            (.direct, 28), (.googleOrganic, 34), (.googleAds, 8), (.facebook, 7), (.instagram, 3), (.bing, 4),
            (.duckduckgo, 2), (.newsletter, 6), (.referral("https://www.idealo.de/"), 3),
            (.referral("https://www.reddit.com/"), 1), (.referral("https://t.co/"), 1),
            (.referral("https://www.pinterest.com/"), 2), (.referral("https://chatgpt.com/"), 1),
        ]).draw(&random)
    }

    private func drawLanding(for source: TrafficSource) -> ShopPage {
        let product = ShopPage.product(index: random.skewedIndex(site.products.count), variant: nil)
        let category = ShopPage.category(index: random.skewedIndex(site.categories.count), page: 1)
        switch source {
        case .direct:
            return WeightedTable<ShopPage>([(.home, 70), (product, 12), (.cart, 6), (.account, 4), (category, 8)]).draw(&random)
        case .googleOrganic, .bing, .duckduckgo:
            return WeightedTable<ShopPage>([
                (product, 45), (category, 28), (.home, 20), (.info(index: random.below(site.infoPages.count)), 3),
                (.missing(path: random.below(site.missingPaths.count)), 4),
            ]).draw(&random)
        case .googleAds, .facebook, .instagram, .referral:
            return random.chance(0.75) ? product : category
        case .newsletter:
            return random.chance(0.5) ? .category(index: 5, page: 1) : product
        }
    }

    /// After the last planned request of a page: plan the next page, the next session, or leave.
    private func planAfterPage(lastTime: Int64) {
        let navigation = nextNavigation
        let start = max(nextNavigationTime, lastTime + 1)
        pagesLeft -= 1
        switch navigation {
        case .leave:
            planNextSession(after: start)
        case .open(let page):
            let url = site.url(of: page)
            let hops = navigationHops(to: page, path: url.path, query: url.query)
            planPageView(start: start, hops: hops, page: finalPage(of: hops, intended: page))
        case .addToCart:
            cartItems += 1
            let form = DocumentHop(
                host: .www, method: "POST", path: "/cart/add", query: nil, referrer: currentURL, status: 302, bodyBytes: 0,
                formBytes: 58 + random.below(30), effect: .addToCart)
            planPageView(start: start, hops: [form, redirectHop(to: .cart, referrer: currentURL)], page: .cart)
        case .submitLogin:
            loggedIn = true
            justLoggedIn = true
            let form = DocumentHop(
                host: .www, method: "POST", path: "/account/login", query: nil, referrer: currentURL, status: 302,
                bodyBytes: 0, formBytes: 96 + random.below(40), effect: .login(remember: random.chance(0.4)))
            planPageView(start: start, hops: [form, redirectHop(to: .account, referrer: currentURL)], page: .account)
        case .logout:
            loggedIn = false
            let hop = DocumentHop(
                host: .www, method: "GET", path: "/account/logout", query: nil, referrer: currentURL, status: 302,
                bodyBytes: 0, formBytes: 0, effect: .logout)
            planPageView(start: start, hops: [hop, redirectHop(to: .home, referrer: currentURL)], page: .home)
        case .placeOrder:
            cartItems = 0
            // Order numbers grow through the day like a shop's sequence (seconds since the epoch, folded).
            let order = 100_000 + Int((start / 1000) % 800_000) * 10 + random.below(10)
            let form = DocumentHop(
                host: .www, method: "POST", path: "/checkout", query: nil, referrer: currentURL, status: 302, bodyBytes: 0,
                formBytes: 540 + random.below(200), effect: .orderPlaced)
            let done = ShopPage.orderComplete(order: order)
            planPageView(start: start, hops: [form, redirectHop(to: done, referrer: currentURL)], page: done)
        }
    }

    private func navigationHops(to page: ShopPage, path: String, query: String?) -> [DocumentHop] {
        if case .checkout = page, cartItems == 0 {
            let hop = DocumentHop(
                host: .www, method: "GET", path: path, query: query, referrer: currentURL, status: 302, bodyBytes: 0,
                formBytes: 0, effect: .none)
            return [hop, redirectHop(to: .cart, referrer: currentURL)]
        }
        return [
            DocumentHop(
                host: .www, method: "GET", path: path, query: query, referrer: currentURL, status: statusOf(page),
                bodyBytes: bytesOf(page), formBytes: 0, effect: .none)
        ]
    }

    private func finalPage(of hops: [DocumentHop], intended: ShopPage) -> ShopPage {
        if case .checkout = intended, hops.count > 1 { return .cart }
        return intended
    }

    private func redirectHop(to page: ShopPage, referrer: String) -> DocumentHop {
        let url = site.url(of: page)
        return DocumentHop(
            host: .www, method: "GET", path: url.path, query: url.query, referrer: referrer, status: statusOf(page),
            bodyBytes: bytesOf(page), formBytes: 0, effect: .none)
    }

    private func statusOf(_ page: ShopPage) -> Int {
        if case .missing = page { return 404 }
        return random.chance(0.0004) ? 503 : 200
    }

    private func bytesOf(_ page: ShopPage) -> Int {
        site.documentBytes(of: page, random: &random)
    }

    private func planNextSession(after time: Int64) {
        guard sessionsLeft > 0 else { return }
        let gapSeconds = random.logNormal(median: 9_000, sigma: 0.8, bounds: 1_900...36_000)
        let start = time + Int64(gapSeconds * 1000)
        guard start < context.sessionHorizon else { return }
        if random.chance(0.6) { jar.dropSessionCookies() }
        if profile.clearsCookiesBetweenSessions {
            jar.clear()
            // The CMP cookie is gone: the banner comes back, a new answer gets a new id.
            appliedConsent = nil
            plannedConsent = nil
            consentID = nil
            assetsCached = false
            tagScriptCached = false
            cartItems = 0
            loggedIn = false
            customerKnownFromOrder = false
            identifiedFPID = nil
        }
        if profile.changesAddress {
            profile.address = context.population.nextMobileAddress(&random)
        }
        if !jar.contains("PHPSESSID") { loggedIn = false }
        startSession(at: start)
    }

    // MARK: - Page views

    /// Plans the hops of one navigation and everything the final page loads.
    private func planPageView(start: Int64, hops: [DocumentHop], page: ShopPage) {
        // A banner answer saved on the previous page just before this navigation: the click
        // comes after the previous page's last request, and the first hop is answered within a
        // second of it (a slow first response is cut short to keep that promise).
        var leavingClick: (pending: PendingBannerClick, time: Int64)?
        var firstHopCap = Int.max
        if let pending = pendingClick {
            pendingClick = nil
            let clickTime = max(lastEmittedTime + 1, start - Int64(random.int(in: 60...300)))
            leavingClick = (pending, clickTime)
            firstHopCap = max(8_000, Int(clickTime + 900 - start) * 1000)
        }
        var t = start
        var finalStatus = 200
        var firstLogged = start
        for (index, hop) in hops.enumerated() {
            var micros: Int
            if hop.status >= 300 && hop.status < 400 {
                micros = random.int(in: 8_000...70_000)
            } else {
                let server = Int(random.logNormal(median: 85_000, sigma: 0.6, bounds: 12_000...2_500_000))
                micros = server + Timing.transferMicros(bytes: hop.bodyBytes / 4, mobile: profile.mobile)
            }
            if index == 0 { micros = min(micros, firstHopCap) }
            let logged = t + Int64(micros / 1000)
            if index == 0 { firstLogged = logged }
            queue.add(PlannedRequest(time: logged, micros: micros, action: .document(hop)))
            t = logged + Int64(index + 1 < hops.count ? random.int(in: 15...90) : 0)
            finalStatus = hop.status
        }
        if let leavingClick {
            scheduleBannerClick(leavingClick.pending, at: leavingClick.time, firstCarryingRequest: firstLogged)
        }
        let documentDone = t
        let url = site.url(of: page)
        let pageURL = "https://" + site.name(of: .www) + url.path + (url.query.map { "?" + $0 } ?? "")
        let landedWithExtra = hops.last.map { hop in
            "https://" + site.name(of: .www) + hop.path + (hop.query.map { "?" + $0 } ?? "")
        } ?? pageURL
        currentPage = page
        currentURL = landedWithExtra
        encodedCurrentURL = URLEncoding.encodeURIComponent(landedWithExtra)
        encodedCurrentTitle = URLEncoding.encodeURIComponent(site.title(of: page))
        var lastOffset = documentDone

        guard finalStatus < 500 else {
            // An error page has no banner, no assets and no tags.
            pendingExternalReferrer = nil
            decideNext(after: documentDone, lastPlanned: documentDone, bannerShown: false)
            return
        }

        // Static assets: the first page with a cold cache loads them all.
        var assetTime = documentDone + Int64(random.int(in: 10...60))
        if !assetsCached {
            var assets = site.coreAssets
            if !seenBefore && sessionCount == 1 { assets.append(site.favicon) }
            for asset in assets {
                let micros = random.int(in: 300...4_000) + Timing.transferMicros(bytes: asset.bytes, mobile: profile.mobile)
                assetTime += Int64(random.int(in: 1...25))
                let logged = assetTime + Int64(micros / 1000)
                queue.add(PlannedRequest(time: logged, micros: micros, action: .asset(asset, notModified: false, referrer: landedWithExtra)))
                lastOffset = max(lastOffset, logged)
            }
            assetsCached = true
        }
        let revisit = seenBefore || sessionCount > 1
        for image in site.images(of: page, mobile: profile.mobile, random: &random) {
            let notModified: Bool
            if revisit {
                let roll = random.unit()
                if roll < 0.4 { continue }  // served from the browser cache, no request
                notModified = roll < 0.75
            } else {
                notModified = false
            }
            let micros = random.int(in: 250...3_000) + (notModified ? 0 : Timing.transferMicros(bytes: image.bytes, mobile: profile.mobile))
            assetTime += Int64(random.int(in: 2...60))
            let logged = assetTime + Int64(micros / 1000)
            queue.add(PlannedRequest(time: logged, micros: micros, action: .asset(image, notModified: notModified, referrer: landedWithExtra)))
            lastOffset = max(lastOffset, logged)
        }

        // The banner: an undecided visitor whose answer grants statistics clicks it while
        // reading this page, and the Google tag (blocked until then) fires right after.
        var immediateClick: (pending: PendingBannerClick, time: Int64)?
        if profile.showsBanner && profile.runsTags && plannedConsent == nil, case .answer(let answer) = disposition, answer.statistics {
            let clickTime = documentDone + Int64(random.logNormal(median: 3_500, sigma: 0.6, bounds: 900...20_000))
            immediateClick = (PendingBannerClick(choice: answer, action: .firstAnswer(answer), url: landedWithExtra, isChange: false), clickTime)
            plannedConsent = answer
        }

        // Tags, when the answer allows any: gtag.js from the tagging host, the tags' cookies,
        // then (with statistics) the hits.
        if profile.runsTags, let consent = plannedConsent, consent.statistics || consent.marketing {
            var tagTime = immediateClick.map { $0.time + Int64(random.int(in: 100...250)) }
                ?? documentDone + Int64(random.int(in: 60...260))
            if !tagScriptLoadedThisSession {
                let notModified = tagScriptCached
                if !notModified || random.chance(0.5) {
                    let micros = random.int(in: 3_000...30_000) + (notModified ? 0 : Timing.transferMicros(bytes: 141_000, mobile: profile.mobile))
                    let logged = tagTime + Int64(micros / 1000)
                    queue.add(PlannedRequest(time: logged, micros: micros, action: .tagScript(notModified: notModified)))
                    tagTime = logged
                }
                tagScriptLoadedThisSession = true
                tagScriptCached = true
            }
            let cookieTime = tagTime + Int64(random.int(in: 1...20))
            queue.add(PlannedRequest(time: cookieTime, micros: 0, action: .browser(.tagsRan(consent, at: cookieTime))))
            if consent.statistics {
                let pageLoadID = String(random.int(in: 1_000_000_000...2_147_483_647))
                // After a click the tag sends at once; on a page load it waits for the page.
                var hitTime = tagTime + Int64(immediateClick == nil ? random.int(in: 150...900) : random.int(in: 30...150))
                let events = pageEvents(for: page)
                for (index, event) in events.enumerated() {
                    let micros = Int(random.logNormal(median: 11_000, sigma: 0.5, bounds: 1_800...420_000))
                    let logged = hitTime + Int64(micros / 1000)
                    let hit = CollectHit(
                        event: event.name, encodedPageURL: encodedCurrentURL, encodedTitle: encodedCurrentTitle,
                        externalReferrer: index == 0 ? pendingExternalReferrer : nil, extraParameters: event.parameters,
                        consent: consent, post: random.chance(0.85), pageLoadID: pageLoadID,
                        sinceLoadMillis: Int(hitTime - start))
                    queue.add(PlannedRequest(time: logged, micros: micros, action: .collect(hit)))
                    lastOffset = max(lastOffset, logged)
                    hitTime = logged + Int64(random.int(in: 30...400))
                }
            }
        }
        pendingExternalReferrer = nil
        if let immediateClick {
            let firstCarrying = queue.firstTime(after: immediateClick.time) { action in
                if case .browser = action { return false }
                return true
            }
            scheduleBannerClick(immediateClick.pending, at: immediateClick.time, firstCarryingRequest: firstCarrying ?? immediateClick.time + 1)
        }
        decideNext(after: documentDone, lastPlanned: lastOffset, bannerShown: true)
    }

    /// Plans a banner answer: the planning state changes now, the browser's cookie (and the
    /// CMP's record) at `clickTime`. The record is logged between the click and
    /// `firstCarryingRequest`, the first request of the visitor after the click.
    private func scheduleBannerClick(_ pending: PendingBannerClick, at clickTime: Int64, firstCarryingRequest: Int64) {
        let id: String
        if pending.isChange, let existing = consentID {
            id = existing
            changedMind = true
        } else {
            id = CookiebotCookie.newConsentID(&random)
        }
        consentID = id
        plannedConsent = pending.choice
        choiceSession = sessionCount
        let gap = max(1, firstCarryingRequest - clickTime)
        let latency = min(Int64(random.int(in: 20...50)), gap / 2)
        let click = BannerClick(
            choice: pending.choice, action: pending.action, consentID: id, clickTime: clickTime,
            recordTime: clickTime + latency, url: pending.url, clientIP: profile.address)
        queue.add(PlannedRequest(time: clickTime, micros: 0, action: .browser(.bannerClick(click))))
    }

    /// The banner answer due when the visitor clicks on from this page, if any: an undecided
    /// visitor's first answer, or a change of mind in a session after the last answer.
    private func bannerAnswerOnLeaving() -> PendingBannerClick? {
        guard profile.showsBanner else { return nil }
        if let current = plannedConsent {
            guard changesMind && !changedMind && sessionCount > choiceSession && consentID != nil else { return nil }
            let target = plannedChange ?? BannerDisposition.changedAnswer(from: current, &random)
            plannedChange = target
            return PendingBannerClick(choice: target, action: .change(from: current, to: target), url: currentURL, isChange: true)
        }
        guard case .answer(let answer) = disposition else { return nil }
        return PendingBannerClick(choice: answer, action: .firstAnswer(answer), url: currentURL, isChange: false)
    }

    /// Cookiebot applies an answer: it writes its cookie and deletes the cookies of purposes
    /// taken back; the CMP's server logs the record (handed to the ledger with the next request).
    private func applyBannerClick(_ click: BannerClick, beforeTraffic: Bool = false) {
        let previousChoice = appliedConsent
        if let previous = appliedConsent {
            if previous.statistics && !click.choice.statistics {
                for name in ["_ga", gaSessionCookieName, "_gid", "FPID", "FPLC"] { jar.remove(name) }
                cachedClientID = nil
            }
            if previous.marketing && !click.choice.marketing {
                for name in ["_gcl_au", "_fbp", "_fbc"] { jar.remove(name) }
            }
        }
        jar.set(
            CookiebotCookie.name,
            CookiebotCookie.value(consentID: click.consentID, choice: click.choice, utc: click.clickTime, region: profile.country),
            domainWide: true, host: .www)
        appliedConsent = click.choice
        ledger.countChoice()
        unconfirmedRecords.append(
            ConsentRecord(
                time: click.recordTime, clickTime: click.clickTime, consentID: click.consentID, url: click.url,
                choice: click.choice, action: click.action, clientIP: click.clientIP, userAgent: profile.userAgent,
                country: profile.country, visitorID: id, sequence: choicesMade, beforeTraffic: beforeTraffic,
                previousChoice: previousChoice))
        choicesMade += 1
    }

    /// The events a page's tag sends on load (GA4 names and parameters).
    private func pageEvents(for page: ShopPage) -> [(name: String, parameters: String)] {
        var events: [(name: String, parameters: String)] = [("page_view", "")]
        switch page {
        case .product(let index, _):
            let product = site.products[index]
            events.append(
                ("view_item", "&cu=EUR&pr1=idSKU" + String(product.slug.split(separator: "-").last ?? "0")
                    + "~nm" + URLEncoding.encodeURIComponent(product.name) + "~pr" + SiteMath.price(product.price) + "~qt1"))
        case .search(let term):
            events.append(("view_search_results", "&ep.search_term=" + URLEncoding.encodeURIComponent(site.searchTerms[term])))
        case .cart:
            events.append(("view_cart", "&cu=EUR"))
        case .orderComplete(let order):
            events.append(("purchase", "&cu=EUR&ep.transaction_id=" + String(order) + "&epn.value=" + SiteMath.price(4_990 + (order % 40) * 250)))
        case .account where justLoggedIn:
            justLoggedIn = false
            events.append(("login", "&ep.method=email"))
        default:
            break
        }
        return events
    }

    /// Chooses what the visitor does after this page and when; plans the hits that fire while
    /// the visitor is still on the page (add_to_cart click, user_engagement on leaving).
    /// A banner answer that waits for a link click is saved just before the next navigation
    /// (after every hit of this page); on leaving the site it waits for the next page view.
    private func decideNext(after documentDone: Int64, lastPlanned: Int64, bannerShown: Bool) {
        let dwellMillis = Int64(random.logNormal(median: 22_000, sigma: 0.9, bounds: 2_500...900_000))
        var leaveTime = max(documentDone + dwellMillis, lastPlanned + Int64(random.int(in: 200...1_500)))
        let navigation: Navigation = pagesLeft <= 1 ? .leave : chooseNavigation(from: currentPage)
        var leaving = false
        if case .leave = navigation {
            leaveTime = max(leaveTime, lastPlanned)
            leaving = true
        }
        if profile.runsTags, let consent = plannedConsent, consent.statistics, bannerShown {
            if case .addToCart = navigation {
                planHit(
                    event: "add_to_cart", parameters: "&cu=EUR&epn.value=" + SiteMath.price(2_990 + random.below(90) * 100),
                    consent: consent, at: leaveTime - Int64(random.int(in: 200...900)))
            }
            if random.chance(0.55) {
                planHit(
                    event: "user_engagement", parameters: "&_et=" + String(max(1, dwellMillis - 400)), consent: consent,
                    at: leaveTime - Int64(random.int(in: 5...120)))
                engaged = engaged || dwellMillis > 10_000
            }
        }
        if bannerShown && !leaving { pendingClick = bannerAnswerOnLeaving() }
        nextNavigation = navigation
        nextNavigationTime = leaveTime
    }

    private func planHit(event: String, parameters: String, consent: ConsentChoice, at time: Int64) {
        let micros = Int(random.logNormal(median: 11_000, sigma: 0.5, bounds: 1_800...420_000))
        let logged = max(time, (queue.lastTime ?? time)) + Int64(micros / 1000)
        let hit = CollectHit(
            event: event, encodedPageURL: encodedCurrentURL, encodedTitle: encodedCurrentTitle, externalReferrer: nil,
            extraParameters: parameters, consent: consent, post: true,
            pageLoadID: String(random.int(in: 1_000_000_000...2_147_483_647)), sinceLoadMillis: random.int(in: 2_000...60_000))
        queue.add(PlannedRequest(time: logged, micros: micros, action: .collect(hit)))
    }

    private func chooseNavigation(from page: ShopPage) -> Navigation {
        let leaveChance: Double
        switch page {
        case .home: leaveChance = 0.28
        case .category: leaveChance = 0.22
        case .product: leaveChance = 0.27
        case .search: leaveChance = 0.22
        case .cart: leaveChance = 0.2
        case .checkout: leaveChance = 0.2
        case .orderComplete: leaveChance = 0.7
        case .login: leaveChance = 0.08
        case .account: leaveChance = 0.35
        case .info: leaveChance = 0.5
        case .missing: leaveChance = 0.45
        }
        if random.chance(leaveChance) { return .leave }

        let product = Navigation.open(.product(index: random.skewedIndex(site.products.count), variant: random.chance(0.35) ? random.int(in: 10_000...99_999) : nil))
        let category = Navigation.open(.category(index: random.skewedIndex(site.categories.count, power: 1), page: 1))
        let search = Navigation.open(.search(term: random.skewedIndex(site.searchTerms.count, power: 1)))
        let home = Navigation.open(.home)
        let cart = Navigation.open(.cart)
        let accountOrLogin = loggedIn ? Navigation.open(.account) : Navigation.open(.login)
        let hasCart = cartItems > 0 ? 1 : 0
        switch page {
        case .home:
            return WeightedTable([(category, 45), (product, 20), (search, 15), (accountOrLogin, 5), (cart, 3 + 6 * hasCart),
                (Navigation.open(.info(index: random.below(site.infoPages.count))), 4)]).draw(&random)
        case .category(let index, let pageNumber):
            return WeightedTable([(product, 60), (Navigation.open(.category(index: index, page: pageNumber + 1)), 12), (category, 10),
                (search, 6), (home, 5), (cart, 2 + 4 * hasCart),
                (Navigation.open(.missing(path: random.below(site.missingPaths.count))), 1)]).draw(&random)
        case .product(let index, _):
            return WeightedTable([(product, 25), (Navigation.addToCart(product: index), 22), (category, 22), (search, 8), (home, 5),
                (cart, 8 * hasCart)]).draw(&random)
        case .search:
            return WeightedTable([(product, 55), (search, 15), (category, 15), (home, 5)]).draw(&random)
        case .cart:
            return WeightedTable([(Navigation.open(.checkout), 45 * hasCart + 2), (product, 25), (category, 15), (home, 10)]).draw(&random)
        case .checkout:
            return WeightedTable([(Navigation.placeOrder, 55 * hasCart), (cart, 25), (home, 5)]).draw(&random)
        case .orderComplete:
            return WeightedTable([(home, 50), (accountOrLogin, 20), (category, 30)]).draw(&random)
        case .login:
            return WeightedTable([(Navigation.submitLogin, 80), (home, 20)]).draw(&random)
        case .account:
            return WeightedTable([(Navigation.logout, 25), (home, 35), (category, 40)]).draw(&random)
        case .info:
            return WeightedTable([(home, 60), (category, 40)]).draw(&random)
        case .missing:
            return WeightedTable([(home, 70), (search, 30)]).draw(&random)
        }
    }

    // MARK: - Emitting requests

    private func addressing(for host: SiteHost) -> (peer: String, forwardedFor: String?) {
        var peer = profile.address
        var forwarded: String?
        if case .proxy(let proxyAddress, let internalClient) = profile.network {
            peer = proxyAddress
            forwarded = internalClient
        }
        if host == .tagging && site.taggingBehindLoadBalancer {
            forwarded = (forwarded.map { $0 + ", " } ?? "") + peer
            peer = balancer
        }
        return (peer, forwarded)
    }

    private func makeRequest(
        time: Int64, micros: Int, host: SiteHost, method: String, path: String, query: String?, status: Int,
        bodyBytes: Int, requestBodyBytes: Int, referrer: String?, setCookies: [String], contentType: String?,
        kind: RequestKind
    ) -> SimulatedRequest {
        let (peer, forwarded) = addressing(for: host)
        return SimulatedRequest(
            time: time, clientIP: peer, clientPort: host == .tagging ? taggingPort : wwwPort, forwardedFor: forwarded,
            method: method, scheme: "https", host: site.name(of: host), path: path, query: query,
            protocolVersion: profile.protocolVersion, status: status, bodyBytes: method == "HEAD" ? 0 : bodyBytes,
            requestBodyBytes: requestBodyBytes, referrer: referrer, userAgent: profile.userAgent,
            acceptLanguage: profile.acceptLanguage, cookieHeader: jar.header(for: host), setCookies: setCookies,
            secGPC: profile.sendsGPC ? "1" : nil, dnt: profile.sendsDNT ? "1" : nil, requestTimeMicros: micros,
            contentType: contentType, requestID: random.next(), visitorID: id, kind: kind)
    }

    private func emitDocument(_ hop: DocumentHop, time: Int64, micros: Int) -> SimulatedRequest {
        var setCookies: [String] = []
        var request = makeRequest(
            time: time, micros: micros, host: hop.host, method: hop.method, path: hop.path, query: hop.query,
            status: hop.status, bodyBytes: hop.bodyBytes, requestBodyBytes: hop.formBytes, referrer: hop.referrer,
            setCookies: [], contentType: hop.bodyBytes > 0 ? site.documentContentType : nil, kind: .document)
        guard hop.host == .www else { return request }

        // PHP: start a session when the browser has none; first visits also get a language cookie.
        var sessionSet = false
        switch hop.effect {
        case .login(let remember):
            let id = Identifiers.phpSession(&random)
            setCookies.append(SetCookieHeaders.phpSession(id))
            jar.set("PHPSESSID", id, domainWide: false, host: .www, session: true)
            sessionSet = true
            if remember {
                let token = random.string(count: 40, alphabet: Identifiers.hexAlphabet)
                setCookies.append(SetCookieHeaders.php("remember_me", token, maxAge: 2_592_000, now: time, httpOnly: true))
                jar.set("remember_me", token, domainWide: false, host: .www)
            }
        case .logout:
            setCookies.append(SetCookieHeaders.phpDeletion("PHPSESSID"))
            jar.remove("PHPSESSID")
            sessionSet = true
            if jar.contains("remember_me") {
                setCookies.append(SetCookieHeaders.phpDeletion("remember_me"))
                jar.remove("remember_me")
            }
        case .addToCart:
            if !jar.contains("cart_id") {
                let id = Identifiers.uuid(&random)
                setCookies.append(SetCookieHeaders.cart(id, now: time))
                jar.set("cart_id", id, domainWide: false, host: .www)
            }
        case .orderPlaced:
            customerKnownFromOrder = true
            if jar.contains("cart_id") {
                setCookies.append(SetCookieHeaders.cartDeletion())
                jar.remove("cart_id")
            }
        case .none:
            break
        }
        if !sessionSet && !jar.contains("PHPSESSID") {
            let id = Identifiers.phpSession(&random)
            setCookies.insert(SetCookieHeaders.phpSession(id), at: 0)
            jar.set("PHPSESSID", id, domainWide: false, host: .www, session: true)
        }
        if !jar.contains("shop_lang") {
            let language = String(profile.languageTag.prefix(2))
            setCookies.append(SetCookieHeaders.php("shop_lang", language, maxAge: 31_536_000, now: time, httpOnly: false))
            jar.set("shop_lang", language, domainWide: false, host: .www)
        }
        request.setCookies = setCookies
        return request
    }

    private func emitAsset(_ asset: SiteAsset, notModified: Bool, referrer: String, time: Int64, micros: Int) -> SimulatedRequest {
        makeRequest(
            time: time, micros: micros, host: .www, method: "GET", path: asset.path, query: nil, status: notModified ? 304 : 200,
            bodyBytes: notModified ? 0 : asset.bytes, requestBodyBytes: 0, referrer: referrer, setCookies: [],
            contentType: notModified ? nil : asset.contentType, kind: .asset)
    }

    private func emitTagScript(notModified: Bool, time: Int64, micros: Int) -> SimulatedRequest {
        makeRequest(
            time: time, micros: micros, host: .tagging, method: "GET", path: "/gtag/js", query: "id=" + site.measurementID,
            status: notModified ? 304 : 200, bodyBytes: notModified ? 0 : 141_000 + Int(id % 900), requestBodyBytes: 0,
            referrer: "https://" + site.name(of: .www) + "/", setCookies: [],
            contentType: notModified ? nil : "application/javascript; charset=utf-8", kind: .tagScript)
    }

    /// The page's tags run: gtag.js creates or updates the analytics cookies when statistics
    /// is granted, the Google Ads and Meta tags their cookies when marketing is. Both also
    /// check the answer the browser's CMP cookie holds at that moment.
    private func applyTagCookies(now: Int64, consent: ConsentChoice) {
        let seconds = String(now / 1000)
        if consent.statistics && appliedConsent?.statistics == true {
            if !jar.contains("_ga") {
                jar.set("_ga", "GA1.1." + Identifiers.gaRandom(&random) + "." + seconds, domainWide: true, host: .www)
                firstVisitHit = true
            }
            jar.set(
                gaSessionCookieName,
                "GS1.1." + String(sessionStart / 1000) + "." + String(sessionCount) + "." + (engaged ? "1" : "0") + "." + seconds + ".0.0.0",
                domainWide: true, host: .www)
            if !jar.contains("_gid") {
                jar.set("_gid", "GA1.1." + Identifiers.gaRandom(&random) + "." + seconds, domainWide: true, host: .www)
            }
        }
        if consent.marketing && appliedConsent?.marketing == true {
            if !jar.contains("_gcl_au") {
                jar.set("_gcl_au", "1.1." + Identifiers.gaRandom(&random) + "." + seconds, domainWide: true, host: .www)
            }
            if !jar.contains("_fbp") {
                jar.set("_fbp", "fb.1." + String(now) + "." + Identifiers.gaRandom(&random), domainWide: true, host: .www)
            }
            if let fbclid, jar.value(of: "_fbc")?.hasSuffix(fbclid) != true {
                jar.set("_fbc", "fb.1." + String(now) + "." + fbclid, domainWide: true, host: .www)
            }
        }
    }

    /// The GA client id (`<random>.<seconds>`) inside the `_ga` cookie; the tag creates the
    /// cookie before the first hit, so the fallback only covers visitors whose cookie vanished.
    private func gaClientID(now: Int64) -> String {
        guard let cookie = jar.value(of: "_ga") else {
            return Identifiers.gaRandom(&random) + "." + String(now / 1000)
        }
        if let cached = cachedClientID, cached.cookie == cookie { return cached.id }
        let parts = cookie.split(separator: ".")
        let id = parts.count >= 4 ? parts[2] + "." + parts[3] : cookie
        cachedClientID = (cookie, id)
        return id
    }

    private func emitCollect(_ hit: CollectHit, time: Int64, micros: Int) -> SimulatedRequest {
        let sentAt = time - Int64(micros / 1000)
        hitsThisSession += 1
        let clientID = gaClientID(now: sentAt)

        var query: [UInt8] = []
        query.reserveCapacity(640)
        query.appendStatic("v=2&tid=")
        query.appendString(site.measurementID)
        query.appendStatic("&gtm=45je5bj0v9183744339za200&_p=")
        query.appendString(hit.pageLoadID)
        query.appendStatic("&gcs=")
        ConsentModeParameters.appendGCS(hit.consent, into: &query)
        query.appendStatic("&gcd=")
        ConsentModeParameters.appendGCD(hit.consent, into: &query)
        query.appendStatic(hit.consent.marketing ? "&npa=0&dma=0&cid=" : "&npa=1&dma=0&cid=")
        query.appendString(clientID)
        query.appendStatic("&ul=")
        query.appendString(profile.languageTag)
        query.appendStatic("&sr=")
        query.appendString(profile.screen)
        query.appendStatic("&_s=")
        query.appendDecimal(hitsThisSession)
        query.appendStatic("&sid=")
        query.appendDecimal(Int(sessionStart / 1000))
        query.appendStatic("&sct=")
        query.appendDecimal(sessionCount)
        query.appendStatic(engaged ? "&seg=1&dl=" : "&seg=0&dl=")
        query.appendString(hit.encodedPageURL)
        if let referrer = hit.externalReferrer {
            query.appendStatic("&dr=")
            query.appendString(URLEncoding.encodeURIComponent(referrer))
        }
        query.appendStatic("&dt=")
        query.appendString(hit.encodedTitle)
        query.appendStatic("&en=")
        query.appendString(hit.event)
        if firstVisitHit {
            query.appendStatic("&_fv=1")
            firstVisitHit = false
        }
        if hitsThisSession == 1 { query.appendStatic("&_nsi=1&_ss=1") }
        query.appendString(hit.extraParameters)
        query.appendStatic("&tfd=")
        query.appendDecimal(hit.sinceLoadMillis)

        // The tagging server (re)sets its own client id on the first hit of a session. The
        // request carries the cookies the browser had before this response.
        var setCookies: [String] = []
        var newFPID: String?
        var newLinker: String?
        let status = random.chance(0.0006) ? 502 : 204
        if status == 204 && (hitsThisSession == 1 || !jar.contains("FPID")) {
            let value = jar.value(of: "FPID") ?? Identifiers.fpid(seconds: sentAt / 1000, &random)
            let linker = Identifiers.encodedBase64(bytes: 48, &random)
            setCookies.append(SetCookieHeaders.fpid(value, domain: site.cookieDomain))
            setCookies.append(SetCookieHeaders.fplc(linker, domain: site.cookieDomain))
            newFPID = value
            newLinker = linker
        }
        var request = makeRequest(
            time: time, micros: micros, host: .tagging, method: hit.post ? "POST" : "GET", path: "/g/collect",
            query: String(decoding: query, as: UTF8.self), status: status, bodyBytes: status == 502 ? 150 : 0,
            requestBodyBytes: 0, referrer: "https://" + site.name(of: .www) + "/", setCookies: setCookies,
            contentType: status == 502 ? "text/html" : nil, kind: .collect)
        // Ground truth for the tagging server (no random draws: the access logs stay the same).
        // The tagging server knows the customer while they are logged in, when the browser
        // holds a `remember_me` token, after they placed an order (checkout asked for e-mail
        // and phone), and whenever the hit brings an `FPID` its customer store linked to them
        // at such a moment (on this visit or an earlier one).
        let fpid = jar.value(of: "FPID")
        if let fpid, loggedIn || customerKnownFromOrder { identifiedFPID = fpid }
        let known = loggedIn || customerKnownFromOrder || jar.contains("remember_me") || (fpid != nil && fpid == identifiedFPID)
        request.collectFacts = CollectHitFacts(consent: hit.consent, customer: known ? customer : nil)
        if let newFPID { jar.set("FPID", newFPID, domainWide: true, host: .tagging) }
        if let newLinker { jar.set("FPLC", newLinker, domainWide: true, host: .tagging) }
        return request
    }
}

/// Money formatting for tag parameters.
enum SiteMath {
    /// Cents as a decimal price (`4990` → `49.90`).
    static func price(_ cents: Int) -> String {
        let rest = cents % 100
        return String(cents / 100) + "." + (rest < 10 ? "0" : "") + String(rest)
    }
}
