/// `findings.jsonl` (contract §6): one compact JSON object per line and per finding, keys
/// sorted, with the same keys as the columns of `findings.csv` plus `evidence`.
///
/// Types: `occurrences` and `line` are numbers; `fields` is an array of strings
/// (`email(hashed)`); `purpose` is null when the rule is not about one; times are ISO-8601 UTC
/// with milliseconds; `evidence` is an array of `{source, line, time, what}` in time order.
/// Text is not neutralised (JSON is not evaluated by spreadsheets). The writer keeps the order it
/// is given: callers sort with `Finding.outputOrder` first.
public enum FindingsJSONL {
    public static let fileName = "findings.jsonl"

    /// The whole file: one line per finding, each ended by LF (an empty file for no finding).
    public static func render(_ findings: [Finding]) -> String {
        var out = ""
        for finding in findings {
            out += object(finding).serialized(indent: 0)
            out += "\n"
        }
        return out
    }

    /// One finding as a JSON object.
    public static func object(_ f: Finding) -> JSONOutput {
        .object([
            "id": .string(f.id),
            "rule": .string(f.rule),
            "severity": .string(f.severity.rawValue),
            "reason": .string(f.reason),
            "time": .string(Timestamp.format(f.time)),
            "last_time": .string(Timestamp.format(f.lastTime)),
            "occurrences": .int(f.occurrences),
            "visitor": .string(f.visitor),
            "session": .string(f.session),
            "subject_kind": .string(f.subjectKind.rawValue),
            "subject": .string(f.subject),
            "purpose": f.purpose.map { .string($0.rawValue) } ?? .null,
            "consent_state": .string(f.consentState),
            "consent_source": .string(f.consentSource),
            "consent_record": .string(f.consentRecord),
            "vendor": .string(f.vendor),
            "fields": .array(f.fields.map { .string($0.description) }),
            "source": .string(f.source),
            "line": .int(f.line),
            "detail": .string(f.detail),
            "evidence": .array(f.evidence.map(object)),
        ])
    }

    /// One evidence entry as a JSON object.
    public static func object(_ e: EvidenceEntry) -> JSONOutput {
        .object([
            "source": .string(e.source),
            "line": .int(e.line),
            "time": .string(Timestamp.format(e.time)),
            "what": .string(e.what),
        ])
    }

    /// Writes `render(findings)` to `directory/findings.jsonl` atomically; returns the path.
    @discardableResult
    public static func write(_ findings: [Finding], to directory: String) throws(AtomicFile.WriteError) -> String {
        let path = ReportPath.join(directory, fileName)
        try AtomicFile.write(render(findings), to: path)
        return path
    }
}
