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
        var out: [UInt8] = []
        for finding in findings { line(finding, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// One finding's line, ended by LF (see `line(_:into:)` on bytes).
    public static func line(_ f: Finding, into out: inout String) {
        var bytes: [UInt8] = []
        line(f, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// One finding's line, ended by LF: the bytes of `object(f).serialized(indent: 0)`, written
    /// directly (keys already in sorted order), since a day's findings are many.
    public static func line(_ f: Finding, into out: inout [UInt8]) {
        func literal(_ text: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
        // `prefix` is what comes before the value, written in one go: `,"key":`.
        func member(_ prefix: StaticString, _ value: String) {
            literal(prefix)
            out.appendJSONString(value)
        }
        func time(_ ms: Int64) {
            out.append(UInt8(ascii: "\""))
            out.appendTimestamp(ms)
            out.append(UInt8(ascii: "\""))
        }
        member("{\"consent_record\":", f.consentRecord)
        member(",\"consent_source\":", f.consentSource)
        member(",\"consent_state\":", f.consentState)
        member(",\"detail\":", f.detail)
        literal(",\"evidence\":[")
        for (i, e) in f.evidence.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            literal("{\"line\":")
            out.appendDecimal(e.line)
            literal(",\"source\":")
            out.appendJSONString(e.source)
            literal(",\"time\":")
            time(e.time)
            literal(",\"what\":")
            out.appendJSONString(e.what)
            out.append(UInt8(ascii: "}"))
        }
        literal("],\"fields\":[")
        for (i, field) in f.fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.appendJSONString(field.description)
        }
        out.append(UInt8(ascii: "]"))
        member(",\"id\":", f.id)
        literal(",\"last_time\":")
        time(f.lastTime)
        literal(",\"line\":")
        out.appendDecimal(f.line)
        literal(",\"occurrences\":")
        out.appendDecimal(f.occurrences)
        if let purpose = f.purpose { member(",\"purpose\":", purpose.rawValue) } else { literal(",\"purpose\":null") }
        member(",\"reason\":", f.reason)
        member(",\"rule\":", f.rule)
        member(",\"session\":", f.session)
        member(",\"severity\":", f.severity.rawValue)
        member(",\"source\":", f.source)
        member(",\"subject\":", f.subject)
        member(",\"subject_kind\":", f.subjectKind.rawValue)
        literal(",\"time\":")
        time(f.time)
        member(",\"vendor\":", f.vendor)
        member(",\"visitor\":", f.visitor)
        literal("}\n")
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
        let writer = try AtomicFile.Writer(path: path)
        try OutputLines.write(findings, to: writer) { line($0, into: &$1) }
        try writer.commit()
        return path
    }
}
