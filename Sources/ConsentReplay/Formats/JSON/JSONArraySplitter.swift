// JSONArraySplitter: cuts one top-level JSON array, arriving in chunks, into its elements.
//
// Made for `gcloud logging read --format=json`, which prints one pretty-printed array of log
// entries spread over many lines and possibly hundreds of MB. The splitter does not parse the
// elements; it only tracks enough to find where each one ends:
//
//     state           what the next byte means
//     beforeArray     whitespace (and a UTF-8 byte-order mark at offset 0), then `[`
//     afterOpen       whitespace, then `]` (empty array) or the first element
//     afterComma      whitespace, then an element (`]` here would be a trailing comma)
//     inContainer     inside an object/array element; `depth` open brackets, `"` enters a string
//     inString        inside a string; `\` escapes the next byte, `"` leaves the string
//     inStringEscape  the previous chunk ended on a backslash inside a string
//     inScalar        inside a number/true/false/null element; any other byte ends it
//     afterElement    whitespace, then `,` or `]`
//     done            only whitespace may follow
//
// Every state survives a chunk boundary, so a boundary may fall anywhere, even between a
// backslash and the byte it escapes. Line numbers count every LF seen so far.
//
// An element that lies entirely inside one chunk is handed out as a slice of that chunk (no
// copy). One that spans chunks is collected in `pending`, which keeps its capacity, so memory
// is bounded by the largest element, not by the input.

/// One complete top-level element of a JSON array, as handed to the `body` of
/// ``JSONArraySplitter/feed(_:_:)``.
public struct JSONArrayElement {
    /// The element's bytes, from its first to its last byte. Valid only during the callback.
    public let bytes: UnsafeBufferPointer<UInt8>
    /// 1-based line number of the element's first byte.
    public let line: Int
    /// 0-based byte offset of the element's first byte in the whole input.
    public let offset: Int
}

/// A JSON array stream that cannot be split into elements.
public struct JSONArraySplitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the stream.
    public enum Reason: Sendable, Equatable {
        /// The input is empty or only whitespace.
        case emptyInput
        /// The first non-whitespace byte is not `[`.
        case notAnArray(found: UInt8)
        /// Something other than `,` or `]` follows an element.
        case unexpectedByteAfterElement(UInt8)
        /// A byte that cannot start a JSON value where an element should start.
        case invalidElementStart(UInt8)
        /// `]` right after `,`.
        case trailingComma
        /// Something other than whitespace after the closing `]`.
        case trailingData
        /// The input ends inside an element; `line` is where that element starts.
        case truncatedElement
        /// The input ends between elements, before the closing `]`.
        case missingClosingBracket
    }

    /// 1-based line: for ``Reason/truncatedElement`` where the unfinished element starts,
    /// otherwise where the problem was found.
    public var line: Int
    /// 0-based byte offset in the whole input matching `line`.
    public var offset: Int
    /// What is wrong.
    public var reason: Reason

    /// Creates an error at a line and byte offset.
    public init(_ reason: Reason, line: Int, offset: Int) {
        self.reason = reason
        self.line = line
        self.offset = offset
    }

    public var description: String {
        switch reason {
        case .emptyInput:
            return "empty input, expected a JSON array"
        case .notAnArray(let found):
            return "line \(line): expected '[' to start a JSON array, found \(JSONSyntaxError.show(found))"
        case .unexpectedByteAfterElement(let found):
            return "line \(line): unexpected \(JSONSyntaxError.show(found)) after an array element, expected ',' or ']'"
        case .invalidElementStart(let found):
            return "line \(line): unexpected \(JSONSyntaxError.show(found)) where an array element should start"
        case .trailingComma:
            return "line \(line): ']' after ',' (trailing comma)"
        case .trailingData:
            return "line \(line): trailing data after the closing ']'"
        case .truncatedElement:
            return "line \(line): input ends inside the array element that starts here (truncated file?)"
        case .missingClosingBracket:
            return "line \(line): input ends before the closing ']' (truncated file?)"
        }
    }
}

