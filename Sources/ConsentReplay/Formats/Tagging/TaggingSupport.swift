// Small readers shared by the tagging-log formats: hashed-value detection, the time forms
// tagging logs use, URL splitting, the table of personal keys in sGTM event data, and the table
// that names a vendor from a tag's name.
//
// Value layouts recognised here:
//
//     hashed value   64 hex digits (SHA-256), 40 hex digits (SHA-1), either case,
//                    or 43 characters of base64url without padding (SHA-256, `[A-Za-z0-9_-]`)
//     time number    < 1e11 or with a fraction: seconds; < 1e14: milliseconds;
//                    < 1e17: microseconds; otherwise nanoseconds
//     time string    the same as digits, RFC 3339 / ISO-8601 (any fraction length, `Z` or
//                    offset, `T` or space), or BigQuery's `2026-11-21 10:00:00.123 UTC`
//     URL            [scheme "://" host] path ["?" query] ["#" fragment]; a relative URL
//                    (`/g/collect?v=2…`, as the Logger tag writes it) has no host

/// Helpers shared by the tagging-log readers.
enum TaggingValues {
    // MARK: Hashes

    /// Whether `value` looks like a hash: 64 or 40 hex digits (any case) or 43 characters of
    /// base64url. Contract §3.2.
    static func isHashed(_ value: String) -> Bool {
        return value.withUTF8Buffer { isHashed($0) }
    }

    /// Byte form of `isHashed(_:)`.
    static func isHashed(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        switch b.count {
        case 64, 40:
            return b.allSatisfy { ASCII.hexValue($0) != nil }
        case 43:
            return b.allSatisfy { byte in
                let l = byte | 0x20
                return (l >= UInt8(ascii: "a") && l <= UInt8(ascii: "z")) || ASCII.isDigit(byte)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            }
        default:
            return false
        }
    }

    // MARK: Time

    /// Milliseconds from an epoch number whose unit is guessed from its size (see the layout
    /// comment); nil for negative or absurd values.
    static func epochMilliseconds(fromNumber value: Double) -> Int64? {
        guard value.isFinite, value > 0 else { return nil }
        let ms: Double
        if value < 1e11 { ms = value * 1000 }
        else if value < 1e14 { ms = value }
        else if value < 1e17 { ms = value / 1000 }
        else { ms = value / 1_000_000 }
        guard ms < 1e15 else { return nil }
        return Int64(ms.rounded(.towardZero))
    }

    /// Milliseconds from a whole epoch number whose unit is guessed from its size.
    static func epochMilliseconds(fromInteger value: Int64) -> Int64? {
        guard value > 0 else { return nil }
        if value < 100_000_000_000 { return value * 1000 }
        if value < 100_000_000_000_000 { return value }
        if value < 100_000_000_000_000_000 { return value / 1000 }
        return value / 1_000_000
    }

    /// Milliseconds from a time written as text (digits, RFC 3339, BigQuery `… UTC`).
    static func epochMilliseconds(fromText text: UnsafeBufferPointer<UInt8>) -> Int64? {
        var b = text
        while let last = b.last, last == ASCII.space { b = UnsafeBufferPointer(rebasing: b[..<(b.count - 1)]) }
        guard !b.isEmpty else { return nil }
        if b.allSatisfy({ ASCII.isDigit($0) }) {
            guard b.count <= 19 else { return nil }
            var v: Int64 = 0
            for d in b { v = v * 10 + Int64(d - ASCII.zero) }
            return epochMilliseconds(fromInteger: v)
        }
        if b.allSatisfy({ ASCII.isDigit($0) || $0 == ASCII.dot }), let s = Double(String(decoding: b, as: UTF8.self)) {
            return epochMilliseconds(fromNumber: s)
        }
        // BigQuery's text form of TIMESTAMP ends in " UTC".
        if b.count > 4, b[b.count - 4] == ASCII.space, b[b.count - 3] == UInt8(ascii: "U"),
           b[b.count - 2] == UInt8(ascii: "T"), b[b.count - 1] == UInt8(ascii: "C") {
            b = UnsafeBufferPointer(rebasing: b[..<(b.count - 4)])
        }
        return Timestamp.parseISO8601(b)
    }

