// tarteaucitron.js `tarteaucitron` cookie.
//
// Layout (github.com/AmauriC/tarteaucitron.js, the cookie the library writes; `!` may be
// percent-encoded as `%21`):
//
//     value   = 1*( "!" service "=" state )
//     state   = "true" / "false" / "wait"      ; wait = not answered yet
//     example: !gtag=true!facebook=false!youtube=wait
//
// Reading: each answered service goes through `PurposeTables.services`; a purpose built from
// several services is granted only if all of them are. `wait` services state nothing and are
// listed as pending. When no service is answered the signal is `undecided`.

/// Decoder of tarteaucitron's consent cookie.
enum TarteaucitronDecoder {
    static let name = "tarteaucitron cookie"

    static func decode(_ value: String, tables: PurposeTables, details: inout ConsentDetails) throws(ConsentDecodeError) -> ConsentSignal {
        var text = try ConsentValueText(value, kindName: name)
        text.unquote()
        text.decodeEscapes(structural: [UInt8(ascii: "!"), ASCII.equals])
        text.noteEncoding(&details)
        let string = text.string
        guard string.hasPrefix("!") else {
            throw ConsentDecodeError("\(name): expected !service=state items, got \(ConsentValueText.excerpt(text.bytes))")
        }
        var signal = ConsentSignal(source: ConsentValueKind.tarteaucitron.source)
        var services: [String: JSONOutput] = [:]
        var pending: [String] = []
        var unmapped: [String] = []
        var answered = 0
        for item in string.split(separator: "!", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                details.warn("item '\(item)' is not service=state; ignored")
                continue
            }
            let service = String(parts[0])
            let state = String(parts[1])
            let choice: PurposeChoice
            switch state {
            case "true": choice = .granted
            case "false": choice = .denied
            case "wait":
                pending.append(service)
                services[service] = .string("wait")
                continue
            default:
                details.warn("service '\(service)' has state '\(state)', expected true, false or wait; ignored")
                continue
            }
            answered += 1
            services[service] = .string(choice.rawValue)
            if let purpose = tables.purpose(ofService: service) {
                signal.choices.combine(purpose, choice)
            } else {
                unmapped.append(service)
            }
        }
        guard !services.isEmpty else {
            throw ConsentDecodeError("\(name): no !service=true|false|wait item")
        }
        if answered == 0 { signal.undecided = true }
        details.set("services", .object(services))
        details.setList("pendingServices", pending)
        details.setList("unmappedServices", unmapped)
        return signal
    }

    /// Whether a percent-decoded value looks like a tarteaucitron cookie.
    static func looksLike(_ decoded: String) -> Bool {
        decoded.hasPrefix("!") && decoded.contains("=")
    }
}
