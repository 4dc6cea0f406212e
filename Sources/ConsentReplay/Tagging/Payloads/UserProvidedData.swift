// Google's user-provided-data parameter, `em`, as gtag.js puts it on GA4 `/g/collect` hits and
// Google Ads conversion pings when enhanced conversions are on.
//
// Layout (observed on the wire; Google documents the gtag `user_data` fields, not this string):
//
//     em    = "tv.1" *( "~" entry )
//     entry = key [ index ] "." value      e.g. "em.<hash>", "fn0.<hash>", "co0.NO"
//     index = 1*DIGIT                      the address number: fn0, ln0, sa0… for address 0
//
//     em  email            pn  phone             fn  first name      ln  last name
//     sa  street           ct  city              rg  region          pc  postal code
//     co  country
//
// `tv` is the format version. Hashed values are SHA-256, in base64url (43 characters) in
// current tags and hex in some older ones; city, region, postal code and country are usually
// sent in clear (`co0.NO`). A value without `~` that does not start with `tv.` is taken as a
// bare email value. Unknown keys are skipped, not guessed.

/// Decoder of the `em` user-provided-data parameter (layout at the top of this file).
enum UserProvidedData {
    /// Key (without address index) → field.
    static let keys: [String: PersonalField] = [
        "em": .email, "pn": .phone, "fn": .firstName, "ln": .lastName, "sa": .street,
        "ct": .city, "rg": .region, "pc": .postalCode, "co": .country,
    ]

    /// Adds the fields of the decoded parameter value `value` to `found`.
    static func read(_ value: [UInt8], into found: inout PersonalValueSet) {
        let tilde = UInt8(ascii: "~")
        let isVersioned = value.starts(with: Array("tv.".utf8))
        guard value.contains(tilde) || isVersioned else {
            if let hashed = ValueShape.hashed(value) { found.insert(PersonalValue(.email, hashed: hashed)) }
            return
        }
        for entry in value.split(separator: tilde, omittingEmptySubsequences: true) {
            guard let dot = entry.firstIndex(of: ASCII.dot) else { continue }
            var keyEnd = dot
            while keyEnd > entry.startIndex && ASCII.isDigit(entry[keyEnd - 1]) { keyEnd -= 1 }
            let key = String(decoding: entry[entry.startIndex..<keyEnd], as: UTF8.self)
            guard let field = keys[key] else { continue }
            if let hashed = ValueShape.hashed(Array(entry[(dot + 1)...])) {
                found.insert(PersonalValue(field, hashed: hashed))
            }
        }
    }
}