    /// The time a JSON value states: a number or a string (see `epochMilliseconds(fromText:)`).
    /// `.missing` when the node is absent or null, `.bad` when present but unreadable.
    static func time(_ doc: borrowing JSONDocument, _ node: JSONNode?) -> TimeValue {
        guard let node else { return .missing }
        switch node.kind {
        case .null: return .missing
        case .number:
            if node.isPlainInteger, let v = doc.int64(node) { return epochMilliseconds(fromInteger: v).map(TimeValue.value) ?? .bad }
            return doc.double(node).flatMap(epochMilliseconds(fromNumber:)).map(TimeValue.value) ?? .bad
        case .string:
            if node.hasEscapes {
                guard let s = doc.string(node) else { return .bad }
                return s.withUTF8Buffer { epochMilliseconds(fromText: $0) }.map(TimeValue.value) ?? .bad
            }
            return doc.withRawBytes(of: node) { epochMilliseconds(fromText: $0) }.map(TimeValue.value) ?? .bad
        default:
            return .bad
        }
    }

    /// A time that was looked for.
    enum TimeValue: Equatable {
        case value(Int64)
        case missing
        case bad

        var ms: Int64? { if case .value(let v) = self { return v } else { return nil } }
    }

    // MARK: JSON scalars

    /// Text of a string, number or boolean node; nil for null, containers and empty strings.
    static func text(_ doc: borrowing JSONDocument, _ node: JSONNode?) -> String? {
        guard let node else { return nil }
        switch node.kind {
        case .string:
            guard let s = doc.string(node), !s.isEmpty else { return nil }
            return s
        case .number: return doc.withRawBytes(of: node) { String(decoding: $0, as: UTF8.self) }
        case .true: return "true"
        case .false: return "false"
        default: return nil
        }
    }

    /// `body` of the bytes of `text(doc, node)`, nil where that is nil. A string without
    /// escapes is read where it lies, without making a `String`.
    @inline(__always)
    static func withText<R>(_ doc: borrowing JSONDocument, _ node: JSONNode?, _ body: (UnsafeBufferPointer<UInt8>) -> R?) -> R? {
        guard let node else { return nil }
        guard node.kind == .string, !node.hasEscapes else { return text(doc, node)?.withUTF8Buffer(body) }
        return doc.withRawBytes(of: node) { raw in raw.isEmpty ? nil : body(raw) }
    }

    /// An integer from a number or a string of digits (BigQuery rows quote integers).
    static func int(_ doc: borrowing JSONDocument, _ node: JSONNode?) -> Int? {
        guard let node else { return nil }
        let v: Int64?
        switch node.kind {
        case .number: v = doc.int64(node)
        case .string: v = doc.int64(inString: node)
        default: v = nil
        }
        guard let v, v >= Int64(Int32.min), v <= Int64(Int32.max) else { return nil }
        return Int(v)
    }

    /// The raw JSON text of a container node, brackets included.
    static func rawBytes(_ doc: borrowing JSONDocument, _ node: JSONNode) -> [UInt8] {
        doc.withRawBytes(of: node) { Array($0) }
    }

    /// The decoded bytes of a string node.
    static func decodedBytes(_ doc: borrowing JSONDocument, _ node: JSONNode) -> [UInt8] {
        var out: [UInt8] = []
        doc.appendString(node, to: &out)
        return out
    }

    /// `bytes` without leading and trailing spaces, tabs, CR and LF.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0, end = bytes.count
        func isSpace(_ b: UInt8) -> Bool { b == ASCII.space || b == ASCII.tab || b == ASCII.cr || b == ASCII.lf }
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    // MARK: URLs

