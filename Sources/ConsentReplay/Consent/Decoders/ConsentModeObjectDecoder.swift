// Consent Mode states carried as objects by server-to-server traffic.
//
// GA4 Measurement Protocol (Google for Developers, "Measurement Protocol reference",
// developers.google.com/analytics/devguides/collection/protocol/ga4/reference, `consent`):
//
//     "consent": {"ad_user_data": "GRANTED", "ad_personalization": "DENIED"}
//     values "GRANTED" / "DENIED"; either key may be absent (= not stated)
//
// Server-side GTM event data `consent_state` (as tagging logs write it, contract §3.2): an
// object of Consent Mode signals, or a JSON string holding that object:
//
//     {"ad_storage": true, "analytics_storage": false, "ad_user_data": "granted", …}
//     values true / false, "granted" / "denied" (any case), "true" / "false", 1 / 0
//
// Reading: keys go through `PurposeTables.consentMode`; keys it does not know are listed as
// unmapped. A Measurement Protocol `consent` object is the sending server's statement of the
// visitor's consent for that event and is read as stated. `consent_state` does not say whether
// a state is the page's default or the visitor's update (it is what the tagging server derived
// from the hit), so, as with `gcs`, its grants are read as granted by default.

/// Decoders of the Measurement Protocol `consent` object and sGTM `consent_state`.
enum ConsentModeObjectDecoder {
    static let mpName = "Measurement Protocol consent"
    static let stateName = "sGTM consent_state"

    static func decodeMeasurementProtocol(
        _ value: String, tables: PurposeTables, details: inout ConsentDetails
    ) throws(ConsentDecodeError) -> ConsentSignal {
        let members = try object(value, kindName: mpName, details: &details)
        var fold = ConsentModeFold()
        var states: [String: JSONOutput] = [:]
        for member in members {
            guard let text = member.value.stringValue, let choice = grantedDenied(text) else {
                throw ConsentDecodeError("\(mpName): '\(member.key)' is \(describe(member.value)), expected \"GRANTED\" or \"DENIED\"")
            }
            if text != text.uppercased() { details.warn("'\(member.key)' is '\(text)'; the protocol writes GRANTED/DENIED in capitals") }
            if member.key != "ad_user_data" && member.key != "ad_personalization" {
                details.warn("'\(member.key)' is not a Measurement Protocol consent field (ad_user_data, ad_personalization)")
            }
            states[member.key] = .string(choice.rawValue)
            fold.add(member.key, choice, defaultOnly: false, tables: tables)
        }
        var signal = ConsentSignal(source: ConsentValueKind.mpConsent.source)
        fold.finish(into: &signal, details: &details)
        details.set("signals", .object(states))
        return signal
    }

    static func decodeConsentState(
        _ value: String, tables: PurposeTables, details: inout ConsentDetails
    ) throws(ConsentDecodeError) -> ConsentSignal {
        let members = try object(value, kindName: stateName, details: &details)
        var fold = ConsentModeFold()
        var states: [String: JSONOutput] = [:]
        for member in members {
            let choice: PurposeChoice?
            switch member.value {
            case .bool(let b): choice = PurposeChoice(granted: b)
            case .string(let s): choice = ConsentWords.choice(s)
            case .number(let n): choice = n == "1" ? .granted : n == "0" ? .denied : nil
            default: choice = nil
            }
            guard let choice else {
                details.warn("'\(member.key)' is \(describe(member.value)), not a consent state; ignored")
                continue
            }
            states[member.key] = .string(choice.rawValue)
            fold.add(member.key, choice, defaultOnly: true, tables: tables)
        }
        guard !states.isEmpty || members.isEmpty else {
            throw ConsentDecodeError("\(stateName): no member holds a consent state (true/false, granted/denied)")
        }
        var signal = ConsentSignal(source: ConsentValueKind.sgtmConsentState.source)
        fold.finish(into: &signal, details: &details)
        details.set("signals", .object(states))
        details.set("stateSource", .string("consent_state does not say whether a state is a default or an update; grants are read as defaults"))
        return signal
    }

    /// The object, unwrapping one level of JSON string (`"{\"ad_storage\":true}"`).
    private static func object(_ value: String, kindName: String, details: inout ConsentDetails) throws(ConsentDecodeError) -> [LooseValue.Member] {
        var text = try ConsentValueText(value, kindName: kindName)
        text.decodeEscapes(structural: Array("{}[]\",:".utf8))
        text.noteEncoding(&details)
        var parsed = try LooseValue.parseJSON(text.bytes, kindName: kindName)
        if case .string(let inner) = parsed {
            parsed = try LooseValue.parseJSON(Array(inner.utf8), kindName: kindName)
            details.warn("the object was given as a JSON string")
        }
        guard let members = parsed.members else {
            throw ConsentDecodeError("\(kindName): expected a JSON object, got \(parsed.typeName)")
        }
        return members
    }

    private static func grantedDenied(_ text: String) -> PurposeChoice? {
        switch text.uppercased() {
        case "GRANTED": return .granted
        case "DENIED": return .denied
        default: return nil
        }
    }

    private static func describe(_ value: LooseValue) -> String {
        if let s = value.stringValue { return "'\(s)'" }
        return value.typeName
    }
}
