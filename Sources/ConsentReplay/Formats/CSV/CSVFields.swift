/// RFC 4180 fields: separated by a delimiter; a field in double quotes may hold the delimiter,
/// line breaks and `""` for a quote. Fields are handed out as decoded `[UInt8]`.
///
/// Two ways in: `split(line:)` for one physical line (the log pipeline reads line by line; a
/// quoted field cut by the line end is reported), and `records(in:)` for a whole small file,
/// where quoted fields may span lines.
public struct CSVFields: Sendable {
    public let delimiter: UInt8

    public init(delimiter: UInt8) { self.delimiter = delimiter }

    /// Problems with a line's quoting.
    public enum Problem: Error, Equatable, Sendable {
        /// A quoted field was not closed before the end of the line.
        case unterminatedQuote
        /// Text follows a closing quote before the next delimiter (`"a"b`).
        case textAfterQuote
    }

    /// The fields of one line.
    public func split(line: UnsafeBufferPointer<UInt8>) -> Result<[[UInt8]], Problem> {
        var fields: [[UInt8]] = []
        var i = 0
        let n = line.count
        while true {
            var field: [UInt8] = []
            if i < n, line[i] == ASCII.quote {
                i += 1
                var closed = false
                while i < n {
                    // The text up to the next quote goes in at once.
                    let quote = line.firstIndex(of: ASCII.quote, from: i) ?? n
                    field.append(contentsOf: UnsafeBufferPointer(rebasing: line[i..<quote]))
                    i = quote
                    guard i < n else { break }
                    if i + 1 < n, line[i + 1] == ASCII.quote {
                        field.append(ASCII.quote)
                        i += 2
                        continue
                    }
                    closed = true
                    i += 1
                    break
                }
                guard closed else { return .failure(.unterminatedQuote) }
                if i < n, line[i] != delimiter { return .failure(.textAfterQuote) }
            } else {
                let end = line.firstIndex(of: delimiter, from: i) ?? n
                field.append(contentsOf: UnsafeBufferPointer(rebasing: line[i..<end]))
                i = end
            }
            fields.append(field)
            if i >= n { break }
            i += 1 // the delimiter
            if i == n { fields.append([]); break }
        }
        return .success(fields)
    }

    /// Every record of a whole file (quoted fields may span lines), with the 1-based line each
    /// record starts on. CRLF and LF line ends; a last record without a line end counts.
    public func records(in bytes: [UInt8]) -> [(line: Int, fields: [[UInt8]])] {
        var records: [(Int, [[UInt8]])] = []
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var inQuotes = false
        var line = 1, recordLine = 1
        var i = 0
        var fieldStarted = false
        func endField() { fields.append(field); field = []; fieldStarted = false }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == ASCII.quote {
                    if i + 1 < bytes.count, bytes[i + 1] == ASCII.quote { field.append(ASCII.quote); i += 2; continue }
                    inQuotes = false
                } else {
                    if b == ASCII.lf { line += 1 }
                    field.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case ASCII.quote where !fieldStarted:
                inQuotes = true
                fieldStarted = true
            case delimiter:
                endField()
            case ASCII.cr where i + 1 < bytes.count && bytes[i + 1] == ASCII.lf:
                break
            case ASCII.lf:
                endField()
                if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
                fields = []
                line += 1
                recordLine = line
            default:
                field.append(b)
                fieldStarted = true
            }
            i += 1
        }
        if fieldStarted || !field.isEmpty || !fields.isEmpty {
            endField()
            records.append((recordLine, fields))
        }
        return records
    }

    /// The delimiter of a CSV sample: the candidate (`,` `;` `|` tab) that splits the first
    /// lines into the same number (> 1) of fields most consistently; ties by that order.
    public static func sniffDelimiter(_ lines: [[UInt8]]) -> UInt8? {
        let candidates: [UInt8] = [ASCII.comma, ASCII.semicolon, UInt8(ascii: "|"), ASCII.tab]
        var best: (delimiter: UInt8, score: Int)?
        for d in candidates {
            let splitter = CSVFields(delimiter: d)
            var counts: [Int] = []
            for line in lines.prefix(20) {
                let result = line.withUnsafeBufferPointer { splitter.split(line: $0) }
                if case .success(let f) = result { counts.append(f.count) }
            }
            guard let header = counts.first, header > 1 else { continue }
            let score = counts.filter { $0 == header }.count * 100 + header
            if best == nil || score > (best?.score ?? 0) { best = (d, score) }
        }
        return best?.delimiter
    }
}
