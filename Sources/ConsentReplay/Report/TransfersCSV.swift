/// `transfers.csv` (contract §6): per vendor that received forwards, where the data went and
/// on what basis, what it was, and whether IP addresses were minimised.
///
/// Columns: `vendor`, `name`, `country` (ISO 3166-1 alpha-2, empty for a vendor not in the
/// catalogue), `in_eea` (`yes`/`no`/empty), `mechanism` (`adequacy`, `dpf`, `scc`, `bcr`,
/// `none`, from the catalogue or the configuration), `fields` (every personal field sent, with
/// its form, `;`-separated), `ip` (`clear` when a full address was sent at least once,
/// `minimised` when only hashed or truncated ones were, `none`), `events`, `events_with_personal_fields`, `visitors`,
/// `visitors_with_personal_fields`, `transfer_findings` (`third-country-transfer` findings
/// naming the vendor).
public enum TransfersCSV {
    public static let fileName = "transfers.csv"
    public static let columns = ["vendor", "name", "country", "in_eea", "mechanism", "fields", "ip", "events",
                                 "events_with_personal_fields", "visitors", "visitors_with_personal_fields", "transfer_findings"]

    public static func rows(_ tally: EnrichmentTally, vendors: VendorCatalogue, findings: [Finding]) -> [[CSVCell]] {
        var transferFindings: [String: Int] = [:]
        let transferRule = ThirdCountryTransferRule.description.id
        // By index: `for f in findings` would copy every finding.
        for i in findings.indices where findings[i].rule == transferRule { transferFindings[findings[i].vendor, default: 0] += 1 }
        return tally.vendors.sorted(by: { $0.key < $1.key }).map { id, v in
            let d = vendors.vendor(id: id)
            let ip = v.clearIP > 0 ? "clear" : v.hashedIP > 0 ? "minimised" : "none"
            return [
                .text(id), .text(d?.name ?? ""), .text(d?.country ?? ""),
                .text(d.map { $0.isThirdCountry ? "no" : "yes" } ?? ""), .text(d?.mechanism.rawValue ?? ""),
                .text(TaggingEvent.fields(ofBits: v.fieldBits).map(\.description).joined(separator: ";")), .text(ip),
                .int(v.forwards), .int(v.withPersonalFields), .int(v.visitors), .int(v.visitorsWithPersonalFields),
                .int(transferFindings[id] ?? 0),
            ]
        }
    }

    public static func render(_ tally: EnrichmentTally, vendors: VendorCatalogue, findings: [Finding]) -> String {
        var out = CSVEncoding.header(columns)
        for row in rows(tally, vendors: vendors, findings: findings) { out += CSVEncoding.row(row) }
        return out
    }

    @discardableResult
    public static func write(_ tally: EnrichmentTally, vendors: VendorCatalogue, findings: [Finding],
                             to directory: String) throws(AtomicFile.WriteError) -> String {
        let path = ReportPath.join(directory, fileName)
        try AtomicFile.write(render(tally, vendors: vendors, findings: findings), to: path)
        return path
    }
}
