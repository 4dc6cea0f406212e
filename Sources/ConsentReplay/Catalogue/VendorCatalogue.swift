/// The legal basis a transfer of personal data outside the EEA rests on (GDPR chapter V).
public enum TransferMechanism: String, Sendable, Equatable, CaseIterable {
    /// An adequacy decision covers the destination country (art. 45).
    case adequacy
    /// The importer is certified under the EU–US Data Privacy Framework (an art. 45 decision).
    case dpf
    /// Standard contractual clauses (art. 46(2)(c)).
    case scc
    /// Binding corporate rules (art. 47).
    case bcr
    /// No mechanism is configured: a transfer is a finding.
    case none
}

/// A third party that receives data: its endpoints, what it is for, where it is.
public struct VendorDefinition: Sendable, Equatable {
    /// Stable id (`meta`, `google-analytics`…), used by the cookie catalogue and the outputs.
    public var id: String
    public var name: String
    /// Request hosts: exact (`graph.facebook.com`) or a domain and its subdomains (`*.clarity.ms`).
    public var hosts: [String]
    /// Path prefixes on those hosts (`/tr`, `/v*/`: `*` matches one path segment); empty = any path.
    public var paths: [String]
    public var purpose: Purpose
    /// ISO 3166-1 alpha-2 code of where the data goes.
    public var country: String
    public var mechanism: TransferMechanism
    /// The site promised to truncate or hash IPs before sending them (config only).
    public var minimiseIP: Bool
    public var origin: String

    public init(id: String, name: String, hosts: [String], paths: [String] = [], purpose: Purpose, country: String,
                mechanism: TransferMechanism, minimiseIP: Bool = false, origin: String = "built-in") {
        self.id = id
        self.name = name
        self.hosts = hosts
        self.paths = paths
        self.purpose = purpose
        self.country = country
        self.mechanism = mechanism
        self.minimiseIP = minimiseIP
        self.origin = origin
    }

    /// Whether a request to `host` and `path` is for this vendor.
    public func matches(host: String, path: String) -> Bool {
        let h = host.lowercased()
        guard hosts.contains(where: { pattern in
            if pattern.hasPrefix("*.") {
                let domain = pattern.dropFirst(2)
                return h == domain || h.hasSuffix("." + domain)
            }
            return h == pattern
        }) else { return false }
        return paths.isEmpty || paths.contains { Self.pathMatches(pattern: $0, path: path) }
    }

    /// Prefix match where a `*` stands for one path segment's characters.
    static func pathMatches(pattern: String, path: String) -> Bool {
        var p = pattern[...], s = path[...]
        while let c = p.first {
            if c == "*" {
                p = p.dropFirst()
                while let d = s.first, d != "/" { s = s.dropFirst() }
                continue
            }
            guard s.first == c else { return false }
            p = p.dropFirst()
            s = s.dropFirst()
        }
        return true
    }

    /// Whether sending personal data here is a transfer outside the EEA.
    public var isThirdCountry: Bool { !Countries.eea.contains(country) }
}

/// Vendors by endpoint. The first definition that matches wins, so config entries (put first)
/// override built-in ones.
public struct VendorCatalogue: Sendable, Equatable {
    public private(set) var definitions: [VendorDefinition]

    public init(_ definitions: [VendorDefinition]) { self.definitions = definitions }

    /// Adds or replaces (same id) a definition, giving it precedence.
    public mutating func add(_ definition: VendorDefinition) {
        definitions.removeAll { $0.id == definition.id }
        definitions.insert(definition, at: 0)
    }

    public func vendor(id: String) -> VendorDefinition? { definitions.first { $0.id == id } }

    public func match(host: String, path: String) -> VendorDefinition? {
        definitions.first { $0.matches(host: host, path: path) }
    }
}

/// Country tables for chapter V.
public enum Countries {
    /// EU member states and the EEA's Iceland, Liechtenstein and Norway.
    public static let eea: Set<String> = [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
        "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
    ]
    /// Countries with a European Commission adequacy decision (art. 45), the US only for DPF
    /// participants (see `TransferMechanism.dpf`).
    public static let adequate: Set<String> = [
        "AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY",
    ]
}
