// Who visits the shop: devices, browsers, languages, privacy signals and network addresses.

/// How a human visitor's traffic reaches the shop.
public enum NetworkPath: Sendable, Equatable {
    /// Straight from the client address.
    case direct
    /// Through a forward proxy (corporate, school): the shop sees the proxy, the proxy adds
    /// `X-Forwarded-For: <internal client address>`.
    case proxy(address: String, internalClient: String)
}

/// Everything fixed about one human visitor for the day.
public struct HumanProfile: Sendable, Equatable {
    /// The browser family.
    public var browser: BrowserFamily
    /// Whether it is a phone or tablet.
    public var mobile: Bool
    /// The exact `User-Agent`.
    public var userAgent: String
    /// The protocol the browser negotiates (`HTTP/2.0` for modern browsers).
    public var protocolVersion: String
    /// `Accept-Language`.
    public var acceptLanguage: String
    /// The language GA reports (`ul=`), lower case.
    public var languageTag: String
    /// Screen resolution (`sr=`).
    public var screen: String
    /// Sends `Sec-GPC: 1`.
    public var sendsGPC: Bool
    /// Sends `DNT: 1`.
    public var sendsDNT: Bool
    /// Runs page JavaScript and tags (false for ad/tracker blockers and apps).
    public var runsTags: Bool
    /// Whether the address changes between sessions (mobile networks).
    public var changesAddress: Bool
    /// The client's own public address (IPv4 or IPv6).
    public var address: String
    /// How traffic reaches the shop.
    public var network: NetworkPath
    /// Clears all cookies when the browser closes (private windows, cleaner extensions).
    public var clearsCookiesBetweenSessions: Bool

    /// The visitor's country as a CMP geolocates it (lower-case ISO 3166 alpha-2). The address
    /// pools are not geolocated, so it follows the browser language; English speakers with a
    /// US browser live in Germany.
    public var country: String {
        switch languageTag {
        case "en-gb": return "gb"
        case "nl-nl": return "nl"
        case "fr-fr": return "fr"
        case "pl-pl": return "pl"
        case "de-at": return "at"
        case "it-it": return "it"
        default: return "de"
        }
    }

    /// Whether the browser runs the site's JavaScript at all, and so shows the cookie banner
    /// (tag blockers still see it; native apps and odd clients do not).
    public var showsBanner: Bool { browser != .app }
}

/// Address pools and the distributions profiles are drawn from.
public struct PopulationModel: Sendable {
    /// Addresses shared by several visitors (carrier-grade NAT, offices, campus networks).
    public let natPool: [String]
    /// Forward proxies: their public address and the internal range prefix of their clients.
    public let proxies: [(address: String, internalPrefix: String)]

    /// Residential IPv4 /16 prefixes (first two octets) of European access networks.
    static let residentialV4: [(UInt8, ClosedRange<UInt8>)] = [
        (84, 128...191), (87, 128...191), (91, 0...63), (93, 192...255), (79, 192...255),
        (62, 224...227), (77, 0...15), (31, 16...23), (86, 56...59), (145, 128...135), (109, 192...199),
        (88, 64...79), (178, 0...15), (212, 186...187), (95, 88...91),
    ]
    /// Mobile-carrier IPv4 prefixes.
    static let mobileV4: [(UInt8, ClosedRange<UInt8>)] = [
        (176, 0...7), (109, 40...47), (37, 80...87), (46, 114...115), (80, 187...187), (89, 204...207),
    ]
    /// IPv6 /32 prefixes (as two 16-bit groups) of access networks.
    static let residentialV6: [(UInt16, UInt16)] = [
        (0x2003, 0x00E2), (0x2003, 0x00C7), (0x2A02, 0x8108), (0x2A02, 0x0810), (0x2001, 0x16B8),
        (0x2A01, 0x0C23), (0x2A02, 0xA210), (0x2A00, 0x20C0), (0x2A01, 0x0E0A), (0x2A02, 0x1810),
    ]

