// Planted violation scenarios (`gen-logs --violations`): a deterministic share of the day's
// arrivals is replaced by scripted visitors, each acting out one scenario. Every scenario is
// timed with margins around the clock-skew tolerance (2 s) and the whole-second times of the
// access log, so the finding it must raise — or must not raise — does not hinge on a
// millisecond. Hits are timed so that their access-log line is the first record of the hit.
// A scenario's visitor gets its own address (81.x.y.z, outside the site's address pools) and
// never shares an identifier with anyone, except where the scenario says otherwise.
//
// "First" below means: the first such record of the visitor's session, which is where the
// analyzer anchors the finding; the truth follows the anchor wherever the scripted timing
// puts it. Unless a line says otherwise, every banner answer is logged by the CMP 20–50 ms
// after the click with method `explicit` and banner version `v7`, and a scenario sends no
// hit to the tagging host.
//
// Violations (the finding each must give; subject in quotes):
//
//  tbc-no-decision          the landing page's response sets `_ga` (a server-side analytics
//                           plug-in) before the visitor answers the banner; the visitor accepts
//                           12–20 s later. → tracking-before-consent / no-decision "_ga" at the
//                           landing request.
//  tbc-refused              "necessary only", then the Meta pixel writes `_fbp` anyway and the
//                           next pages send it. → tracking-before-consent / refused "_fbp" at the
//                           first request sending `_fbp`.
//  tbc-withdrawn            a returning visitor who had allowed everything (record of an earlier
//                           day) takes marketing back; the site forgets to delete `_fbp`.
//                           → tracking-before-consent / withdrawn "_fbp" at the first request
//                           after the change.
//  tbc-implied-only         the CMP records implied consent (scrolling): CMP cookie and record
//                           say `implied`; gtag sets `_ga` and sends hits without Consent Mode;
//                           the container forwards to GA4 and Meta. → tracking-before-consent /
//                           implied-only "_ga" and "/g/collect" (first hit), forward-without-
//                           consent / implied-only "google-analytics" and "meta" (first request
//                           of each).
//  tbc-default-granted      no answer; the site's Consent Mode defaults analytics_storage to
//                           granted (`gcs=G101`, `gcd=11p1t1p1p5`); gtag sets `_ga` and sends
//                           hits, the container forwards to GA4. → tracking-before-consent /
//                           default-granted "_ga" and "/g/collect" (first hit),
//                           forward-without-consent / default-granted "google-analytics".
//  fwc-no-decision          no answer, no Consent Mode, no cookies: hits carry a stored client
//                           id; the container forwards to GA4 and to Meta (IP, user agent).
//                           → tracking-before-consent / no-decision "/g/collect",
//                           forward-without-consent / no-decision "google-analytics" and
//                           "meta" (high).
//  fwc-refused-high         statistics only; the container still sends Meta CAPI events with
//                           the customer's hashed e-mail and phone. → forward-without-consent /
//                           refused "meta" (high) at the first Meta request.
//  fwc-refused-low          statistics only; the container sends Meta events without any user
//                           data. → forward-without-consent / refused "meta" (low).
//  fwc-withdrawn            a returning visitor who had allowed everything takes marketing back
//                           (`_fbp` deleted properly); the container keeps sending Meta events.
//                           → forward-without-consent / withdrawn "meta" at the first Meta
//                           request after the change.
//  tct-no-mechanism         everything allowed; the container sends TikTok Events API requests
//                           with the customer's hashes (TikTok: US, no mechanism).
//                           → third-country-transfer / no-mechanism "tiktok".
//  tct-ip-not-minimised     everything allowed; the container sends Pinterest conversions with
//                           the visitor's IP in clear (the score config marks Pinterest
//                           `minimise_ip: true`). → third-country-transfer / ip-not-minimised
//                           "pinterest".
//  optout-gpc               a browser sending `Sec-GPC: 1` allows everything; `_gcl_au` and
//                           `_fbp` are set and sent. → opt-out-signal-ignored / gpc "Sec-GPC" at
//                           the first request sending them.
//  optout-dnt               the same with `DNT: 1`. → opt-out-signal-ignored / dnt "DNT".
//  unprovable-no-record     statistics granted in the CMP cookie, but the CMP's server never
//                           logged the answer (no record with that consent id); `_ga` is sent.
//                           → unprovable-consent / no-record "statistics" at the first request
//                           sending `_ga`.
//  unprovable-incomplete    statistics granted, the record has no banner version.
//                           → unprovable-consent / incomplete-record "statistics".
//  mismatch-record-denies   the record says "necessary only" but a broken CMP script writes a
//                           cookie granting statistics; the next request comes 3.5–6 s later.
//                           → consent-mismatch / record-denies "statistics" at that request.
//  mismatch-record-withdrew a returning visitor (statistics allowed on an earlier day) withdraws;
//                           the CMP logs it but leaves the cookie as it was; the next request
//                           comes 3.5–6 s later. → consent-mismatch / record-withdrew
//                           "statistics".
//  respawn-server-set       everything allowed; a response deletes `_ga` (Max-Age=0); a later
//                           response to a request without `_ga` sets the same value again.
//                           → cookie-respawn / server-set "_ga" at that response.
//  respawn-client-restored  everything allowed; the browser loses `_fbp` (requests without it),
//                           then a script restores the same value. → cookie-respawn /
//                           client-restored "_fbp" at the first request sending it again.
//  incident-respawn-forward the story `investigate` is for: statistics only; the container
//                           sends Meta CAPI events with the customer's hashed e-mail and phone
//                           anyway, and the server later re-sets the `_ga` value it had deleted.
//                           → forward-without-consent / refused "meta" at the first Meta request,
//                           cookie-respawn / server-set "_ga" at the re-setting response.
//  respawn-mirror           everything allowed; the tagging host sets `FPID` with the `_ga`
//                           client id (server-managed id migrated from the JavaScript one); the
//                           browser loses `_ga`; a response to a request sending `FPID` sets
//                           `_ga` to the same client id. → cookie-respawn / mirror "_ga".
//
// Hard negatives (no finding at all):
//
//  neg-necessary-cookies    `PHPSESSID`, `XSRF-TOKEN` and `__cf_bm` set and sent before any
//                           answer, then "necessary only" and the CMP cookie on later requests.
//  neg-grant-within-skew    gtag writes `_ga` on the "allow" click before the CMP has written its
//                           cookie: a request sends `_ga` 0.1–0.4 s before the record, which the
//                           CMP's server logs 0.3–0.7 s after that request (within the 2 s skew).
//  neg-cookieless-ping      Consent Mode advanced: a ping before the answer (`gcd` denied by
//                           default) and after "necessary only" (`gcs=G100`), a new client id each
//                           time, no identity cookie; the container forwards nothing.
//  neg-gl-linker            `_ga` is lost, then the visitor comes back from a partner site through
//                           a link carrying `_gl` and gtag restores the same `_ga` from it.
//  neg-expired-new-value    `_ga` expires (requests without it), a new, different `_ga` is set.
//  neg-nat                  visitors behind three shared addresses with the same browser build,
//                           each compliant (allow statistics, "necessary only" or no answer).
//  neg-bot                  a headless crawler: no cookies kept, a new `PHPSESSID` on every page,
//                           a cookieless ping (`gcs=G100`, `gcd` denied by default) per page.
//  neg-earlier-session      statistics allowed in a first session; two to three hours later the
//                           CMP cookie is gone (a cleaner extension) but `_ga` is still sent: the
//                           record of the earlier session still holds.
//  neg-fieldless-tiktok     everything allowed; the container sends TikTok events without any
//                           user data (no personal fields: no transfer finding).

