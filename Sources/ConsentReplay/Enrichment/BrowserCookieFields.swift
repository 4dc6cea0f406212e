/// Which personal field a browser cookie hands to the tagging server with every hit.
///
/// The tagging server reads these cookies from the hit's `Cookie` header, so a vendor request
/// carrying the field did not need the server to add it: Meta's `fbp` comes from `_fbp`, its
/// `fbc` from `_fbc`, GA4's `client_id` from `_ga`. Matched on the cookie catalogue's definition
/// name, so `_ga_<container>` (a session cookie) is not `_ga`.
enum BrowserCookieFields {
    static let table: [String: PersonalField] = [
        "_ga": .clientID, "FPID": .clientID,
        "_fbp": .browserID, "_fbc": .clickID,
        "_ttp": .browserID, "ttclid": .clickID,
        "_gcl_aw": .clickID, "_gcl_au": .browserID,
        "_epik": .clickID, "_pin_unauth": .browserID,
        "li_fat_id": .clickID,
        "_uetvid": .browserID, "_uetmsclkid": .clickID,
        "_scid": .browserID, "_rdt_uuid": .browserID,
    ]

    /// The stored user-data cookie of Stape's "user data" feature: hashed e-mail and phone kept
    /// in the browser and re-injected into later events. An enrichment signal, never a field
    /// the visitor handed over with the hit.
    static let storedUserData = "_gtmeec"

    /// Field bits (both the clear and the hashed bit of the field) per cookie definition index.
    static func bitsByDefinition(_ catalogue: CookieCatalogue) -> [UInt64] {
        catalogue.definitions.map { d in
            guard let field = table[d.name] else { return 0 }
            return TaggingEvent.bit(PersonalValue(field, hashed: false)) | TaggingEvent.bit(PersonalValue(field, hashed: true))
        }
    }
}
