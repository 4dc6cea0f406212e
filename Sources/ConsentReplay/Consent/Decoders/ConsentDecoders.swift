// The registry of consent-value decoders: one entry point for `consent-replay decode`
// (contract §2) and for every reader that meets consent in traffic (contract §3.4).
//
// Each decoder lives in its own file with a comment describing the value's layout and where
// that layout is documented. All of them:
// - map what the value says onto the four purposes through `PurposeTables` (unknown ids and
//   names are listed in `details`, never guessed);
// - throw `ConsentDecodeError` with a sentence naming the problem when the value cannot be
//   read exactly, and put anything odd but not fatal into `details["warnings"]`;
// - never trap: every index is checked, every number is parsed with overflow checks.

/// The kinds of consent value `consent-replay decode --as KIND` accepts (contract §2), plus the
/// Consent Mode objects seen in tagging logs. The raw value is the `--as` spelling.
public enum ConsentValueKind: String, CaseIterable, Sendable {
    /// IAB TCF v2.x TC string (`euconsent-v2`, `gdpr_consent=`, Cookiebot `iab2`).
    case tcf
    /// Cookiebot `CookieConsent` cookie.
    case cookiebot
    /// OneTrust `OptanonConsent` cookie (optionally with `OptanonAlertBoxClosed`).
    case onetrust
    /// CookieYes `cookieyes-consent` cookie.
    case cookieyes
    /// Complianz `cmplz_*` cookies, given as a cookie header (`cmplz_statistics=allow; …`).
    case complianz
    /// orestbida cookieconsent v2/v3 `cc_cookie`.
    case ccCookie = "cc-cookie"
    /// Klaro `klaro` cookie.
    case klaro
    /// Borlabs Cookie `borlabs-cookie` cookie (v2 and v3).
    case borlabs
    /// tarteaucitron.js `tarteaucitron` cookie.
    case tarteaucitron
    /// Google Consent Mode `gcs` hit parameter (also sGTM `x-ga-gcs`).
    case gcs
    /// Google Consent Mode `gcd` hit parameter (also sGTM `x-ga-gcd`).
    case gcd
    /// GA4 Measurement Protocol body `consent` object.
    case mpConsent = "mp-consent"
    /// Server-side GTM event data `consent_state` object.
    case sgtmConsentState = "consent-state"

    /// The `ConsentSignal.source` of signals decoded from this kind.
    public var source: String { rawValue }
}

/// One decoded consent value: the four-purpose signal the analysis uses, and the JSON object
/// `consent-replay decode` prints for it.
public struct DecodedConsent: Sendable, Equatable {
    /// What the value says, mapped onto the four purposes.
    public var signal: ConsentSignal
    /// The printed explanation (sorted keys on output): always `kind` and `purposes`
    /// (= `signal.choices.json`), `undecided`, `grantedByDefault`; the decoder's own fields
    /// (consent id, method, times as ISO-8601 UTC with milliseconds, raw categories, groups or
    /// services, unmapped ids); `warnings` when something was odd but not fatal.
    public var details: JSONOutput

    public init(signal: ConsentSignal, details: JSONOutput) {
        self.signal = signal
        self.details = details
    }
}

/// Decoding of consent values as browsers, CMPs and tagging servers send them.
public enum ConsentDecoders {
    /// Decodes `value` as `kind`. Cookie values may be given percent-encoded (once or more) or
    /// decoded; `complianz` takes the `cmplz_*` pairs of a cookie header; `onetrust` also
    /// accepts `OptanonConsent=…; OptanonAlertBoxClosed=…`.
    public static func decode(
        _ value: String, as kind: ConsentValueKind, tables: PurposeTables = .defaults
    ) throws(ConsentDecodeError) -> DecodedConsent {
        try decode(value, as: kind, tables: tables, details: true)
    }

