// OneTrust `OptanonConsent` and `OptanonAlertBoxClosed` cookies.
//
// Layout (OneTrust cookie consent SDK; the fields below are those found in real Cookie
// headers from SDK versions 6.34.0 to 202509.1.0; OneTrust's default category ids are
// C0001 strictly necessary, C0002 performance, C0003 functional, C0004 targeting, C0005
// social media):
//
//     OptanonConsent = item *( "&" item )      ; application/x-www-form-urlencoded:
//     item           = name "=" value          ; values percent-encoded, "+" for space
//                                              ; (a value holding a literal space was pasted
//                                              ; already decoded: its "+" stays a plus)
//       isGpcEnabled=0|1            the browser sent Global Privacy Control
//       browserGpcFlag=0|1
//       datestamp=Tue+Oct+17+2023+10%3A00%3A00+GMT%2B0200+(Central+European+Summer+Time)
//                                   JavaScript Date.toString() of the last write
//       version=202310.1.0          OneTrust script version
//       isIABGlobal=false
//       hosts=H1:1,H2:0             per-host consent (optional)
//       consentId=<uuid>            consent id (absent in some older versions)
//       interactionCount=1          banner interactions; 0 = never answered
//       landingPath=NotLandingPage  or the landing URL while the banner is unanswered
//       groups=C0001:1,C0002:0,…    group id ":" 1 (consented) or 0 (not consented);
//                                   ids beyond the defaults: STACK42, V2STACK42 (IAB stacks),
//                                   BG12 (bundles of groups), C0010… (custom groups)
//       genVendors=V1:0,V2:1,       general vendors (optional)
//       geolocation=DE;BY           country ";" region (optional)
//       AwaitingReconsent=false     true while OneTrust waits for a renewed choice
//       isAnonUser, intType, iType, identifierType, …  reported as they are
//
//     OptanonAlertBoxClosed = ISO-8601 time the banner was closed (2026-10-01T03:46:34.701Z);
//                             it exists only once the visitor made a choice.
//
// Reading: groups go through `PurposeTables.oneTrustGroups`; unmapped ids are listed, never
// used. A choice is proven by `OptanonAlertBoxClosed` (its time is `decidedAt`) or by
// `interactionCount` ≥ 1; without either the groups are OneTrust's defaults and the signal is
// `undecided` (grants then count as defaults, `grantedByDefault`).

/// Decoder of OneTrust's `OptanonConsent` (and `OptanonAlertBoxClosed`) cookies.
enum OneTrustDecoder {
    static let name = "OneTrust OptanonConsent"
    static let knownKeys: Set<String> = [
        "isGpcEnabled", "browserGpcFlag", "datestamp", "version", "isIABGlobal", "hosts", "consentId",
        "interactionCount", "landingPath", "groups", "genVendors", "geolocation", "AwaitingReconsent",
    ]

    /// `value` is the `OptanonConsent` value, or a cookie header holding `OptanonConsent=…`
    /// and optionally `OptanonAlertBoxClosed=…`.
    static func decode(_ value: String, tables: PurposeTables, details: inout ConsentDetails) throws(ConsentDecodeError) -> ConsentSignal {
        let text = try ConsentValueText(value, kindName: name)
        let string = text.string
        guard string.hasPrefix("OptanonConsent=") || string.hasPrefix("OptanonAlertBoxClosed=") || string.contains("; Optanon") else {
            return try decodeCookie(text.bytes, alertBoxClosed: nil, tables: tables, details: &details)
        }
        var consent: [UInt8]?
        var closed: [UInt8]?
        text.bytes.withUnsafeBufferPointer { buffer in
            for pair in CookieHeader.pairs(in: buffer) {
                if consent == nil, HTTPBytes.equals(pair.name, in: buffer, "OptanonConsent") {
                    consent = Array(buffer[pair.value])
                } else if closed == nil, HTTPBytes.equals(pair.name, in: buffer, "OptanonAlertBoxClosed") {
                    closed = Array(buffer[pair.value])
                }
            }
        }
        guard let consent else { throw ConsentDecodeError("\(name): the cookie header holds no OptanonConsent cookie") }
        return try decodeCookie(consent, alertBoxClosed: closed, tables: tables, details: &details)
    }

