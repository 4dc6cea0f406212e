/// `sessions.csv` (contract §6): one row per session with its span, size, consent state at start
/// and end, and finding counts: the total, then one column per rule (in `RuleCatalogue.all`
/// order, 0 when the session has none of that rule). Same CSV dialect as `findings.csv`
/// (see `CSVCell`).
///
/// The writer keeps the order it is given. `findings` is the session's total over every rule id
/// in `findingsByRule`, so it equals the sum of the rule columns when every id is a catalogued
/// rule.
public enum SessionsCSV {
    public static let fileName = "sessions.csv"

    /// The fixed columns, before the per-rule ones.
    public static let fixedColumns = ["visitor", "session", "start", "end", "requests", "consent_at_start", "consent_at_end", "findings"]

    /// Every column: the fixed ones, then the rule ids.
    public static func columns(ruleIDs: [String] = RuleCatalogue.all.map(\.id)) -> [String] {
        fixedColumns + ruleIDs
    }

    /// The whole file: the header row, then one row per session.
    public static func render(_ sessions: [SessionSummary], ruleIDs: [String] = RuleCatalogue.all.map(\.id)) -> String {
        var out = CSVEncoding.header(columns(ruleIDs: ruleIDs))
        for session in sessions { out += CSVEncoding.row(cells(session, ruleIDs: ruleIDs)) }
        return out
    }

    /// One session's cells, in `columns(ruleIDs:)` order.
    public static func cells(_ s: SessionSummary, ruleIDs: [String] = RuleCatalogue.all.map(\.id)) -> [CSVCell] {
        var cells: [CSVCell] = [
            .text(s.visitor),
            .text(s.session),
            .text(Timestamp.format(s.start)),
            .text(Timestamp.format(s.end)),
            .int(s.requests),
            .text(s.consentAtStart),
            .text(s.consentAtEnd),
            .int(s.findings),
        ]
        for id in ruleIDs { cells.append(.int(s.findingsByRule[id] ?? 0)) }
        return cells
    }

    /// One session's row, the bytes of `CSVEncoding.row(cells(s, ruleIDs:))`, appended without
    /// building the cells. A session without findings has no rule to look up.
    static func appendRow(_ s: SessionSummary, ruleIDs: [String], into out: inout [UInt8]) {
        out.appendCSVCells(s.visitor, s.session)
        out.appendCSVCells(timestamps: s.start, s.end)
        out.appendCSVCells(numbers: s.requests)
        out.appendCSVCells(s.consentAtStart, s.consentAtEnd)
        out.appendDecimal(s.findings)
        for id in ruleIDs {
            out.append(UInt8(ascii: ","))
            out.appendDecimal(s.findingsByRule.isEmpty ? 0 : s.findingsByRule[id] ?? 0)
        }
        out.append(0x0D)
        out.append(0x0A)
    }

    /// Writes `render(sessions)` to `directory/sessions.csv` atomically; returns the path.
    @discardableResult
    public static func write(_ sessions: [SessionSummary], to directory: String) throws(AtomicFile.WriteError) -> String {
        let path = ReportPath.join(directory, fileName)
        let ruleIDs = RuleCatalogue.all.map(\.id)
        let writer = try AtomicFile.Writer(path: path)
        try writer.append(CSVEncoding.header(columns(ruleIDs: ruleIDs)))
        try OutputLines.write(sessions, to: writer) { appendRow($0, ruleIDs: ruleIDs, into: &$1) }
        try writer.commit()
        return path
    }
}
