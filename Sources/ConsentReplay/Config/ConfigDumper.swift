import Yams

/// Writes the effective configuration, built-in catalogues included, as YAML that
/// `ConfigLoader` reads back to the same configuration (`dump-config` output round-trips
/// through `--config`). Keys and entries are in a fixed order, so the text is stable.
public enum ConfigDumper {
    public static func yaml(_ config: Configuration) throws -> String {
        func s(_ text: String) -> Node { Node(text) }
        func list(_ items: [String]) -> Node { .sequence(Node.Sequence(items.map { Node($0) })) }
        func map(_ pairs: [(String, Node)]) -> Node { .mapping(Node.Mapping(pairs.map { (Node($0.0), $0.1) })) }
        func duration(_ ms: Int64) -> Node {
            if ms % 3_600_000 == 0 && ms > 0 { return s("\(ms / 3_600_000)h") }
            if ms % 60_000 == 0 && ms > 0 { return s("\(ms / 60_000)m") }
            if ms % 1000 == 0 { return s("\(ms / 1000)s") }
            return s("\(ms)ms")
        }
        /// A table merges over the defaults when loaded, so a default entry that was removed
        /// is written as `none`.
        func purposeMap(_ table: [String: Purpose], defaults: [String: Purpose]) -> Node {
            map(Set(table.keys).union(defaults.keys).sorted().map { k in (k, s(table[k]?.rawValue ?? "none")) })
        }

        var cookies: [Node] = []
        for d in config.cookieCatalogue.definitions {
            var pairs: [(String, Node)] = [(d.isPrefix ? "prefix" : "name", s(d.name)), ("purpose", s(d.purpose.rawValue))]
            if let vendor = d.vendor { pairs.append(("vendor", s(vendor))) }
            if d.isIdentifier { pairs.append(("identifier", s("true"))) }
            if d.stripFields > 0 { pairs.append(("strip_fields", s(String(d.stripFields)))) }
            cookies.append(map(pairs))
        }
        var vendors: [Node] = []
        for v in config.vendorCatalogue.definitions {
            var pairs: [(String, Node)] = [("id", s(v.id)), ("name", s(v.name)), ("hosts", list(v.hosts))]
            if !v.paths.isEmpty { pairs.append(("paths", list(v.paths))) }
            pairs += [("purpose", s(v.purpose.rawValue)), ("country", s(v.country)), ("mechanism", s(v.mechanism.rawValue))]
            if v.minimiseIP { pairs.append(("minimise_ip", s("true"))) }
            vendors.append(map(pairs))
        }
        let tables = config.purposeTables
        let defaults = PurposeTables.defaults
        let tcf = map(Set(tables.tcfPurposes.keys).union(defaults.tcfPurposes.keys).sorted().map { id in
            (String(id), tables.tcfPurposes[id].map { list($0.map(\.rawValue)) } ?? s("none"))
        })
        var root: [(String, Node)] = [
            ("first_party_hosts", list(config.firstPartyHosts)),
        ]
        if let format = config.accessLogFormat { root.append(("access_log_format", s(format))) }
        root += [
            ("collect_paths", list(config.collectPaths)),
            ("session_timeout", duration(config.sessionTimeoutMs)),
            ("clock_skew", duration(config.clockSkewMs)),
            ("identity_cookies", list(config.identityCookies)),
            ("implied_consent_counts", s(config.impliedConsentCounts ? "true" : "false")),
            ("default_granted_counts", s(config.defaultGrantedCounts ? "true" : "false")),
            ("evidence_fields", list(config.evidenceFields.map(\.rawValue))),
            ("severity", map(config.severities.keys.sorted().compactMap { k in config.severities[k].map { (k, s($0.rawValue)) } })),
            ("consent_columns", map(config.consentColumns.keys.sorted().compactMap { k in config.consentColumns[k].map { (k, s($0)) } })),
        ]
        if let key = config.pseudonymizeKeyFile { root.append(("pseudonymize", map([("key_file", s(key))]))) }
        root += [
            ("purpose_mapping", map([
                ("consent_mode", purposeMap(tables.consentMode, defaults: defaults.consentMode)),
                ("tcf_purposes", tcf),
                ("onetrust_groups", purposeMap(tables.oneTrustGroups, defaults: defaults.oneTrustGroups)),
                ("categories", purposeMap(tables.categories, defaults: defaults.categories)),
                ("services", purposeMap(tables.services, defaults: defaults.services)),
            ])),
            ("cookies", .sequence(Node.Sequence(cookies))),
            ("vendors", .sequence(Node.Sequence(vendors))),
        ]
        let header = """
        # consent-replay effective configuration (consent-replay dump-config).
        # Every key is optional; this file, given back with --config, gives the same configuration.

        """
        return header + (try Yams.serialize(node: map(root), width: -1, allowUnicode: true))
    }
}
