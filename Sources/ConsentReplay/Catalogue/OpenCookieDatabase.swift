/// Loads the Open Cookie Database CSV (github.com/jkwakman/Open-Cookie-Database) as an extra
/// cookie catalogue (`--cookie-catalogue FILE`).
///
/// Columns used: `Platform` (→ vendor id), `Category` (Functional, Security → necessary;
/// Personalization → preferences; Analytics → statistics; Marketing → marketing),
/// `Cookie / Data Key name`, `Wildcard match` (1 → the name is a prefix). Built-in and config
/// entries win on conflict. The database does not say which cookies hold identifiers, so its
/// entries are not used for identity linking or respawn detection.
public enum OpenCookieDatabase {
    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let reason: String
        public var description: String { "cookie catalogue \(path): \(reason)" }
    }

    public static func load(_ bytes: [UInt8], path: String) throws(LoadError) -> [CookieDefinition] {
        let records = CSVFields(delimiter: ASCII.comma).records(in: bytes)
        guard let header = records.first else { throw LoadError(path: path, reason: "the file is empty") }
        func column(_ names: String...) -> Int? {
            header.fields.firstIndex { field in
                let text = normalise(String(decoding: field, as: UTF8.self))
                return names.contains(text)
            }
        }
        guard let nameColumn = column("cookiedatakeyname", "cookiename", "name"),
              let categoryColumn = column("category") else {
            throw LoadError(path: path, reason: "missing the columns `Cookie / Data Key name` and `Category`")
        }
        let platformColumn = column("platform")
        let wildcardColumn = column("wildcardmatch")
        var definitions: [CookieDefinition] = []
        for record in records.dropFirst() {
            let f = record.fields
            guard nameColumn < f.count, categoryColumn < f.count else { continue }
            let name = String(decoding: f[nameColumn], as: UTF8.self).trimmingSpaces()
            guard !name.isEmpty, let purpose = purpose(String(decoding: f[categoryColumn], as: UTF8.self)) else { continue }
            let vendor = platformColumn.flatMap { $0 < f.count ? String(decoding: f[$0], as: UTF8.self) : nil }
                .map { slug($0) }.flatMap { $0.isEmpty ? nil : $0 }
            let wildcard = wildcardColumn.map { $0 < f.count && String(decoding: f[$0], as: UTF8.self).trimmingSpaces() == "1" } ?? false
            definitions.append(CookieDefinition(name: name, isPrefix: wildcard, purpose: purpose, vendor: vendor,
                                                isIdentifier: false, origin: "open-cookie-database"))
        }
        return definitions
    }

    static func purpose(_ category: String) -> Purpose? {
        switch normalise(category) {
        case "functional", "security", "necessary", "essential": return .necessary
        case "personalization", "personalisation", "preferences": return .preferences
        case "analytics", "statistics", "performance": return .statistics
        case "marketing", "advertising", "targeting": return .marketing
        default: return nil
        }
    }

    static func normalise(_ s: String) -> String {
        String(s.lowercased().unicodeScalars.filter { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") }.map(Character.init))
    }

    static func slug(_ s: String) -> String {
        let lowered = s.lowercased().trimmingSpaces()
        var out = ""
        var dash = false
        for ch in lowered.unicodeScalars {
            if (ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9") {
                out.unicodeScalars.append(ch)
                dash = false
            } else if !dash && !out.isEmpty {
                out += "-"
                dash = true
            }
        }
        return out.hasSuffix("-") ? String(out.dropLast()) : out
    }
}