    /// Builds the shared pools for a population of about `visitorsPerDay` visitors.
    public init(visitorsPerDay: Int, seed: UInt64) {
        var random = SeededRandom(seed: seed, stream: 0x504F_4F4C)  // "POOL"
        let natCount = max(3, visitorsPerDay / 300)
        natPool = (0..<natCount).map { _ in PopulationModel.residentialIPv4(&random) }
        proxies = (0..<5).map { index in
            (address: PopulationModel.residentialIPv4(&random), internalPrefix: ["10.1.", "10.20.", "172.16.", "192.168.1", "10.254."][index])
        }
    }

    // MARK: - Addresses

    static func ipv4(_ table: [(UInt8, ClosedRange<UInt8>)], _ random: inout SeededRandom) -> String {
        let (first, seconds) = random.pick(table)
        let second = Int(seconds.lowerBound) + random.below(Int(seconds.upperBound) - Int(seconds.lowerBound) + 1)
        return IPAddressFormat.ipv4(Int(first), second, random.below(256), 1 + random.below(254))
    }

    static func residentialIPv4(_ random: inout SeededRandom) -> String {
        ipv4(residentialV4, &random)
    }

    /// A privacy-extension IPv6 address inside one of the access networks' /32s.
    static func residentialIPv6(_ random: inout SeededRandom) -> String {
        let (a, b) = random.pick(residentialV6)
        var groups: [UInt16] = [a, b]
        for _ in 0..<6 { groups.append(UInt16(truncatingIfNeeded: random.next())) }
        // A routed /56 often ends in a zero group; keep a few of those for `::` compression.
        if random.chance(0.15) { groups[3] = 0 }
        return IPAddressFormat.ipv6(groups)
    }

    // MARK: - Profiles

