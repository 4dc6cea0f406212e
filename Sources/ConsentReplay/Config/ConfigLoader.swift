import Yams

/// A configuration that cannot be used: where (key path and line) and why. Exit status 2.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    public let source: String
    public let keyPath: String
    public let line: Int?
    public let reason: String

    public var description: String {
        let place = keyPath.isEmpty ? "" : " at `\(keyPath)`"
        let lineText = line.map { " (line \($0))" } ?? ""
        return "config \(source)\(place)\(lineText): \(reason)"
    }
}

/// The rule ids of contract §5, for validating `severity:` keys.
public enum RuleIDs {
    public static let all = ["consent-mismatch", "cookie-respawn", "forward-without-consent", "opt-out-signal-ignored",
                             "third-country-transfer", "tracking-before-consent", "unprovable-consent"]
}

/// Reads `consent-replay.yml` into a `Configuration`: typed values, key paths in errors, unknown
/// keys reported as warnings listing the valid ones.
public struct ConfigLoader {
    public let source: String
    public private(set) var warnings: [String] = []

    public static let topLevelKeys = ["access_log_format", "clock_skew", "collect_paths", "consent_columns", "cookies",
                                      "default_granted_counts", "evidence_fields", "first_party_hosts", "identity_cookies",
                                      "implied_consent_counts", "pseudonymize", "purpose_mapping", "session_timeout",
                                      "severity", "vendors"]
    static let cookieKeys = ["identifier", "name", "prefix", "purpose", "strip_fields", "vendor"]
    static let vendorKeys = ["country", "hosts", "id", "mechanism", "minimise_ip", "name", "paths", "purpose"]
    static let mappingKeys = ["categories", "consent_mode", "onetrust_groups", "services", "tcf_purposes"]
    static let consentColumnKeys = ["action", "banner_version", "consent_id", "ip", "marketing", "method", "necessary",
                                    "preferences", "statistics", "time", "tc_string", "url", "user_agent", "visitor_id"]

    public init(source: String) { self.source = source }

