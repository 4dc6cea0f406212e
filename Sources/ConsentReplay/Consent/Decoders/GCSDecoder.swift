// Google Consent Mode `gcs` hit parameter (GA4 `/g/collect`, Google Ads; sGTM `x-ga-gcs`).
//
// Layout (Google tag; documented by Simo Ahava and Markus Baersch, "Consent Mode V2 For
// Google Tags", simoahava.com/analytics/consent-mode-v2-google-tags/, and the Commanders Act
// Consent Mode guide, github.com/CommandersAct/Platform-Documentation):
//
//     gcs = "G1" ad_storage analytics_storage
//     each state: "1" granted, "0" denied, "-" not set       e.g. G100, G110, G101, G111, G1--
//
// Reading: ad_storage and analytics_storage go through `PurposeTables.consentMode`. `gcs` does
// not say whether a state is the page's default or the visitor's update, so a grant in it
// cannot be shown to be a choice: it is read as granted by default (`grantedByDefault`).
// Prefer `gcd`, which carries both, when the hit has it.

/// Decoder of the Consent Mode `gcs` parameter.
enum GCSDecoder {
    static let name = "Consent Mode gcs"
    static let signalNames = ["ad_storage", "analytics_storage"]

    static func decode(_ value: String, tables: PurposeTables, details: inout ConsentDetails) throws(ConsentDecodeError) -> ConsentSignal {
        var text = try ConsentValueText(value, kindName: name)
        text.unquote()
        let b = text.bytes
        guard b.count == 4, b[0] == UInt8(ascii: "G") else {
            throw ConsentDecodeError("\(name): expected 'G1' and two states (4 characters, such as G110), got \(ConsentValueText.excerpt(b))")
        }
        guard b[1] == UInt8(ascii: "1") else {
            throw ConsentDecodeError("\(name): unknown gcs version '\(String(decoding: b[0..<2], as: UTF8.self))', only G1 is known")
        }
        var fold = ConsentModeFold()
        var states: [String: JSONOutput] = [:]
        for (offset, signalName) in signalNames.enumerated() {
            let state: ConsentModeFold.State
            switch b[2 + offset] {
            case UInt8(ascii: "1"): state = .granted
            case UInt8(ascii: "0"): state = .denied
            case ASCII.dash: state = .notSet
            default:
                throw ConsentDecodeError("\(name): \(signalName) state is '\(String(decoding: [b[2 + offset]], as: UTF8.self))', expected 1, 0 or -")
            }
            states[signalName] = .string(state.rawValue)
            if let choice = state.choice { fold.add(signalName, choice, defaultOnly: true, tables: tables) }
        }
        var signal = ConsentSignal(source: ConsentValueKind.gcs.source)
        fold.finish(into: &signal, details: &details)
        details.set("signals", .object(states))
        details.set("stateSource", .string("gcs does not say whether a state is a default or an update; grants are read as defaults"))
        return signal
    }

    /// Whether `bytes` are a `gcs` value.
    static func looksLike(_ bytes: [UInt8]) -> Bool {
        bytes.count == 4 && bytes[0] == UInt8(ascii: "G") && bytes[1] == UInt8(ascii: "1")
            && bytes[2...].allSatisfy { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") || $0 == ASCII.dash }
    }
}

/// Folds Consent Mode signals (ad_storage, analytics_storage, ad_user_data, …) into purposes,
/// remembering which grants rest on a default only.
struct ConsentModeFold {
    enum State: String {
        case granted, denied
        case notSet = "not set"

        var choice: PurposeChoice? {
            switch self {
            case .granted: return .granted
            case .denied: return .denied
            case .notSet: return nil
            }
        }
    }

    var choices = PurposeChoices()
    /// Purposes that received a grant existing only as a default.
    var defaultOnlyGrants: Set<Purpose> = []
    var unmapped: [String] = []

    mutating func add(_ signalName: String, _ choice: PurposeChoice, defaultOnly: Bool, tables: PurposeTables) {
        guard let purpose = tables.consentMode[signalName] else {
            unmapped.append(signalName)
            return
        }
        choices.combine(purpose, choice)
        if choice == .granted && defaultOnly { defaultOnlyGrants.insert(purpose) }
    }

    /// Puts the choices on `signal`; `grantedByDefault` is set when a granted purpose rests on
    /// at least one default-only grant.
    func finish(into signal: inout ConsentSignal, details: inout ConsentDetails) {
        signal.choices = choices
        let defaultOnly = Purpose.allCases.filter { choices[$0] == .granted && defaultOnlyGrants.contains($0) }
        signal.grantedByDefault = !defaultOnly.isEmpty
        details.setList("defaultOnlyPurposes", defaultOnly.map(\.rawValue))
        details.setList("unmappedSignals", unmapped)
    }
}
