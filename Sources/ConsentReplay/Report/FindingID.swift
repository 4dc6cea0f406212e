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
        var bytes: [UInt8] = []
        bytes.reserveCapacity(rule.utf8.count + source.utf8.count + subject.utf8.count + 32)
        for (i, value) in [rule, source, String(line), subject].enumerated() {
            if i > 0 { bytes.append(0x1F) }
            bytes.append(contentsOf: String(value.utf8.count).utf8)
            bytes.append(0x1F)
            bytes.append(contentsOf: value.utf8)
        }
        return Hex.lowercase(SHA256.hash(data: bytes), count: 8)
    }
}

/// Lowercase hexadecimal text of bytes.
enum Hex {
    /// The first `count` bytes of `bytes` (all of them when `count` is nil) as lowercase hex.
    static func lowercase<S: Sequence>(_ bytes: S, count: Int? = nil) -> String where S.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for (i, byte) in bytes.enumerated() {
            if let count, i >= count { break }
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
