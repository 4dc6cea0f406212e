// Borlabs Cookie (WordPress) `borlabs-cookie` cookie, plugin versions 2 and 3.
//
// Layout (Borlabs Cookie, borlabs.io; the fields as found in real Cookie headers; percent-
// encoded JSON):
//
//     {"consents":{"essential":["borlabs-cookie"],          consented service ids per
//                  "statistics":["google-analytics"],        consented group
//                  "marketing":["facebook-pixel"],
//                  "external-media":["youtube"]},
//      "domainPath":"example.com/",
//      "expires":"Sat, 18 Feb 2027 09:06:19 GMT",            cookie expiry (IMF-fixdate)
//      "uid":"mnep763s-rd6x72ar-cp4vilgp-78z4hijv",          consent id; "anonymous" = none kept
//      "version":"2"}                                         consent version → `version`
//     v3 adds "v3":true and writes "version" as a number.
//
// Reading: `consents` lists only the groups the visitor accepted. Each listed group with at
// least one service grants its purpose (group names through `PurposeTables.categories`,
// `external-media` as `external_media`); a group listed with no service grants nothing and is
// read as declined (with a warning); every one of the four purposes that no accepted group
// maps to is read as denied. Services are reported with their purpose from
// `PurposeTables.services` but never grant anything themselves: a tracking service placed in
// the `essential` group is not consent (a warning names it).

/// Decoder of Borlabs Cookie's consent cookie.
enum BorlabsDecoder {
    static let name = "Borlabs borlabs-cookie"

    static func decode(_ value: String, tables: PurposeTables, details: inout ConsentDetails) throws(ConsentDecodeError) -> ConsentSignal {
        let members = try LooseValue.cookieJSONObject(value, kindName: name, details: &details)
        let object = LooseValue.object(members)
        guard let consentsValue = object["consents"] else {
            throw ConsentDecodeError("\(name): no 'consents' object")
        }
        guard let groups = consentsValue.members else {
            throw ConsentDecodeError("\(name): 'consents' is \(consentsValue.typeName), expected an object of groups")
        }
        var signal = ConsentSignal(source: ConsentValueKind.borlabs.source)
        var groupDetails: [String: JSONOutput] = [:]
        var unmapped: [String] = []
        for group in groups {
            guard let list = group.value.elements else {
                throw ConsentDecodeError("\(name): group '\(group.key)' is \(group.value.typeName), expected an array of service ids")
            }
            let services = list.compactMap(\.stringValue)
            if services.count != list.count { details.warn("group '\(group.key)' holds values that are not service ids; they are ignored") }
            groupDetails[group.key] = .array(services.map { .string($0) })
            let purpose = tables.purpose(ofCategory: group.key)
            if purpose == nil { unmapped.append(group.key) }
            if services.isEmpty {
                details.warn("group '\(group.key)' is listed without any service; read as not accepted")
                continue
            }
            if let purpose { signal.choices.combine(purpose, .granted) }
            for service in services {
                if let servicePurpose = tables.purpose(ofService: service), servicePurpose != .necessary,
                   let purpose, servicePurpose != purpose {
                    details.warn("service '\(service)' (\(servicePurpose.rawValue)) is in group '\(group.key)' (\(purpose.rawValue)); the group decides")
                }
            }
        }
        var deniedByOmission: [String] = []
        for purpose in Purpose.allCases where signal.choices[purpose] == nil {
            signal.choices[purpose] = .denied
            deniedByOmission.append(purpose.rawValue)
        }
        details.set("consents", .object(groupDetails))
        details.setList("unmappedGroups", unmapped)
        details.setList("deniedByOmission", deniedByOmission)

        if let uid = object["uid"]?.stringValue, !uid.isEmpty {
            if uid == "anonymous" { details.set("uid", .string(uid)) } else { signal.consentID = uid }
        }
        switch object["version"] {
        case .string(let text)?, .number(let text)?: signal.version = text
        case nil: details.warn("no 'version'")
        case let other?: details.warn("'version' is \(other.typeName), expected a string or number")
        }
        details.set("pluginVersion", .int(object["v3"]?.boolValue == true ? 3 : 2))
        if let path = object["domainPath"]?.stringValue { details.set("domainPath", .string(path)) }
        if let expires = object["expires"]?.stringValue {
            let ms = Array(expires.utf8).withUnsafeBufferPointer { CookieDate.parse($0) }
            if let ms {
                details.set("expires", .string(Timestamp.format(ms)))
            } else {
                details.set("expires", .string(expires))
                details.warn("'expires' is not a cookie date")
            }
        }
        return signal
    }
}