/// The planted scenarios (see the comment at the top of this file).
public enum PlantedScenario: String, Sendable, Equatable, CaseIterable {
    // First, so that the 50 visitors of `samples/` always hold one.
    case incidentRespawnForward = "incident-respawn-forward"
    case tbcNoDecision = "tbc-no-decision"
    case tbcRefused = "tbc-refused"
    case tbcWithdrawn = "tbc-withdrawn"
    case tbcImpliedOnly = "tbc-implied-only"
    case tbcDefaultGranted = "tbc-default-granted"
    case fwcNoDecision = "fwc-no-decision"
    case fwcRefusedHigh = "fwc-refused-high"
    case fwcRefusedLow = "fwc-refused-low"
    case fwcWithdrawn = "fwc-withdrawn"
    case tctNoMechanism = "tct-no-mechanism"
    case tctIPNotMinimised = "tct-ip-not-minimised"
    case optOutGPC = "optout-gpc"
    case optOutDNT = "optout-dnt"
    case unprovableNoRecord = "unprovable-no-record"
    case unprovableIncomplete = "unprovable-incomplete"
    case mismatchRecordDenies = "mismatch-record-denies"
    case mismatchRecordWithdrew = "mismatch-record-withdrew"
    case respawnServerSet = "respawn-server-set"
    case respawnClientRestored = "respawn-client-restored"
    case respawnMirror = "respawn-mirror"
    case negNecessaryCookies = "neg-necessary-cookies"
    case negGrantWithinSkew = "neg-grant-within-skew"
    case negCookielessPing = "neg-cookieless-ping"
    case negGLLinker = "neg-gl-linker"
    case negExpiredNewValue = "neg-expired-new-value"
    case negNAT = "neg-nat"
    case negBot = "neg-bot"
    case negEarlierSession = "neg-earlier-session"
    case negFieldlessTikTok = "neg-fieldless-tiktok"