/// Splits a top-level JSON array, fed as consecutive byte chunks of any size, into its
/// elements, each with the line it starts on.
///
/// ```swift
/// var splitter = JSONArraySplitter()
/// for chunk in chunks {
///     try splitter.feed(chunk) { element in
///         try tape.parse(element.bytes)      // element.line for messages
///     }
/// }
/// try splitter.finish()                      // truncated input is reported here
/// ```
///
/// Elements are not validated, only delimited; parse each with ``JSONTape``.
public struct JSONArraySplitter: Sendable {
    enum State: UInt8, Sendable {
        case beforeArray, afterOpen, afterComma, inContainer, inString, inStringEscape, inScalar
        case afterElement, done
    }

    var state = State.beforeArray
    /// Open brackets within the current element.
    var depth = 0
    /// Current line (1-based) at the next unread byte.
    var line = 1
    /// Bytes of input before the current chunk.
    var consumed = 0
    var elementLine = 0
    var elementOffset = 0
    /// Bytes of an element that started in an earlier chunk.
    var pending: [UInt8] = []
    var failure: JSONArraySplitError?

    /// Creates a splitter waiting for the `[` that opens the array.
    public init() {}

    /// Number of bytes fed so far.
    public var bytesConsumed: Int { consumed }

    /// Consumes the next chunk and calls `body` for every element that ends in it, in order.
    ///
    /// Throws ``JSONArraySplitError`` when the bytes between elements are not `,` `]` or
    /// whitespace (after first calling `body` for every complete element before the problem),
    /// and again on every later call. Errors thrown by `body` are passed on unchanged; the rest
    /// of that chunk is then not processed and the splitter should be discarded.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ body: (JSONArrayElement) throws -> Void) throws {
        if let failure { throw failure }
        guard let p = chunk.baseAddress, chunk.count > 0 else { return }
        let n = chunk.count
        var i = 0
        // Start of the current element in this chunk; 0 when it began in an earlier chunk.
        var elementStart = 0

        while i < n {
            switch state {
            case .beforeArray, .afterElement, .done, .afterOpen, .afterComma:
                let c = p[i]
                if JSONScan.isWhitespace(c) {
                    if c == 0x0A { line += 1 }
                    i += 1
                    continue
                }
                switch state {
                case .beforeArray:
                    // A UTF-8 byte-order mark (EF BB BF) at the very start is skipped; Windows
                    // tools add one when saving gcloud output.
                    let position = consumed + i
                    if position < 3 && c == JSONArraySplitter.byteOrderMark[position] {
                        i += 1
                        continue
                    }
                    guard c == UInt8(ascii: "[") else { throw fail(.notAnArray(found: c), at: i) }
                    state = .afterOpen
                    i += 1
                case .afterElement:
                    if c == UInt8(ascii: ",") {
                        state = .afterComma
                    } else if c == UInt8(ascii: "]") {
                        state = .done
                    } else {
                        throw fail(.unexpectedByteAfterElement(c), at: i)
                    }
                    i += 1
                case .done:
                    throw fail(.trailingData, at: i)
                default:
                    if c == UInt8(ascii: "]") {
                        guard state == .afterOpen else { throw fail(.trailingComma, at: i) }
                        state = .done
                        i += 1
                        continue
                    }
                    elementLine = line
                    elementOffset = consumed + i
                    elementStart = i
                    pending.removeAll(keepingCapacity: true)
                    switch c {
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        depth = 1
                        state = .inContainer
                    case UInt8(ascii: "\""):
                        depth = 0
                        state = .inString
                    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                        UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                        depth = 0
                        state = .inScalar
                    default:
                        throw fail(.invalidElementStart(c), at: i)
                    }
                    i += 1
                }

            case .inContainer:
                var ended = false
                scan: while i < n {
                    switch p[i] {
                    case UInt8(ascii: "\""):
                        state = .inString
                        i += 1
                        break scan
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 {
                            i += 1
                            ended = true
                            break scan
                        }
                    case 0x0A:
                        line += 1
                    default:
                        break
                    }
                    i += 1
                }
                if ended {
                    state = .afterElement
                    try emit(p, elementStart, i, body)
                }

            case .inString:
                // Find the next quote, backslash or LF, 8 bytes at a time.
                while i &+ 8 <= n {
                    let word = JSONScan.loadWord(p, i)
                    let hits = JSONScan.bytesEqual(word, UInt8(ascii: "\"")) | JSONScan.bytesEqual(word, UInt8(ascii: "\\"))
                        | JSONScan.bytesEqual(word, 0x0A)
                    if hits != 0 {
                        i &+= hits.trailingZeroBitCount >> 3
                        break
                    }
                    i &+= 8
                }
                while i < n {
                    let c = p[i]
                    if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c == 0x0A { break }
                    i += 1
                }
                guard i < n else { break }
                let c = p[i]
                i += 1
                if c == 0x0A {
                    line += 1
                } else if c == UInt8(ascii: "\\") {
                    state = .inStringEscape
                } else if depth == 0 {
                    state = .afterElement
                    try emit(p, elementStart, i, body)
                } else {
                    state = .inContainer
                }

            case .inStringEscape:
                if p[i] == 0x0A { line += 1 }
                i += 1
                state = .inString

            case .inScalar:
                while i < n {
                    let c = p[i]
                    guard JSONScan.isWordByte(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "+")
                        || c == UInt8(ascii: "-")
                    else { break }
                    i += 1
                }
                if i < n {
                    state = .afterElement
                    try emit(p, elementStart, i, body)
                }
            }
        }

