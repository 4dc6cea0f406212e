// User-Agent strings of the browsers, in-app browsers, apps and bots that visit the shop.
// Versions are those current around the default simulated date (late 2026 browsers keep the
// frozen/reduced UA formats: `Chrome/142.0.0.0`, iOS frozen at `18_6`, macOS at `10_15_7`).

/// The browser family of a human visitor; it decides UA shape, protocol and privacy signals.
public enum BrowserFamily: String, Sendable, Equatable, CaseIterable {
    /// Google Chrome (desktop or Android).
    case chrome
    /// Microsoft Edge.
    case edge
    /// Mozilla Firefox (desktop or Android).
    case firefox
    /// Apple Safari (macOS, iOS, iPadOS).
    case safari
    /// Brave: Chrome's UA, sends `Sec-GPC: 1` by default.
    case brave
    /// Samsung Internet.
    case samsung
    /// DuckDuckGo's mobile browser: sends `Sec-GPC: 1`.
    case duckduckgo
    /// Facebook / Instagram in-app browsers.
    case inApp
    /// Native apps and odd HTTP clients (no JavaScript, unusual characters in the UA).
    case app
}

enum UserAgents {
    static let chromeVersions = ["140", "141", "142", "142", "143", "143"]
    static let firefoxVersions = ["143", "144", "145", "145"]

    static let windows = "Windows NT 10.0; Win64; x64"
    static let mac = "Macintosh; Intel Mac OS X 10_15_7"
    static let linux = "X11; Linux x86_64"

    static func chromeDesktop(_ random: inout SeededRandom) -> String {
        let platform = WeightedTable([(windows, 70), (mac, 24), (linux, 6)]).draw(&random)
        return "Mozilla/5.0 (" + platform + ") AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"
            + random.pick(chromeVersions) + ".0.0.0 Safari/537.36"
    }

    static func edgeDesktop(_ random: inout SeededRandom) -> String {
        let version = random.pick(chromeVersions)
        let platform = random.chance(0.9) ? windows : mac
        return "Mozilla/5.0 (" + platform + ") AppleWebKit/537.36 (KHTML, like Gecko) Chrome/" + version
            + ".0.0.0 Safari/537.36 Edg/" + version + ".0.0.0"
    }

    static func firefoxDesktop(_ random: inout SeededRandom) -> String {
        let version = random.pick(firefoxVersions)
        let platform = WeightedTable([
            ("Windows NT 10.0; Win64; x64", 62), ("Macintosh; Intel Mac OS X 10.15", 18),
            ("X11; Ubuntu; Linux x86_64", 12), ("X11; Linux x86_64", 8),
        ]).draw(&random)
        return "Mozilla/5.0 (" + platform + "; rv:" + version + ".0) Gecko/20100101 Firefox/" + version + ".0"
    }

    static func safariMac(_ random: inout SeededRandom) -> String {
        "Mozilla/5.0 (" + mac + ") AppleWebKit/605.1.15 (KHTML, like Gecko) Version/"
            + random.pick(["26.1", "26.1", "26.0", "18.6"]) + " Safari/605.1.15"
    }

    static func safariIPhone(_ random: inout SeededRandom) -> String {
        let version = random.pick(["26.1", "26.1", "26.0", "18.6", "18.5"])
        let os = version.hasPrefix("26") ? "18_6" : version.replacingDot()
        return "Mozilla/5.0 (iPhone; CPU iPhone OS " + os
            + " like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/" + version
            + " Mobile/15E148 Safari/604.1"
    }

    static func chromeIPhone(_ random: inout SeededRandom) -> String {
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/"
            + random.pick(chromeVersions) + ".0.7444.46 Mobile/15E148 Safari/604.1"
    }

    static func chromeAndroid(_ random: inout SeededRandom) -> String {
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"
            + random.pick(chromeVersions) + ".0.0.0 Mobile Safari/537.36"
    }

    static func samsungAndroid(_ random: inout SeededRandom) -> String {
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/"
            + random.pick(["28.0", "29.0"]) + " Chrome/130.0.0.0 Mobile Safari/537.36"
    }

    static func firefoxAndroid(_ random: inout SeededRandom) -> String {
        let version = random.pick(firefoxVersions)
        return "Mozilla/5.0 (Android " + random.pick(["14", "15", "16"]) + "; Mobile; rv:" + version
            + ".0) Gecko/" + version + ".0 Firefox/" + version + ".0"
    }

    static func duckDuckGoIPhone(_ random: inout SeededRandom) -> String {
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/"
            + random.pick(["26.1", "18.6"]) + " Mobile/15E148 DuckDuckGo/7 Safari/604.1"
    }

    static func facebookInApp(_ random: inout SeededRandom) -> String {
        if random.chance(0.55) {
            return "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/22G86 [FBAN/FBIOS;FBAV/"
                + random.pick(["534.0.0.38.107", "535.0.0.41.108", "536.1.0.52.101"])
                + ";FBBV/781245590;FBDV/" + random.pick(["iPhone15,2", "iPhone16,1", "iPhone17,3"])
                + ";FBMD/iPhone;FBSN/iOS;FBSV/18.6.2;FBSS/3;FBCR/;FBID/phone;FBLC/de_DE;FBOP/5;FBRV/0]"
        }
        if random.chance(0.5) {
            return "Mozilla/5.0 (Linux; Android 15; SM-S921B Build/AP3A.240905.015.A2; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/"
                + random.pick(chromeVersions) + ".0.7444.102 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/536.0.0.50.109;]"
        }
        return "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/22G86 Instagram 403.0.0.31.86 (iPhone15,2; iOS 18_6; de_DE; de; scale=3.00; 1179x2556; 812559041)"
    }

    /// Apps and odd clients: the rare UAs with `"`, `\` or non-ASCII bytes real logs contain.
    static let oddAgents = [
        "Dalvik/2.1.0 (Linux; U; Android 14; \"Galaxy A54\" Build/UP1A.231005.007)",
        "ShopCompanion/4.2.1 (iPhone; iOS 18.6; Scale\\2.00)",
        "Mozilla/5.0 (Linux; Android 13; moto g\u{2075}\u{00B2} Build/T1TRS33.56-12) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 \"Agent\\Probe\"",
        "okhttp/4.12.0",
        "PriceTracker/2.3 (+https://pricetracker.example/bot; contact \"ops\")",
    ]
}

extension String {
    /// `18.5` → `18_5` (iOS version token).
    fileprivate func replacingDot() -> String {
        String(map { $0 == "." ? "_" : $0 })
    }
}