    /// Draws one human profile.
    func human(_ random: inout SeededRandom) -> HumanProfile {
        let mobile = random.chance(0.58)
        let browser: BrowserFamily
        let userAgent: String
        if random.chance(0.004) {
            browser = .app
            userAgent = random.pick(UserAgents.oddAgents)
        } else if mobile {
            browser = WeightedTable<BrowserFamily>([
                (.safari, 38), (.chrome, 36), (.samsung, 7), (.firefox, 3), (.inApp, 9), (.duckduckgo, 2), (.brave, 2),
                (.edge, 1),
            ]).draw(&random)
            switch browser {
            case .safari: userAgent = UserAgents.safariIPhone(&random)
            case .chrome: userAgent = random.chance(0.22) ? UserAgents.chromeIPhone(&random) : UserAgents.chromeAndroid(&random)
            case .samsung: userAgent = UserAgents.samsungAndroid(&random)
            case .firefox: userAgent = UserAgents.firefoxAndroid(&random)
            case .inApp: userAgent = UserAgents.facebookInApp(&random)
            case .duckduckgo: userAgent = UserAgents.duckDuckGoIPhone(&random)
            case .brave, .edge, .app: userAgent = UserAgents.chromeAndroid(&random)
            }
        } else {
            browser = WeightedTable<BrowserFamily>([
                (.chrome, 58), (.edge, 14), (.firefox, 11), (.safari, 12), (.brave, 4), (.duckduckgo, 1),
            ]).draw(&random)
            switch browser {
            case .chrome, .brave: userAgent = UserAgents.chromeDesktop(&random)
            case .edge: userAgent = UserAgents.edgeDesktop(&random)
            case .firefox: userAgent = UserAgents.firefoxDesktop(&random)
            case .safari, .duckduckgo: userAgent = UserAgents.safariMac(&random)
            case .samsung, .inApp, .app: userAgent = UserAgents.chromeDesktop(&random)
            }
        }

        let language = WeightedTable([
            (("de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7", "de-de"), 52),
            (("en-US,en;q=0.9", "en-us"), 12),
            (("en-GB,en;q=0.9", "en-gb"), 5),
            (("nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7", "nl-nl"), 10),
            (("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", "fr-fr"), 9),
            (("pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7", "pl-pl"), 5),
            (("de-AT,de;q=0.9", "de-at"), 4),
            (("it-IT,it;q=0.9,en;q=0.8", "it-it"), 3),
        ]).draw(&random)
        var acceptLanguage = language.0
        if browser == .firefox, let comma = acceptLanguage.firstIndex(of: ",") {
            // Firefox sends the short form: "de,en-US;q=0.7,en;q=0.3".
            acceptLanguage = String(acceptLanguage[..<comma].prefix(2)) + ",en-US;q=0.7,en;q=0.3"
        } else if browser == .safari {
            acceptLanguage = String(language.1.prefix(3)) + language.1.dropFirst(3).uppercased()
                + "," + language.1.prefix(2) + ";q=0.9"
        }

        let sendsGPC: Bool
        switch browser {
        case .brave, .duckduckgo: sendsGPC = true
        case .firefox: sendsGPC = random.chance(0.22)
        case .app, .inApp: sendsGPC = false
        default: sendsGPC = random.chance(0.02)
        }
        let sendsDNT: Bool
        switch browser {
        case .firefox: sendsDNT = random.chance(0.16)
        case .chrome, .edge: sendsDNT = random.chance(0.06)
        case .samsung: sendsDNT = random.chance(0.04)
        default: sendsDNT = false
        }

        let runsTags = browser != .app && !random.chance(browser == .brave ? 0.7 : 0.14)

        let screen = mobile
            ? random.pick(["390x844", "393x873", "412x915", "430x932", "360x800", "375x812", "384x832"])
            : random.pick(["1920x1080", "1920x1080", "1536x864", "2560x1440", "1440x900", "1366x768", "1680x1050"])

        let address: String
        let network: NetworkPath
        let roll = random.unit()
        if roll < 0.08 {
            address = random.pick(natPool)
            network = .direct
        } else if roll < 0.11, !mobile {
            let proxy = random.pick(proxies)
            address = proxy.address
            network = .proxy(
                address: proxy.address,
                internalClient: proxy.internalPrefix + String(random.int(in: 0...9)) + "." + String(random.int(in: 2...250)))
        } else if random.chance(mobile ? 0.45 : 0.3) {
            address = PopulationModel.residentialIPv6(&random)
            network = .direct
        } else {
            address = mobile && random.chance(0.6)
                ? PopulationModel.ipv4(PopulationModel.mobileV4, &random)
                : PopulationModel.residentialIPv4(&random)
            network = .direct
        }

        return HumanProfile(
            browser: browser, mobile: mobile, userAgent: userAgent,
            protocolVersion: browser == .app ? "HTTP/1.1" : (random.chance(0.06) ? "HTTP/3.0" : "HTTP/2.0"),
            acceptLanguage: acceptLanguage, languageTag: language.1, screen: screen,
            sendsGPC: sendsGPC, sendsDNT: sendsDNT, runsTags: runsTags,
            changesAddress: mobile && random.chance(0.5), address: address, network: network,
            clearsCookiesBetweenSessions: random.chance(0.04))
    }

    /// A fresh address for a mobile visitor's next session.
    func nextMobileAddress(_ random: inout SeededRandom) -> String {
        random.chance(0.45) ? PopulationModel.residentialIPv6(&random) : PopulationModel.ipv4(PopulationModel.mobileV4, &random)
    }
}

/// Textual forms of IP addresses.
public enum IPAddressFormat {
    /// Dotted quad.
    public static func ipv4(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> String {
        String(a) + "." + String(b) + "." + String(c) + "." + String(d)
    }

    /// RFC 5952 canonical text: lower-case hex, no leading zeros, the longest run of two or
    /// more zero groups (the first one on a tie) replaced by `::`.
    public static func ipv6(_ groups: [UInt16]) -> String {
        var bestStart = -1
        var bestLength = 0
        var index = 0
        while index < groups.count {
            if groups[index] == 0 {
                var end = index
                while end < groups.count && groups[end] == 0 { end += 1 }
                if end - index > bestLength {
                    bestStart = index
                    bestLength = end - index
                }
                index = end
            } else {
                index += 1
            }
        }
        if bestLength < 2 { bestStart = -1 }
        var text = ""
        index = 0
        while index < groups.count {
            if index == bestStart {
                text += "::"
                index += bestLength
                continue
            }
            if !text.isEmpty && !text.hasSuffix(":") { text += ":" }
            text += String(groups[index], radix: 16)
            index += 1
        }
        return text
    }
}
