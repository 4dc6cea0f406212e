// Decoder for the backslash escapes web servers write into text access logs.
//
//     nginx (default `escape=default`): `"`, `\`, bytes < 0x20 and bytes >= 0x7F are written as
//         `\xHH` with upper-case hex (`"` → `\x22`, `\` → `\x5C`).
//     Apache (ap_escape_logitem): `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\v`, `\f`, and `\xhh` with
//         lower-case hex for other control and non-ASCII bytes.
//
// One decoder handles both, since nginx writes a literal backslash as `\x5C` and so never
// produces the Apache two-byte forms by accident:
//
//     escape = "\" ( "x" HEXDIG HEXDIG / DQUOTE / "\" / "n" / "r" / "t" / "b" / "v" / "f" )
//
// - Hex digits are accepted in either case.
// - Anything else after a backslash (`\q`, `\x4` followed by a non-hex byte or the end, a lone
//   trailing `\`) is kept literally: the backslash is copied and decoding goes on with the next
//   byte, so `\x4` stays `\x4` and `\q` stays `\q`.
// - nginx `escape=json` output is JSON and is decoded by the JSON layer, not here.
// - Every escape is at least two bytes and decodes to one, so the output is never longer than
//   the input. The decoder relies on that: it copies the input, then decodes in place with a
//   write index that never passes the read index.

/// Decoder for nginx and Apache access-log escapes (`\xHH`, `\"`, `\\`, `\n`, …).
public enum LogEscapes {
    /// Whether `range` of `bytes` contains a backslash, i.e. may need decoding. Scans eight bytes
    /// at a time; use it to skip the decoder on the common escape-free field.
    public static func containsBackslash(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil) -> Bool {
        HTTPBytes.contains(ASCII.backslash, in: bytes, range: HTTPBytes.clamp(range, to: bytes))
    }

    /// Appends the decoded `input` to `output` (existing contents are kept; call
    /// `output.removeAll(keepingCapacity: true)` first to reuse one buffer).
    public static func decode(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        let oldCount = output.count
        output.append(contentsOf: input)
        guard containsBackslash(input) else { return }
        let written = output.withUnsafeMutableBufferPointer { buffer in
            decodeInPlace(UnsafeMutableBufferPointer(rebasing: buffer[oldCount...]))
        }
        output.removeLast(input.count - written)
    }

    /// Decodes `input` into `output` and returns the number of bytes written, or `nil` when
    /// `output` is shorter than `input` (`input.count` bytes of room always suffice, because
    /// decoding never lengthens). `output` may be the same memory as `input`.
    public static func decode(
        _ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>
    ) -> Int? {
        guard output.count >= input.count else { return nil }
        guard let source = input.baseAddress, let destination = output.baseAddress else { return 0 }
        if UnsafePointer(destination) != source {
            destination.update(from: source, count: input.count)
        }
        return decodeInPlace(UnsafeMutableBufferPointer(start: destination, count: input.count))
    }

    /// Decodes `buffer` in place and returns the decoded length (≤ `buffer.count`); bytes after
    /// that length are left unspecified.
    public static func decodeInPlace(_ buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let count = buffer.count
        var read = 0
        while read < count && buffer[read] != ASCII.backslash { read += 1 }
        var write = read
        while read < count {
            let byte = buffer[read]
            guard byte == ASCII.backslash, read + 1 < count else {
                buffer[write] = byte
                write += 1
                read += 1
                continue
            }
            var decoded: UInt8? = nil
            var length = 2
            switch buffer[read + 1] {
            case UInt8(ascii: "x"):
                if read + 3 < count, let high = ASCII.hexValue(buffer[read + 2]),
                    let low = ASCII.hexValue(buffer[read + 3])
                {
                    decoded = high << 4 | low
                    length = 4
                }
            case ASCII.quote: decoded = ASCII.quote
            case ASCII.backslash: decoded = ASCII.backslash
            case UInt8(ascii: "n"): decoded = 0x0A
            case UInt8(ascii: "r"): decoded = 0x0D
            case UInt8(ascii: "t"): decoded = 0x09
            case UInt8(ascii: "b"): decoded = 0x08
            case UInt8(ascii: "v"): decoded = 0x0B
            case UInt8(ascii: "f"): decoded = 0x0C
            default: break
            }
            if let decoded {
                buffer[write] = decoded
                read += length
            } else {
                buffer[write] = byte  // invalid escape: keep the backslash, go on after it
                read += 1
            }
            write += 1
        }
        return write
    }

    /// The decoded text of `range` of `bytes` (allocates; invalid UTF-8 becomes U+FFFD).
    public static func decodedString(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil) -> String {
        let range = HTTPBytes.clamp(range, to: bytes)
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        guard containsBackslash(slice) else { return String(decoding: slice, as: UTF8.self) }
        var output: [UInt8] = []
        decode(slice, into: &output)
        return String(decoding: output, as: UTF8.self)
    }
}
