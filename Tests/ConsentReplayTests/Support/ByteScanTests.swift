import CByteScan
import Testing
@testable import ConsentReplay

/// The sixteen-byte searches of `cbytescan.h` find exactly what a byte-by-byte loop finds, on
/// random buffers of every length around the block size, from every start, with bytes of the
/// whole range (high bytes included: SSE2 compares them as signed).
struct ByteScanTests {
    /// Buffers whose bytes are mostly drawn from `alphabet`, sometimes any byte at all.
    static func buffers(seed: UInt64, alphabet: [UInt8]) -> [[UInt8]] {
        var random = TestRandom(seed: seed)
        var out: [[UInt8]] = []
        for length in 0..<70 {
            for _ in 0..<40 {
                out.append((0..<length).map { _ in
                    random.int(0..<8) == 0 ? UInt8(random.int(0..<256)) : alphabet[random.int(0..<alphabet.count)]
                })
            }
        }
        return out
    }

    /// Checks `search(base, from, count)` against `reference(buffer, from)` on every buffer and
    /// start; returns how many searches stopped before the end (so the check is not vacuous).
    static func agree(seed: UInt64, alphabet: [UInt8], _ search: (UnsafePointer<UInt8>, Int, Int) -> Int,
                      _ reference: (UnsafeBufferPointer<UInt8>, Int) -> Int) -> Int {
        var stops = 0
        for buffer in buffers(seed: seed, alphabet: alphabet) {
            buffer.withUnsafeBufferPointer { b in
                guard let base = b.baseAddress else { return }
                for from in 0...b.count {
                    let found = search(base, from, b.count)
                    #expect(found == reference(b, from), "\(Array(b)) from \(from)")
                    if found < b.count { stops += 1 }
                }
            }
        }
        return stops
    }

    @Test func jsonStringStopMatchesTheByteLoop() {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789 :,{}[]-_/".utf8) + [0x22, 0x5C, 0x1F, 0x20, 0x7F, 0x80, 0x9F, 0xFF, 0x00]
        let stops = Self.agree(seed: 11, alphabet: alphabet, { cbs_json_string_stop($0, $1, $2) }) { b, from in
            var i = from
            while i < b.count && b[i] != 0x22 && b[i] != 0x5C && b[i] >= 0x20 { i += 1 }
            return i
        }
        #expect(stops > 10_000)
    }

    @Test func jsonEscapeStopMatchesTheByteLoop() {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789 :,{}[]-_/".utf8) + [0x22, 0x5C, 0x1F, 0x20, 0x7F, 0x7E, 0x80, 0xFF, 0x00]
        let stops = Self.agree(seed: 12, alphabet: alphabet, { cbs_json_escape_stop($0, $1, $2) }) { b, from in
            var i = from
            while i < b.count && b[i] != 0x22 && b[i] != 0x5C && b[i] >= 0x20 && b[i] != 0x7F { i += 1 }
            return i
        }
        #expect(stops > 10_000)
    }

    @Test func asciiRunEndMatchesTheByteLoop() {
        let alphabet = Array("abc {}\"\\:,0123".utf8) + [0x00, 0x7F]
        let stops = Self.agree(seed: 14, alphabet: alphabet, { cbs_ascii_run_end($0, $1, $2) }) { b, from in
            var i = from
            while i < b.count && b[i] < 0x80 { i += 1 }
            return i
        }
        #expect(stops > 5_000)
        // Long ASCII runs (the sixty-four-byte steps) with one high byte at every position.
        for length in [63, 64, 65, 127, 128, 129, 200] {
            for position in 0...length {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                if position < length { bytes[position] = 0xC3 }
                bytes.withUnsafeBufferPointer { b in
                    guard let base = b.baseAddress else { return }
                    #expect(cbs_ascii_run_end(base, 0, b.count) == position, "length \(length), high byte at \(position)")
                }
            }
        }
    }

    @Test func findEitherMatchesTheByteLoop() {
        let alphabet = Array("ab=;= _ga=GA1.2.3; x".utf8) + [0xBB, 0x3D, 0x3B]
        for (a, b) in [(UInt8(ascii: ";"), UInt8(ascii: "=")), (UInt8(ascii: ";"), UInt8(ascii: ";")), (0xBB, 0x00)] {
            let stops = Self.agree(seed: 15, alphabet: alphabet, { cbs_find_either($0, $1, $2, a, b) }) { buffer, from in
                var i = from
                while i < buffer.count && buffer[i] != a && buffer[i] != b { i += 1 }
                return i
            }
            #expect(stops > 5_000)
        }
    }

