/// A read-only view of a parsed JSON document: the tape plus the bytes it describes.
///
/// You only ever get one inside ``JSONTape/withDocument(_:_:)``. It is non-copyable and is
/// passed borrowed, so it cannot be stored or returned, and so can never outlive the bytes it
/// reads. Everything it hands out (``JSONNode``, ``JSONMembers``, ``JSONElements``, decoded
/// strings and numbers) is a plain value that holds no pointer to those bytes.
///
/// Navigation never copies or decodes: `member(of:key:)` compares raw bytes when the key in
/// the document has no escapes and decodes escapes on the fly (into registers, not memory)
/// when it has some.
public struct JSONDocument: ~Copyable {
    let bytes: UnsafeBufferPointer<UInt8>
    let entries: ContiguousArray<JSONTapeEntry>
    let used: Int

    init(bytes: UnsafeBufferPointer<UInt8>, entries: ContiguousArray<JSONTapeEntry>, used: Int) {
        self.bytes = bytes
        self.entries = entries
        self.used = min(used, entries.count)
    }

    /// The top-level value, or `nil` when the tape holds no successful parse of these bytes.
    public var root: JSONNode? {
        used > 0 ? JSONNode(index: 0, entry: entries[0]) : nil
    }

    /// Number of values in the document (every key, value and element counts once).
    public var nodeCount: Int { used }

    /// The document's own record for `node`, or `nil` if the node does not belong here.
    @inline(__always)
    func entry(_ node: JSONNode) -> JSONTapeEntry? {
        guard node.index >= 0 && node.index < used else { return nil }
        return entries[node.index]
    }

    /// The bytes of `entry` (string content without quotes), if they lie inside the buffer.
    @inline(__always)
    func content(_ entry: JSONTapeEntry) -> (base: UnsafePointer<UInt8>, start: Int, end: Int)? {
        let start = Int(entry.start)
        let end = Int(entry.end)
        guard let base = bytes.baseAddress, start <= end, end <= bytes.count else { return nil }
        return (base, start, end)
    }

    // MARK: - Objects

    /// The value of the first member of `object` whose key is exactly `key` (after decoding
    /// escapes), or `nil` if there is none or `object` is not an object.
    public func member(of object: JSONNode, key: StaticString) -> JSONNode? {
        key.withUTF8Buffer { member(of: object, keyBytes: $0, loose: false) }
    }

    /// The value of the first member of `object` whose key is exactly the UTF-8 bytes `key`.
    public func member(of object: JSONNode, key: [UInt8]) -> JSONNode? {
        key.withUnsafeBufferPointer { member(of: object, keyBytes: $0, loose: false) }
    }

    /// The value of the first member of `object` whose key matches `key` when both are reduced
    /// to lowercase ASCII letters and digits, so `User-Agent`, `user_agent` and `useragent`
    /// all match each other. Meant for HTTP header names.
    public func member(of object: JSONNode, keyIgnoringCaseAndPunctuation key: StaticString) -> JSONNode? {
        key.withUTF8Buffer { member(of: object, keyBytes: $0, loose: true) }
    }

    /// Like the `StaticString` variant of `member(of:keyIgnoringCaseAndPunctuation:)`, for a
    /// key held as bytes.
    public func member(of object: JSONNode, keyIgnoringCaseAndPunctuation key: [UInt8]) -> JSONNode? {
        key.withUnsafeBufferPointer { member(of: object, keyBytes: $0, loose: true) }
    }

    func member(of object: JSONNode, keyBytes: UnsafeBufferPointer<UInt8>, loose: Bool) -> JSONNode? {
        guard let container = entry(object), container.kind == .object else { return nil }
        let end = min(Int(container.next), used)
        let wanted = keyBytes.count
        return entries.withUnsafeBufferPointer { tape -> JSONNode? in
            var i = object.index + 1
            while i + 1 < end {
                let key = tape[i]
                let value = tape[i + 1]
                // Cheap rejection first: an unescaped key must have exactly the wanted length.
                let candidate = loose || key.flags & JSONTapeEntry.escapesFlag != 0
                    || Int(key.end) &- Int(key.start) == wanted
                if candidate && (loose ? looseEquals(key, keyBytes) : stringEquals(key, keyBytes)) {
                    return JSONNode(index: i + 1, entry: value)
                }
                let next = Int(value.next)
                guard next > i + 1 else { return nil }
                i = next
            }
            return nil
        }
    }

    /// The members of `object` in document order as (key, value) pairs; empty for other kinds.
    public func members(of object: JSONNode) -> JSONMembers {
        guard let container = entry(object), container.kind == .object else {
            return JSONMembers(entries: [], first: 0, end: 0, count: 0)
        }
        return JSONMembers(
            entries: entries, first: object.index + 1, end: min(Int(container.next), used),
            count: Int(container.count))
    }

    // MARK: - Arrays

