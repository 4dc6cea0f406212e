/// `findings.csv` (contract §6): one row per finding, RFC 4180 with CRLF line ends, text cells
/// neutralised against formula injection (see `CSVCell`).
///
/// The writer keeps the order it is given: callers sort with `Finding.outputOrder` first.
/// Values are written as they are in the `Finding`; pseudonymisation, when asked for, is applied
/// where the findings are made (see `Pseudonymizer`).
public enum FindingsCSV {
    public static let fileName = "findings.csv"

    /// The columns, in the contract's order.
    public static let columns = [
        "id", "rule", "severity", "reason", "time", "last_time", "occurrences", "visitor", "session", "subject_kind",
        "subject", "purpose", "consent_state", "consent_source", "consent_record", "vendor", "fields", "source", "line",
        "detail",
    ]

    /// The whole file: the header row, then one row per finding.
    public static func render(_ findings: [Finding]) -> String {
        var out = CSVEncoding.header(columns)
        for finding in findings { out += CSVEncoding.row(cells(finding)) }
        return out
    }

    /// One finding's cells, in `columns` order. Times are ISO-8601 UTC with milliseconds;
    /// `purpose` is empty when the rule is not about one; `fields` is `;`-joined.
    public static func cells(_ f: Finding) -> [CSVCell] {
        [
            .text(f.id),
            .text(f.rule),
            .text(f.severity.rawValue),
            .text(f.reason),
            .text(Timestamp.format(f.time)),
            .text(Timestamp.format(f.lastTime)),
            .int(f.occurrences),
            .text(f.visitor),
            .text(f.session),
            .text(f.subjectKind.rawValue),
            .text(f.subject),
            .text(f.purpose?.rawValue ?? ""),
            .text(f.consentState),
            .text(f.consentSource),
            .text(f.consentRecord),
            .text(f.vendor),
            .text(f.fields.map(\.description).joined(separator: ";")),
            .text(f.source),
            .int(f.line),
            .text(f.detail),
        ]
    }

    /// One finding's row, the bytes of `CSVEncoding.row(cells(f))`, appended without building
    /// the cells (the writer's path: a day can hold a hundred thousand findings).
    static func appendRow(_ f: Finding, into out: inout [UInt8]) {
        out.appendCSVCells(f.id, f.rule, f.severity.rawValue, f.reason)
        out.appendCSVCells(timestamps: f.time, f.lastTime)
        out.appendCSVCells(numbers: f.occurrences)
        out.appendCSVCells(f.visitor, f.session, f.subjectKind.rawValue, f.subject, f.purpose?.rawValue ?? "",
                           f.consentState, f.consentSource, f.consentRecord, f.vendor)
        var fields: [UInt8] = []
        for (k, field) in f.fields.enumerated() {
            if k > 0 { fields.append(UInt8(ascii: ";")) }
            fields.appendText(field.description)
        }
        fields.withUnsafeBufferPointer { out.appendCSVText(bytes: $0) }
        out.append(UInt8(ascii: ","))
        out.appendCSVCells(f.source)
        out.appendCSVCells(numbers: f.line)
        out.appendCSVText(f.detail)
        out.append(0x0D)
        out.append(0x0A)
    }

    /// Writes `render(findings)` to `directory/findings.csv` atomically; returns the path.
    @discardableResult
    public static func write(_ findings: [Finding], to directory: String) throws(AtomicFile.WriteError) -> String {
        let path = ReportPath.join(directory, fileName)
        let writer = try AtomicFile.Writer(path: path)
        try writer.append(CSVEncoding.header(columns))
        try OutputLines.write(findings, to: writer) { appendRow($0, into: &$1) }
        try writer.commit()
        return path
    }
}

/// Paths of the report files.
enum ReportPath {
    /// `directory/name`, without doubling a trailing slash.
    static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