    /// A URL split into host (lower-cased, no port, empty for a relative URL), path and query
    /// (without `?`; the fragment is dropped).
    struct URLParts {
        var host = ""
        var path = "/"
        var query = ""
    }

    /// The index just after the first `://` (where the authority starts), if there is one.
    static func authorityStart(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        while i + 2 < b.count {
            if b[i] == ASCII.colon, b[i + 1] == ASCII.slash, b[i + 2] == ASCII.slash { return i + 3 }
            i += 1
        }
        return nil
    }

    static func split(url: String) -> URLParts {
        return url.withUTF8Buffer { split(url: $0) }
    }

    static func split(url b: UnsafeBufferPointer<UInt8>) -> URLParts {
        let r = URLRanges(b)
        var parts = URLParts()
        let host = UnsafeBufferPointer(rebasing: b[r.host])
        parts.host = r.hostHasCapitals(b) ? String(decoding: host.map(ASCII.lower), as: UTF8.self) : String(decoding: host, as: UTF8.self)
        if let query = r.query { parts.query = String(decoding: UnsafeBufferPointer(rebasing: b[query]), as: UTF8.self) }
        parts.path = r.path.isEmpty ? "/" : String(decoding: UnsafeBufferPointer(rebasing: b[r.path]), as: UTF8.self)
        return parts
    }

    /// Where a URL's host, path and query lie in its bytes (`split(url:)` without strings).
    struct URLRanges {
        /// The host as written (before lower-casing), empty when there is no authority.
        var host: Range<Int> = 0..<0
        /// The path, empty for `/` (what `split` reads as `/`).
        var path: Range<Int> = 0..<0
        /// The query after `?`, nil when there is no `?`.
        var query: Range<Int>?

        init(_ b: UnsafeBufferPointer<UInt8>) {
            let end = b.firstIndex(of: ASCII.hash, in: 0..<b.count) ?? b.count
            var start = 0
            // scheme "://" authority: user info before the last `@`, a port after the last `:`
            // (unless the host is an IPv6 literal ending in `]`).
            if let hostStart = authorityStart(UnsafeBufferPointer(rebasing: b[..<end])) {
                var hostEnd = hostStart
                while hostEnd < end, b[hostEnd] != ASCII.slash, b[hostEnd] != ASCII.question { hostEnd += 1 }
                var from = hostStart, to = hostEnd
                var k = to
                while k > from { k -= 1; if b[k] == UInt8(ascii: "@") { from = k + 1; break } }
                if to > from, b[to - 1] != ASCII.closeBracket {
                    k = to
                    while k > from { k -= 1; if b[k] == ASCII.colon { to = k; break } }
                }
                host = from..<to
                start = hostEnd
            }
            let q = b.firstIndex(of: ASCII.question, in: start..<end) ?? end
            if q < end { query = (q + 1)..<end }
            path = start..<q
        }

        /// Whether the host holds capitals (hosts are compared lower-cased; most already are,
        /// and are used as they lie).
        func hostHasCapitals(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
            UnsafeBufferPointer(rebasing: b[host]).contains(where: { $0 &- UInt8(ascii: "A") < 26 })
        }
    }

