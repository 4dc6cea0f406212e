// Klaro `klaro` cookie.
//
// Layout (github.com/klaro-org/klaro-js, the consent store the library writes to its cookie,
// named `klaro` unless configured otherwise; percent-encoded JSON):
//
//     {"google-analytics":true,"facebook":false,"klaro":true}
//     service name → true (consented) / false (declined)
//
// Reading: each service goes through `PurposeTables.services`; a purpose built from several
// services is granted only if all of them are (`PurposeChoices.combine`). Services with no
// purpose in the configuration are listed as unmapped and not used. The cookie is written
// when the visitor saves a choice, so the signal is decided.

/// Decoder of Klaro's consent cookie.
enum KlaroDecoder {
    static let name = "Klaro klaro"

    static func decode(_ value: String, tables: PurposeTables, details: inout ConsentDetails) throws(ConsentDecodeError) -> ConsentSignal {
        let members = try LooseValue.cookieJSONObject(value, kindName: name, details: &details)
        var signal = ConsentSignal(source: ConsentValueKind.klaro.source)
        var services: [String: JSONOutput] = [:]
        var unmapped: [String] = []
        for member in members {
            guard let granted = member.value.boolValue else {
                details.warn("service '\(member.key)' is \(member.value.typeName), expected true or false; ignored")
                continue
            }
            let choice = PurposeChoice(granted: granted)
            services[member.key] = .string(choice.rawValue)
            if let purpose = tables.purpose(ofService: member.key) {
                signal.choices.combine(purpose, choice)
            } else {
                unmapped.append(member.key)
            }
        }
        guard !services.isEmpty || members.isEmpty else {
            throw ConsentDecodeError("\(name): no service has a true/false consent")
        }
        if members.isEmpty { details.warn("no service is listed") }
        details.set("services", .object(services))
        details.setList("unmappedServices", unmapped)
        return signal
    }
}
