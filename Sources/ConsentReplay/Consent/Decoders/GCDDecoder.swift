// Google Consent Mode `gcd` hit parameter (GA4 `/g/collect`, Google Ads, Floodlight; sGTM
// `x-ga-gcd`). Google does not publish this layout; what follows is the community decoding,
// with its sources.
//
// Letters (Markus Baersch in Simo Ahava, "Consent Mode V2 For Google Tags",
// simoahava.com/analytics/consent-mode-v2-google-tags/; the same table in the Commanders Act
// Consent Mode guide, github.com/CommandersAct/Platform-Documentation,
// features/consent-management/setup-guides/tag-manager/consent-mode-in-commanders-act-tms.md,
// and giancampo.com/2024/02/understanding-new-gcd-parameter-in-ga4.html):
//
//     letter  default   update      letter  default   update      letter  default   update
//       l     not set   not set       p     denied    not set       t     granted   not set
//       m     not set   denied        q     denied    denied        u     granted   denied
//       n     not set   granted       r     denied    granted       v     granted   granted
//
// Positions (the same sources: "11<ad_storage>1<analytics_storage>1<ad_user_data>1
// <ad_personalization>5"; the five-letter form, e.g. 13l3l3l3l1l1, seen in current Google tags):
//
//     0      "1"                          format version
//     1, 2   separator, letter            ad_storage
//     3, 4   separator, letter            analytics_storage
//     5, 6   separator, letter            ad_user_data
//     7, 8   separator, letter            ad_personalization
//     9      flags character              the "trailing digit" (often 5, or 1 without Consent Mode)
//     10, 11 letter, digit (optional)     the five-letter form: container-scoped defaults
//
// Bit reading of the characters (a public gtag.js decoder's reading; it reproduces the nine
// letters above exactly, so it is used to explain the other characters, and every use of it is
// labelled in the output). Each character is a 6-bit value in the alphabet
// 0-9 a-z A-Z - _ (0…63); two-bit fields hold 1 = not set, 2 = denied, 3 = granted, 0 = invalid:
//
//     letter     = declared << 4 | default << 2 | update     ('l' = 21 = 01 01 01, 'r' = 27 = 01 10 11)
//     separator  = delegated << 2 | implicit                 ('1' not set, '2' denied, '3' granted)
//     flags      = gpc << 3 | consentModeActive << 2 | adPersonalizationSignals (2 bits)
//     container  = ad_storage << 4 | analytics_storage << 2 | ad_user_data ; then
//                  used << 2 | ad_personalization
//
// So an upper-case letter such as the 'R' of 13r3r3R2r5 (53 = 11 01 01) is "declared granted,
// no default, no update". The "implicit" state of a separator is what tags do when nothing is
// set (13l3l3l3l1: Consent Mode not active, tags behave as granted) and is not consent.
//
// Reading for the four purposes (signals through `PurposeTables.consentMode`): a signal's
// state is its update when there is one (the visitor's choice, passed on by the CMP), else its
// default, else its declared state; a grant that rests on a default or a declared state only
// (`t`, upper-case letters), or that was already the default (`v`, contract §3.4: "`t`/`v` =
// granted by default"), sets `grantedByDefault`. Letters outside the nine documented ones,
// and the flags and container characters, are reported with their bit reading and a warning.

/// Decoder of the Consent Mode `gcd` parameter.
enum GCDDecoder {
    static let name = "Consent Mode gcd"
    static let signalNames = ["ad_storage", "analytics_storage", "ad_user_data", "ad_personalization"]
    static let documentedLetters = Array("lmnpqrtuv".utf8)