    /// Loads a YAML text. An empty document gives the defaults.
    public mutating func load(yaml: String) throws(ConfigError) -> Configuration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigError(source: source, keyPath: "", line: nil, reason: "not valid YAML: \(error)")
        }
        var config = Configuration()
        guard let root else { return config }
        guard case .mapping(let mapping) = root else { throw fail("", root, "the file must be a mapping of keys to values") }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "first_party_hosts": config.firstPartyHosts = try stringList(value, key).map { $0.lowercased() }
            case "access_log_format": config.accessLogFormat = try string(value, key)
            case "collect_paths": config.collectPaths = try stringList(value, key)
            case "session_timeout": config.sessionTimeoutMs = try duration(value, key)
            case "clock_skew": config.clockSkewMs = try duration(value, key)
            case "identity_cookies": config.identityCookies = try stringList(value, key)
            case "cookies":
                for (i, item) in try elements(value, key).enumerated() { config.cookies.append(try cookie(item, "\(key)[\(i)]")) }
            case "vendors":
                for (i, item) in try elements(value, key).enumerated() { config.vendors.append(try vendor(item, "\(key)[\(i)]")) }
            case "purpose_mapping": config.purposeTables = try purposeTables(value, key)
            case "implied_consent_counts": config.impliedConsentCounts = try bool(value, key)
            case "default_granted_counts": config.defaultGrantedCounts = try bool(value, key)
            case "severity": config.severities = try severities(value, key)
            case "evidence_fields":
                config.evidenceFields = try stringList(value, key).map { name throws(ConfigError) in
                    guard let field = EvidenceField(rawValue: name) else {
                        throw fail(key, value, "unknown evidence field `\(name)`; valid: " + EvidenceField.allCases.map(\.rawValue).joined(separator: ", "))
                    }
                    return field
                }
            case "consent_columns":
                config.consentColumns = try stringMap(value, key, validKeys: Self.consentColumnKeys)
            case "pseudonymize":
                let fields = try object(value, key, validKeys: ["key_file"])
                if let file = fields["key_file"] { config.pseudonymizeKeyFile = try string(file, key + ".key_file") }
            default:
                warn(key, keyNode, validKeys: Self.topLevelKeys)
            }
        }
        return config
    }

    // MARK: - Values

    private func fail(_ path: String, _ node: Node, _ reason: String) -> ConfigError {
        ConfigError(source: source, keyPath: path, line: node.mark.map { $0.line }, reason: reason)
    }

    private mutating func warn(_ key: String, _ node: Node, validKeys: [String], within path: String = "") {
        let at = node.mark.map { " (line \($0.line))" } ?? ""
        let name = path.isEmpty ? key : path + "." + key
        warnings.append("config \(source): unknown key `\(name)`\(at) ignored; valid keys here: " + validKeys.joined(separator: ", "))
    }

    private func string(_ node: Node, _ path: String) throws(ConfigError) -> String {
        guard case .scalar(let scalar) = node else { throw fail(path, node, "expected a text value") }
        return scalar.string
    }

    private func bool(_ node: Node, _ path: String) throws(ConfigError) -> Bool {
        switch try string(node, path).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail(path, node, "expected true or false")
        }
    }

    private func int(_ node: Node, _ path: String, range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let v = Int(try string(node, path)), range.contains(v) else {
            throw fail(path, node, "expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return v
    }

    /// `30m`, `90s`, `1500ms`, `1h`, or a number of seconds.
    private func duration(_ node: Node, _ path: String) throws(ConfigError) -> Int64 {
        let text = try string(node, path).trimmingSpaces()
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            if let v = Int64(text.dropLast(suffix.count)), v >= 0 { return v * factor }
        }
        if let v = Int64(text), v >= 0 { return v * 1000 }
        throw fail(path, node, "expected a duration such as 30m, 90s, 1500ms or 1h")
    }

    private func purpose(_ node: Node, _ path: String) throws(ConfigError) -> Purpose {
        let text = try string(node, path)
        guard let p = Purpose(rawValue: text) else {
            throw fail(path, node, "unknown purpose `\(text)`; valid: necessary, preferences, statistics, marketing")
        }
        return p
    }

    private func stringList(_ node: Node, _ path: String) throws(ConfigError) -> [String] {
        switch node {
        case .scalar(let s): return [s.string]
        case .sequence(let seq):
            var out: [String] = []
            for (i, item) in seq.enumerated() { out.append(try string(item, "\(path)[\(i)]")) }
            return out
        default: throw fail(path, node, "expected a list of text values")
        }
    }

    private func elements(_ node: Node, _ path: String) throws(ConfigError) -> [Node] {
        guard case .sequence(let seq) = node else { throw fail(path, node, "expected a list") }
        return Array(seq)
    }

    /// A mapping's values by key; unknown keys are warned about.
    private mutating func object(_ node: Node, _ path: String, validKeys: [String]) throws(ConfigError) -> [String: Node] {
        guard case .mapping(let mapping) = node else { throw fail(path, node, "expected a mapping of keys to values") }
        var out: [String: Node] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            if validKeys.contains(key) { out[key] = value } else { warn(key, keyNode, validKeys: validKeys, within: path) }
        }
        return out
    }

    private mutating func stringMap(_ node: Node, _ path: String, validKeys: [String]) throws(ConfigError) -> [String: String] {
        var out: [String: String] = [:]
        for (key, value) in try object(node, path, validKeys: validKeys) { out[key] = try string(value, path + "." + key) }
        return out
    }

    // MARK: - Sections

    private mutating func cookie(_ node: Node, _ path: String) throws(ConfigError) -> CookieDefinition {
        let f = try object(node, path, validKeys: Self.cookieKeys)
        let name = try f["name"].map { n throws(ConfigError) in try string(n, path + ".name") }
        let prefix = try f["prefix"].map { n throws(ConfigError) in try string(n, path + ".prefix") }
        guard (name == nil) != (prefix == nil), let cookieName = name ?? prefix, !cookieName.isEmpty else {
            throw fail(path, node, "give either `name` (an exact cookie name) or `prefix` (the start of names)")
        }
        guard let purposeNode = f["purpose"] else { throw fail(path, node, "`purpose` is required") }
        return CookieDefinition(
            name: cookieName, isPrefix: prefix != nil,
            purpose: try purpose(purposeNode, path + ".purpose"),
            vendor: try f["vendor"].map { n throws(ConfigError) in try string(n, path + ".vendor") },
            isIdentifier: try f["identifier"].map { n throws(ConfigError) in try bool(n, path + ".identifier") } ?? false,
            stripFields: try f["strip_fields"].map { n throws(ConfigError) in try int(n, path + ".strip_fields", range: 0...8) } ?? 0,
            origin: "config")
    }

    private mutating func vendor(_ node: Node, _ path: String) throws(ConfigError) -> VendorDefinition {
        let f = try object(node, path, validKeys: Self.vendorKeys)
        guard let idNode = f["id"] else { throw fail(path, node, "`id` is required") }
        let id = try string(idNode, path + ".id")
        guard let hostsNode = f["hosts"] else { throw fail(path, node, "`hosts` is required") }
        guard let purposeNode = f["purpose"] else { throw fail(path, node, "`purpose` is required") }
        guard let countryNode = f["country"] else { throw fail(path, node, "`country` is required (ISO 3166 code such as US)") }
        let country = try string(countryNode, path + ".country").uppercased()
        guard country.count == 2, country.allSatisfy({ $0.isLetter }) else {
            throw fail(path + ".country", countryNode, "expected a two-letter ISO 3166 country code such as US or DE")
        }
        var mechanism = TransferMechanism.none
        if let m = f["mechanism"] {
            let text = try string(m, path + ".mechanism")
            guard let parsed = TransferMechanism(rawValue: text) else {
                throw fail(path + ".mechanism", m, "unknown mechanism `\(text)`; valid: " + TransferMechanism.allCases.map(\.rawValue).joined(separator: ", "))
            }
            mechanism = parsed
        }
        return VendorDefinition(
            id: id, name: try f["name"].map { n throws(ConfigError) in try string(n, path + ".name") } ?? id,
            hosts: try stringList(hostsNode, path + ".hosts").map { $0.lowercased() },
            paths: try f["paths"].map { n throws(ConfigError) in try stringList(n, path + ".paths") } ?? [],
            purpose: try purpose(purposeNode, path + ".purpose"), country: country, mechanism: mechanism,
            minimiseIP: try f["minimise_ip"].map { n throws(ConfigError) in try bool(n, path + ".minimise_ip") } ?? false,
            origin: "config")
    }

    /// Each table merges over the defaults; a value of `none` removes a default entry.
    private mutating func purposeTables(_ node: Node, _ path: String) throws(ConfigError) -> PurposeTables {
        var tables = PurposeTables.defaults
        let f = try object(node, path, validKeys: Self.mappingKeys)
        func merge(_ key: String, into table: inout [String: Purpose], lowercase: Bool) throws(ConfigError) {
            guard let n = f[key] else { return }
            guard case .mapping(let m) = n else { throw fail(path + "." + key, n, "expected a mapping of names to purposes") }
            for (k, v) in m {
                let name = lowercase ? (k.string ?? "").lowercased() : (k.string ?? "")
                if case .scalar(let s) = v, s.string == "none" { table[name] = nil; continue }
                table[name] = try purpose(v, "\(path).\(key).\(name)")
            }
        }
        try merge("consent_mode", into: &tables.consentMode, lowercase: true)
        try merge("onetrust_groups", into: &tables.oneTrustGroups, lowercase: false)
        try merge("categories", into: &tables.categories, lowercase: true)
        try merge("services", into: &tables.services, lowercase: true)
        if let n = f["tcf_purposes"] {
            guard case .mapping(let m) = n else { throw fail(path + ".tcf_purposes", n, "expected a mapping of TCF purpose ids to purposes") }
            for (k, v) in m {
                let keyPath = "\(path).tcf_purposes.\(k.string ?? "")"
                guard let id = Int(k.string ?? ""), (1...24).contains(id) else { throw fail(keyPath, k, "expected a TCF purpose id from 1 to 24") }
                if case .scalar(let s) = v, s.string == "none" { tables.tcfPurposes[id] = nil; continue }
                if case .scalar = v {
                    tables.tcfPurposes[id] = [try purpose(v, keyPath)]
                } else {
                    var purposes: [Purpose] = []
                    for (i, item) in try elements(v, keyPath).enumerated() {
                        purposes.append(try purpose(item, "\(keyPath)[\(i)]"))
                    }
                    tables.tcfPurposes[id] = purposes
                }
            }
        }
        return tables
    }

    private mutating func severities(_ node: Node, _ path: String) throws(ConfigError) -> [String: Severity] {
        guard case .mapping(let m) = node else { throw fail(path, node, "expected a mapping of rule ids to severities") }
        var out: [String: Severity] = [:]
        for (k, v) in m {
            let id = k.string ?? ""
            guard RuleIDs.all.contains(id) else {
                throw fail(path + "." + id, k, "unknown rule id; valid: " + RuleIDs.all.joined(separator: ", "))
            }
            let text = try string(v, path + "." + id)
            guard let s = Severity(rawValue: text) else { throw fail(path + "." + id, v, "expected low, medium or high") }
            out[id] = s
        }
        return out
    }
}

extension Node {
    /// The text of a scalar node.
    var string: String? {
        if case .scalar(let s) = self { return s.string }
        return nil
    }
}
