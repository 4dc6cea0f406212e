// The fallback for vendors without a dictionary of their own (Snap, Reddit, X, Microsoft…).
//
// It is a heuristic, not a documented API: it looks for well-known key names anywhere in a
// JSON body (at any depth, in arrays too) and for the same names as URL query or form
// parameters. Names are compared after lowering ASCII letters and dropping everything that is
// not a letter or digit, so `client_ip_address`, `clientIpAddress` and `Client-IP-Address`
// are one name.
//
//     email emailaddress useremail hashedemail sha256emailaddress       → email
//     phone phonenumber hashedphonenumber sha256phonenumber            → phone
//     firstname hashedfirstname sha256firstname                         → first_name
//     lastname hashedlastname sha256lastname                            → last_name
//     dateofbirth birthdate birthday → birth_date   gender → gender
//     street streetaddress hashedstreetaddress sha256street → street
//     city → city   postalcode zipcode → postal_code
//     ip ipaddress clientipaddress ipoverride → ip   useragent clientuseragent → user_agent
//     userid → user_id   externalid → external_id   clientid → client_id
//     fbp ttp epik sccookie1 → browser_id
//     fbc gclid gbraid wbraid ttclid fbclid msclkid lifatid scclickid clickid → click_id
//     madid idfa idfv gaid aaid advertisingid deviceid → device_id
//
// Short Meta-style keys (`em ph fn ln db ge ct st zp country`) are too ambiguous on their own
// and count only inside an object under a `user_data` key, the layout Meta's Conversions API
// made common (Snap's Conversions API uses it too).
//
// Because it guesses from names, the fallback can miss fields a vendor names differently and
// can count a same-named field that is not about the visitor; findings built on it should say
// the vendor had no dictionary.

/// The heuristic reader for vendors without a dictionary (rules at the top of this file).
enum FallbackPayload {
    static let names: [String: PersonalField] = {
        var table: [String: PersonalField] = [:]
        func add(_ field: PersonalField, _ keys: String) {
            for key in keys.split(separator: " ") { table[String(key)] = field }
        }
        add(.email, "email emailaddress useremail hashedemail sha256emailaddress")
        add(.phone, "phone phonenumber hashedphonenumber sha256phonenumber")
        add(.firstName, "firstname hashedfirstname sha256firstname")
        add(.lastName, "lastname hashedlastname sha256lastname")
        add(.birthDate, "dateofbirth birthdate birthday")
        add(.gender, "gender")
        add(.street, "street streetaddress hashedstreetaddress sha256street")
        add(.city, "city")
        add(.postalCode, "postalcode zipcode")
        add(.ip, "ip ipaddress clientipaddress ipoverride")
        add(.userAgent, "useragent clientuseragent")
        add(.userID, "userid")
        add(.externalID, "externalid")
        add(.clientID, "clientid")
        add(.browserID, "fbp ttp epik sccookie1")
        add(.clickID, "fbc gclid gbraid wbraid ttclid fbclid msclkid lifatid scclickid clickid")
        add(.deviceID, "madid idfa idfv gaid aaid advertisingid deviceid")
        return table
    }()

    /// Short keys that count only inside a `user_data` object.
    static let userDataNames: [String: PersonalField] = [
        "em": .email, "ph": .phone, "fn": .firstName, "ln": .lastName, "db": .birthDate,
        "ge": .gender, "ct": .city, "st": .region, "zp": .postalCode, "country": .country,
    ]

    /// Lowercase ASCII letters and digits of `bytes`, everything else dropped.
    static func normalized<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var result = ""
        for byte in bytes {
            let lower = ASCII.lower(byte)
            if (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || ASCII.isDigit(lower) {
                result.unicodeScalars.append(Unicode.Scalar(lower))
            }
        }
        return result
    }

    /// `read(url:body:)` of a JSON body already parsed.
    static func read(url: String, jsonBody doc: borrowing JSONDocument, _ node: JSONNode) -> [PersonalValue] {
        var found = PersonalValueSet()
        readURL(url, into: &found)
        walk(doc, node, inUserData: false, into: &found)
        return found.sorted()
    }

    /// The personal values of a request to a vendor without a dictionary.
    static func read(url: String, body: [UInt8]?) -> [PersonalValue] {
        var found = PersonalValueSet()
        readURL(url, into: &found)
        if let body {
            body.withUnsafeBufferPointer { bytes in
                guard !PayloadReader.isBlank(bytes) else { return }
                let parsed = JSONWalk.withParsed(bytes) { doc in
                    if let root = doc.root { walk(doc, root, inUserData: false, into: &found) }
                }
                if !parsed { readParameters(bytes, into: &found) }
            }
        }
        return found.sorted()
    }

    /// The fields of the URL's query parameters.
    static func readURL(_ url: String, into found: inout PersonalValueSet) {
        let urlBytes = Array(url.utf8)
        urlBytes.withUnsafeBufferPointer { whole in
            if let range = QueryString.queryRange(inRequestTarget: whole) {
                readParameters(UnsafeBufferPointer(rebasing: whole[range]), into: &found)
            }
        }
    }

    static func readParameters(_ bytes: UnsafeBufferPointer<UInt8>, into found: inout PersonalValueSet) {
        var value: [UInt8] = []
        for item in QueryString.items(in: bytes) where item.hasEquals {
            var name: [UInt8] = []
            QueryString.decode(item.name, in: bytes, into: &name)
            guard let field = names[normalized(name)] else { continue }
            value.removeAll(keepingCapacity: true)
            QueryString.decode(item.value, in: bytes, into: &value)
            if let hashed = ValueShape.form(value, of: field) { found.insert(PersonalValue(field, hashed: hashed)) }
        }
    }

    static func walk(_ doc: borrowing JSONDocument, _ node: JSONNode, inUserData: Bool, into found: inout PersonalValueSet) {
        switch node.kind {
        case .object:
            for (keyNode, value) in doc.members(of: node) {
                let key = normalized(JSONWalk.key(doc, keyNode))
                if let field = names[key] ?? (inUserData ? userDataNames[key] : nil) {
                    JSONWalk.emit(field, doc, value, into: &found)
                }
                if value.isContainer {
                    walk(doc, value, inUserData: key == "userdata", into: &found)
                }
            }
        case .array:
            for element in doc.elements(of: node) {
                walk(doc, element, inUserData: inUserData, into: &found)
            }
        case .string, .number, .true, .false, .null:
            return
        }
    }
}
