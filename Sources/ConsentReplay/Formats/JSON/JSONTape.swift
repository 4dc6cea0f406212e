import CByteScan

// JSONTape: a one-pass JSON parser that records byte offsets only.
//
// Tape layout
// -----------
// `parse` walks the bytes once and appends one `JSONTapeEntry` (20 bytes) per value, in
// document order (pre-order: a container comes before its children). Object members are
// stored as two consecutive subtrees, key (always a string entry) then value.
//
//     start  UInt32  first byte of the value; strings: first byte after the opening quote
//     end    UInt32  one past the last byte; strings: offset of the closing quote
//     next   UInt32  index of the first entry after this value's subtree, so skipping a
//                    container is `index = entry.next` (O(1)); scalars: index + 1
//     count  UInt32  containers: number of elements / members; others 0
//     kind   UInt8   JSONKind
//     flags  UInt8   bit 0: string has escapes; bit 1: number has fraction or exponent
//
// Example: `{"a":[1,2],"b":null}` (20 bytes) gives
//
//     #0 object  0..<20  next 7  count 2
//     #1 string  2..<3   next 2            key "a"
//     #2 array   5..<10  next 5  count 2
//     #3 number  6..<7   next 4
//     #4 number  8..<9   next 5
//     #5 string 12..<13  next 6            key "b"
//     #6 null   15..<19  next 7
//
// While a container is open its `next` field temporarily holds the index of its parent, so
// the parser needs no separate stack; `count` of the innermost open container lives in a
// local variable and is written back when a child container opens or the container closes.
//
// Nothing is decoded here: no String, no number conversion. Strings are decoded and numbers
// converted later, on demand, by `JSONDocument`.
//
// The entry array is sized once for the worst case of a valid document (a value needs at least
// one byte and a separator, so at most (n + 1) / 2 values fit in n bytes) and kept between
// calls, so a tape reused for millions of lines stops allocating after the longest line.

/// A reusable JSON parser that records where each value is instead of building objects.
///
/// Parse a buffer, then read it through a ``JSONDocument``:
///
/// ```swift
/// var tape = JSONTape()
/// for line in lines {                       // each `line` an UnsafeBufferPointer<UInt8>
///     try tape.parse(line)
///     let status = tape.withDocument(line) { doc in
///         doc.root.flatMap { doc.member(of: $0, key: "status") }.flatMap { doc.int64($0) }
///     }
/// }
/// ```
///
/// The tape never keeps a pointer to the bytes. ``withDocument(_:_:)`` takes the same buffer
/// again and hands out a non-copyable document that exists only inside the closure; if the
/// buffer is not the one last parsed (different address or length) the document is empty.
/// Parsing allocates only when a longer input than ever before arrives.
public struct JSONTape: Sendable {
    /// Objects and arrays may nest this deep; one more level is a ``JSONSyntaxError``.
    public static let maximumDepth = 512

    var entries: ContiguousArray<JSONTapeEntry> = []
    /// Number of valid entries after the last successful parse; 0 after a failed one.
    var used = 0
    var parsedAddress: UInt = 0
    var parsedCount = -1

    /// Creates an empty tape.
    public init() {}

    /// Number of values recorded by the last successful parse (0 if it failed).
    public var nodeCount: Int { used }