    /// The 6-bit value of a gcd character, or nil outside the alphabet 0-9 a-z A-Z - _.
    static func sixBits(_ c: UInt8) -> Int? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(c - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(c - UInt8(ascii: "A")) + 36
        case ASCII.dash: return 62
        case UInt8(ascii: "_"): return 63
        default: return nil
        }
    }

    /// A two-bit state field.
    enum Field: Int {
        case invalid = 0, notSet = 1, denied = 2, granted = 3

        var text: String {
            switch self {
            case .invalid: return "invalid"
            case .notSet: return "not set"
            case .denied: return "denied"
            case .granted: return "granted"
            }
        }

        var choice: PurposeChoice? {
            switch self {
            case .denied: return .denied
            case .granted: return .granted
            case .invalid, .notSet: return nil
            }
        }

        init(bits: Int) { self = Field(rawValue: bits & 3) ?? .invalid }
    }

    static func decode(_ value: String, tables: PurposeTables, details: inout ConsentDetails) throws(ConsentDecodeError) -> ConsentSignal {
        var text = try ConsentValueText(value, kindName: name)
        text.unquote()
        let b = text.bytes
        let shown = ConsentValueText.excerpt(b)
        guard b.count >= 10 else {
            throw ConsentDecodeError("\(name): \(shown) has \(b.count) characters, expected at least 10 (version, four separator+letter pairs, flags)")
        }
        guard b[0] == UInt8(ascii: "1") else {
            throw ConsentDecodeError("\(name): \(shown) starts with '\(character(b[0]))', expected the format version '1'")
        }
        guard b.count != 11 else {
            throw ConsentDecodeError("\(name): \(shown) has 11 characters; the container-defaults part of the five-letter form needs two")
        }

        var fold = ConsentModeFold()
        var signals: [String: JSONOutput] = [:]
        for (i, signalName) in signalNames.enumerated() {
            let separator = b[1 + 2 * i]
            let letter = b[2 + 2 * i]
            guard let separatorBits = sixBits(separator) else {
                throw ConsentDecodeError("\(name): separator '\(character(separator))' before \(signalName) (position \(1 + 2 * i)) is outside the gcd alphabet")
            }
            guard let letterBits = sixBits(letter) else {
                throw ConsentDecodeError("\(name): letter '\(character(letter))' for \(signalName) (position \(2 + 2 * i)) is outside the gcd alphabet")
            }
            let declared = Field(bits: letterBits >> 4)
            let byDefault = Field(bits: letterBits >> 2)
            let update = Field(bits: letterBits)
            guard declared != .invalid, byDefault != .invalid, update != .invalid else {
                throw ConsentDecodeError("\(name): '\(character(letter))' at position \(2 + 2 * i) (\(signalName)) is not a consent letter (a state field is 0)")
            }
            let implicit = Field(bits: separatorBits)
            let delegated = separatorBits >> 2 != 0
            let documented = documentedLetters.contains(letter)

            var entry: [String: JSONOutput] = [
                "letter": .string(character(letter)),
                "default": .string(byDefault.text),
                "update": .string(update.text),
                "separator": .string(character(separator)),
                "implicit": .string(implicit.text),
            ]
            if declared != .notSet { entry["declared"] = .string(declared.text) }
            if delegated { entry["delegated"] = .bool(true) }
            if implicit == .invalid { details.warn("separator '\(character(separator))' before \(signalName) has no implicit state (bit reading)") }
            if !documented {
                var parts = ["declared \(declared.text)", "default \(byDefault.text)", "update \(update.text)"]
                if declared == .notSet { parts.removeFirst() }
                details.warn("letter '\(character(letter))' for \(signalName) is outside the nine documented letters (l m n p q r t u v); bit reading: \(parts.joined(separator: ", "))")
            }

            let state: Field
            var defaultOnly = false
            if update != .notSet {
                state = update
                // Contract §3.4: `t`/`v` = granted by default. A grant whose default was already
                // granted (`v`) does not show that the visitor chose it, so it counts as a
                // default grant like `t`; `r` (denied by default, granted by update) is a choice.
                if update == .granted && byDefault == .granted { defaultOnly = true }
            } else if byDefault != .notSet {
                state = byDefault
                defaultOnly = true
            } else if declared != .notSet {
                state = declared
                defaultOnly = true
            } else {
                state = .notSet
            }
            entry["state"] = .string(state.text)
            signals[signalName] = .object(entry)
            if let choice = state.choice { fold.add(signalName, choice, defaultOnly: defaultOnly, tables: tables) }
        }

        guard let flagBits = sixBits(b[9]) else {
            throw ConsentDecodeError("\(name): flags character '\(character(b[9]))' (position 9) is outside the gcd alphabet")
        }
        var flags: [String: JSONOutput] = [
            "character": .string(character(b[9])),
            "gpc": .bool(flagBits & 8 != 0),
            "consentModeActive": .bool(flagBits & 4 != 0),
            "adPersonalizationSignalsCode": .int(flagBits & 3),
        ]
        if flagBits >> 4 != 0 { flags["otherBits"] = .int(flagBits >> 4) }

        var form = "four-letter"
        if b.count >= 12 {
            form = "five-letter"
            guard let a = sixBits(b[10]), let c = sixBits(b[11]) else {
                throw ConsentDecodeError("\(name): container-defaults characters '\(character(b[10]))\(character(b[11]))' (positions 10–11) are outside the gcd alphabet")
            }
            details.set("containerDefaults", .object([
                "characters": .string(character(b[10]) + character(b[11])),
                "ad_storage": .string(Field(bits: a >> 4).text),
                "analytics_storage": .string(Field(bits: a >> 2).text),
                "ad_user_data": .string(Field(bits: a).text),
                "ad_personalization": .string(Field(bits: c).text),
                "used": .bool(c >> 2 & 1 != 0),
            ]))
            if b.count > 12 {
                details.warn("characters after position 11 are not decoded: '\(String(decoding: b[12...], as: UTF8.self))'")
            }
        }

        var signal = ConsentSignal(source: ConsentValueKind.gcd.source)
        fold.finish(into: &signal, details: &details)
        details.set("signals", .object(signals))
        details.set("flags", .object(flags))
        details.set("form", .string(form))
        details.set("layout", .string("letters: Simo Ahava/Markus Baersch table; flags, separators, container defaults: bit reading of gtag.js"))
        return signal
    }

    static func character(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : JSONSyntaxError.show(byte)
    }

    /// Whether `bytes` decode as a `gcd` value.
    static func looksLike(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 10, bytes.count <= 16, bytes[0] == UInt8(ascii: "1") else { return false }
        var details = ConsentDetails(enabled: false)
        return (try? decode(String(decoding: bytes, as: UTF8.self), tables: .defaults, details: &details)) != nil
    }
}