    /// Calls `body` with every parameter of `query` whose percent-decoded name is in `names`,
    /// with its percent-decoded value (`+` as space), in query order; empty pairs (`&&`) are
    /// skipped, and `everyItem` is given every item first (wanted or not), so another reader
    /// can take its parameters from the same pass. The buffers live only for the call.
    static func forEachQueryParameter<Name>(bytes b: UnsafeBufferPointer<UInt8>, in names: ByteKeyTable<Name>,
                                           everyItem: (QueryString.Item) -> Void = { _ in },
                                           _ body: (Name, UnsafeBufferPointer<UInt8>) -> Void) {
        var name: [UInt8] = [], value: [UInt8] = []
        for item in QueryString.items(in: b) {
            everyItem(item)
            // A name without `%` or `+` decodes to itself: looked up where it lies.
            let found: Name?
            if item.nameNeedsDecoding {
                name.removeAll(keepingCapacity: true)
                QueryString.decode(item.name, in: b, into: &name)
                found = names[name]
            } else {
                found = names[UnsafeBufferPointer(rebasing: b[item.name])]
            }
            // Only the values of wanted names are decoded (`dl`, `dr`, `dt` are long), and only
            // when they hold a `%` or `+`.
            guard let wanted = found else { continue }
            if item.valueNeedsDecoding {
                value.removeAll(keepingCapacity: true)
                QueryString.decode(item.value, in: b, into: &value)
                value.withUnsafeBufferPointer { v in body(wanted, v) }
            } else {
                body(wanted, UnsafeBufferPointer(rebasing: b[item.value]))
            }
        }
    }

    /// Whether a path is a GA4 collect endpoint an incoming hit is sent to (contract §3.2).
    static func isCollectPath(_ path: String) -> Bool {
        path.hasSuffix("/g/collect") || path.hasSuffix("/mp/collect")
    }
}

/// Names a vendor from a tag's name, for requests whose URL is a proxy or is not in the vendor
/// catalogue (the Stape tags log `Name: 'Facebook'`, `'TikTok'`…).
///
/// The name is lower-cased and split into words (runs of letters and digits). A row matches
/// when one of its `words` is a word of the name, or one of its `fragments` occurs anywhere in
/// the lower-cased name (for distinctive brand names written together, `FacebookCAPI`), or its
/// `phrase` occurs as consecutive words. Rows are tried in order; the first match wins.
///
/// | vendor id          | words                 | fragments                | phrases                         |
/// |--------------------|-----------------------|--------------------------|---------------------------------|
/// | `google-ads`       | `gads`, `adwords`     | `googleads`, `adwords`   | `google ads`, `google conversion` |
/// | `google-analytics` | `ga4`, `ga`           | `googleanalytics`        | `google analytics`              |
/// | `meta`             | `meta`, `fb`          | `facebook`               |                                 |
/// | `tiktok`           | `tt`                  | `tiktok`                 |                                 |
/// | `linkedin`         | `li`                  | `linkedin`               |                                 |
/// | `pinterest`        | `pin`                 | `pinterest`              |                                 |
/// | `snap`             | `snap`                | `snapchat`               |                                 |
/// | `reddit`           |                       | `reddit`                 |                                 |
/// | `microsoft-ads`    | `bing`, `uet`         | `microsoftads`           | `microsoft ads`, `microsoft advertising` |
/// | `x`                |                       | `twitter`                |                                 |
/// | `criteo`           |                       | `criteo`                 |                                 |
enum TagNameVendors {
    struct Row {
        let vendor: String
        let words: [String]
        let fragments: [String]
        let phrases: [[String]]
    }

    static let table: [Row] = [
        Row(vendor: "google-ads", words: ["gads", "adwords"], fragments: ["googleads", "adwords"],
            phrases: [["google", "ads"], ["google", "conversion"]]),
        Row(vendor: "google-analytics", words: ["ga4", "ga"], fragments: ["googleanalytics"], phrases: [["google", "analytics"]]),
        Row(vendor: "meta", words: ["meta", "fb"], fragments: ["facebook"], phrases: []),
        Row(vendor: "tiktok", words: ["tt"], fragments: ["tiktok"], phrases: []),
        Row(vendor: "linkedin", words: ["li"], fragments: ["linkedin"], phrases: []),
        Row(vendor: "pinterest", words: ["pin"], fragments: ["pinterest"], phrases: []),
        Row(vendor: "snap", words: ["snap"], fragments: ["snapchat"], phrases: []),
        Row(vendor: "reddit", words: [], fragments: ["reddit"], phrases: []),
        Row(vendor: "microsoft-ads", words: ["bing", "uet"], fragments: ["microsoftads"],
            phrases: [["microsoft", "ads"], ["microsoft", "advertising"]]),
        Row(vendor: "x", words: [], fragments: ["twitter"], phrases: []),
        Row(vendor: "criteo", words: [], fragments: ["criteo"], phrases: []),
    ]