    /// The prefilter's candidate rule, byte by byte (`cbs_secret_scan`): a `t`, `n` or `d`
    /// after `-`/`_`, or after `e`/`o`/`r` itself after `k`/`r`/`i`/`o`/`-`/`_`, never within
    /// the first two bytes; with `escapes`, a `%` three bytes before it or before the letter
    /// before it also passes (`cbs_find_fragment_end_candidate`).
    static func mayEndFragment(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, escapes: Bool) -> Bool {
        func folded(_ k: Int) -> UInt8 { b[k] | 0x20 }
        guard [0x74, 0x6E, 0x64].contains(folded(i)) else { return false }
        let separators: [UInt8] = [0x2D, 0x7F]
        if escapes {
            if i >= 1 && separators.contains(folded(i - 1)) { return true }
            if i >= 3 && b[i - 3] == 0x25 { return true }
            return i >= 2 && Array("eor".utf8).contains(folded(i - 1))
                && (Array("krio".utf8).contains(folded(i - 2)) || separators.contains(folded(i - 2)) || (i >= 4 && b[i - 4] == 0x25))
        }
        guard i >= 2 else { return false }
        return separators.contains(folded(i - 1))
            || (Array("eor".utf8).contains(folded(i - 1)) && (Array("krio".utf8).contains(folded(i - 2)) || separators.contains(folded(i - 2))))
    }

    @Test func secretScanMatchesTheByteLoop() {
        let alphabet = Array("tndTNDeorEORkriKRI-_%\\sckpwaxz1 \"".utf8) + [0x0D, 0x7F, 0x5F, 0xF4, 0xE5, 0x00]
        let stops = Self.agree(seed: 12, alphabet: alphabet, { cbs_secret_scan($0, $1, $2) }) { b, from in
            var i = from
            while i < b.count {
                let c = b[i]
                if c == 0x5C || c == 0x25 || Self.mayEndFragment(b, i, escapes: false) { break }
                i += 1
            }
            return i
        }
        #expect(stops > 10_000)
    }

    @Test func escapedFragmentEndCandidateMatchesTheByteLoop() {
        let alphabet = Array("tndTNDeorEORkriKRI-_%%%0123456789abcdefABCDEF\\sxz \"".utf8) + [0x0D, 0x7F, 0xF4, 0x00]
        let stops = Self.agree(seed: 15, alphabet: alphabet, { cbs_find_fragment_end_candidate($0, $1, $2) }) { b, from in
            var i = from
            while i < b.count && !Self.mayEndFragment(b, i, escapes: true) { i += 1 }
            return i
        }
        #expect(stops > 10_000)
    }

    /// The whole prefilter pass: the first backslash, `%` or fragment end, fragments checked as
    /// `endsFragment` below checks them (on text without `%` before them).
    @Test func secretPrefilterMatchesTheFragmentCheck() {
        var random = TestRandom(seed: 13)
        let pieces = ["tok", "en", "TOK", "EN", "sec", "ret", "SeC", "pass", "word", "PASS", "wor", "d", "autho", "rization",
                      "AUTHO", "rizatio", "n", "t", "e", "o", "r", "-", "_", "x", "1", "\"", ":", " ", "content", "event_name",
                      "%", "\\"]
        var stops = 0
        for _ in 0..<20_000 {
            var text: [UInt8] = []
            for _ in 0..<random.int(0..<40) { text += Array(pieces[random.int(0..<pieces.count)].utf8) }
            text.withUnsafeBufferPointer { b in
                guard let base = b.baseAddress else { return }
                var expected = 0
                while expected < b.count {
                    let c = b[expected]
                    if c == 0x5C || c == 0x25 || Self.endsFragment(Array(b[..<expected]), c) { break }
                    expected += 1
                }
                let found = cbs_secret_prefilter(base, b.count)
                #expect(found == expected, "\(String(decoding: Array(b), as: UTF8.self))")
                if found < b.count { stops += 1 }
            }
        }
        #expect(stops > 5_000 && stops < 19_000)
    }

    /// Whether `last` ends a secret-name fragment after `before`: the text read backwards, `-`
    /// and `_` skipped, ASCII letters lower-cased (the rule of `SecretRedaction`).
    static func endsFragment(_ before: [UInt8], _ last: UInt8) -> Bool {
        let letters = (before + [last]).filter { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: "_") }
            .map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        guard let end = letters.last, [UInt8(ascii: "t"), UInt8(ascii: "n"), UInt8(ascii: "d")].contains(end) else { return false }
        return ["secret", "token", "authorization", "password"].contains { letters.suffix($0.utf8.count).elementsEqual($0.utf8) }
    }
}
