// CookieYes `cookieyes-consent` cookie.
//
// Layout (CookieYes consent banner; fields as found in real Cookie headers, written either
// plain or percent-encoded):
//
//     value = pair *( "," pair )
//     pair  = key ":" [ word ]            ; split at the first ":"
//       consentid:<id>        consent id (base64-like; may be empty)
//       consent:yes|no|       whether the visitor accepted at least the optional categories
//       action:yes|no|        whether the visitor acted on the banner; "no" or empty = not yet
//       necessary:yes|no|     one pair per category: necessary, functional, analytics,
//       functional:…          performance, advertisement, other (uncategorised cookies);
//       …                     an empty word = not stated
//       lastRenewedDate:<ms>  present in some versions
//
// Reading: categories go through `PurposeTables.categories` (`other` has no purpose by
// default and is listed as unmapped). Without `action:yes` the categories are the banner's
// defaults: the signal is `undecided` and any grant is `grantedByDefault`.

/// Decoder of CookieYes's `cookieyes-consent` cookie.
enum CookieYesDecoder {
    static let name = "CookieYes cookieyes-consent"
    static let metaKeys: Set<String> = ["consentid", "consent", "action", "lastreneweddate"]

    static func decode(_ value: String, tables: PurposeTables, details: inout ConsentDetails) throws(ConsentDecodeError) -> ConsentSignal {
        var text = try ConsentValueText(value, kindName: name)
        text.unquote()
        text.decodeEscapes(structural: [ASCII.colon, ASCII.comma])
        text.noteEncoding(&details)
        var signal = ConsentSignal(source: ConsentValueKind.cookieyes.source)

        var pairs: [(key: String, value: String)] = []
        for item in text.string.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = item.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                details.warn("item '\(item)' has no ':'; ignored")
                continue
            }
            pairs.append((String(parts[0]).trimmedForConsent, String(parts[1]).trimmedForConsent))
        }
        guard !pairs.isEmpty else {
            throw ConsentDecodeError("\(name): expected key:value pairs joined by ',', got \(ConsentValueText.excerpt(text.bytes))")
        }

        var categories: [String: JSONOutput] = [:]
        var unmapped: [String] = []
        var others: [String: JSONOutput] = [:]
        for (key, word) in pairs {
            let lower = key.lowercased()
            if metaKeys.contains(lower) { continue }
            if word.isEmpty {
                categories[key] = .null
                continue
            }
            guard let choice = yesNo(word) else {
                others[key] = .string(word)
                continue
            }
            categories[key] = .string(choice.rawValue)
            if let purpose = tables.purpose(ofCategory: key) {
                signal.choices.combine(purpose, choice)
            } else {
                unmapped.append(key)
            }
        }
        guard !categories.isEmpty else {
            throw ConsentDecodeError("\(name): no category (necessary, functional, analytics, …) is present")
        }
        details.set("categories", .object(categories))
        details.setList("unmappedCategories", unmapped)
        if !others.isEmpty { details.set("otherFields", .object(others)) }

        func meta(_ key: String) -> String? { pairs.first(where: { $0.key.lowercased() == key })?.value }
        if let id = meta("consentid"), !id.isEmpty { signal.consentID = id }
        if let consent = meta("consent") { details.set("consent", consent.isEmpty ? .null : .string(consent)) }
        let action = meta("action")
        details.set("action", action.map { $0.isEmpty ? .null : .string($0) } ?? .null)
        if let action {
            if yesNo(action) != .granted { signal.undecided = true }
        } else {
            signal.undecided = true
            details.warn("no 'action' pair: nothing shows that a choice was made, read as undecided")
        }
        if let renewed = meta("lastreneweddate"), let ms = ConsentWords.integer(renewed), ms > 0, ms < 253_402_300_800_000 {
            details.set("lastRenewedDate", .string(Timestamp.format(ms)))
        }
        if signal.undecided && Purpose.allCases.contains(where: { $0 != .necessary && signal.choices[$0] == .granted }) {
            signal.grantedByDefault = true
        }
        return signal
    }

    private static func yesNo(_ word: String) -> PurposeChoice? {
        switch word.lowercased() {
        case "yes": return .granted
        case "no": return .denied
        default: return nil
        }
    }

    /// Whether a percent-decoded value looks like a `cookieyes-consent` value.
    static func looksLike(_ decoded: String) -> Bool {
        decoded.hasPrefix("consentid:") || (decoded.contains("consent:") && decoded.contains("action:"))
    }
}
