/// Consent logs exported as CSV: a header row naming the columns (matched by name, see
/// `ConsentField`), then one consent event per row. The delimiter (`,` `;` `|` tab) is sniffed.
///
/// Layout, e.g. Cookiebot's consent log:
/// `DATE-TIME;CONSENT-ID;CONSENT-URL;CONSENT-PREFERENCES;CONSENT-STATISTICS;CONSENT-MARKETING;…`
/// A row with more or fewer fields than the header is rejected (`field-count`), as is one whose
/// quoting is broken (`unterminated-quote`, `text-after-quote`) or whose time cannot be read
/// (`bad-time`). A row without a time is kept (it still is — weak — evidence) and counted.
public struct ConsentCSVFormat: RecordFormat {
    public let delimiter: UInt8
    /// Field of each column (nil: not used).
    public let columns: [ConsentField?]
    public let headerNames: [String]
    public var id: String { "consent-csv" }
    public var kind: InputKind { .consent }
    public var layout: String {
        let d = delimiter == ASCII.tab ? "tab" : String(UnicodeScalar(delimiter))
        let mapped = zip(headerNames, columns).map { name, field in field.map { "\(name)→\($0.rawValue)" } ?? "\(name)→(unused)" }
        return "CSV delimited by \(d): " + mapped.joined(separator: ", ")
    }

    public func process(_ chunk: Chunk, directive: [UInt8]?, context: ParseContext) -> ChunkTally {
        let splitter = CSVFields(delimiter: delimiter)
        return LineLoop.run(chunk, context: context) { line, number, tally in
            if number == 1 { return .skipped(SkipReason("header")) }
            if line.allSatisfy({ $0 == ASCII.space || $0 == ASCII.tab }) { return .skipped(.blank) }
            let fields: [[UInt8]]
            switch splitter.split(line: line) {
            case .failure(.unterminatedQuote): return .rejected(.unterminatedQuote)
            case .failure(.textAfterQuote): return .rejected(RejectReason("text-after-quote"))
            case .success(let f): fields = f
            }
            guard fields.count == columns.count else { return .rejected(.fieldCount) }
            var record = ConsentRecord()
            record.line = number
            var values = ConsentFieldValues()
            for (field, value) in zip(columns, fields) {
                guard let field else { continue }
                let text = String(decoding: value, as: UTF8.self).trimmingSpaces()
                if !text.isEmpty && text != "-" { values[field] = text }
            }
            if let reason = ConsentRecordBuilder.fill(&record, values, tables: context.purposeTables) { return .rejected(reason) }
            tally.accept(record, line: line, number: number, context: context)
            return .record
        }
    }
}

/// Turns named values of a consent record (from CSV columns or JSON keys) into a record.
enum ConsentRecordBuilder {
    /// Fills `record`; returns a reason when a present value cannot be read.
    static func fill(_ record: inout ConsentRecord, _ values: ConsentFieldValues, tables: PurposeTables) -> RejectReason? {
        if let t = values[.time] {
            guard let ms = ConsentValues.time(t) else { return .badTime }
            record.time = ms
        }
        record.consentID = values[.consentID]
        record.url = values[.url]
        record.ip = values[.ip]
        record.userAgent = values[.userAgent]
        record.country = values[.country]
        record.bannerVersion = values[.bannerVersion]
        record.tcString = values[.tcString]
        record.visitorID = values[.visitorID]
        if let m = values[.method] { record.method = ConsentValues.method(m) }
        if let a = values[.action] { record.action = ConsentValues.action(a) }
        let purposes: [(ConsentField, Purpose)] = [(.necessary, .necessary), (.preferences, .preferences), (.statistics, .statistics), (.marketing, .marketing)]
        for (field, purpose) in purposes {
            if let v = values[field], let c = ConsentValues.choice(v) { record.choices.combine(purpose, c) }
        }
        // A bare accept/reject with no per-purpose columns states every optional purpose.
        if record.choices.isEmpty, let action = record.action, action == .accept || action == .reject || action == .withdraw {
            for p in [Purpose.preferences, .statistics, .marketing] { record.choices[p] = action == .accept ? .granted : .denied }
            record.choices.necessary = .granted
        }
        return nil
    }
}

/// Recognises consent-log CSV by its header: a time or consent-id column and at least one
/// choice column.
public struct ConsentCSVSniffer: FormatSniffer {
    public let name = "consent records CSV (Cookiebot, CookieYes, Complianz, WordPress plugins, generic)"
    public let kind = InputKind.consent
    public let columnMap: [String: String]

    public init(columnMap: [String: String] = [:]) { self.columnMap = columnMap }

    public func sniff(_ sample: SniffSample) -> SniffMatch? {
        let lines = sample.contentLines
        guard var header = lines.first, let delimiter = CSVFields.sniffDelimiter(lines) else { return nil }
        if header.starts(with: [0xEF, 0xBB, 0xBF]) { header.removeFirst(3) } // UTF-8 BOM
        guard case .success(let names) = header.withUnsafeBufferPointer({ CSVFields(delimiter: delimiter).split(line: $0) }) else { return nil }
        let headerNames = names.map { String(decoding: $0, as: UTF8.self).trimmingSpaces() }
        var columns = headerNames.map { ConsentField.field(forHeader: $0, columnMap: columnMap) }
        // A field named twice: the first column keeps it.
        var seen = Set<ConsentField>()
        for i in columns.indices { if let f = columns[i], !seen.insert(f).inserted { columns[i] = nil } }
        let choiceFields: Set<ConsentField> = [.necessary, .preferences, .statistics, .marketing, .action, .tcString]
        guard seen.contains(.time) || seen.contains(.consentID), !seen.isDisjoint(with: choiceFields) else { return nil }
        let format = ConsentCSVFormat(delimiter: delimiter, columns: columns, headerNames: headerNames)
        let rows = lines.dropFirst()
        let good = rows.filter { row in
            if case .success(let f) = row.withUnsafeBufferPointer({ CSVFields(delimiter: delimiter).split(line: $0) }) { return f.count == columns.count }
            return false
        }.count
        let share = rows.isEmpty ? 1 : Double(good + 1) / Double(rows.count + 1)
        return SniffMatch(format: format, share: share, specificity: 40 + seen.count)
    }
}
