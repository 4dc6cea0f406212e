/// Consent logs as JSON: one object per line, or a JSON array of objects. Keys are matched by
/// name like CSV headers (`ConsentField`), plus the nested forms of:
/// - Didomi consent events: `{"id", "created_at", "user": {"id", "country"},
///   "consents": {"purposes": [{"id": "analytics", "enabled": true}, …]}}` — purpose ids are
///   Didomi's TCF purpose names (`cookies`, `select_basic_ads`, `measure_content_performance`…,
///   mapped through the TCF table) or custom ids (mapped through the category table);
/// - orestbida cookieconsent consent logging: `{"consentId", "acceptType": "all"|"necessary"|
///   "custom", "acceptedCategories": […], "rejectedCategories": […], "consentTimestamp"}`;
/// - a `purposes` / `consent` / `categories` object of booleans (`{"analytics": true}`).
public struct ConsentJSONFormat: RecordFormat {
    public let columnMap: [String: String]
    public var id: String { "consent-json" }
    public var kind: InputKind { .consent }
    public var layout: String { "JSON consent records (generic keys, Didomi, orestbida cookieconsent)" }

    public init(columnMap: [String: String] = [:]) { self.columnMap = columnMap }

    public func process(_ chunk: Chunk, directive: [UInt8]?, context: ParseContext) -> ChunkTally {
        var tape = JSONTape()
        let columnMap = self.columnMap
        return LineLoop.run(chunk, context: context) { line, number, tally in
            if line.allSatisfy({ $0 == ASCII.space || $0 == ASCII.tab || $0 == ASCII.cr || $0 == ASCII.lf }) { return .skipped(.blank) }
            do { try tape.parse(line) } catch { return .rejected(.invalidJSON) }
            var record = ConsentRecord()
            record.line = number
            var verdict = LineVerdict.rejected(.notAnObject)
            tape.withDocument(line) { doc in
                guard let root = doc.root, root.kind == .object else { return }
                verdict = ConsentJSONReader.read(doc, root, tables: context.purposeTables, columnMap: columnMap, into: &record)
            }
            guard verdict == .record else { return verdict }
            tally.accept(record, line: line, number: number, context: context)
            return .record
        }
    }
}

/// Reads one consent object.
enum ConsentJSONReader {
    /// Didomi's names of the TCF purposes.
    static let didomiTCFPurposes: [String: Int] = [
        "cookies": 1, "select_basic_ads": 2, "create_ads_profile": 3, "select_personalized_ads": 4,
        "create_content_profile": 5, "select_personalized_content": 6, "measure_ad_performance": 7,
        "measure_content_performance": 8, "market_research": 9, "improve_products": 10,
        "use_limited_data_to_select_content": 11,
    ]