        switch state {
        case .inContainer, .inString, .inStringEscape, .inScalar:
            pending.append(contentsOf: UnsafeBufferPointer(start: p + elementStart, count: n - elementStart))
        default:
            break
        }
        consumed += n
    }

    /// Declares the end of input. Throws ``JSONArraySplitError`` if the array was not closed:
    /// ``JSONArraySplitError/Reason/truncatedElement`` (with the line where the unfinished
    /// element starts) or ``JSONArraySplitError/Reason/missingClosingBracket``, or if nothing
    /// but whitespace was fed (``JSONArraySplitError/Reason/emptyInput``).
    public mutating func finish() throws(JSONArraySplitError) {
        if let failure { throw failure }
        let error: JSONArraySplitError
        switch state {
        case .done:
            return
        case .beforeArray:
            error = JSONArraySplitError(.emptyInput, line: line, offset: consumed)
        case .afterOpen, .afterComma, .afterElement:
            error = JSONArraySplitError(.missingClosingBracket, line: line, offset: consumed)
        case .inContainer, .inString, .inStringEscape, .inScalar:
            error = JSONArraySplitError(.truncatedElement, line: elementLine, offset: elementOffset)
        }
        failure = error
        throw error
    }

    /// Hands out the element ending at `end` (exclusive) in the current chunk.
    private mutating func emit(
        _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ body: (JSONArrayElement) throws -> Void
    ) throws {
        if pending.isEmpty {
            try body(JSONArrayElement(
                bytes: UnsafeBufferPointer(start: p + start, count: end - start),
                line: elementLine, offset: elementOffset))
            return
        }
        pending.append(contentsOf: UnsafeBufferPointer(start: p, count: end))
        let line = elementLine
        let offset = elementOffset
        try pending.withUnsafeBufferPointer { bytes in
            try body(JSONArrayElement(bytes: bytes, line: line, offset: offset))
        }
        pending.removeAll(keepingCapacity: true)
    }

    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private mutating func fail(_ reason: JSONArraySplitError.Reason, at index: Int) -> JSONArraySplitError {
        let error = JSONArraySplitError(reason, line: line, offset: consumed + index)
        failure = error
        return error
    }
}