    /// The elements of `array` in order; empty for other kinds.
    public func elements(of array: JSONNode) -> JSONElements {
        guard let container = entry(array), container.kind == .array else {
            return JSONElements(entries: [], first: 0, end: 0, count: 0)
        }
        return JSONElements(
            entries: entries, first: array.index + 1, end: min(Int(container.next), used),
            count: Int(container.count))
    }

    /// The element at `position` (0-based) of `array`, skipping earlier elements' subtrees in
    /// O(1) each; `nil` when out of range or not an array.
    public func element(of array: JSONNode, at position: Int) -> JSONNode? {
        guard position >= 0, let container = entry(array), container.kind == .array,
              position < Int(container.count)
        else { return nil }
        let end = min(Int(container.next), used)
        var i = array.index + 1
        var remaining = position
        while i < end {
            let element = entries[i]
            if remaining == 0 { return JSONNode(index: i, entry: element) }
            remaining -= 1
            let next = Int(element.next)
            guard next > i else { return nil }
            i = next
        }
        return nil
    }

    // MARK: - Key comparison

    /// Whether string `entry` decodes to exactly `key`.
    func stringEquals(_ entry: JSONTapeEntry, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard entry.kind == .string, let (base, start, end) = content(entry) else { return false }
        let length = end - start
        if entry.flags & JSONTapeEntry.escapesFlag == 0 {
            guard length == key.count else { return false }
            guard let keyBase = key.baseAddress else { return length == 0 }
            var k = 0
            while k < length {
                if base[start + k] != keyBase[k] { return false }
                k += 1
            }
            return true
        }
        // Decoding never makes a string longer than its escaped form.
        guard length >= key.count else { return false }
        var decoded = JSONDecodedBytes(base, start, end)
        for expected in key {
            guard let byte = decoded.next(), byte == expected else { return false }
        }
        return decoded.next() == nil
    }

    /// Whether string `entry` and `key` are equal once both keep only ASCII letters (lowercased)
    /// and digits.
    func looseEquals(_ entry: JSONTapeEntry, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard entry.kind == .string, let (base, start, end) = content(entry) else { return false }
        var decoded = JSONDecodedBytes(base, start, end)
        var k = 0
        while true {
            var left: UInt8? = nil
            while let byte = decoded.next() {
                if let folded = JSONDocument.fold(byte) { left = folded; break }
            }
            var right: UInt8? = nil
            while k < key.count {
                let byte = key[k]
                k += 1
                if let folded = JSONDocument.fold(byte) { right = folded; break }
            }
            if left != right { return false }
            if left == nil { return true }
        }
    }

    /// Lowercase ASCII letter or digit for `byte`, `nil` for anything else.
    @inline(__always)
    static func fold(_ byte: UInt8) -> UInt8? {
        let lower = byte | 0x20
        if lower &- UInt8(ascii: "a") < 26 { return lower }
        if byte &- UInt8(ascii: "0") < 10 { return byte }
        return nil
    }
}

/// The (key, value) pairs of a JSON object, in document order.
///
/// Holds a reference to the tape's records, not to the parsed bytes, so it is safe to keep;
/// read keys and values through the ``JSONDocument`` they came from.
public struct JSONMembers: Sequence, Sendable {
    let entries: ContiguousArray<JSONTapeEntry>
    let first: Int
    let end: Int
    /// Number of members.
    public let count: Int

    public var underestimatedCount: Int { count }

    public func makeIterator() -> Iterator {
        Iterator(entries: entries, position: first, end: end)
    }

    /// Iterates members by jumping from one value's subtree to the next key.
    public struct Iterator: IteratorProtocol, Sendable {
        let entries: ContiguousArray<JSONTapeEntry>
        var position: Int
        let end: Int

        public mutating func next() -> (key: JSONNode, value: JSONNode)? {
            let keyIndex = position
            guard keyIndex + 1 < end, end <= entries.count else { return nil }
            let value = entries[keyIndex + 1]
            let next = Int(value.next)
            position = next > keyIndex + 1 ? next : end
            return (JSONNode(index: keyIndex, entry: entries[keyIndex]), JSONNode(index: keyIndex + 1, entry: value))
        }
    }
}

/// The elements of a JSON array, in order.
///
/// Holds a reference to the tape's records, not to the parsed bytes, so it is safe to keep;
/// read the elements through the ``JSONDocument`` they came from.
public struct JSONElements: Sequence, Sendable {
    let entries: ContiguousArray<JSONTapeEntry>
    let first: Int
    let end: Int
    /// Number of elements.
    public let count: Int

    public var underestimatedCount: Int { count }

    public func makeIterator() -> Iterator {
        Iterator(entries: entries, position: first, end: end)
    }

    /// Iterates elements by jumping over each element's subtree.
    public struct Iterator: IteratorProtocol, Sendable {
        let entries: ContiguousArray<JSONTapeEntry>
        var position: Int
        let end: Int

        public mutating func next() -> JSONNode? {
            let index = position
            guard index < end, end <= entries.count else { return nil }
            let element = entries[index]
            let next = Int(element.next)
            position = next > index ? next : end
            return JSONNode(index: index, entry: element)
        }
    }
}
