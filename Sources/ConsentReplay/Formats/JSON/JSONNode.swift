/// The seven kinds of JSON value.
public enum JSONKind: UInt8, Sendable, Equatable, CaseIterable {
    case object
    case array
    case string
    case number
    case `true`
    case `false`
    case null
}

/// One record on the tape. See the layout comment at the top of `JSONTape.swift`.
struct JSONTapeEntry: Sendable, Equatable {
    /// First byte of the value; for strings the first byte after the opening quote.
    var start: UInt32
    /// One past the last byte; for strings the offset of the closing quote.
    var end: UInt32
    /// Index of the entry after this value's subtree (the next sibling, if any).
    /// While a container is still open during parsing it holds the parent's index instead.
    var next: UInt32
    /// Containers: number of elements (arrays) or members (objects). Others: 0.
    var count: UInt32
    var kind: JSONKind
    /// Bit set of `JSONTapeEntry.escapesFlag` and `JSONTapeEntry.fractionOrExponentFlag`.
    var flags: UInt8

    /// The string contains at least one backslash escape.
    static let escapesFlag: UInt8 = 1
    /// The number has a fraction or an exponent part.
    static let fractionOrExponentFlag: UInt8 = 2

    static let blank = JSONTapeEntry(start: 0, end: 0, next: 0, count: 0, kind: .null, flags: 0)
}

/// A handle to one value of a parsed document: its kind, where its bytes are, and for
/// containers how many children it has.
///
/// A node is a small value that holds no pointer: it stays valid to keep, but it only means
/// something to the ``JSONDocument`` it came from. Reading bytes through a node that came from
/// another document is memory-safe (ranges are checked) but gives meaningless results.
public struct JSONNode: Sendable, Equatable {
    let index: Int
    let entry: JSONTapeEntry

    init(index: Int, entry: JSONTapeEntry) {
        self.index = index
        self.entry = entry
    }

    /// What kind of value this is.
    public var kind: JSONKind { entry.kind }

    /// Where the value is in the parsed buffer. For strings this is the content between the
    /// quotes (still escaped); for containers it runs from the opening to the closing bracket.
    public var byteRange: Range<Int> { Int(entry.start)..<Int(entry.end) }

    /// For strings: whether the content contains backslash escapes (and so decoding is
    /// more than a copy). Always `false` for other kinds.
    public var hasEscapes: Bool { entry.flags & JSONTapeEntry.escapesFlag != 0 }

    /// For numbers: `true` when written without fraction or exponent (`-12`, not `1.0` or `1e3`).
    public var isPlainInteger: Bool {
        entry.kind == .number && entry.flags & JSONTapeEntry.fractionOrExponentFlag == 0
    }

    /// Number of elements of an array or members of an object; 0 for other kinds.
    public var count: Int { Int(entry.count) }

    /// `true` for objects and arrays.
    public var isContainer: Bool { entry.kind == .object || entry.kind == .array }
}
