import CByteScan

/// Building output lines as UTF-8 bytes: the report writers append text, JSON strings and CSV
/// cells straight into a byte buffer instead of concatenating `String`s (a night's findings
/// are hundreds of thousands of lines). Each function writes exactly the bytes of its `String`
/// counterpart (`JSONOutput.quote`, `CSVCell.encoded`, `Timestamp.format`).
extension Array where Element == UInt8 {
    /// Appends the UTF-8 bytes of `text`.
    @inline(__always)
    mutating func appendText(_ text: String) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// Appends `value` in decimal.
    mutating func appendDecimal(_ value: Int) {
        if value < 0 {
            append(UInt8(ascii: "-"))
            // The magnitude of Int.min does not fit an Int: go through UInt.
            appendDecimal(magnitude: value.magnitude)
        } else {
            appendDecimal(magnitude: UInt(value))
        }
    }

    private mutating func appendDecimal(magnitude: UInt) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: enough for 20 digits
        var v = magnitude, n = 0
        Swift.withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[23 - n] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                n += 1
            } while v > 0
            append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[(24 - n)...]))
        }
    }

    /// Appends `value` in decimal, left-padded with zeros to `width` digits.
    mutating func appendPadded(_ value: Int, width: Int) {
        var digits = 1, v = value
        while v >= 10 { v /= 10; digits += 1 }
        for _ in digits..<Swift.max(digits, width) { append(UInt8(ascii: "0")) }
        appendDecimal(value)
    }

    /// Appends `text` as a JSON string (RFC 8259 §7), as `JSONOutput.quote` writes it: quote,
    /// backslash, LF, CR and TAB escaped by name, other control characters and DEL as `\u00XX`
    /// (lower-case hex); every other byte, multi-byte UTF-8 included, as it is.
    mutating func appendJSONString(_ text: String) {
        append(UInt8(ascii: "\""))
        text.withUTF8Buffer { bytes in
            guard let base = bytes.baseAddress else { return }
            let n = bytes.count
            var copied = 0, i = 0
            while i < n {
                // Sixteen bytes at a time to the next byte that needs escaping.
                i = cbs_json_escape_stop(base, i, n)
                guard i < n else { break }
                let b = base[i]
                i += 1
                append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<(i - 1)]))
                copied = i
                append(UInt8(ascii: "\\"))
                switch b {
                case 0x22: append(0x22)
                case 0x5C: append(0x5C)
                case 0x0A: append(UInt8(ascii: "n"))
                case 0x0D: append(UInt8(ascii: "r"))
                case 0x09: append(UInt8(ascii: "t"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 0xF)]])
                }
            }
            append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
        }
        append(UInt8(ascii: "\""))
    }

    /// Appends a CSV text cell as `CSVCell.text(text).encoded` writes it: a leading `'` when the
    /// first character could start a formula, then RFC 4180 quoting when the cell holds `,`,
    /// `"`, CR or LF.
    mutating func appendCSVText(_ text: String) {
        text.withUTF8Buffer { appendCSVText(bytes: $0) }
    }

    /// `appendCSVText` of UTF-8 bytes. Whether quotes are needed is found eight bytes at a
    /// time; quoted text is copied in runs between its `"`s (each doubled).
    mutating func appendCSVText(bytes: UnsafeBufferPointer<UInt8>) {
        let neutralise: Bool
        switch bytes.first {
        case UInt8(ascii: "=")?, UInt8(ascii: "+")?, UInt8(ascii: "-")?, UInt8(ascii: "@")?, 0x09?, 0x0D?: neutralise = true
        default: neutralise = false
        }
        let needsQuotes = Self.needsCSVQuotes(bytes)
        if needsQuotes { append(UInt8(ascii: "\"")) }
        if neutralise { append(UInt8(ascii: "'")) }
        guard needsQuotes else {
            append(contentsOf: bytes)
            return
        }
        var start = 0
        while let quote = bytes.firstIndex(of: UInt8(ascii: "\""), in: start..<bytes.count) {
            append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...quote]))
            append(UInt8(ascii: "\""))
            start = quote + 1
        }
        append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        append(UInt8(ascii: "\""))
    }

    /// Whether `bytes` hold `,`, `"`, CR or LF (RFC 4180: the cell must be quoted).
    static func needsCSVQuotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let n = bytes.count
        var i = 0
        while i + 8 <= n {
            // A word flags a byte only when one of them is there.
            let w = JSONScan.loadWord(base, i)
            let hits = JSONScan.bytesEqual(w, UInt8(ascii: ",")) | JSONScan.bytesEqual(w, UInt8(ascii: "\""))
                | JSONScan.bytesEqual(w, 0x0D) | JSONScan.bytesEqual(w, 0x0A)
            if hits != 0 { return true }
            i += 8
        }
        while i < n {
            let b = base[i]
            if b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 0x0D || b == 0x0A { return true }
            i += 1
        }
        return false
    }

    /// A CSV row's cells in order, each followed by `,` (the last cell is written without).
    /// Inlined, so that the list of cells is not allocated.
    @inline(__always)
    mutating func appendCSVCells(_ texts: String...) {
        for text in texts {
            appendCSVText(text)
            append(UInt8(ascii: ","))
        }
    }

    /// Timestamp cells (`appendCSVTimestamp`), each followed by `,`.
    @inline(__always)
    mutating func appendCSVCells(timestamps: Int64...) {
        for ms in timestamps {
            appendCSVTimestamp(ms)
            append(UInt8(ascii: ","))
        }
    }

    /// Number cells, each followed by `,`.
    @inline(__always)
    mutating func appendCSVCells(numbers: Int...) {
        for value in numbers {
            appendDecimal(value)
            append(UInt8(ascii: ","))
        }
    }

    /// `appendCSVText(Timestamp.format(ms))`: a timestamp of years 0–9999 starts with a digit
    /// and holds no `,` or `"`, so it is written as it is.
    mutating func appendCSVTimestamp(_ ms: Int64) {
        let year = UTCFields(ms: ms).year
        if year >= 0 && year <= 9999 { appendTimestamp(ms) } else { appendCSVText(Timestamp.format(ms)) }
    }

    /// Appends one CSV cell (`CSVCell.encoded`).
    mutating func appendCSVCell(_ cell: CSVCell) {
        switch cell {
        case .text(let s): appendCSVText(s)
        case .int(let n): appendDecimal(n)
        }
    }

    /// Appends one CSV row (`CSVEncoding.row`): cells joined with `,`, ended by CRLF.
    mutating func appendCSVRow(_ cells: [CSVCell]) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { append(UInt8(ascii: ",")) }
            appendCSVCell(cell)
        }
        append(0x0D)
        append(0x0A)
    }

    /// Appends `Timestamp.format(ms)`: ISO-8601 UTC with milliseconds.
    mutating func appendTimestamp(_ ms: Int64) {
        let t = UTCFields(ms: ms)
        guard t.year >= 0 && t.year <= 9999 else {
            appendText(Timestamp.format(ms))
            return
        }
        // `YYYY-MM-DDTHH:MM:SS.mmmZ`, 24 bytes built on the stack and appended at once (every
        // finding and evidence entry carries one or two).
        var text: (UInt64, UInt64, UInt64) = (0, 0, 0)
        Swift.withUnsafeMutableBytes(of: &text) { raw in
            func digits(_ value: Int, _ at: Int, _ width: Int) {
                var v = value
                for k in stride(from: at + width - 1, through: at, by: -1) {
                    raw[k] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
            }
            digits(t.year, 0, 4)
            raw[4] = UInt8(ascii: "-")
            digits(t.month, 5, 2)
            raw[7] = UInt8(ascii: "-")
            digits(t.day, 8, 2)
            raw[10] = UInt8(ascii: "T")
            digits(t.secondOfDay / 3600, 11, 2)
            raw[13] = UInt8(ascii: ":")
            digits(t.secondOfDay / 60 % 60, 14, 2)
            raw[16] = UInt8(ascii: ":")
            digits(t.secondOfDay % 60, 17, 2)
            raw[19] = UInt8(ascii: ".")
            digits(t.millis, 20, 3)
            raw[23] = UInt8(ascii: "Z")
            append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[0..<24]))
        }
    }
}

/// Writes one line (or row) per element through a byte buffer handed to the writer a megabyte
/// at a time.
enum OutputLines {
    static func write<Element>(_ elements: [Element], to writer: AtomicFile.Writer,
                               _ line: (Element, inout [UInt8]) -> Void) throws(AtomicFile.WriteError) {
        let flushSize = 1 << 20
        var bytes: [UInt8] = []
        bytes.reserveCapacity(flushSize + (1 << 16))
        for i in elements.indices {
            line(elements[i], &bytes)
            guard bytes.count >= flushSize else { continue }
            try writer.append(bytes)
            bytes.removeAll(keepingCapacity: true)
        }
        try writer.append(bytes)
    }
}
