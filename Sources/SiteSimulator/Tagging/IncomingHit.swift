// A GA4 `/g/collect` hit as the tagging server's GA4 client reads it: the query parameters
// (percent-decoded) and the request's cookies.
//
// Parameters used: `v tid gtm _p gcs gcd npa cid ul sr _s sid sct dl dr dt en _fv _nsi _ss _et
// cu pr<N> ep.<name> epn.<name>`; `pr<N>` is `id<id>~nm<name>~pr<price>~qt<quantity>`.

/// One incoming hit, decoded.
struct IncomingHit {
    private var pairs: [(key: String, value: String)] = []
    private var rawItems: [String] = []
    private var cookies: [(name: String, value: String)] = []

    init(query: String, cookieHeader: String?) {
        // Split on bytes: `String.split` works on grapheme clusters and is far slower.
        for field in query.utf8.split(separator: UInt8(ascii: "&")) {
            let equals = field.firstIndex(of: UInt8(ascii: "=")) ?? field.endIndex
            let keyBytes = field[field.startIndex..<equals]
            let key = String(decoding: keyBytes, as: UTF8.self)
            let raw = equals < field.endIndex ? String(decoding: field[field.index(after: equals)...], as: UTF8.self) : ""
            if keyBytes.count > 2 && keyBytes.starts(with: "pr".utf8)
                && keyBytes.dropFirst(2).allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
            {
                rawItems.append(raw)
            }
            pairs.append((key, IncomingHit.percentDecoded(raw)))
        }
        if let cookieHeader {
            for item in cookieHeader.utf8.split(separator: UInt8(ascii: ";")) {
                let trimmed = item.drop { $0 == UInt8(ascii: " ") }
                let equals = trimmed.firstIndex(of: UInt8(ascii: "=")) ?? trimmed.endIndex
                let name = String(decoding: trimmed[trimmed.startIndex..<equals], as: UTF8.self)
                let value = equals < trimmed.endIndex ? String(decoding: trimmed[trimmed.index(after: equals)...], as: UTF8.self) : ""
                cookies.append((name, value))
            }
        }
    }

    /// The first value of parameter `key`, decoded.
    func value(_ key: String) -> String? {
        pairs.first { $0.key == key }?.value
    }

    /// The value of cookie `name` as sent.
    func cookie(_ name: String) -> String? {
        cookies.first { $0.name == name }?.value
    }

    /// The GA4 event name (`en`).
    var event: String { value("en") ?? "page_view" }

    /// The page URL (`dl`).
    var pageLocation: String { value("dl") ?? "" }

    /// Whether `gcs` (`G1<ad_storage><analytics_storage>`) grants ad_storage.
    var adStorageGranted: Bool {
        guard let gcs = value("gcs"), gcs.utf8.count >= 4 else { return false }
        return Array(gcs.utf8)[2] == UInt8(ascii: "1")
    }

    /// The event id the container derives for deduplication: page id and hit number.
    var eventID: String { (value("_p") ?? "0") + "_" + (value("_s") ?? "1") }

    /// The event's own parameters, as event data: `cu` → `currency`, `ep.x` → `x` (string),
    /// `epn.x` → `x` (number).
    var eventParameters: [(String, JSONText)] {
        var result: [(String, JSONText)] = []
        for (key, value) in pairs {
            if key == "cu" {
                result.append(("currency", .string(value)))
            } else if key.hasPrefix("ep.") {
                result.append((String(key.dropFirst(3)), .string(value)))
            } else if key.hasPrefix("epn.") {
                result.append((String(key.dropFirst(4)), IncomingHit.number(value)))
            }
        }
        return result
    }

    /// One event parameter by its event-data name.
    func parameter(_ name: String) -> JSONText? {
        eventParameters.first { $0.0 == name }?.1
    }

    private var parsedItems: [(id: String, name: String, price: String, quantity: String)] {
        rawItems.map { raw in
            var item = (id: "", name: "", price: "", quantity: "1")
            for piece in raw.split(separator: "~") {
                let prefix = piece.prefix(2)
                let value = IncomingHit.percentDecoded(String(piece.dropFirst(2)))
                switch prefix {
                case "id": item.id = value
                case "nm": item.name = value
                case "pr": item.price = value
                case "qt": item.quantity = value
                default: break
                }
            }
            return item
        }
    }

    /// GA4 `items` in event data.
    var items: JSONText? {
        let items = parsedItems
        guard !items.isEmpty else { return nil }
        return .array(
            items.map {
                .object([
                    ("item_id", .string($0.id)), ("item_name", .string($0.name)), ("price", IncomingHit.number($0.price)),
                    ("quantity", IncomingHit.number($0.quantity)),
                ])
            })
    }

    /// Meta `custom_data.contents` (Stape's mapping of `items`).
    var metaContents: JSONText? {
        let items = parsedItems
        guard !items.isEmpty else { return nil }
        return .array(
            items.map {
                .object([
                    ("id", .string($0.id)), ("title", .string($0.name)), ("quantity", IncomingHit.number($0.quantity)),
                    ("item_price", IncomingHit.number($0.price)),
                ])
            })
    }

    /// TikTok `properties.contents`.
    var tiktokContents: JSONText? {
        let items = parsedItems
        guard !items.isEmpty else { return nil }
        return .array(
            items.map {
                .object([
                    ("content_id", .string($0.id)), ("content_name", .string($0.name)), ("quantity", IncomingHit.number($0.quantity)),
                    ("price", IncomingHit.number($0.price)),
                ])
            })
    }

    /// A decimal text as JavaScript prints the number (`49.90` → `49.9`, `50.00` → `50`);
    /// anything that is not a plain decimal stays a string.
    static func number(_ text: String) -> JSONText {
        let bytes = Array(text.utf8)
        let isDecimal = !bytes.isEmpty && bytes.allSatisfy { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".") }
            && bytes.filter { $0 == UInt8(ascii: ".") }.count <= 1 && bytes.first != UInt8(ascii: ".")
        guard isDecimal else { return .string(text) }
        var trimmed = Substring(text)
        if trimmed.contains(".") {
            while trimmed.hasSuffix("0") { trimmed = trimmed.dropLast() }
            if trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
        }
        while trimmed.count > 1 && trimmed.hasPrefix("0") && !trimmed.hasPrefix("0.") { trimmed = trimmed.dropFirst() }
        return .number(String(trimmed))
    }

    /// `%XX` sequences decoded as UTF-8 bytes; `+` stays (gtag encodes with
    /// `encodeURIComponent`); an invalid sequence is kept as is.
    static func percentDecoded(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