    /// Decodes the `OptanonConsent` value; `alertBoxClosed` is the raw `OptanonAlertBoxClosed`
    /// value of the same request, when present.
    static func decodeCookie(
        _ bytes: [UInt8], alertBoxClosed: [UInt8]?, tables: PurposeTables, details: inout ConsentDetails
    ) throws(ConsentDecodeError) -> ConsentSignal {
        var text = try ConsentValueText(bytes: bytes, kindName: name)
        text.unquote()
        // The whole value encoded once more (`isGpcEnabled%3D0%26…`): no literal `=` or `&` left.
        if !text.bytes.contains(ASCII.equals), !text.bytes.contains(ASCII.ampersand) {
            text.decodeEscapes(structural: [ASCII.equals, ASCII.ampersand])
            text.noteEncoding(&details)
            if text.rounds == 1 { details.warn("the whole value was percent-encoded once more than OneTrust writes it") }
        }
        guard text.bytes.contains(ASCII.equals) else {
            throw ConsentDecodeError("\(name): expected name=value items joined by '&', got \(ConsentValueText.excerpt(text.bytes))")
        }

        var fields: [(name: String, value: String)] = []
        text.bytes.withUnsafeBufferPointer { buffer in
            for item in QueryString.Items(buffer) {
                // OneTrust writes spaces as "+"; a value that already holds spaces was pasted
                // decoded, and its "+" is a plus (GMT+0200).
                let plusAsSpace = !buffer[item.value].contains(ASCII.space)
                let name = PercentDecoding.decodedString(item.name, in: buffer, plusAsSpace: true)
                var value = PercentDecoding.decodedString(item.value, in: buffer, plusAsSpace: plusAsSpace)
                // A value encoded twice still shows `%3A`/`%2C`/`%2B` escapes after one round.
                var again = ConsentValueText.hasEscape(of: [ASCII.colon, ASCII.comma, ASCII.plus, ASCII.semicolon], in: Array(value.utf8))
                var rounds = 0
                while again && rounds < 2 {
                    value = Array(value.utf8).withUnsafeBufferPointer {
                        PercentDecoding.decodedString(0..<$0.count, in: $0, plusAsSpace: false)
                    }
                    rounds += 1
                    again = ConsentValueText.hasEscape(of: [ASCII.colon, ASCII.comma, ASCII.plus, ASCII.semicolon], in: Array(value.utf8))
                }
                fields.append((name, value))
            }
        }
        func field(_ key: String) -> String? { fields.first(where: { $0.name == key })?.value }

        var signal = ConsentSignal(source: ConsentValueKind.onetrust.source)
        guard let groups = field("groups") else {
            throw ConsentDecodeError("\(name): no 'groups' field, so the consent per group is unknown")
        }
        var groupStates: [String: JSONOutput] = [:]
        var unmapped: [String] = []
        for entry in groups.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = entry.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let id = String(parts[0]).trimmedForConsent
            guard parts.count == 2, !id.isEmpty, let choice = flag(String(parts[1])) else {
                details.warn("group entry '\(entry)' is not <id>:0 or <id>:1; ignored")
                continue
            }
            groupStates[id] = .string(choice.rawValue)
            if let purpose = tables.oneTrustGroups[id] {
                signal.choices.combine(purpose, choice)
            } else {
                unmapped.append(id)
            }
        }
        details.set("groups", .object(groupStates))
        details.setList("unmappedGroups", unmapped)
        if groupStates.isEmpty { details.warn("no consent group is listed") }

        if let id = field("consentId"), !id.isEmpty { signal.consentID = id }

        var interactions: Int64?
        if let count = field("interactionCount") {
            if let n = ConsentWords.integer(count), n >= 0 {
                interactions = n
                details.set("interactionCount", .int(Int(clamping: n)))
            } else {
                details.warn("interactionCount '\(count)' is not a count")
            }
        }
        var closedAt: Int64?
        var closedPresent = false
        if let alertBoxClosed {
            closedPresent = true
            let closedText = Array(alertBoxClosed.withUnsafeBufferPointer {
                PercentDecoding.decodedString(0..<$0.count, in: $0, plusAsSpace: false)
            }.utf8)
            closedAt = closedText.withUnsafeBufferPointer { Timestamp.parseISO8601($0) }
            if let closedAt {
                details.set("alertBoxClosed", .string(Timestamp.format(closedAt)))
            } else {
                details.set("alertBoxClosed", .string(String(decoding: closedText, as: UTF8.self)))
                details.warn("OptanonAlertBoxClosed is not an ISO-8601 time; it still shows that a choice was made")
            }
        }
        if closedPresent {
            signal.decidedAt = closedAt
        } else if let interactions, interactions >= 1 {
            // A choice was made; when is not in this cookie.
        } else {
            signal.undecided = true
            if interactions == nil {
                details.warn("no interactionCount and no OptanonAlertBoxClosed: nothing shows that a choice was made, read as undecided")
            }
        }
        if signal.undecided && Purpose.allCases.contains(where: { $0 != .necessary && signal.choices[$0] == .granted }) {
            signal.grantedByDefault = true
        }

