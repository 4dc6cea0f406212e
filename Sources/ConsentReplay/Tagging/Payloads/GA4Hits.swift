// GA4 hits as the browser sends them to a tagging server (or Google): `GET /g/collect?…`, and
// `POST /g/collect?…` whose body batches events, plus `/mp/collect` bodies of the same kind.
//
// Hit layout (gtag.js; parameter names as they appear in the query string):
//
//     v      protocol version ("2")          tid   measurement id (G-XXXX)
//     cid    client id (`_ga` cookie)        uid   user id set by the site
//     sid    session id                      sct   session number
//     en     event name                      dl    page URL       dr  referrer   dt  title
//     ep.N   event parameter (text)          epn.N event parameter (number)
//     up.N   user property (text)            upn.N user property (number)
//     em     user-provided data (`tv.1~em.…~pn.…`, see UserProvidedData)
//     gcs    consent state (G1xy)            gcd   consent defaults/updates (Consent Mode v2)
//
// Batched body: one event per line (LF or CRLF), each line a query string whose parameters
// override the URL's for that event; blank lines are skipped. The URL's parameters are shared
// by every event.
//
// Personal fields of a hit: `cid` → client_id, `uid` → user_id, every `em` field, and event
// parameters / user properties whose name mentions an email or phone (`ep.user_email`,
// `up.phone_sha256`…) and whose value is a digest or looks like one, or whose value is an
// email address; each is hashed or clear by shape.

/// One GA4 event hit (layout at the top of `GA4Hits.swift`).
public struct GA4Hit: Sendable, Equatable {
    /// `v`.
    public var protocolVersion: String?
    /// `tid`, e.g. `G-ABC123`.
    public var measurementID: String?
    /// `cid`.
    public var clientID: String?
    /// `uid`.
    public var userID: String?
    /// `sid`.
    public var sessionID: String?
    /// `sct`.
    public var sessionCount: Int?
    /// `en`.
    public var eventName: String?
    /// `dl`.
    public var page: String?
    /// `dr`.
    public var referrer: String?
    /// `dt`.
    public var title: String?
    /// `gcs`, as sent (decode with the Consent Mode decoder).
    public var gcs: String?
    /// `gcd`, as sent.
    public var gcd: String?
    /// `ep.*` and `epn.*` by name without the prefix.
    public var eventParameters: [String: String] = [:]
    /// `up.*` and `upn.*` by name without the prefix.
    public var userProperties: [String: String] = [:]
    /// Personal fields the hit carries, sorted, each once.
    public var fields: [PersonalValue] = []

    public init() {}
}

/// Parser of GA4 hits (layout at the top of this file).
public enum GA4Hits {
    /// How much of a hit to read.
    public enum Detail: Sendable {
        /// Every property.
        case all
        /// What the analysis keeps of a hit: client and user ids, event name, page, consent
        /// state, personal fields (not the protocol version, measurement id, session id and
        /// number, referrer or title, whose values would be decoded for nothing).
        case analysis
        /// Only what `fields` needs: client and user ids, user-provided data, event
        /// parameters and user properties.
        case fieldsOnly
    }

    /// The hit in a `/g/collect` query string (without the `?`).
    public static func parse(query: UnsafeBufferPointer<UInt8>, detail: Detail = .all) -> GA4Hit {
        var hit = GA4Hit()
        var upd: [[UInt8]] = []
        apply(query, to: &hit, userProvidedData: &upd, detail: detail)
        finish(&hit, userProvidedData: upd)
        return hit
    }

    /// `parse(query:).fields` without decoding the parameters no field depends on (page, title,
    /// measurement id, consent state…): the personal fields of a hit URL.
    public static func fields(query: UnsafeBufferPointer<UInt8>) -> [PersonalValue] {
        var collector = FieldCollector()
        for item in QueryString.items(in: query) { collector.add(item, of: query) }
        return collector.fields()
    }

    /// The events of a batched body, each with the URL's `sharedQuery` parameters under its
    /// own. A body without any non-blank line gives no hits.
    public static func parseBatchedBody(_ body: UnsafeBufferPointer<UInt8>, sharedQuery: UnsafeBufferPointer<UInt8>,
                                        detail: Detail = .all) -> [GA4Hit] {
        var shared = GA4Hit()
        var sharedUPD: [[UInt8]] = []
        apply(sharedQuery, to: &shared, userProvidedData: &sharedUPD, detail: detail)
        var hits: [GA4Hit] = []
        var start = 0
        while start <= body.count {
            var end = start
            while end < body.count && body[end] != ASCII.lf { end += 1 }
            var lineEnd = end
            if lineEnd > start && body[lineEnd - 1] == ASCII.cr { lineEnd -= 1 }
            let line = UnsafeBufferPointer(rebasing: body[start..<lineEnd])
            if !PayloadReader.isBlank(line) {
                var hit = shared
                var upd: [[UInt8]] = []
                apply(line, to: &hit, userProvidedData: &upd, detail: detail)
                finish(&hit, userProvidedData: upd.isEmpty ? sharedUPD : upd)
                hits.append(hit)
            }
            start = end + 1
        }
        return hits
    }

