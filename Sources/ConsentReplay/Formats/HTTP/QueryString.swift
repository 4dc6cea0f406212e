// Query-string parser for application/x-www-form-urlencoded data as browsers put it in URLs
// (WHATWG URL Standard §5.1 "application/x-www-form-urlencoded parsing"); also fits POST form
// bodies and GA4 `/g/collect` hits.
//
// Record layout:
//
//     query = [ item ] *( "&" [ item ] )
//     item  = name [ "=" value ]              ; split at the first "="
//
// - Items are separated by `&` only, like the WHATWG parser and every browser. `;` is data by
//   default: HTML 4 once suggested it as an alternative separator, but browsers never emit it
//   and GA4 / Meta / TikTok hits use `&`; treating `;` as a separator would split values that
//   legitimately contain it. Pass `semicolonSeparates: true` for legacy back ends that use it.
// - Empty items (`&&`, a leading or trailing `&`) are skipped. `a` (no `=`) is the name `a`
//   with an empty value and `hasEquals == false`; `a=` has `hasEquals == true`.
// - Nothing is trimmed: spaces are data in a URL.
// - Repeated names are all reported, in order.
// - Ranges are raw (still encoded). Decode on demand with `PercentDecoding.percentDecode(_:into:
//   plusAsSpace: true)` or `decodedString`; the `…NeedsDecoding` flags tell when the raw bytes
//   can be used as they are. Invalid `%` sequences stay literal (see PercentDecoding.swift).

/// Parser for URL query strings and form bodies (`name=value&…`). All results are byte ranges
/// into the caller's buffer; nothing allocates.
public enum QueryString {
    /// One `name=value` item, as raw (still percent-encoded) offsets into the parsed buffer.
    public struct Item: Equatable, Sendable {
        /// The raw name.
        public var name: Range<Int>
        /// The raw value; empty when there was no `=`.
        public var value: Range<Int>
        /// The item contained `=`.
        public var hasEquals: Bool
        /// The raw name contains `%` or `+` and must be decoded before use as text.
        public var nameNeedsDecoding: Bool
        /// The raw value contains `%` or `+` and must be decoded before use as text.
        public var valueNeedsDecoding: Bool

        public init(
            name: Range<Int>, value: Range<Int>, hasEquals: Bool,
            nameNeedsDecoding: Bool = false, valueNeedsDecoding: Bool = false
        ) {
            self.name = name
            self.value = value
            self.hasEquals = hasEquals
            self.nameNeedsDecoding = nameNeedsDecoding
            self.valueNeedsDecoding = valueNeedsDecoding
        }
    }

    /// A non-allocating iterator over the items of a query string, in order.
    public struct Items: Sequence, IteratorProtocol {
        let bytes: UnsafeBufferPointer<UInt8>
        var position: Int
        let end: Int
        let semicolonSeparates: Bool

        /// Iterates the items in `range` of `bytes` (the whole buffer when `range` is nil).
        /// `range` must not include the leading `?`; see `queryRange(inRequestTarget:range:)`.
        public init(
            _ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil, semicolonSeparates: Bool = false
        ) {
            let range = HTTPBytes.clamp(range, to: bytes)
            self.bytes = bytes
            self.position = range.lowerBound
            self.end = range.upperBound
            self.semicolonSeparates = semicolonSeparates
        }

        public mutating func next() -> Item? {
            while position < end {
                let start = position
                var index = start
                var firstEquals = -1
                var nameEncoded = false
                var valueEncoded = false
                while index < end {
                    // Once the value is known to need decoding, only the separator matters.
                    if valueEncoded && !semicolonSeparates {
                        index = bytes.firstIndex(of: ASCII.ampersand, in: index..<end) ?? end
                        break
                    }
                    // Eight bytes at a time while none is a separator, `=`, `%` or `+` (the
                    // first flagged byte of a word is exact).
                    if index + 8 <= end, let base = bytes.baseAddress {
                        let w = JSONScan.loadWord(base, index)
                        var hits = JSONScan.bytesEqual(w, ASCII.ampersand) | JSONScan.bytesEqual(w, ASCII.equals)
                            | JSONScan.bytesEqual(w, ASCII.percent) | JSONScan.bytesEqual(w, ASCII.plus)
                        if semicolonSeparates { hits |= JSONScan.bytesEqual(w, ASCII.semicolon) }
                        if hits == 0 {
                            index += 8
                            continue
                        }
                        index += hits.trailingZeroBitCount >> 3
                    }
                    let byte = bytes[index]
                    if byte == ASCII.ampersand || (semicolonSeparates && byte == ASCII.semicolon) {
                        break
                    }
                    if byte == ASCII.equals && firstEquals < 0 {
                        firstEquals = index
                    } else if byte == ASCII.percent || byte == ASCII.plus {
                        if firstEquals < 0 { nameEncoded = true } else { valueEncoded = true }
                    }
                    index += 1
                }
                position = index + 1
                if index == start { continue }  // empty item
                if firstEquals < 0 {
                    return Item(
                        name: start..<index, value: index..<index, hasEquals: false,
                        nameNeedsDecoding: nameEncoded)
                }
                return Item(
                    name: start..<firstEquals, value: (firstEquals + 1)..<index, hasEquals: true,
                    nameNeedsDecoding: nameEncoded, valueNeedsDecoding: valueEncoded)
            }
            return nil
        }
    }