    static func read(_ doc: borrowing JSONDocument, _ root: JSONNode, tables: PurposeTables, columnMap: [String: String], into record: inout ConsentRecord) -> LineVerdict {
        var values = ConsentFieldValues()
        var choices = PurposeChoices()
        for (keyNode, value) in doc.members(of: root) {
            guard let key = doc.string(keyNode) else { continue }
            let normalised = ConsentField.normalise(key)
            switch normalised {
            case "consents":
                if value.kind == .object, let purposes = doc.member(of: value, key: "purposes"), purposes.kind == .array {
                    for item in doc.elements(of: purposes) where item.kind == .object {
                        guard let idNode = doc.member(of: item, key: "id"), let id = doc.string(idNode),
                              let enabledNode = doc.member(of: item, key: "enabled"), let enabled = doc.bool(enabledNode) else { continue }
                        apply(purposeName: id, enabled ? .granted : .denied, tables: tables, into: &choices)
                    }
                }
                continue
            case "acceptedcategories", "rejectedcategories":
                guard value.kind == .array else { continue }
                let choice: PurposeChoice = normalised == "acceptedcategories" ? .granted : .denied
                for item in doc.elements(of: value) { if let name = doc.string(item) { apply(purposeName: name, choice, tables: tables, into: &choices) } }
                continue
            case "user":
                if value.kind == .object {
                    if let id = doc.member(of: value, key: "id"), let text = scalarText(doc, id) { values[.visitorID] = text }
                    if let c = doc.member(of: value, key: "country"), let text = scalarText(doc, c) { values[.country] = text }
                }
                continue
            case "purposes", "consent", "categories", "choices":
                if value.kind == .object {
                    for (k, v) in doc.members(of: value) {
                        guard let name = doc.string(k) else { continue }
                        let choice: PurposeChoice?
                        if let b = doc.bool(v) { choice = b ? .granted : .denied } else { choice = scalarText(doc, v).flatMap(ConsentValues.choice) }
                        if let choice { apply(purposeName: name, choice, tables: tables, into: &choices) }
                    }
                    continue
                }
                if value.kind == .array, normalised == "categories" {
                    for item in doc.elements(of: value) { if let name = doc.string(item) { apply(purposeName: name, .granted, tables: tables, into: &choices) } }
                    continue
                }
            default:
                break
            }
            guard let field = ConsentField.field(forHeader: key, columnMap: columnMap), values[field] == nil,
                  let text = scalarText(doc, value), !text.isEmpty else { continue }
            values[field] = text
        }
        if let reason = ConsentRecordBuilder.fill(&record, values, tables: tables) { return .rejected(reason) }
        for p in Purpose.allCases { if let c = choices[p] { record.choices.combine(p, c) } }
        guard record.time != nil || record.consentID != nil, !(record.choices.isEmpty && record.action == nil && record.tcString == nil) else {
            return .rejected(RejectReason("not-a-consent-record"))
        }
        return .record
    }

    /// A category, TCF purpose or service name → purpose.
    static func apply(purposeName name: String, _ choice: PurposeChoice, tables: PurposeTables, into choices: inout PurposeChoices) {
        let lower = name.lowercased()
        if let tcf = didomiTCFPurposes[lower] {
            for p in tables.tcfPurposes[tcf] ?? [] { choices.combine(p, choice) }
        } else if let p = tables.categories[lower] ?? tables.services[lower] {
            choices.combine(p, choice)
        } else if let p = Purpose(rawValue: lower) {
            choices.combine(p, choice)
        }
    }

    static func scalarText(_ doc: borrowing JSONDocument, _ node: JSONNode) -> String? {
        switch node.kind {
        case .string: return doc.string(node)
        case .number: return doc.int64(node).map(String.init) ?? doc.double(node).map { String($0) }
        case .true: return "true"
        case .false: return "false"
        default: return nil
        }
    }
}

/// Recognises JSON consent records by their keys.
public struct ConsentJSONSniffer: FormatSniffer {
    public let name = "consent records JSON (lines or array; Didomi, orestbida cookieconsent, generic)"
    public let kind = InputKind.consent
    public let columnMap: [String: String]

    public init(columnMap: [String: String] = [:]) { self.columnMap = columnMap }

    public func sniff(_ sample: SniffSample) -> SniffMatch? {
        let lines = sample.contentLines
        guard let first = lines.first, first.first(where: { $0 != ASCII.space && $0 != ASCII.tab }) == ASCII.openBrace else { return nil }
        let format = ConsentJSONFormat(columnMap: columnMap)
        var tape = JSONTape()
        var good = 0
        for line in lines {
            let ok: Bool = line.withUnsafeBufferPointer { buf in
                guard (try? tape.parse(buf)) != nil else { return false }
                var record = ConsentRecord()
                var verdict = LineVerdict.rejected(.notAnObject)
                tape.withDocument(buf) { doc in
                    guard let root = doc.root, root.kind == .object else { return }
                    // An access log line also has a time: require consent vocabulary.
                    verdict = ConsentJSONReader.read(doc, root, tables: .defaults, columnMap: columnMap, into: &record)
                }
                return verdict == .record
            }
            if ok { good += 1 }
        }
        guard good > 0 else { return nil }
        return SniffMatch(format: format, share: Double(good) / Double(lines.count), specificity: 35)
    }
}
