import Crypto

/// The `id` column of `findings.csv` / `findings.jsonl` (contract §6): a stable hash of
/// (rule, source, line, subject), so a nightly job can de-duplicate findings it already has.
///
/// The id depends on those four values only: not on the run's time, the machine, the thread
/// count, the order of the inputs or the other findings. The same inputs, given by the same
/// paths, give the same id on every run and every machine (SHA-256 over UTF-8 bytes; no
/// platform hash, no randomised seed). `source` is the path as given on the command line, so
/// a nightly job should name its inputs the same way every night.
public enum FindingID {
    /// The first 16 lowercase hex characters (64 bits) of SHA-256 over the four values.
    ///
    /// Each value is written as its UTF-8 byte count in decimal, a 0x1F (unit separator) byte,
    /// then its UTF-8 bytes; the four are joined with 0x1F and `line` is written in decimal.
    /// The length prefix keeps the encoding unambiguous even when a path or a subject (which
    /// comes from the logs) itself contains a 0x1F byte.
    public static func make(rule: String, source: String, line: Int, subject: String) -> String {
        // Built in place (one id per finding; a day can have a hundred thousand).
        var bytes: [UInt8] = []
        bytes.reserveCapacity(rule.utf8.count + source.utf8.count + subject.utf8.count + 64)
        func appendPart(_ utf8: UnsafeBufferPointer<UInt8>) {
            bytes.appendDecimal(utf8.count)
            bytes.append(0x1F)
            bytes.append(contentsOf: utf8)
        }
        var lineDigits: [UInt8] = []
        lineDigits.appendDecimal(line)
        rule.withUTF8Buffer(appendPart)
        bytes.append(0x1F)
        source.withUTF8Buffer(appendPart)
        bytes.append(0x1F)
        lineDigits.withUnsafeBufferPointer(appendPart)
        bytes.append(0x1F)
        subject.withUTF8Buffer(appendPart)
        return SHA256.hash(data: bytes).withUnsafeBytes { Hex.lowercase($0, count: 8) }
    }
}

/// Lowercase hexadecimal text of bytes.
enum Hex {
    /// The first `count` bytes of `bytes` as lowercase hex, written straight into the string.
    static func lowercase(_ bytes: UnsafeRawBufferPointer, count: Int) -> String {
        let n = min(count, bytes.count)
        return String(unsafeUninitializedCapacity: 2 * n) { out in
            for i in 0..<n {
                let byte = bytes[i]
                out[2 * i] = hexDigit(byte >> 4)
                out[2 * i + 1] = hexDigit(byte & 0x0F)
            }
            return 2 * n
        }
    }

    @inline(__always)
    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
