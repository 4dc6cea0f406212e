/// The CSV dialect of every CSV file the tool writes (`findings.csv`, `sessions.csv`,
/// `enrichment.csv`, `transfers.csv`).
///
/// - Quoting follows RFC 4180: a cell is put in double quotes when it holds a `,`, a `"`, a CR
///   or an LF, and each `"` inside is doubled. Other cells are written bare.
/// - Lines end with CRLF (`\r\n`), as RFC 4180 §2 says. Every consumer we feed (spreadsheets,
///   pandas, BigQuery and warehouse loaders, dashboard importers) reads CRLF, and choosing the
///   RFC's ending means a strict reader never sees a stray CR at the end of the last column.
///   A line break *inside* a cell is kept as it is, inside the quotes.
/// - Text cells are neutralised against spreadsheet formula injection (OWASP "CSV Injection"):
///   log fields are attacker-controlled (a cookie value, a user agent, a URL), and a cell that
///   starts with `=`, `+`, `-`, `@`, TAB or CR can be evaluated as a formula by Excel, LibreOffice
///   or Google Sheets. Such a cell gets a leading `'` (apostrophe), which those programs treat as
///   "this is text", before RFC 4180 quoting is applied. Only the first character matters, so
///   a cell like `a=b` is left alone. Numeric cells (`CSVCell.int`) are written from integers we
///   computed ourselves and are never neutralised; the tool writes only counts and line numbers
///   there, so a negative number (the one numeric form that starts with `-`) does not occur, and
///   if it did it would be a number, not a formula.
public enum CSVCell: Sendable, Equatable {
    /// Free text, possibly from the logs: neutralised, then quoted when needed.
    case text(String)
    /// A number we computed: written in decimal, never neutralised.
    case int(Int)

    /// The cell as it appears in the file.
    public var encoded: String {
        switch self {
        case .text(let s): CSVEncoding.quoted(CSVEncoding.neutralised(s))
        case .int(let n): String(n)
        }
    }
}

/// RFC 4180 quoting and formula neutralisation; see `CSVCell` for the reasons.
public enum CSVEncoding {
    /// The line ending of every row, the header included.
    public static let lineEnding = "\r\n"

    /// First characters that make a spreadsheet read a cell as a formula (OWASP CSV Injection).
    static let formulaPrefixes: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// `s` with a leading `'` when its first character could start a formula; otherwise `s`.
    public static func neutralised(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, formulaPrefixes.contains(first) else { return s }
        return "'" + s
    }

    /// `s` as an RFC 4180 field: in double quotes, inner quotes doubled, when it holds `,` `"`
    /// CR or LF; otherwise unchanged.
    public static func quoted(_ s: String) -> String {
        let needsQuotes = s.utf8.contains { byte in
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
        }
        guard needsQuotes else { return s }
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            if scalar == "\"" { out += "\"\"" } else { out.unicodeScalars.append(scalar) }
        }
        out += "\""
        return out
    }

    /// One row: the cells joined with `,`, ended by `lineEnding`.
    public static func row(_ cells: [CSVCell]) -> String {
        cells.map(\.encoded).joined(separator: ",") + lineEnding
    }

    /// The header row. Column names are ours (never from the logs), but go through the same
    /// encoding so a row and its header can never disagree.
    public static func header(_ names: [String]) -> String {
        row(names.map { .text($0) })
    }
}