        if let gpc = field("isGpcEnabled") {
            if let choice = flag(gpc) { details.set("gpcEnabled", .bool(choice == .granted)) } else { details.warn("isGpcEnabled '\(gpc)' is not 0 or 1") }
        }
        if let flagValue = field("browserGpcFlag"), let choice = flag(flagValue) {
            details.set("browserGpcFlag", .bool(choice == .granted))
        }
        if let stamp = field("datestamp") {
            if let ms = parseJavaScriptDate(stamp) {
                details.set("datestamp", .string(Timestamp.format(ms)))
            } else {
                details.set("datestamp", .string(stamp))
                details.warn("datestamp '\(stamp)' is not a JavaScript date")
            }
        }
        if let version = field("version") { details.set("sdkVersion", .string(version)) }
        if let path = field("landingPath") { details.set("landingPath", .string(path)) }
        if let reconsent = field("AwaitingReconsent") {
            let awaiting = reconsent.lowercased() == "true"
            details.set("awaitingReconsent", .bool(awaiting))
            if awaiting { details.warn("AwaitingReconsent=true: OneTrust is asking for a new choice; the groups are the earlier one") }
        }
        if let geo = field("geolocation") {
            let parts = geo.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            var location: [String: JSONOutput] = [:]
            if let country = parts.first, !country.isEmpty { location["country"] = .string(country) }
            if parts.count > 1, !parts[1].isEmpty { location["region"] = .string(parts[1]) }
            details.set("geolocation", .object(location))
        }
        for (key, label) in [("hosts", "hosts"), ("genVendors", "generalVendors")] {
            guard let list = field(key), !list.isEmpty else { continue }
            var states: [String: JSONOutput] = [:]
            for entry in list.split(separator: ",") {
                let parts = entry.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2, let choice = flag(String(parts[1])) { states[String(parts[0])] = .string(choice.rawValue) }
            }
            details.set(label, .object(states))
        }
        if let isIABGlobal = field("isIABGlobal") { details.set("isIABGlobal", .bool(isIABGlobal.lowercased() == "true")) }
        var others: [String: JSONOutput] = [:]
        for (key, value) in fields where !knownKeys.contains(key) && others[key] == nil { others[key] = .string(value) }
        if !others.isEmpty { details.set("otherFields", .object(others)) }
        return signal
    }

    private static func flag(_ text: String) -> PurposeChoice? {
        switch text.trimmedForConsent {
        case "1": return .granted
        case "0": return .denied
        default: return nil
        }
    }

    /// Parses JavaScript's `Date.prototype.toString()` form,
    /// `Tue Oct 17 2023 10:00:00 GMT+0200 (Central European Summer Time)`, to UTC milliseconds.
    static func parseJavaScriptDate(_ text: String) -> Int64? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard parts.count >= 6,
              let month = Self.monthNames.firstIndex(of: parts[1].lowercased()),
              let day = ConsentWords.integer(parts[2]), let year = ConsentWords.integer(parts[3])
        else { return nil }
        let clock = parts[4].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard clock.count == 3, let hour = ConsentWords.integer(clock[0]), let minute = ConsentWords.integer(clock[1]),
              let second = ConsentWords.integer(clock[2])
        else { return nil }
        let zone = Array(parts[5].utf8)
        guard zone.count == 8, zone.starts(with: Array("GMT".utf8)), zone[3] == ASCII.plus || zone[3] == ASCII.dash,
              let hh = ConsentWords.integer(String(decoding: zone[4..<6], as: UTF8.self)),
              let mm = ConsentWords.integer(String(decoding: zone[6..<8], as: UTF8.self)), hh <= 23, mm <= 59
        else { return nil }
        guard [day, year, hour, minute, second].allSatisfy({ $0 >= 0 && $0 <= 9999 }),
              let local = Timestamp.epochMilliseconds(
                year: Int(year), month: month + 1, day: Int(day), hour: Int(hour), minute: Int(minute), second: Int(second))
        else { return nil }
        let offset = (hh * 60 + mm) * 60_000
        return zone[3] == ASCII.plus ? local - offset : local + offset
    }

    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Whether raw `bytes` look like an `OptanonConsent` value (or a header holding one).
    static func looksLike(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("OptanonConsent=") { return true }
        let hasGroups = text.contains("groups=") || text.contains("groups%3D") || text.contains("groups%3d")
        return hasGroups && ["isGpcEnabled", "datestamp", "consentId", "interactionCount", "landingPath", "isIABGlobal"]
            .contains(where: { text.contains($0) })
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmedForConsent: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