    /// Decodes with or without building `details` (the cookie scan skips it; `details` is then
    /// `.null`).
    static func decode(
        _ value: String, as kind: ConsentValueKind, tables: PurposeTables, details enabled: Bool
    ) throws(ConsentDecodeError) -> DecodedConsent {
        var details = ConsentDetails(enabled: enabled)
        let signal: ConsentSignal
        switch kind {
        case .tcf: return try TCFBridge.decode(value, tables: tables)
        case .cookiebot: signal = try CookiebotDecoder.decode(value, tables: tables, details: &details)
        case .onetrust: signal = try OneTrustDecoder.decode(value, tables: tables, details: &details)
        case .cookieyes: signal = try CookieYesDecoder.decode(value, tables: tables, details: &details)
        case .complianz: signal = try ComplianzDecoder.decode(value, tables: tables, details: &details)
        case .ccCookie: signal = try OrestbidaCookieDecoder.decode(value, tables: tables, details: &details)
        case .klaro: signal = try KlaroDecoder.decode(value, tables: tables, details: &details)
        case .borlabs: signal = try BorlabsDecoder.decode(value, tables: tables, details: &details)
        case .tarteaucitron: signal = try TarteaucitronDecoder.decode(value, tables: tables, details: &details)
        case .gcs: signal = try GCSDecoder.decode(value, tables: tables, details: &details)
        case .gcd: signal = try GCDDecoder.decode(value, tables: tables, details: &details)
        case .mpConsent: signal = try ConsentModeObjectDecoder.decodeMeasurementProtocol(value, tables: tables, details: &details)
        case .sgtmConsentState: signal = try ConsentModeObjectDecoder.decodeConsentState(value, tables: tables, details: &details)
        }
        return DecodedConsent(signal: signal, details: details.output(kind: kind, signal: signal))
    }

    /// The kind `value` most likely is, for `decode --as auto`, or `nil` when no decoder
    /// recognises it. Shapes are checked from the most to the least specific; JSON values are
    /// told apart by their keys (Borlabs `consents`, cookieconsent `categories`/`level`,
    /// Measurement Protocol `GRANTED`/`DENIED` strings, Consent Mode signal names with booleans,
    /// otherwise an object of booleans is Klaro). Cookiebot's bare legacy values `-1` and `0`
    /// are too short to recognise: use `--as cookiebot`.
    public static func detectKind(_ value: String) -> ConsentValueKind? {
        guard let original = try? ConsentValueText(value, kindName: "auto") else { return nil }
        var text = original
        text.unquote()
        let raw = text.bytes
        if GCSDecoder.looksLike(raw) { return .gcs }
        if GCDDecoder.looksLike(raw) { return .gcd }
        if ComplianzDecoder.looksLike(raw) { return .complianz }
        if OneTrustDecoder.looksLike(raw) { return .onetrust }

        let structuralBytes = Array("{}[]'\",:!=&".utf8)
        var structural = text
        structural.decodeEscapes(structural: structuralBytes)
        let decoded = structural.string
        if decoded.hasPrefix("{"), CookiebotDecoder.looksLike(decoded) { return .cookiebot }
        if CookieYesDecoder.looksLike(decoded) { return .cookieyes }
        if TarteaucitronDecoder.looksLike(decoded) { return .tarteaucitron }
        // JSON: the value as given first (a JSON string holding an object keeps its quotes),
        // then without one pair of quotes.
        var json = original
        json.decodeEscapes(structural: structuralBytes)
        for candidate in [json.bytes, structural.bytes] where candidate.first == ASCII.openBrace || candidate.first == ASCII.quote {
            if let parsed = try? LooseValue.parseJSON(candidate, kindName: "auto") { return jsonKind(parsed) }
        }
        if TCFBridge.looksLike(raw) { return .tcf }
        return nil
    }

    /// Which JSON-based kind an object is, by its keys and value types.
    private static func jsonKind(_ value: LooseValue) -> ConsentValueKind? {
        var value = value
        // A consent_state logged as a JSON string holding the object.
        if case .string(let inner) = value {
            guard let parsed = try? LooseValue.parseJSON(Array(inner.utf8), kindName: "auto") else { return nil }
            value = parsed
        }
        guard let members = value.members, !members.isEmpty else { return nil }
        let keys = Set(members.map(\.key))
        if keys.contains("consents") { return .borlabs }
        if keys.contains("categories") || (keys.contains("level") && keys.contains("revision")) { return .ccCookie }
        let consentModeKeys = Set(PurposeTables.defaults.consentMode.keys)
        let modeKeys = keys.intersection(consentModeKeys)
        if !modeKeys.isEmpty {
            // Measurement Protocol: only the two v2 signals, as "GRANTED"/"DENIED" strings.
            let mpStrings = members.allSatisfy { ["GRANTED", "DENIED"].contains($0.value.stringValue?.uppercased() ?? "") }
            if mpStrings, keys.isSubset(of: ["ad_user_data", "ad_personalization"]) { return .mpConsent }
            return .sgtmConsentState
        }
        if members.allSatisfy({ $0.value.boolValue != nil }) { return .klaro }
        return nil
    }
}
