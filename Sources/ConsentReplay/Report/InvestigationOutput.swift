/// How `investigate` prints timelines: a readable text by default, JSON for tools.
public enum InvestigationOutput {
    /// The text form: per visitor a heading, then each session's records in time order, each
    /// with its `file:line`, what it shows, the fields the server added, the consent state when
    /// it changed, and the findings citing it.
    public static func text(_ timelines: [VisitorTimeline], query: VisitorQuery) -> String {
        guard !timelines.isEmpty else { return "no visitor matches \(query)\n" }
        var out = ""
        for (k, t) in timelines.enumerated() {
            if k > 0 { out += "\n" }
            var byRule: [String: Int] = [:]
            for f in t.findings { byRule[f.rule, default: 0] += 1 }
            let rules = byRule.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            out += "visitor \(t.visitor): \(t.sessions.count) session\(t.sessions.count == 1 ? "" : "s"), "
                + "\(t.entries.count) record\(t.entries.count == 1 ? "" : "s"), \(t.findings.count) finding\(t.findings.count == 1 ? "" : "s")"
                + (rules.isEmpty ? "" : " (\(rules))") + "\n"
            let width = max(12, t.entries.map { "\($0.source):\($0.line)".count }.max() ?? 0)
            let indent = String(repeating: " ", count: 24 + 2 + width + 2)
            var session: String?
            for e in t.entries {
                if e.session != session {
                    session = e.session
                    if let s = t.sessions.first(where: { $0.id == e.session }) {
                        out += "\n== session \(s.id)  \(Timestamp.format(s.start)) .. \(Timestamp.format(s.end))  "
                            + "\(s.requests) request\(s.requests == 1 ? "" : "s")  consent at start: \(s.consentAtStart)\n"
                    } else {
                        out += "\n== consent records outside any session\n"
                    }
                }
                let place = "\(e.source):\(e.line)"
                out += Timestamp.format(e.time) + "  " + place + String(repeating: " ", count: width - place.count) + "  " + e.what + "\n"
                if !e.addedFields.isEmpty {
                    out += indent + "added by the tagging server: " + e.addedFields.map(\.rawValue).joined(separator: ", ") + "\n"
                }
                if let state = e.consentNow { out += indent + "consent now: " + state + "\n" }
                for c in e.findings {
                    out += indent + (c.role == "first" ? "FINDING " : "evidence for ") + "\(c.rule) (\(c.reason)) \(c.id)\n"
                }
            }
            if !t.findings.isEmpty {
                out += "\nfindings:\n"
                for f in t.findings {
                    out += "  \(f.id)  \(f.rule) (\(f.reason), \(f.severity.rawValue))  \(f.source):\(f.line)  \(f.detail)\n"
                }
            }
        }
        return out
    }

    /// The JSON form: `{"query", "visitors": [{"visitor", "sessions", "entries", "findings"}]}`,
    /// keys sorted, findings as in `findings.jsonl`.
    public static func json(_ timelines: [VisitorTimeline], query: VisitorQuery) -> JSONOutput {
        .object([
            "query": .string(query.description),
            "visitors": .array(timelines.map { t in
                .object([
                    "visitor": .string(t.visitor),
                    "sessions": .array(t.sessions.map { s in
                        .object([
                            "session": .string(s.id), "start": .string(Timestamp.format(s.start)),
                            "end": .string(Timestamp.format(s.end)), "records": .int(s.records), "requests": .int(s.requests),
                            "consent_at_start": .string(s.consentAtStart),
                        ])
                    }),
                    "entries": .array(t.entries.map { e in
                        var object: [String: JSONOutput] = [
                            "time": .string(Timestamp.format(e.time)), "source": .string(e.source), "line": .int(e.line),
                            "kind": .string(e.kind), "session": .string(e.session), "what": .string(e.what),
                            "findings": .array(e.findings.map {
                                .object(["id": .string($0.id), "rule": .string($0.rule), "reason": .string($0.reason), "role": .string($0.role)])
                            }),
                        ]
                        if e.kind == "forward" { object["added_fields"] = .array(e.addedFields.map { .string($0.rawValue) }) }
                        if let state = e.consentNow { object["consent_now"] = .string(state) }
                        return .object(object)
                    }),
                    "findings": .array(t.findings.map { FindingsJSONL.object($0) }),
                ])
            }),
        ])
    }
}