    /// Parses one complete JSON document (RFC 8259), replacing what the tape held.
    ///
    /// Leading and trailing whitespace (space, tab, CR, LF) is allowed, so a line ending in
    /// `\r` or `\r\n` parses. Bytes ≥ 0x80 inside strings are accepted even when they are not
    /// valid UTF-8; check with ``JSONDocument/isValidUTF8(_:)``.
    public mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) {
        used = 0
        parsedAddress = 0
        parsedCount = -1
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            throw JSONSyntaxError(.emptyInput, at: 0)
        }
        let length = bytes.count
        guard length < Int(UInt32.max) else {
            throw JSONSyntaxError(.inputTooLarge, at: 0)
        }
        var capacity = (length + 1) / 2 + 2
        var outcome = JSONParseOutcome.needsCapacity
        while true {
            if entries.count < capacity {
                // Contents are overwritten, so a fresh array is as good as a grown one.
                entries = ContiguousArray(repeating: .blank, count: max(capacity, entries.count * 2))
            }
            var produced = 0
            outcome = entries.withUnsafeMutableBufferPointer { out in
                guard let tape = out.baseAddress else { return .needsCapacity }
                return JSONTape.parseCore(base, length, tape, out.count, &produced)
            }
            switch outcome {
            case .success:
                used = produced
                parsedAddress = UInt(bitPattern: base)
                parsedCount = length
                return
            case .failure(let error):
                throw error
            case .needsCapacity:
                // Only invalid input (e.g. `[[[[`) can need more entries than the estimate.
                guard capacity < length + 2 else {
                    throw JSONSyntaxError(.unexpectedEnd, at: length)
                }
                capacity = length + 2
            }
        }
    }

    /// Gives `body` a read-only view of the last parsed document.
    ///
    /// `bytes` must be the buffer passed to the last successful ``parse(_:)`` (same address and
    /// length); the view reads them directly, without copying. When they are not (or the last
    /// parse failed) the document is empty: its ``JSONDocument/root`` is `nil`. The document
    /// cannot be copied or escape `body`, so it can never outlive `bytes`.
    public func withDocument<R, E: Error>(
        _ bytes: UnsafeBufferPointer<UInt8>,
        _ body: (borrowing JSONDocument) throws(E) -> R
    ) throws(E) -> R {
        let matches = used > 0 && bytes.count == parsedCount
            && UInt(bitPattern: bytes.baseAddress) == parsedAddress
        let document = JSONDocument(
            bytes: matches ? bytes : UnsafeBufferPointer(start: nil, count: 0),
            entries: entries,
            used: matches ? used : 0
        )
        return try body(document)
    }

    // MARK: - Parser core

    /// Parses `length` bytes at `p` into `tape` (room for `capacity` entries).
    /// Returns `.needsCapacity` when the tape is full; the caller grows it and starts over.
    static func parseCore(
        _ p: UnsafePointer<UInt8>,
        _ length: Int,
        _ tape: UnsafeMutablePointer<JSONTapeEntry>,
        _ capacity: Int,
        _ produced: inout Int
    ) -> JSONParseOutcome {
        let noParent = UInt32.max
        var i = 0
        var n = 0
        var depth = 0
        var top = -1             // innermost open container, -1 at top level
        var topIsObject = false
        var topCount: UInt32 = 0

        valueLoop: while true {
            // A value is expected at i.
            while i < length && JSONScan.isWhitespace(p[i]) { i &+= 1 }
            if i >= length {
                if n == 0 { return .failure(JSONSyntaxError(.emptyInput, at: i)) }
                return .failure(JSONTape.endError(tape, top, i))
            }
            if n >= capacity { return .needsCapacity }
            let c = p[i]
            switch c {
            case UInt8(ascii: "\""):
                let scan = JSONScan.string(p, i &+ 1, length)
                if let error = scan.error { return .failure(error) }
                tape[n] = JSONTapeEntry(
                    start: u32(i &+ 1), end: u32(scan.end), next: u32(n &+ 1), count: 0,
                    kind: .string, flags: scan.escaped ? JSONTapeEntry.escapesFlag : 0)
                n &+= 1
                i = scan.end &+ 1

            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if depth >= JSONTape.maximumDepth {
                    return .failure(JSONSyntaxError(.nestingTooDeep, at: i))
                }
                let isObject = c == UInt8(ascii: "{")
                if top >= 0 { tape[top].count = topCount }
                tape[n] = JSONTapeEntry(
                    start: u32(i), end: 0, next: top >= 0 ? u32(top) : noParent, count: 0,
                    kind: isObject ? .object : .array, flags: 0)
                top = n
                topIsObject = isObject
                topCount = 0
                n &+= 1
                depth &+= 1
                i &+= 1
                while i < length && JSONScan.isWhitespace(p[i]) { i &+= 1 }
                if i >= length { return .failure(JSONTape.endError(tape, top, i)) }
                let first = p[i]
                if first == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    // Empty container: close it now; it is a complete value for its parent.
                    let parent = tape[top].next
                    tape[top].end = u32(i &+ 1)
                    tape[top].next = u32(n)
                    i &+= 1
                    depth &-= 1
                    if parent == noParent {
                        top = -1
                    } else {
                        top = Int(parent)
                        topIsObject = tape[top].kind == .object
                        topCount = tape[top].count
                    }
                } else if isObject {
                    if first != UInt8(ascii: "\"") {
                        return .failure(JSONSyntaxError(.unexpectedByte(first, expected: .keyOrObjectEnd), at: i))
                    }
                    if n >= capacity { return .needsCapacity }
                    if !JSONTape.plainKey(p, length, tape, n, &i), let error = JSONTape.key(p, length, tape, n, &i) {
                        return .failure(error)
                    }
                    n &+= 1
                    continue valueLoop
                } else {
                    continue valueLoop
                }

            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let scan = JSONScan.number(p, i, length)
                if scan.end < 0 { return .failure(JSONSyntaxError(.invalidNumber, at: i)) }
                tape[n] = JSONTapeEntry(
                    start: u32(i), end: u32(scan.end), next: u32(n &+ 1), count: 0,
                    kind: .number, flags: scan.integer ? 0 : JSONTapeEntry.fractionOrExponentFlag)
                n &+= 1
                i = scan.end

            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                let kind: JSONKind
                let size: Int
                if JSONScan.matches(p, i, length, 0x74, 0x72, 0x75, 0x65) {          // true
                    kind = .true; size = 4
                } else if i + 4 < length && p[i + 4] == 0x65
                    && JSONScan.matches(p, i, length, 0x66, 0x61, 0x6C, 0x73) {       // false
                    kind = .false; size = 5
                } else if JSONScan.matches(p, i, length, 0x6E, 0x75, 0x6C, 0x6C) {   // null
                    kind = .null; size = 4
                } else {
                    return .failure(JSONSyntaxError(.invalidLiteral, at: i))
                }
                if i &+ size < length && JSONScan.isWordByte(p[i &+ size]) {
                    return .failure(JSONSyntaxError(.invalidLiteral, at: i))
                }
                tape[n] = JSONTapeEntry(
                    start: u32(i), end: u32(i &+ size), next: u32(n &+ 1), count: 0,
                    kind: kind, flags: 0)
                n &+= 1
                i += size

            default:
                return .failure(JSONSyntaxError(.unexpectedByte(c, expected: .value), at: i))
            }

            // A value just ended at i. Climb out of every container it completes.
            while true {
                if depth == 0 { break valueLoop }
                topCount &+= 1
                while i < length && JSONScan.isWhitespace(p[i]) { i &+= 1 }
                if i >= length { return .failure(JSONTape.endError(tape, top, i)) }
                let d = p[i]
                if d == UInt8(ascii: ",") {
                    i &+= 1
                    if topIsObject {
                        while i < length && JSONScan.isWhitespace(p[i]) { i &+= 1 }
                        if i >= length { return .failure(JSONTape.endError(tape, top, i)) }
                        if p[i] != UInt8(ascii: "\"") {
                            return .failure(JSONSyntaxError(.unexpectedByte(p[i], expected: .key), at: i))
                        }
                        if n >= capacity { return .needsCapacity }
                        if !JSONTape.plainKey(p, length, tape, n, &i), let error = JSONTape.key(p, length, tape, n, &i) {
                            return .failure(error)
                        }
                        n &+= 1
                    }
                    continue valueLoop
                }
                if d == (topIsObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    let parent = tape[top].next
                    tape[top].end = u32(i &+ 1)
                    tape[top].next = u32(n)
                    tape[top].count = topCount
                    i &+= 1
                    depth &-= 1
                    if parent == noParent {
                        top = -1
                    } else {
                        top = Int(parent)
                        topIsObject = tape[top].kind == .object
                        topCount = tape[top].count
                    }
                    continue
                }
                let expected: JSONSyntaxError.Expectation = topIsObject ? .commaOrObjectEnd : .commaOrArrayEnd
                return .failure(JSONSyntaxError(.unexpectedByte(d, expected: expected), at: i))
            }
        }

        while i < length && JSONScan.isWhitespace(p[i]) { i &+= 1 }
        if i != length { return .failure(JSONSyntaxError(.trailingData, at: i)) }
        produced = n
        return .success
    }

    /// `key` for the common case, small enough to inline: a key without escapes, followed
    /// (after optional whitespace) by its `:`. Records it and moves `i` past the colon; returns
    /// false, having changed nothing, for anything else (escapes, control bytes, a missing
    /// quote or colon), which `key` then reads again and reports.
    @inline(__always)
    static func plainKey(
        _ p: UnsafePointer<UInt8>, _ length: Int, _ tape: UnsafeMutablePointer<JSONTapeEntry>,
        _ n: Int, _ i: inout Int
    ) -> Bool {
        let j = cbs_json_string_stop(p, i &+ 1, length)
        guard j < length, p[j] == UInt8(ascii: "\"") else { return false }
        var colon = j &+ 1
        while colon < length && JSONScan.isWhitespace(p[colon]) { colon &+= 1 }
        guard colon < length, p[colon] == UInt8(ascii: ":") else { return false }
        tape[n] = JSONTapeEntry(start: u32(i &+ 1), end: u32(j), next: u32(n &+ 1), count: 0, kind: .string, flags: 0)
        i = colon &+ 1
        return true
    }

    /// Records the key string at `i` (which is a quote) as entry `n`, then consumes the `:`.
    static func key(
        _ p: UnsafePointer<UInt8>, _ length: Int, _ tape: UnsafeMutablePointer<JSONTapeEntry>,
        _ n: Int, _ i: inout Int
    ) -> JSONSyntaxError? {
        let scan = JSONScan.string(p, i &+ 1, length)
        if let error = scan.error { return error }
        tape[n] = JSONTapeEntry(
            start: u32(i &+ 1), end: u32(scan.end), next: u32(n &+ 1), count: 0,
            kind: .string, flags: scan.escaped ? JSONTapeEntry.escapesFlag : 0)
        var j = scan.end &+ 1
        while j < length && JSONScan.isWhitespace(p[j]) { j &+= 1 }
        if j >= length { return JSONSyntaxError(.unexpectedEnd, at: j) }
        if p[j] != UInt8(ascii: ":") {
            return JSONSyntaxError(.unexpectedByte(p[j], expected: .colon), at: j)
        }
        i = j &+ 1
        return nil
    }

    /// An offset or an entry index as stored on the tape. `parse` refuses input of `UInt32.max`
    /// bytes or more, and offsets and indices never exceed the input's length + 2, so the
    /// conversion needs no check.
    @inline(__always)
    static func u32(_ x: Int) -> UInt32 { UInt32(truncatingIfNeeded: x) }

    /// The error for input that ends while `top` is still open.
    static func endError(_ tape: UnsafeMutablePointer<JSONTapeEntry>, _ top: Int, _ at: Int) -> JSONSyntaxError {
        guard top >= 0 else { return JSONSyntaxError(.unexpectedEnd, at: at) }
        let openedAt = Int(tape[top].start)
        if tape[top].kind == .object {
            return JSONSyntaxError(.unclosedObject(openedAt: openedAt), at: at)
        }
        return JSONSyntaxError(.unclosedArray(openedAt: openedAt), at: at)
    }
}

enum JSONParseOutcome {
    case success
    case failure(JSONSyntaxError)
    case needsCapacity
}