    /// The vendor id a tag name stands for, or nil.
    static func vendor(forTagName name: String) -> String? {
        let lower = name.lowercased()
        var words: [String] = []
        var current = ""
        for c in lower.unicodeScalars {
            if (c >= "a" && c <= "z") || (c >= "0" && c <= "9") { current.unicodeScalars.append(c) }
            else if !current.isEmpty { words.append(current); current = "" }
        }
        if !current.isEmpty { words.append(current) }
        for row in table {
            if row.words.contains(where: words.contains) { return row.vendor }
            if row.fragments.contains(where: { lower.contains($0) }) { return row.vendor }
            for phrase in row.phrases where phrase.count <= words.count {
                for start in 0...(words.count - phrase.count) where Array(words[start..<(start + phrase.count)]) == phrase {
                    return row.vendor
                }
            }
        }
        return nil
    }
}

/// Personal keys of sGTM event data (the Logger tag's `EventData`) and of the canonical
/// `fields` object, by key normalised to lower-case letters and digits.
///
/// | field         | keys (top level of the event data, of `user_data`, and of `user_data.address`) |
/// |---------------|-------------------------------------------------------------------------------|
/// | `email`       | `email`, `email_address`, `em`, `sha256_email_address`, `x-fb-ud-em`          |
/// | `phone`       | `phone`, `phone_number`, `ph`, `sha256_phone_number`, `x-fb-ud-ph`            |
/// | `first_name`  | `first_name`, `fn`, `sha256_first_name`, `x-fb-ud-fn`                         |
/// | `last_name`   | `last_name`, `ln`, `sha256_last_name`, `x-fb-ud-ln`                           |
/// | `birth_date`  | `birth_date`, `date_of_birth`, `birthday`, `db`, `x-fb-ud-db`                 |
/// | `gender`      | `gender`, `ge`, `x-fb-ud-ge`                                                  |
/// | `city`        | `city`, `ct`, `x-fb-ud-ct`                                                    |
/// | `region`      | `region`, `state`, `st`, `x-fb-ud-st`                                         |
/// | `postal_code` | `postal_code`, `zip`, `zp`, `x-fb-ud-zp`                                      |
/// | `country`     | `country`, `x-fb-ud-country`                                                  |
/// | `street`      | `street`, `sha256_street`                                                     |
/// | `ip`          | `ip_override`, `ip`                                                           |
/// | `user_agent`  | `user_agent`                                                                  |
/// | `user_id`     | `user_id`                                                                     |
/// | `external_id` | `external_id`, `x-fb-ud-external_id`                                          |
/// | `client_id`   | `client_id`                                                                   |
/// | `browser_id`  | `fbp`, `_fbp`, `x-fb-ck-fbp`, `ttp`, `_ttp`, `_epik`, `epik`                  |
/// | `click_id`    | `fbc`, `_fbc`, `x-fb-ck-fbc`, `gclid`, `gbraid`, `wbraid`, `ttclid`, `li_fat_id`, `epq`, `msclkid`, `click_id` |
/// | `device_id`   | `device_id`, `madid`, `idfa`, `gaid`                                          |
///
/// The canonical field names (`first_name`, `browser_id`…) are keys of their own field too. A
/// value is hashed when it looks hashed (`TaggingValues.isHashed`) or its key starts `sha256`.
enum PersonalKeys {
    static let table: [String: PersonalField] = {
        var t: [String: PersonalField] = [:]
        func add(_ field: PersonalField, _ keys: [String]) {
            for k in keys + [field.rawValue] { t[normalise(k)] = field }
        }
        add(.email, ["email", "email_address", "em", "sha256_email_address", "x-fb-ud-em"])
        add(.phone, ["phone", "phone_number", "ph", "sha256_phone_number", "x-fb-ud-ph"])
        add(.firstName, ["first_name", "fn", "sha256_first_name", "x-fb-ud-fn"])
        add(.lastName, ["last_name", "ln", "sha256_last_name", "x-fb-ud-ln"])
        add(.birthDate, ["birth_date", "date_of_birth", "birthday", "db", "x-fb-ud-db"])
        add(.gender, ["gender", "ge", "x-fb-ud-ge"])
        add(.city, ["city", "ct", "x-fb-ud-ct"])
        add(.region, ["region", "state", "st", "x-fb-ud-st"])
        add(.postalCode, ["postal_code", "zip", "zp", "x-fb-ud-zp"])
        add(.country, ["country", "x-fb-ud-country"])
        add(.street, ["street", "sha256_street"])
        add(.ip, ["ip_override", "ip"])
        add(.userAgent, ["user_agent"])
        add(.userID, ["user_id"])
        add(.externalID, ["external_id", "x-fb-ud-external_id"])
        add(.clientID, ["client_id"])
        add(.browserID, ["fbp", "_fbp", "x-fb-ck-fbp", "ttp", "_ttp", "_epik", "epik"])
        add(.clickID, ["fbc", "_fbc", "x-fb-ck-fbc", "gclid", "gbraid", "wbraid", "ttclid", "li_fat_id", "epq", "msclkid", "click_id"])
        add(.deviceID, ["device_id", "madid", "idfa", "gaid"])
        return t
    }()