    /// Sets the hit's properties from the parameters in `query` (later values win).
    ///
    /// Hot path (every hit of a day's access logs): names are compared as bytes, and only the
    /// values kept are decoded; the many parameters a hit carries that no field needs
    /// (`gtm`, `_p`, `sr`, `ul`…) cost a comparison, not an allocation. Only the properties of
    /// `detail` are set.
    static func apply(_ query: UnsafeBufferPointer<UInt8>, to hit: inout GA4Hit, userProvidedData: inout [[UInt8]],
                      detail: Detail = .all) {
        for item in QueryString.items(in: query) {
            apply(item, of: query, to: &hit, userProvidedData: &userProvidedData, detail: detail)
        }
    }

    /// `apply` of one item of `query`.
    @inline(__always)
    static func apply(_ item: QueryString.Item, of query: UnsafeBufferPointer<UInt8>, to hit: inout GA4Hit,
                      userProvidedData: inout [[UInt8]], detail: Detail) {
        let fieldsOnly = detail == .fieldsOnly, all = detail == .all
        let rawName = UnsafeBufferPointer(rebasing: query[item.name])
        if item.nameNeedsDecoding {
            applyDecodedName(QueryString.decodedString(item.name, in: query), item, query, &hit, &userProvidedData, detail)
            return
        }
        func value() -> String { QueryString.decodedString(item.value, in: query) }
        switch rawName.count {
        case 1 where all && rawName[0] == UInt8(ascii: "v"): hit.protocolVersion = value()
        case 2 where !fieldsOnly && rawName.equals(0..<2, "en"): hit.eventName = value()
        case 2 where !fieldsOnly && rawName.equals(0..<2, "dl"): hit.page = value()
        case 2 where all && rawName.equals(0..<2, "dr"): hit.referrer = value()
        case 2 where all && rawName.equals(0..<2, "dt"): hit.title = value()
        case 2 where rawName.equals(0..<2, "em"):
            var raw: [UInt8] = []
            QueryString.decode(item.value, in: query, into: &raw)
            userProvidedData.append(raw)
        case 3 where all && rawName.equals(0..<3, "tid"): hit.measurementID = value()
        case 3 where rawName.equals(0..<3, "cid"): hit.clientID = value()
        case 3 where rawName.equals(0..<3, "uid"): hit.userID = value()
        case 3 where all && rawName.equals(0..<3, "sid"): hit.sessionID = value()
        case 3 where all && rawName.equals(0..<3, "sct"): hit.sessionCount = Int(value())
        case 3 where !fieldsOnly && rawName.equals(0..<3, "gcs"): hit.gcs = value()
        case 3 where !fieldsOnly && rawName.equals(0..<3, "gcd"): hit.gcd = value()
        default:
            // Only event and user parameters remain of interest.
            guard rawName.count > 3, rawName[0] == UInt8(ascii: "e") || rawName[0] == UInt8(ascii: "u") else { return }
            applyDecodedName(String(decoding: rawName, as: UTF8.self), item, query, &hit, &userProvidedData, detail)
        }
    }

    /// The personal fields of a hit's query read one item at a time, for a reader that walks
    /// the query for other parameters too: the items of a query, given in order, give
    /// `fields(query:)` of it (the same code reads them).
    struct FieldCollector {
        private var hit = GA4Hit()
        private var userProvidedData: [[UInt8]] = []

        init() {}

        /// Reads the next item of `query`.
        @inline(__always)
        mutating func add(_ item: QueryString.Item, of query: UnsafeBufferPointer<UInt8>) {
            GA4Hits.apply(item, of: query, to: &hit, userProvidedData: &userProvidedData, detail: .fieldsOnly)
        }

        /// The personal fields of the items read, sorted, each once.
        mutating func fields() -> [PersonalValue] {
            GA4Hits.finish(&hit, userProvidedData: userProvidedData)
            return hit.fields
        }
    }