    /// Whether the scenario is a hard negative (it must raise no finding).
    public var isHardNegative: Bool { rawValue.hasPrefix("neg-") }

    /// The (rule, reason) pairs the scenario's findings have (empty for a hard negative).
    public var expectedFindings: [(rule: TruthRule, reason: String)] {
        switch self {
        case .tbcNoDecision: return [(.trackingBeforeConsent, "no-decision")]
        case .tbcRefused: return [(.trackingBeforeConsent, "refused")]
        case .tbcWithdrawn: return [(.trackingBeforeConsent, "withdrawn")]
        case .tbcImpliedOnly: return [(.trackingBeforeConsent, "implied-only"), (.forwardWithoutConsent, "implied-only")]
        case .tbcDefaultGranted: return [(.trackingBeforeConsent, "default-granted"), (.forwardWithoutConsent, "default-granted")]
        case .fwcNoDecision: return [(.trackingBeforeConsent, "no-decision"), (.forwardWithoutConsent, "no-decision")]
        case .fwcRefusedHigh, .fwcRefusedLow: return [(.forwardWithoutConsent, "refused")]
        case .fwcWithdrawn: return [(.forwardWithoutConsent, "withdrawn")]
        case .tctNoMechanism: return [(.thirdCountryTransfer, "no-mechanism")]
        case .tctIPNotMinimised: return [(.thirdCountryTransfer, "ip-not-minimised")]
        case .optOutGPC: return [(.optOutSignalIgnored, "gpc")]
        case .optOutDNT: return [(.optOutSignalIgnored, "dnt")]
        case .unprovableNoRecord: return [(.unprovableConsent, "no-record")]
        case .unprovableIncomplete: return [(.unprovableConsent, "incomplete-record")]
        case .mismatchRecordDenies: return [(.consentMismatch, "record-denies")]
        case .mismatchRecordWithdrew: return [(.consentMismatch, "record-withdrew")]
        case .respawnServerSet: return [(.cookieRespawn, "server-set")]
        case .respawnClientRestored: return [(.cookieRespawn, "client-restored")]
        case .respawnMirror: return [(.cookieRespawn, "mirror")]
        case .incidentRespawnForward: return [(.forwardWithoutConsent, "refused"), (.cookieRespawn, "server-set")]
        default: return []
        }
    }
}

