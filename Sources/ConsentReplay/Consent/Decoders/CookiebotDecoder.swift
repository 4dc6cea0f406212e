// Cookiebot `CookieConsent` cookie.
//
// Layout (Cookiebot developer documentation, "Server side usage",
// https://www.cookiebot.com/en/developer/ — the cookie holds "0", "-1" or a JavaScript object
// literal; fields as seen in real Cookie headers):
//
//     value   = "0"                  ; legacy: the user declined, strictly necessary only
//             / "-1"                 ; legacy: not in a region that requires consent, all accepted
//             / object               ; percent-encoded once ({stamp:%27…%27%2Cnecessary:true…}),
//                                    ; sometimes twice (%257B…)
//     object  = "{" member *( "," member ) "}"     ; unquoted keys, single-quoted strings
//     members:
//       stamp:'<id>'        consent id (base64-like; '-1' = no consent required in the region)
//       necessary:true      the four categories, booleans
//       preferences:false
//       statistics:true
//       marketing:false
//       method:'explicit'   'explicit' | 'implied'; absent in older versions
//       ver:3               consent version (raised when the site asks everyone to consent again)
//       utc:1700000000000   when the choice was made, ms since the epoch
//       region:'de'         visitor region (absent in older versions)
//       iab2:'<TC string>'  the IAB TCF v2 TC string when the TCF integration is on
//       gacm:'2~…'          Google Additional Consent Mode string
//
// Reading: the four categories go through `PurposeTables.categories`; `-1` (as the whole value
// or as `stamp`) grants everything with method `implied`, since no consent was asked for.

/// Decoder of Cookiebot's `CookieConsent` cookie.
enum CookiebotDecoder {
    static let name = "Cookiebot CookieConsent"
    static let categoryNames = ["necessary", "preferences", "statistics", "marketing"]
    static let knownKeys: Set<String> = Set(categoryNames + ["stamp", "method", "ver", "utc", "region", "iab2", "gacm"])

    static func decode(_ value: String, tables: PurposeTables, details: inout ConsentDetails) throws(ConsentDecodeError) -> ConsentSignal {
        // Reading access logs, every distinct cookie of the day is decoded without details: the
        // everyday form is read straight from its bytes.
        if !details.enabled, let signal = decodeCommonForm(value, tables: tables) { return signal }
        return try decodeInFull(value, tables: tables, details: &details)
    }

    /// `decode` by the general path: value text, object literal, members.
    static func decodeInFull(_ value: String, tables: PurposeTables, details: inout ConsentDetails) throws(ConsentDecodeError) -> ConsentSignal {
        var text = try ConsentValueText(value, kindName: name)
        text.unquote()
        text.decodeEscapes(structural: structuralBytes)
        text.noteEncoding(&details)
        var signal = ConsentSignal(source: ConsentValueKind.cookiebot.source)

        switch text.string {
        case "-1":
            for category in categoryNames { apply(category, granted: true, tables: tables, signal: &signal, details: &details) }
            signal.method = .implied
            details.set("consentRequired", .bool(false))
            details.set("legacyValue", .string("-1"))
            return signal
        case "0":
            for category in categoryNames {
                apply(category, granted: category == "necessary", tables: tables, signal: &signal, details: &details)
            }
            details.set("legacyValue", .string("0"))
            return signal
        default:
            break
        }

        let object = try LooseValue.parseObjectLiteral(text.bytes, kindName: name)
        guard let members = object.members else { throw ConsentDecodeError("\(name): not an object literal") }

        var categoryStates: [String: JSONOutput] = [:]
        var missing: [String] = []
        for category in categoryNames {
            guard let raw = object[category] else { missing.append(category); continue }
            guard let granted = boolean(raw) else {
                throw ConsentDecodeError("\(name): '\(category)' is \(raw.typeName), expected true or false")
            }
            if details.enabled { categoryStates[category] = .bool(granted) }
            apply(category, granted: granted, tables: tables, signal: &signal, details: &details)
        }
        guard missing.count < categoryNames.count else {
            throw ConsentDecodeError("\(name): none of the categories necessary, preferences, statistics, marketing is present")
        }
        details.set("categories", .object(categoryStates))
        if !missing.isEmpty { details.warn("categories missing: \(missing.joined(separator: ", "))") }

        var consentRequired = true
        switch object["stamp"] {
        case .string(let stamp)?:
            if stamp == "-1" {
                consentRequired = false
            } else if !stamp.isEmpty {
                signal.consentID = stamp
            }
        case .number(let stamp)?:
            if stamp == "-1" { consentRequired = false } else { signal.consentID = stamp }
        case nil:
            details.warn("no 'stamp' (consent id)")
        case let other?:
            details.warn("'stamp' is \(other.typeName), expected a string")
        }
        details.set("consentRequired", .bool(consentRequired))

        switch object["method"] {
        case .string(let method)?:
            switch method.lowercased() {
            case "explicit": signal.method = .explicit
            case "implied": signal.method = .implied
            default: details.warn("unknown method '\(method)'")
            }
        case nil:
            if !consentRequired { signal.method = .implied }
        case let other?:
            details.warn("'method' is \(other.typeName), expected a string")
        }

        if let ver = object["ver"] {
            switch ver {
            case .number(let text), .string(let text): signal.version = text
            default: details.warn("'ver' is \(ver.typeName), expected a number")
            }
        }
        if let utc = object["utc"] {
            if let ms = utc.int64Value, ms >= 0, ms < 253_402_300_800_000 {
                signal.decidedAt = ms
            } else {
                details.warn("'utc' is not a time in milliseconds since the epoch")
            }
        }
        if let region = object["region"] {
            details.set("region", region.json)
        }
        if let gacm = object["gacm"] {
            details.set("gacm", gacm.json)
        }
        if let iab2 = object["iab2"] {
            if let tcString = iab2.stringValue, details.enabled {
                details.set("iab2", .string(tcString))
                do throws(ConsentDecodeError) {
                    let tc = try TCFBridge.decode(tcString, tables: tables)
                    details.set("tcf", tc.details)
                } catch {
                    details.warn("iab2 TC string not decoded: \(error.reason)")
                }
            } else if iab2.stringValue == nil {
                details.warn("'iab2' is \(iab2.typeName), expected a string")
            }
        }
        var others: [String: JSONOutput] = [:]
        for member in members where !knownKeys.contains(member.key) && others[member.key] == nil {
            others[member.key] = member.value.json
        }
        if !others.isEmpty { details.set("otherFields", .object(others)) }
        return signal
    }