    /// The items in `range` of `bytes`, as a non-allocating sequence.
    public static func items(
        in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil, semicolonSeparates: Bool = false
    ) -> Items {
        Items(bytes, range: range, semicolonSeparates: semicolonSeparates)
    }

    /// Calls `body` with each item in order, repeated names included. Throw to stop early.
    public static func forEachItem(
        in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil, semicolonSeparates: Bool = false,
        _ body: (Item) throws -> Void
    ) rethrows {
        var iterator = Items(bytes, range: range, semicolonSeparates: semicolonSeparates)
        while let item = iterator.next() {
            try body(item)
        }
    }

    /// The first item whose *decoded* name equals `name` (compared without allocating).
    public static func firstItem(
        named name: String, in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil,
        semicolonSeparates: Bool = false
    ) -> Item? {
        var iterator = Items(bytes, range: range, semicolonSeparates: semicolonSeparates)
        while let item = iterator.next() {
            let matches = item.nameNeedsDecoding
                ? PercentDecoding.decodedEquals(item.name, in: bytes, name, plusAsSpace: true)
                : HTTPBytes.equals(item.name, in: bytes, name)
            if matches { return item }
        }
        return nil
    }

    /// Whether an item of `bytes` may be named `name` once decoded: `false` only when `name`
    /// occurs nowhere as it is, no `%XX` escape decodes to one of its bytes and no `+` could be
    /// one of its spaces, since an item named `name` is spelled with its literal bytes unless
    /// some of them are escaped. A query without the name then skips the walk over its items.
    public static func mayHoldItem(named name: String, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        name.withUTF8Buffer { wanted -> Bool in
            if bytes.firstIndex(of: wanted) != nil { return true }
            if wanted.contains(ASCII.space), bytes.firstIndex(of: UInt8(ascii: "+"), from: 0) != nil { return true }
            var from = 0
            while let at = bytes.firstIndex(of: ASCII.percent, from: from) {
                from = at + 1
                guard at + 2 < bytes.count, let hi = ASCII.hexValue(bytes[at + 1]), let lo = ASCII.hexValue(bytes[at + 2]) else {
                    continue
                }
                if wanted.contains(hi << 4 | lo) { return true }
            }
            return false
        }
    }

    /// The query of a request target or URL in `range` of `bytes`: the bytes after the first
    /// `?` up to a `#` or the end; `nil` when there is no `?`. (`/p?a=1#x` → `a=1`.)
    public static func queryRange(
        inRequestTarget bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil
    ) -> Range<Int>? {
        let range = HTTPBytes.clamp(range, to: bytes)
        // The first `?` not after the first `#`, up to the first `#` (both found with memchr).
        guard let question = bytes.firstIndex(of: ASCII.question, in: range) else { return nil }
        let fragment = bytes.firstIndex(of: ASCII.hash, in: range)
        if let fragment, fragment < question { return nil }
        return (question + 1)..<(fragment ?? range.upperBound)
    }

    /// Appends the decoded bytes of `range` (a name or value of an item) to `output`, with `+`
    /// as space. Use `output.removeAll(keepingCapacity: true)` between values.
    public static func decode(
        _ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]
    ) {
        let range = HTTPBytes.clamp(range, to: bytes)
        PercentDecoding.percentDecode(UnsafeBufferPointer(rebasing: bytes[range]), into: &output, plusAsSpace: true)
    }

    /// The decoded text of `range` (a name or value of an item), with `+` as space.
    public static func decodedString(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        PercentDecoding.decodedString(range, in: bytes, plusAsSpace: true)
    }
}
