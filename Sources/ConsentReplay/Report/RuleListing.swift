/// What `consent-replay rules` and `consent-replay explain RULE_ID` print, built from the rules'
/// self-descriptions (`RuleCatalogue`). Here, not in the executable, so tests can call it.
public enum RuleListing {
    /// Width the prose of `explanation(of:)` is wrapped to (examples are never wrapped).
    public static let width = 100

    /// `consent-replay rules`: a header, then one line per rule sorted by id, with aligned
    /// columns `RULE`, `SEVERITY` (the default; the config can override it) and `SUMMARY`.
    public static func table(_ rules: [RuleDescription] = RuleCatalogue.all) -> String {
        let rows = sorted(rules).map { [$0.id, $0.defaultSeverity.rawValue, $0.summary] }
        return alignedTable([["RULE", "SEVERITY", "SUMMARY"]] + rows)
    }

    /// `consent-replay rules --json`: an array sorted by id of
    /// `{id, name, severity, summary, reasons: [{id, meaning}]}` (keys sorted when serialised).
    public static func json(_ rules: [RuleDescription] = RuleCatalogue.all) -> JSONOutput {
        .array(sorted(rules).map { rule in
            .object([
                "id": .string(rule.id),
                "name": .string(rule.name),
                "severity": .string(rule.defaultSeverity.rawValue),
                "summary": .string(rule.summary),
                "reasons": .array(rule.reasons.map { .object(["id": .string($0.id), "meaning": .string($0.meaning)]) }),
            ])
        })
    }

    /// `consent-replay explain RULE_ID`: name and id, default severity, summary, rationale, legal
    /// hook, reasons, then the triggering examples (title, each file with numbered lines, the
    /// expected findings) and the non-triggering ones. Example sections are left out while a
    /// rule has none.
    public static func explanation(of rule: RuleDescription) -> String {
        var out = "\(rule.name) (\(rule.id))\n"
        out += "Default severity: \(rule.defaultSeverity.rawValue)\n"
        section("Summary", rule.summary, into: &out)
        section("Rationale", rule.rationale, into: &out)
        section("Legal hook", rule.legalHook, into: &out)
        if !rule.reasons.isEmpty {
            out += "\nReasons\n"
            // `  id  meaning`, the meanings aligned and wrapped under themselves.
            let idWidth = rule.reasons.map(\.id.count).max() ?? 0
            let hanging = String(repeating: " ", count: 2 + idWidth + 2)
            for reason in rule.reasons {
                let lines = wrap(reason.meaning, width: width, indent: hanging)
                let head = "  " + reason.id + String(repeating: " ", count: idWidth - reason.id.count + 2)
                for (i, line) in lines.enumerated() {
                    out += (i == 0 ? trimmingTrailingSpaces(head + line.dropFirst(hanging.count)) : line) + "\n"
                }
            }
        }
        examples("Triggering examples", rule.triggeringExamples, triggering: true, into: &out)
        examples("Non-triggering examples", rule.nonTriggeringExamples, triggering: false, into: &out)
        return out
    }

    /// The message for an id that is not a rule: the valid ids, and the closest one when the
    /// id looks like a typo of it.
    public static func unknownRuleMessage(_ id: String, rules: [RuleDescription] = RuleCatalogue.all) -> String {
        let ids = sorted(rules).map(\.id)
        var message = "unknown rule `\(id)`"
        if let suggestion = closest(to: id, in: ids) { message += " (did you mean `\(suggestion)`?)" }
        return message + "; valid rule ids: " + ids.joined(separator: ", ")
    }

    // MARK: - Pieces

    private static func sorted(_ rules: [RuleDescription]) -> [RuleDescription] {
        rules.sorted { Array($0.id.utf8).lexicographicallyPrecedes(Array($1.id.utf8)) }
    }

    /// Rows with every column but the last padded to its widest cell, two spaces apart.
    static func alignedTable(_ rows: [[String]], indent: String = "") -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        var out = ""
        for row in rows {
            var line = indent
            for (i, cell) in row.enumerated() {
                line += cell
                if i < row.count - 1 { line += String(repeating: " ", count: widths[i] - cell.count + 2) }
            }
            out += trimmingTrailingSpaces(line) + "\n"
        }
        return out
    }

    private static func section(_ title: String, _ text: String, into out: inout String) {
        out += "\n\(title)\n"
        for line in wrap(text, width: width, indent: "  ") { out += line + "\n" }
    }

    private static func examples(_ title: String, _ examples: [RuleExample], triggering: Bool, into out: inout String) {
        guard !examples.isEmpty else { return }
        out += "\n\(title)\n"
        for (n, example) in examples.enumerated() {
            if n > 0 { out += "\n" }
            out += "  \(n + 1). \(example.title)\n"
            if let config = example.config {
                out += "     configuration (--config):\n"
                out += numbered(lines(config))
            }
            for file in example.files {
                out += "     \(file.name):\n"
                out += numbered(lines(file.text))
            }
            if triggering {
                out += "     expected findings:\n"
                if example.expected.isEmpty { out += "       (none listed)\n" }
                for expected in example.expected { out += "       - \(expected)\n" }
            } else {
                out += "     expected: no finding of this rule\n"
            }
        }
    }

    /// The lines of a text; a final newline does not make an extra empty line.
    private static func lines(_ text: String) -> [Substring] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// `       1 | text`: 1-based line numbers right-aligned, the text as it is.
    private static func numbered(_ lines: [Substring]) -> String {
        let digits = String(lines.count).count
        var out = ""
        for (i, line) in lines.enumerated() {
            let number = String(i + 1)
            let prefix = "       " + String(repeating: " ", count: digits - number.count) + number + " |"
            out += line.isEmpty ? prefix + "\n" : prefix + " " + line + "\n"
        }
        return out
    }

    /// `text` broken into lines of at most `width` characters (a longer word gets a line of its
    /// own), each starting with `indent`. Explicit newlines in `text` are kept.
    static func wrap(_ text: String, width: Int, indent: String) -> [String] {
        var out: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = indent
            var empty = true
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                if !empty && line.count + 1 + word.count > width {
                    out.append(line)
                    line = indent
                    empty = true
                }
                line += (empty ? "" : " ") + word
                empty = false
            }
            out.append(empty ? "" : line)
        }
        return out
    }

    private static func trimmingTrailingSpaces(_ s: String) -> String {
        var s = Substring(s)
        while s.last == " " { s.removeLast() }
        return String(s)
    }

    /// The id nearest to `id` (case-insensitive edit distance at most a third of its length, or
    /// a prefix / containment match), if exactly one is nearest.
    static func closest(to id: String, in ids: [String]) -> String? {
        let wanted = id.lowercased()
        guard !wanted.isEmpty else { return nil }
        let containing = ids.filter { $0.contains(wanted) || wanted.contains($0) }
        if containing.count == 1 { return containing[0] }
        let scored = ids.map { (id: $0, distance: editDistance(Array(wanted.utf8), Array($0.utf8))) }
        guard let best = scored.map(\.distance).min(), best <= max(2, wanted.utf8.count / 3) else { return nil }
        let nearest = scored.filter { $0.distance == best }
        return nearest.count == 1 ? nearest[0].id : nil
    }

    /// Levenshtein distance over bytes.
    private static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
