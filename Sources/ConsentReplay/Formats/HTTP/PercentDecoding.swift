// Percent-decoding (RFC 3986 §2.1) with the optional `+` → space of
// application/x-www-form-urlencoded (WHATWG URL Standard §5.1).
//
//     encoded = *( literal-byte / "%" HEXDIG HEXDIG / "+" )
//
// - `%` followed by two hex digits (either case) becomes that byte.
// - Any other `%` (`%zz`, `%4` at the end, a lone `%`) is kept literally, and decoding goes on
//   with the byte after the `%`, as the WHATWG URL Standard's percent-decode does.
// - `+` becomes a space only when `plusAsSpace` is true (query strings and form bodies); in a
//   path or a cookie value `+` is data.
// - Decoded bytes are not checked for UTF-8; make a String with `String(decoding:as:)`, which
//   replaces invalid sequences.
// - The output is never longer than the input (each escape shrinks three bytes to one), so
//   decoding can run in place.

/// Percent-decoding of URL components, query strings and form bodies.
public enum PercentDecoding {
    /// Appends the percent-decoded `input` to `output` (the existing contents are kept; call
    /// `output.removeAll(keepingCapacity: true)` first to reuse one buffer for many values).
    /// Invalid `%` sequences are kept literally; `+` becomes a space when `plusAsSpace`.
    public static func percentDecode(
        _ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], plusAsSpace: Bool
    ) {
        let oldCount = output.count
        output.append(contentsOf: input)
        guard needsDecoding(input, plusAsSpace: plusAsSpace) else { return }
        let written = output.withUnsafeMutableBufferPointer { buffer in
            decodeInPlace(UnsafeMutableBufferPointer(rebasing: buffer[oldCount...]), plusAsSpace: plusAsSpace)
        }
        output.removeLast(input.count - written)
    }

    /// Decodes `input` into `output` and returns the number of bytes written, or `nil` when
    /// `output` is shorter than `input` (the decoded form is never longer than the input, so
    /// `input.count` bytes of room always suffice). `output` may be the same memory as `input`.
    public static func percentDecode(
        _ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>,
        plusAsSpace: Bool
    ) -> Int? {
        guard output.count >= input.count else { return nil }
        guard let source = input.baseAddress, let destination = output.baseAddress else { return 0 }
        if UnsafePointer(destination) != source {
            destination.update(from: source, count: input.count)
        }
        return decodeInPlace(
            UnsafeMutableBufferPointer(start: destination, count: input.count), plusAsSpace: plusAsSpace)
    }

    /// Decodes `buffer` in place and returns the decoded length (≤ `buffer.count`); bytes after
    /// that length are left unspecified.
    public static func decodeInPlace(_ buffer: UnsafeMutableBufferPointer<UInt8>, plusAsSpace: Bool) -> Int {
        let count = buffer.count
        var read = 0
        // Skip the prefix that needs no change without writing.
        while read < count {
            let byte = buffer[read]
            if byte == ASCII.percent || (plusAsSpace && byte == ASCII.plus) { break }
            read += 1
        }
        var write = read
        while read < count {
            let byte = buffer[read]
            if byte == ASCII.percent, read + 2 < count,
                let high = ASCII.hexValue(buffer[read + 1]),
                let low = ASCII.hexValue(buffer[read + 2])
            {
                buffer[write] = high << 4 | low
                read += 3
            } else {
                buffer[write] = (plusAsSpace && byte == ASCII.plus) ? ASCII.space : byte
                read += 1
            }
            write += 1
        }
        return write
    }

    /// Whether decoding would change anything: `input` holds a `%`, or a `+` when
    /// `plusAsSpace`. Lets callers take the no-copy path.
    public static func needsDecoding(_ input: UnsafeBufferPointer<UInt8>, plusAsSpace: Bool) -> Bool {
        for byte in input where byte == ASCII.percent || (plusAsSpace && byte == ASCII.plus) {
            return true
        }
        return false
    }

    /// The percent-decoded `range` of `bytes` as a String (allocates; invalid UTF-8 becomes
    /// U+FFFD).
    public static func decodedString(
        _ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>, plusAsSpace: Bool
    ) -> String {
        let range = HTTPBytes.clamp(range, to: bytes)
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        guard needsDecoding(slice, plusAsSpace: plusAsSpace) else {
            return String(decoding: slice, as: UTF8.self)
        }
        var output: [UInt8] = []
        percentDecode(slice, into: &output, plusAsSpace: plusAsSpace)
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether the percent-decoded `range` of `bytes` equals `literal`, without allocating.
    public static func decodedEquals(
        _ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>, _ literal: String,
        plusAsSpace: Bool
    ) -> Bool {
        let range = HTTPBytes.clamp(range, to: bytes)
        var index = range.lowerBound
        let end = range.upperBound
        var utf8 = literal.utf8.makeIterator()
        while index < end {
            var byte = bytes[index]
            if byte == ASCII.percent, index + 2 < end,
                let high = ASCII.hexValue(bytes[index + 1]),
                let low = ASCII.hexValue(bytes[index + 2])
            {
                byte = high << 4 | low
                index += 3
            } else {
                if plusAsSpace && byte == ASCII.plus { byte = ASCII.space }
                index += 1
            }
            guard let expected = utf8.next(), expected == byte else { return false }
        }
        return utf8.next() == nil
    }
}
