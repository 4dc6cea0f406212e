/// `enrichment.csv` (contract §6): per vendor × personal field, how often the tagging server
/// added the field to what it forwarded (see `EnrichmentTally` for what "added" means).
///
/// Columns:
/// - `events_forwarded`: the vendor's forwards linked to their incoming hit (the ones that can
///   be compared; the same on every row of the vendor);
/// - `events_with_field`: of those, the ones carrying the field;
/// - `events_added`: of those, the ones whose incoming hit did not carry it;
/// - `share_added`: `events_added / events_forwarded`;
/// - `visitors_affected`: visitors with at least one such forward;
/// - `events_uncertain`: forwards carrying the field whose incoming hit is not known (an
///   ambiguous or no link), counted apart and never guessed.
/// Rows are sorted by vendor, then field (`PersonalField` order); same CSV dialect as
/// `findings.csv`.
public enum EnrichmentCSV {
    public static let fileName = "enrichment.csv"
    public static let columns = ["vendor", "field", "events_forwarded", "events_with_field", "events_added", "share_added",
                                 "visitors_affected", "events_uncertain"]

    /// Every row's cells, in file order.
    public static func rows(_ tally: EnrichmentTally) -> [[CSVCell]] {
        var rows: [[CSVCell]] = []
        for (vendor, v) in tally.vendors.sorted(by: { $0.key < $1.key }) {
            for (field, c) in v.fields.enumerated() where c.carried > 0 || c.uncertain > 0 {
                let share = v.linked > 0 ? Double(c.added) / Double(v.linked) : 0
                rows.append([
                    .text(vendor), .text(PersonalField.ordered[field].rawValue), .int(v.linked), .int(c.carried), .int(c.added),
                    .text(JSONOutput.format(share, decimals: 4)), .int(c.visitorsAdded), .int(c.uncertain),
                ])
            }
        }
        return rows
    }

    public static func render(_ tally: EnrichmentTally) -> String {
        var out = CSVEncoding.header(columns)
        for row in rows(tally) { out += CSVEncoding.row(row) }
        return out
    }

    /// Writes `render(tally)` to `directory/enrichment.csv` atomically; returns the path.
    @discardableResult
    public static func write(_ tally: EnrichmentTally, to directory: String) throws(AtomicFile.WriteError) -> String {
        let path = ReportPath.join(directory, fileName)
        try AtomicFile.write(render(tally), to: path)
        return path
    }
}