    static func normalise(_ key: String) -> String {
        String(String.UnicodeScalarView(key.lowercased().unicodeScalars.filter { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") }))
    }

    static let byteTable = ByteKeyTable(table.map { ($0.key, $0.value) })
    static let sha256Prefix = Array("sha256".utf8)

    /// The field a key names, with byte input already normalised.
    static func field(normalisedKey key: FoldedKey) -> PersonalField? {
        byteTable[key]
    }

    /// Whether a normalised key itself says the value is hashed (`sha256_email_address`).
    static func keySaysHashed(_ key: FoldedKey) -> Bool {
        key.bytes.starts(with: sha256Prefix)
    }
}

/// Personal values gathered for one event: each (field, hashed) pair once, sorted. A field
/// sent both hashed and in clear is reported both ways, as `VendorPayloads` does.
struct PersonalValueSet: Equatable {
    /// As `TaggingEvent.fieldBits`.
    private(set) var bits: UInt64 = 0

    mutating func add(_ field: PersonalField, hashed: Bool) { bits |= TaggingEvent.bit(PersonalValue(field, hashed: hashed)) }

    mutating func add(_ values: [PersonalValue]) { for v in values { bits |= TaggingEvent.bit(v) } }

    var values: [PersonalValue] { TaggingEvent.fields(ofBits: bits) }

    // The `Set<PersonalValue>` operations the payload readers use: a request's personal values
    // are collected for every forward and hit, and a set of bits needs no hashing or storage.

    mutating func insert(_ v: PersonalValue) { bits |= TaggingEvent.bit(v) }

    mutating func formUnion<S: Sequence>(_ values: S) where S.Element == PersonalValue {
        for v in values { bits |= TaggingEvent.bit(v) }
    }

    mutating func formUnion(_ other: PersonalValueSet) { bits |= other.bits }

    func contains(_ v: PersonalValue) -> Bool { bits & TaggingEvent.bit(v) != 0 }

    var isEmpty: Bool { bits == 0 }

    /// The values in `PersonalValue` order (field, then clear before hashed), as
    /// `Set<PersonalValue>.sorted()` gives them.
    func sorted() -> [PersonalValue] { values }
}

/// A JSON key reduced to lower-case ASCII letters and digits (`TraceId`, `trace_id` and
/// `traceid` are the same key), for matching against the normalised names the readers know.
/// One per reader, refilled for every key: the folded bytes go into a fixed buffer, with no
/// allocation and no array resizing per key. Keys longer than `capacity` match no known name
/// (all are far shorter) and read as `isTooLong`.
final class FoldedKey {
    static let capacity = 64
    private let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: FoldedKey.capacity)
    private var length = 0
    /// The key folded to more than `capacity` bytes.
    private(set) var isTooLong = false

    deinit { storage.deallocate() }

    /// The folded bytes (empty when too long).
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: length) }