    /// The slow path for a parameter whose name had to be decoded (or is `ep.*`/`up.*`).
    static func applyDecodedName(_ name: String, _ item: QueryString.Item, _ query: UnsafeBufferPointer<UInt8>,
                                 _ hit: inout GA4Hit, _ userProvidedData: inout [[UInt8]], _ detail: Detail) {
        var raw: [UInt8] = []
        QueryString.decode(item.value, in: query, into: &raw)
        let value = String(decoding: raw, as: UTF8.self)
        let all = detail == .all, analysed = detail != .fieldsOnly
        switch name {
        case "v": if all { hit.protocolVersion = value }
        case "tid": if all { hit.measurementID = value }
        case "cid": hit.clientID = value
        case "uid": hit.userID = value
        case "sid": if all { hit.sessionID = value }
        case "sct": if all { hit.sessionCount = Int(value) }
        case "en": if analysed { hit.eventName = value }
        case "dl": if analysed { hit.page = value }
        case "dr": if all { hit.referrer = value }
        case "dt": if all { hit.title = value }
        case "gcs": if analysed { hit.gcs = value }
        case "gcd": if analysed { hit.gcd = value }
        case "em": userProvidedData.append(raw)
        default:
            if let key = suffix(of: name, after: "ep.") ?? suffix(of: name, after: "epn.") {
                hit.eventParameters[key] = value
            } else if let key = suffix(of: name, after: "up.") ?? suffix(of: name, after: "upn.") {
                hit.userProperties[key] = value
            }
        }
    }

    static func suffix(of name: String, after prefix: String) -> String? {
        guard name.hasPrefix(prefix), name.count > prefix.count else { return nil }
        return String(name.dropFirst(prefix.count))
    }

    /// Computes `fields` from the hit's properties and its `em` values.
    static func finish(_ hit: inout GA4Hit, userProvidedData: [[UInt8]]) {
        var found = PersonalValueSet()
        func add(_ field: PersonalField, _ value: String?) {
            guard let value, let hashed = ValueShape.hashed(Array(value.utf8)) else { return }
            found.insert(PersonalValue(field, hashed: hashed))
        }
        add(.clientID, hit.clientID)
        add(.userID, hit.userID)
        for value in userProvidedData {
            UserProvidedData.read(value, into: &found)
        }
        for (name, value) in hit.eventParameters {
            addParameter(name, value, into: &found)
        }
        for (name, value) in hit.userProperties {
            addParameter(name, value, into: &found)
        }
        hit.fields = found.sorted()
    }

    /// An event parameter or user property. A name mentioning `email` / `phone` counts when
    /// the value is a digest or looks like an email address / phone number (so `email_opt_in=1`
    /// is not an email); any other name counts when the value contains an email address.
    static func addParameter(_ name: String, _ value: String, into found: inout PersonalValueSet) {
        let bytes = Array(value.utf8)
        guard let hashed = ValueShape.hashed(bytes) else { return }
        let key = FallbackPayload.normalized(name.utf8)
        let email = looksLikeEmail(bytes)
        if key.contains("email") && (hashed || email) {
            found.insert(PersonalValue(.email, hashed: hashed))
        } else if key.contains("phone") && (hashed || looksLikePhone(bytes)) {
            found.insert(PersonalValue(.phone, hashed: hashed))
        } else if email {
            found.insert(PersonalValue(.email, hashed: false))
        }
    }

    /// Only digits, spaces, `+ - . ( ) /`, with 6 to 15 digits (E.164 allows at most 15).
    static func looksLikePhone(_ bytes: [UInt8]) -> Bool {
        var digits = 0
        for byte in bytes {
            if ASCII.isDigit(byte) {
                digits += 1
            } else if !(byte == ASCII.space || byte == ASCII.plus || byte == ASCII.dash || byte == ASCII.dot
                        || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")") || byte == ASCII.slash) {
                return false
            }
        }
        return digits >= 6 && digits <= 15
    }

    /// `local@domain.tld` somewhere in the value: an `@` with a word character on its left and
    /// a dot followed by a letter after it on its right.
    static func looksLikeEmail(_ bytes: [UInt8]) -> Bool {
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0 else { return false }
        func isWord(_ byte: UInt8) -> Bool {
            let lower = ASCII.lower(byte)
            return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || ASCII.isDigit(byte)
                || byte == ASCII.dot || byte == ASCII.dash || byte == UInt8(ascii: "_") || byte == ASCII.plus
        }
        guard isWord(bytes[at - 1]) else { return false }
        var index = at + 1
        var sawDot = false
        var labelLetters = 0
        while index < bytes.count && isWord(bytes[index]) {
            if bytes[index] == ASCII.dot {
                sawDot = true
                labelLetters = 0
            } else if ASCII.lower(bytes[index]) >= UInt8(ascii: "a") && ASCII.lower(bytes[index]) <= UInt8(ascii: "z") {
                labelLetters += 1
            }
            index += 1
        }
        return sawDot && labelLetters >= 2
    }
}