    // MARK: The everyday form

    /// A member value of the everyday form: the bytes between the quotes of a single-quoted
    /// string, a number (`-`? digits), or a boolean.
    enum PlainValue {
        case string(Range<Int>)
        case number(Range<Int>)
        case bool(Bool)
    }

    /// The signal `decodeInFull` gives (without details) for a value in the form Cookiebot
    /// writes, read straight from its bytes; nil for anything else, which `decodeInFull` then
    /// reads (and explains, when it is malformed).
    ///
    /// The form: no space or double quote around the value, percent-encoded at most once (no
    /// `%` left once decoded), `{` key `:` value (`,` key `:` value)* `}` with no spaces, keys of
    /// letters, digits, `_`, `$` and `-`, values `true`, `false`, `-`? digits, or single-quoted
    /// strings without backslashes. The categories must be booleans or the strings `true` /
    /// `false`, and one must be present. The first member with a key counts, as in
    /// `LooseValue[_:]`.
    static func decodeCommonForm(_ value: String, tables: PurposeTables) -> ConsentSignal? {
        var raw = Array(value.utf8)
        guard let first = raw.first, let last = raw.last, first != ASCII.quote, last != ASCII.quote,
              !ConsentValueText.isSpace(first), !ConsentValueText.isSpace(last),
              raw.count <= ConsentValueText.maximumLength else { return nil }
        if raw.contains(ASCII.percent) {
            // One round decodes it (as `decodeEscapes` would), and none may be left for another.
            guard ConsentValueText.hasEscape(of: structuralBytes, in: raw) else { return nil }
            var decoded: [UInt8] = []
            decoded.reserveCapacity(raw.count)
            raw.withUnsafeBufferPointer { PercentDecoding.percentDecode($0, into: &decoded, plusAsSpace: false) }
            guard !decoded.contains(ASCII.percent) else { return nil }
            raw = decoded
        }
        return raw.withUnsafeBufferPointer { b -> ConsentSignal? in
            let n = b.count
            guard n >= 2, b[0] == ASCII.openBrace, b[n - 1] == ASCII.closeBrace else { return nil }
            // The first value of each key the signal depends on (`signalKeys`).
            var found = [PlainValue?](repeating: nil, count: signalKeys.count)
            var i = 1
            if b[i] == ASCII.closeBrace { return nil }
            while true {
                let keyStart = i
                while i < n, LooseValue.isIdentifierByte(b[i]) { i += 1 }
                guard i > keyStart, i < n, b[i] == ASCII.colon else { return nil }
                let slot = signalKeySlot(UnsafeBufferPointer(rebasing: b[keyStart..<i]))
                i += 1
                guard i < n else { return nil }
                let v: PlainValue
                switch b[i] {
                case UInt8(ascii: "'"):
                    let start = i + 1
                    var j = start
                    while j < n, b[j] != UInt8(ascii: "'") {
                        if b[j] == ASCII.backslash { return nil }
                        j += 1
                    }
                    guard j < n else { return nil }
                    v = .string(start..<j)
                    i = j + 1
                case ASCII.dash, ASCII.zero...ASCII.nine:
                    let start = i
                    i += 1
                    while i < n, ASCII.isDigit(b[i]) { i += 1 }
                    guard i - start > 1 || b[start] != ASCII.dash else { return nil }
                    v = .number(start..<i)
                case UInt8(ascii: "t"), UInt8(ascii: "f"):
                    let start = i
                    while i < n, LooseValue.isIdentifierByte(b[i]) { i += 1 }
                    if HTTPBytes.equals(start..<i, in: b, "true") { v = .bool(true) }
                    else if HTTPBytes.equals(start..<i, in: b, "false") { v = .bool(false) }
                    else { return nil }
                default:
                    return nil
                }
                if let slot, found[slot] == nil { found[slot] = v }
                guard i < n else { return nil }
                if b[i] == ASCII.comma { i += 1; continue }
                guard b[i] == ASCII.closeBrace, i == n - 1 else { return nil }
                break
            }
            func text(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self) }
            func value(_ key: String) -> PlainValue? { signalKeys.firstIndex(of: key).flatMap { found[$0] } }

            var signal = ConsentSignal(source: ConsentValueKind.cookiebot.source)
            var present = 0
            for (k, category) in categoryNames.enumerated() {
                guard let v = found[k] else { continue }
                let granted: Bool
                switch v {
                case .bool(let g): granted = g
                case .string(let r):
                    if HTTPBytes.equals(r, in: b, "true") { granted = true }
                    else if HTTPBytes.equals(r, in: b, "false") { granted = false }
                    else { return nil }
                case .number: return nil
                }
                present += 1
                if let purpose = tables.purpose(ofCategory: category) { signal.choices.combine(purpose, PurposeChoice(granted: granted)) }
            }
            guard present > 0 else { return nil }
            var consentRequired = true
            switch value("stamp") {
            case .string(let r)?:
                let stamp = text(r)
                if stamp == "-1" { consentRequired = false } else if !stamp.isEmpty { signal.consentID = stamp }
            case .number(let r)?:
                let stamp = text(r)
                if stamp == "-1" { consentRequired = false } else { signal.consentID = stamp }
            case .bool?, nil:
                break
            }
            switch value("method") {
            case .string(let r)?:
                switch text(r).lowercased() {
                case "explicit": signal.method = .explicit
                case "implied": signal.method = .implied
                default: break
                }
            case nil:
                if !consentRequired { signal.method = .implied }
            case .number?, .bool?:
                break
            }
            switch value("ver") {
            case .number(let r)?, .string(let r)?: signal.version = text(r)
            case .bool?, nil: break
            }
            switch value("utc") {
            case .number(let r)?, .string(let r)?:
                if let ms = Int64(text(r)), ms >= 0, ms < 253_402_300_800_000 { signal.decidedAt = ms }
            case .bool?, nil: break
            }
            return signal
        }
    }

    /// The keys the signal depends on; the categories first, in `categoryNames` order.
    static let signalKeys = categoryNames + ["stamp", "method", "ver", "utc"]
    private static let signalKeyBytes = signalKeys.map { Array($0.utf8) }

    /// The index in `signalKeys` of a raw key, nil for the others.
    private static func signalKeySlot(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        for (i, name) in signalKeyBytes.enumerated() where name.count == key.count {
            if name.withUnsafeBufferPointer({ ByteHash.equal($0, key) }) { return i }
        }
        return nil
    }

    /// The bytes whose escapes make `decodeEscapes` decode a round.
    static let structuralBytes = Array("{}[]'\",:".utf8)

    /// Marks one Cookiebot category on the signal.
    private static func apply(
        _ category: String, granted: Bool, tables: PurposeTables, signal: inout ConsentSignal, details: inout ConsentDetails
    ) {
        if let purpose = tables.purpose(ofCategory: category) {
            signal.choices.combine(purpose, PurposeChoice(granted: granted))
        } else {
            details.warn("category '\(category)' has no purpose in the configuration")
        }
    }

    /// `true`/`false`, also when written as a string.
    private static func boolean(_ value: LooseValue) -> Bool? {
        switch value {
        case .bool(let b): return b
        case .string(let s) where s == "true" || s == "false": return s == "true"
        default: return nil
        }
    }

    /// Whether a percent-decoded value looks like Cookiebot's object literal.
    static func looksLike(_ decoded: String) -> Bool {
        decoded.contains("stamp:") || decoded.contains("necessary:")
    }
}