/// Which arrivals act out a scenario: each arrival is drawn from its own stream (so the other
/// visitors are exactly the ones of a run without violations), and the planted ones take the
/// scenarios in turn, so every scenario appears once a day has a few hundred arrivals.
struct ViolationPlan {
    /// Share of arrivals that act out a scenario, by default.
    static let defaultShare = 0.08
    private let seed: UInt64
    private let share: Double
    private var planted = 0

    init(seed: UInt64, share: Double = ViolationPlan.defaultShare) {
        self.seed = seed
        self.share = share
    }

    /// The scenario arrival `id` acts out, if any.
    mutating func scenario(for id: UInt64) -> PlantedScenario? {
        var random = SeededRandom(seed: seed ^ 0x504C_4E54, stream: id)  // "PLNT"
        guard random.chance(share) else { return nil }
        let all = PlantedScenario.allCases
        let scenario = all[planted % all.count]
        planted += 1
        return scenario
    }
}

extension ScenarioScript {
    /// A response deletes `_ga`; a later response (to a request without it) sets the same value
    /// again: the cookie-respawn / server-set offense; then one more page.
    mutating func serverDeletesThenSetsAgain(_ ga: String) {
        wait(8_000...20_000)
        page(assets: 0, deleting: ["_ga"])
        wait(8_000...20_000)
        page(assets: 1, setting: [(name: "_ga", value: ga)], offenses: [PlantedOffense(.cookieRespawn, "server-set", "_ga")])
        wait(5_000...15_000)
        page(assets: 1)
    }

