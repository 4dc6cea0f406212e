/// What is known about a cookie name: its purpose, who sets it, and whether it carries a
/// persistent identifier of the visitor.
public struct CookieDefinition: Sendable, Equatable {
    /// The cookie name, or the start of the name when `isPrefix` (`_ga_` matches `_ga_K7QZ3M2P8L`).
    public var name: String
    public var isPrefix: Bool
    public var purpose: Purpose
    /// Vendor id as in the vendor catalogue (`google-analytics`, `meta`…), nil for the site's own.
    public var vendor: String?
    /// The value identifies the browser or person across visits (used to link identities and
    /// to detect respawning).
    public var isIdentifier: Bool
    /// How many leading `.`-separated fields of the value are version/format markers to drop
    /// before comparing values (`_ga` `GA1.1.<client id>` → 2; `_fbp` `fb.1.<ms>.<rand>` → 2).
    public var stripFields: Int
    /// Where the definition comes from: `built-in`, `config`, or the catalogue file.
    public var origin: String

    public init(name: String, isPrefix: Bool = false, purpose: Purpose, vendor: String? = nil, isIdentifier: Bool = false,
                stripFields: Int = 0, origin: String = "built-in") {
        self.name = name
        self.isPrefix = isPrefix
        self.purpose = purpose
        self.vendor = vendor
        self.isIdentifier = isIdentifier
        self.stripFields = stripFields
        self.origin = origin
    }

    /// The part of a value that identifies the visitor (see `stripFields`).
    public func normalisedValue(_ value: Substring) -> Substring {
        guard stripFields > 0 else { return value }
        var rest = value
        for _ in 0..<stripFields {
            guard let dot = rest.firstIndex(of: ".") else { return value }
            rest = rest[rest.index(after: dot)...]
        }
        return rest.isEmpty ? value : rest
    }
}

/// Cookie names → definitions: exact names first, then the longest matching prefix.
public struct CookieCatalogue: Sendable, Equatable {
    public private(set) var definitions: [CookieDefinition]
    private var exact: [String: Int] = [:]
    /// Indices of prefix definitions, longest prefix first.
    private var prefixes: [Int] = []
    /// Byte-level index for the hot path: an open-addressing table (power-of-two size, linear
    /// probing) of exact names; each slot holds a definition index + 1 (0 = empty).
    private var exactSlots: [Int32] = []
    private var exactHashes: [UInt64] = []
    /// Prefix definitions by their first byte, longest first: (prefix bytes, definition index).
    private var prefixesByFirstByte: [[([UInt8], Int)]] = []
    private var nameBytes: [[UInt8]] = []

    public init(_ definitions: [CookieDefinition]) {
        self.definitions = []
        for d in definitions { add(d) }
    }

    /// Adds or replaces (same name and kind) a definition.
    public mutating func add(_ definition: CookieDefinition) {
        if let i = definitions.firstIndex(where: { $0.name == definition.name && $0.isPrefix == definition.isPrefix }) {
            definitions[i] = definition
        } else {
            definitions.append(definition)
        }
        rebuildIndex()
    }

    /// Adds definitions that do not conflict with existing ones (an extra catalogue never
    /// overrides the built-in entries or the config).
    public mutating func addIfAbsent(_ extra: [CookieDefinition]) {
        var known = Set(definitions.map { "\($0.isPrefix ? "prefix" : "name"):\($0.name)" })
        for d in extra where known.insert("\(d.isPrefix ? "prefix" : "name"):\(d.name)").inserted {
            definitions.append(d)
        }
        rebuildIndex()
    }

    private mutating func rebuildIndex() {
        exact = [:]
        for (i, d) in definitions.enumerated() where !d.isPrefix { exact[d.name] = i }
        prefixes = definitions.indices.filter { definitions[$0].isPrefix }
            .sorted { definitions[$0].name.utf8.count > definitions[$1].name.utf8.count || (definitions[$0].name.utf8.count == definitions[$1].name.utf8.count && definitions[$0].name < definitions[$1].name) }
        nameBytes = definitions.map { Array($0.name.utf8) }
        var size = 16
        while size < definitions.count * 3 { size *= 2 }
        exactSlots = [Int32](repeating: 0, count: size)
        exactHashes = [UInt64](repeating: 0, count: size)
        for (i, d) in definitions.enumerated() where !d.isPrefix {
            let h = nameBytes[i].withUnsafeBufferPointer { ByteHash.hash($0) }
            var slot = Int(truncatingIfNeeded: h) & (size - 1)
            while exactSlots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            exactSlots[slot] = Int32(i + 1)
            exactHashes[slot] = h
        }
        // By first byte, all 256 of them: found without hashing.
        prefixesByFirstByte = Array(repeating: [], count: 256)
        for i in prefixes {
            guard let first = nameBytes[i].first else { continue }
            prefixesByFirstByte[Int(first)].append((nameBytes[i], i))
        }
    }

    /// The index in `definitions` for a cookie name given as bytes (same rules as `lookup`),
    /// without making a String: for the per-cookie hot path.
    @inline(__always)
    public func index(ofName name: UnsafeBufferPointer<UInt8>) -> Int? {
        let h = ByteHash.hash(name)
        let mask = exactSlots.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while exactSlots[slot] != 0 {
            let i = Int(exactSlots[slot]) - 1
            if exactHashes[slot] == h, nameBytes[i].count == name.count, Self.startsWith(name, nameBytes[i]) { return i }
            slot = (slot + 1) & mask
        }
        guard let first = name.first else { return nil }
        return prefixesByFirstByte[Int(first)].withUnsafeBufferPointer { bucket -> Int? in
            for (prefix, i) in bucket where prefix.count <= name.count {
                if Self.startsWith(name, prefix) { return i }
            }
            return nil
        }
    }

    /// Whether `bytes` begins with `prefix`.
    @inline(__always)
    static func startsWith(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8]) -> Bool {
        guard prefix.count <= bytes.count else { return false }
        var k = 0
        while k < prefix.count {
            if bytes[k] != prefix[k] { return false }
            k += 1
        }
        return true
    }

    /// The definition for a cookie name, or nil when the name is unknown.
    public func lookup(_ name: String) -> CookieDefinition? {
        if let i = exact[name] { return definitions[i] }
        for i in prefixes where name.hasPrefix(definitions[i].name) { return definitions[i] }
        return nil
    }

    public static func == (a: Self, b: Self) -> Bool { a.definitions == b.definitions }
}