    /// Folds the key `node` of `doc`.
    func set(_ doc: borrowing JSONDocument, _ node: JSONNode) {
        if node.hasEscapes {
            // Rare: decode the escapes first, then fold.
            let decoded = Array((doc.string(node) ?? "").utf8)
            decoded.withUnsafeBufferPointer { fold($0) }
            return
        }
        doc.withRawBytes(of: node) { fold($0) }
    }

    /// Folds `raw` (already free of JSON escapes): letters lower-cased, digits kept, every
    /// other byte dropped. Eight bytes at a time while they are all letters and digits (most
    /// keys: `timestamp`, `jsonPayload`, `requestUrl`), where folding is setting bit 0x20 of
    /// each byte (a digit already has it); byte by byte from the first word that is not.
    func fold(_ raw: UnsafeBufferPointer<UInt8>) {
        var n = 0
        let out = storage
        let limit = Self.capacity
        var i = 0
        if let base = raw.baseAddress {
            while i + 8 <= raw.count && n + 8 <= limit {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                guard Self.isAlphanumeric(word) else { break }
                UnsafeMutableRawPointer(out + n).storeBytes(of: word | 0x2020_2020_2020_2020, as: UInt64.self)
                n += 8
                i += 8
            }
        }
        for b in UnsafeBufferPointer(rebasing: raw[i...]) {
            guard let keep = JSONDocument.fold(b) else { continue }
            guard n < limit else {
                length = 0
                isTooLong = true
                return
            }
            out[n] = keep
            n += 1
        }
        length = n
        isTooLong = false
    }

    /// Whether each of the eight bytes of `word` is an ASCII letter or digit. For a byte below
    /// 0x80, `x + (0x80 - lo)` has its high bit set when `x >= lo` and `x + (0x7F - hi)` when
    /// `x > hi`, with no carry into the next byte.
    @inline(__always)
    static func isAlphanumeric(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        guard word & highs == 0 else { return false }
        func between(_ x: UInt64, _ lo: UInt8, _ hi: UInt8) -> UInt64 {
            (x &+ ones &* UInt64(0x80 - lo)) & ~(x &+ ones &* UInt64(0x7F - hi)) & highs
        }
        let digits = between(word, UInt8(ascii: "0"), UInt8(ascii: "9"))
        let letters = between(word | 0x2020_2020_2020_2020, UInt8(ascii: "a"), UInt8(ascii: "z"))
        return digits | letters == highs
    }

    /// Whether the folded key is `name` (a normalised name: lower-case letters and digits).
    static func == (key: FoldedKey, name: [UInt8]) -> Bool {
        guard !key.isTooLong, key.length == name.count else { return false }
        return name.withUnsafeBufferPointer { ByteHash.equal(key.bytes, $0) }
    }

    /// Lets `switch key { case NormalisedKey.x: … }` match by bytes.
    static func ~= (name: [UInt8], key: FoldedKey) -> Bool { key == name }
}

extension ByteKeyTable {
    /// The value for a folded key (none for a key too long to be known).
    subscript(_ key: FoldedKey) -> Value? {
        key.isTooLong ? nil : self[key.bytes]
    }

    func contains(_ key: FoldedKey) -> Bool { self[key] != nil }
}