    /// Writes the script of `scenario` (see the comment at the top of this file).
    mutating func play(_ scenario: PlantedScenario) {
        let statisticsOnly = ConsentChoice(preferences: false, statistics: true, marketing: false)
        switch scenario {
        case .tbcNoDecision:
            let ga = newGA()
            cookieOffenses["_ga"] = [PlantedOffense(.trackingBeforeConsent, "no-decision", "_ga")]
            landing(setting: [(name: "_ga", value: ga)])
            wait(12_000...20_000)
            cookieOffenses = [:]
            answer(.acceptAll)
            wait(800...1_500)
            page()

        case .tbcRefused:
            landing()
            wait(8_000...15_000)
            answer(.rejectAll)
            wait(200...400)
            setCookie("_fbp", newFBP())
            cookieOffenses["_fbp"] = [PlantedOffense(.trackingBeforeConsent, "refused", "_fbp")]
            wait(600...1_200)
            page()
            wait(15_000...40_000)
            page(assets: 1)

        case .tbcWithdrawn:
            earlierDayAnswer(.acceptAll, cookies: ["_ga", "_fbp"])
            landing()
            wait(12_000...25_000)
            change(to: statisticsOnly)
            cookieOffenses["_fbp"] = [PlantedOffense(.trackingBeforeConsent, "withdrawn", "_fbp")]
            // More than a second after the click: the access log's whole-second time must fall
            // after the withdrawing record (logged up to 50 ms after the click), or the earlier
            // grant still holds at the logged time (a withdrawal never counts early).
            wait(1_100...2_000)
            page()
            wait(10_000...30_000)
            page(assets: 1)

        case .tbcImpliedOnly:
            landing()
            wait(6_000...12_000)
            answer(.acceptAll, implied: true)
            wait(150...300)
            setCookie("_ga", newGA())
            cookieOffenses["_ga"] = [PlantedOffense(.trackingBeforeConsent, "implied-only", "_ga")]
            hitOffenses = [PlantedOffense(.trackingBeforeConsent, "implied-only", "/g/collect")]
            let forwards = [
                PlantedForward(.googleAnalytics, offenses: [PlantedOffense(.forwardWithoutConsent, "implied-only", "google-analytics")]),
                PlantedForward(.meta, offenses: [PlantedOffense(.forwardWithoutConsent, "implied-only", "meta")]),
            ]
            wait(300...600)
            hit(signals: .none, forwards: forwards)
            wait(10_000...30_000)
            page(assets: 1)
            wait(300...800)
            hit(signals: .none, forwards: forwards)

        case .tbcDefaultGranted:
            landing()
            wait(1_000...3_000)
            setCookie("_ga", newGA())
            cookieOffenses["_ga"] = [PlantedOffense(.trackingBeforeConsent, "default-granted", "_ga")]
            hitOffenses = [PlantedOffense(.trackingBeforeConsent, "default-granted", "/g/collect")]
            let forwards = [
                PlantedForward(.googleAnalytics, offenses: [PlantedOffense(.forwardWithoutConsent, "default-granted", "google-analytics")])
            ]
            hit(signals: .analyticsGrantedByDefault, forwards: forwards)
            wait(10_000...30_000)
            page(assets: 1)
            wait(300...800)
            hit(signals: .analyticsGrantedByDefault, forwards: forwards)

        case .fwcNoDecision:
            landing()
            wait(1_500...3_000)
            hitOffenses = [PlantedOffense(.trackingBeforeConsent, "no-decision", "/g/collect")]
            let forwards = [
                PlantedForward(.googleAnalytics, offenses: [PlantedOffense(.forwardWithoutConsent, "no-decision", "google-analytics")]),
                PlantedForward(.meta, offenses: [PlantedOffense(.forwardWithoutConsent, "no-decision", "meta")]),
            ]
            hit(signals: .none, forwards: forwards)
            wait(15_000...40_000)
            page(assets: 1)
            wait(500...1_000)
            hit(signals: .none, forwards: forwards)

        case .fwcRefusedHigh, .fwcRefusedLow:
            let userData: PlantedUserData = scenario == .fwcRefusedHigh ? .customerHashes : .none
            landing()
            wait(5_000...10_000)
            answer(statisticsOnly)
            wait(150...300)
            setCookie("_ga", newGA())
            let forwards = [
                PlantedForward(.googleAnalytics),
                PlantedForward(.meta, userData: userData, offenses: [PlantedOffense(.forwardWithoutConsent, "refused", "meta")]),
            ]
            wait(300...600)
            hit(signals: .cmp(statisticsOnly), forwards: forwards)
            wait(10_000...30_000)
            page(assets: 1)
            wait(300...800)
            hit(signals: .cmp(statisticsOnly), forwards: forwards)

        case .fwcWithdrawn:
            earlierDayAnswer(.acceptAll, cookies: ["_ga", "_fbp"])
            landing()
            wait(500...1_000)
            hit(signals: .cmp(.acceptAll), forwards: [PlantedForward(.googleAnalytics), PlantedForward(.meta)])
            wait(15_000...30_000)
            change(to: statisticsOnly)
            removeCookie("_fbp")
            let forwards = [
                PlantedForward(.googleAnalytics),
                PlantedForward(.meta, offenses: [PlantedOffense(.forwardWithoutConsent, "withdrawn", "meta")]),
            ]
            wait(800...1_500)
            page(assets: 1)
            wait(500...1_000)
            hit(signals: .cmp(statisticsOnly), forwards: forwards)
            wait(10_000...20_000)
            page(assets: 0)
            wait(300...800)
            hit(signals: .cmp(statisticsOnly), forwards: forwards)

        case .tctNoMechanism, .tctIPNotMinimised, .negFieldlessTikTok:
            let vendor: PlantedForward
            switch scenario {
            case .tctNoMechanism: vendor = PlantedForward(.tiktok, userData: .customerHashes)
            case .tctIPNotMinimised: vendor = PlantedForward(.pinterest)
            default: vendor = PlantedForward(.tiktok, userData: .none)
            }
            landing()
            wait(4_000...8_000)
            answer(.acceptAll)
            wait(150...300)
            setCookie("_ga", newGA())
            setCookie("_fbp", newFBP())
            wait(300...600)
            hit(signals: .cmp(.acceptAll), forwards: [PlantedForward(.googleAnalytics), vendor])
            wait(10_000...30_000)
            page(assets: 1)
            wait(300...800)
            hit(signals: .cmp(.acceptAll), forwards: [PlantedForward(.googleAnalytics), vendor])

        case .optOutGPC, .optOutDNT:
            if scenario == .optOutGPC { sendsGPC = true } else { sendsDNT = true }
            landing()
            wait(4_000...8_000)
            answer(.acceptAll)
            wait(150...300)
            setCookie("_gcl_au", "1.1." + Identifiers.gaRandom(&random) + "." + String(time / 1000))
            setCookie("_fbp", newFBP())
            wait(600...1_200)
            page()
            wait(10_000...30_000)
            page(assets: 1)

        case .unprovableNoRecord, .unprovableIncomplete:
            let noRecord = scenario == .unprovableNoRecord
            landing()
            wait(5_000...10_000)
            answer(statisticsOnly, recorded: !noRecord, version: noRecord ? ConsentRecord.currentBannerVersion : nil)
            wait(150...300)
            setCookie("_ga", newGA())
            cookieOffenses["_ga"] = [PlantedOffense(.unprovableConsent, noRecord ? "no-record" : "incomplete-record", "statistics")]
            wait(600...1_200)
            page()
            wait(10_000...30_000)
            page(assets: 1)

        case .mismatchRecordDenies:
            landing()
            wait(5_000...10_000)
            answer(.rejectAll, cookieChoice: statisticsOnly)
            wait(3_200...3_400)
            setCookie("_ga", newGA())
            signalOffenses = [PlantedOffense(.consentMismatch, "record-denies", "statistics")]
            wait(300...2_600)
            page()
            wait(10_000...30_000)
            page(assets: 1)

        case .mismatchRecordWithdrew:
            earlierDayAnswer(statisticsOnly, cookies: ["_ga"])
            landing()
            wait(12_000...25_000)
            change(to: .rejectAll, writesCookie: false)
            signalOffenses = [PlantedOffense(.consentMismatch, "record-withdrew", "statistics")]
            wait(3_500...6_000)
            page()
            wait(10_000...30_000)
            page(assets: 1)

        case .incidentRespawnForward:
            landing()
            wait(5_000...10_000)
            answer(statisticsOnly)
            wait(150...300)
            let ga = newGA()
            setCookie("_ga", ga)
            let forwards = [
                PlantedForward(.googleAnalytics),
                PlantedForward(.meta, userData: .customerHashes, offenses: [PlantedOffense(.forwardWithoutConsent, "refused", "meta")]),
            ]
            wait(300...600)
            hit(signals: .cmp(statisticsOnly), forwards: forwards)
            serverDeletesThenSetsAgain(ga)
            wait(300...800)
            hit(signals: .cmp(statisticsOnly), forwards: forwards)

        case .respawnServerSet:
            landing()
            wait(4_000...8_000)
            answer(.acceptAll)
            wait(150...300)
            let ga = newGA()
            setCookie("_ga", ga)
            wait(600...1_200)
            page()
            serverDeletesThenSetsAgain(ga)

        case .respawnClientRestored:
            landing()
            wait(4_000...8_000)
            answer(.acceptAll)
            wait(150...300)
            let fbp = newFBP()
            setCookie("_fbp", fbp)
            wait(600...1_200)
            page()
            wait(8_000...20_000)
            removeCookie("_fbp")
            page(assets: 1)
            wait(8_000...20_000)
            setCookie("_fbp", fbp)
            cookieOffenses["_fbp"] = [PlantedOffense(.cookieRespawn, "client-restored", "_fbp")]
            wait(200...500)
            page(assets: 1)

        case .respawnMirror:
            landing()
            wait(4_000...8_000)
            answer(.acceptAll)
            wait(150...300)
            let ga = newGA()
            setCookie("_ga", ga)
            wait(300...600)
            let fpid = "FPID2.2." + ga.dropFirst("GA1.1.".count)
            hit(signals: .cmp(.acceptAll), forwards: [PlantedForward(.googleAnalytics)], setting: [(name: "FPID", value: fpid)])
            wait(8_000...20_000)
            page()
            wait(8_000...20_000)
            removeCookie("_ga")
            page(assets: 1)
            wait(8_000...20_000)
            page(assets: 1, setting: [(name: "_ga", value: ga)], offenses: [PlantedOffense(.cookieRespawn, "mirror", "_ga")])
            wait(5_000...15_000)
            page(assets: 1)

        case .negNecessaryCookies:
            landing(setting: [
                (name: "XSRF-TOKEN", value: random.string(count: 40, alphabet: Identifiers.base64URLAlphabet)),
                (name: "__cf_bm", value: random.string(count: 43, alphabet: Identifiers.base64URLAlphabet) + "-" + String(time / 1000)),
            ])
            wait(8_000...15_000)
            answer(.rejectAll)
            wait(800...1_500)
            page()

        case .negGrantWithinSkew:
            landing()
            wait(5_000...10_000)
            let click = time
            wait(100...200)
            setCookie("_ga", newGA())
            wait(150...200)
            asset()
            let sent = time
            wait(100...250)
            answer(.acceptAll, clickTime: click, recordTime: sent + Int64(random.int(in: 300...700)))
            wait(900...1_500)
            page()

        case .negCookielessPing:
            landing()
            wait(800...1_500)
            hit(signals: .deniedPing(updated: false), forwards: [], freshClientID: true)
            wait(5_000...10_000)
            answer(.rejectAll)
            wait(1_000...2_000)
            page(assets: 1)
            wait(500...1_000)
            hit(signals: .deniedPing(updated: true), forwards: [], freshClientID: true)

        case .negGLLinker:
            landing()
            wait(4_000...8_000)
            answer(.acceptAll)
            wait(150...300)
            let ga = newGA()
            setCookie("_ga", ga)
            wait(600...1_200)
            page()
            wait(8_000...20_000)
            removeCookie("_ga")
            page(assets: 1)
            wait(20_000...60_000)
            document(path: "/", query: "_gl=" + linker(ga), referrer: "https://booking.partner.example/")
            wait(200...400)
            setCookie("_ga", ga)
            wait(300...600)
            assets(2)

        case .negExpiredNewValue:
            landing()
            wait(4_000...8_000)
            answer(.acceptAll)
            wait(150...300)
            setCookie("_ga", newGA())
            wait(600...1_200)
            page()
            wait(8_000...20_000)
            removeCookie("_ga")
            page(assets: 1)
            wait(5_000...15_000)
            setCookie("_ga", newGA())
            wait(200...500)
            page(assets: 1)

        case .negNAT:
            landing()
            let roll = random.below(10)
            if roll < 5 {
                wait(4_000...9_000)
                answer(statisticsOnly)
                wait(150...300)
                setCookie("_ga", newGA())
                wait(600...1_200)
                page(assets: 1)
            } else if roll < 8 {
                wait(4_000...9_000)
                answer(.rejectAll)
                wait(600...1_200)
                page(assets: 1)
            }
            wait(20_000...60_000)
            page(assets: 1)

        case .negBot:
            for _ in 0..<random.int(in: 4...10) {
                jar.clear()
                page(assets: 0)
                wait(400...900)
                hit(signals: .deniedPing(updated: false), forwards: [], freshClientID: true)
                wait(1_000...4_000)
            }

        case .negEarlierSession:
            landing()
            wait(4_000...8_000)
            answer(statisticsOnly)
            wait(150...300)
            setCookie("_ga", newGA())
            wait(600...1_200)
            page()
            wait(5_400_000...10_800_000)
            removeCookie(CookiebotCookie.name)
            jar.dropSessionCookies()
            landing()
            wait(10_000...30_000)
            page(assets: 1)
        }
    }

    /// A GA4 cross-domain linker value carrying `_ga`'s client id (`1*<hash>*_ga*<base64>`).
    private mutating func linker(_ ga: String) -> String {
        let clientID = String(ga.dropFirst("GA1.1.".count))
        let encoded = Identifiers.base64URLEncoded(Array(clientID.utf8))
        return "1*" + random.string(count: 7, alphabet: Identifiers.base36Alphabet) + "*_ga*" + encoded
    }
}
