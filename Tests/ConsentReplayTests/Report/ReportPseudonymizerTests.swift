import Foundation
import Testing
@testable import ConsentReplay

/// `--pseudonymize-key-file`: HMAC-SHA-256 pseudonyms, checked against RFC 4231.
struct ReportPseudonymizerTests {
    /// RFC 4231 test case 2 (key "Jefe" is shorter than the tool accepts, hence the unchecked init).
    @Test func rfc4231TestCase2() {
        let p = Pseudonymizer(uncheckedKey: Array("Jefe".utf8))
        // HMAC = 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843
        #expect(p.pseudonym("what do ya want for nothing?") == "p-5bdcc146bf60754e6a042426089575c7")
    }

    /// RFC 4231 test case 1, through the public initialiser (a 20-byte key of 0x0b).
    @Test func rfc4231TestCase1() throws {
        let p = try Pseudonymizer(keyFileContents: [UInt8](repeating: 0x0b, count: 20))
        // HMAC = b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7
        #expect(p.pseudonym("Hi There") == "p-b0344c61d8db38535ca8afceaf0bf12b")
        #expect(p.isActive)
    }

    @Test func noneIsIdentity() {
        #expect(!Pseudonymizer.none.isActive)
        for value in ["", "203.0.113.7", "GA1.1.123.456", "Zürich 🍪"] {
            #expect(Pseudonymizer.none.pseudonym(value) == value)
        }
    }

    /// One trailing newline (LF or CRLF) is not part of the key; a second one is.
    @Test(arguments: ["0123456789abcdef", "0123456789abcdef\n", "0123456789abcdef\r\n"])
    func oneTrailingNewlineIsTrimmed(contents: String) throws {
        let p = try Pseudonymizer(keyFileContents: Array(contents.utf8))
        #expect(p.pseudonym("203.0.113.7") == "p-e25e7aa15f18e79a3fd02a8fa35b11c2")
    }

    @Test func onlyOneNewlineIsTrimmed() throws {
        let p = try Pseudonymizer(keyFileContents: Array("0123456789abcdef\n\n".utf8))
        #expect(p.pseudonym("203.0.113.7") != "p-e25e7aa15f18e79a3fd02a8fa35b11c2")
    }

    @Test func stableAndDistinct() throws {
        let p = try Pseudonymizer(keyFileContents: Array("a key of at least sixteen bytes".utf8))
        let q = try Pseudonymizer(keyFileContents: Array("another key, also long enough".utf8))
        #expect(p.pseudonym("v-1") == p.pseudonym("v-1"))
        #expect(p.pseudonym("v-1") != p.pseudonym("v-2"))
        #expect(p.pseudonym("v-1") != q.pseudonym("v-1"))
        #expect(p.pseudonym("v-1").count == 34)
        #expect(p.pseudonym("").hasPrefix("p-"))
    }

    @Test(arguments: ["", "\n", "\r\n", "short key", "123456789012345"])
    func shortOrEmptyKeyIsRefused(contents: String) {
        #expect(throws: PseudonymizerError.self) { try Pseudonymizer(keyFileContents: Array(contents.utf8)) }
    }

    @Test func refusalSaysWhy() {
        do {
            _ = try Pseudonymizer(keyFileContents: Array("123456789012345".utf8))
            Issue.record("a 15-byte key was accepted")
        } catch {
            #expect(error.message.contains("15 bytes"))
            #expect(error.message.contains("at least 16 bytes"))
        }
        do {
            _ = try Pseudonymizer(keyFileContents: [])
            Issue.record("an empty key was accepted")
        } catch {
            #expect(error.message.contains("empty"))
        }
    }

    @Test func keyFile() throws {
        let directory = NSTemporaryDirectory() + "consent-replay-key-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let good = directory + "/key"
        try Data("0123456789abcdef\n".utf8).write(to: URL(fileURLWithPath: good))
        #expect(try Pseudonymizer(keyFile: good).pseudonym("203.0.113.7") == "p-e25e7aa15f18e79a3fd02a8fa35b11c2")

        let short = directory + "/short"
        try Data("tiny\n".utf8).write(to: URL(fileURLWithPath: short))
        for path in [directory + "/missing", directory, short] {
            do {
                _ = try Pseudonymizer(keyFile: path)
                Issue.record("\(path) was accepted")
            } catch {
                #expect(error.message.hasPrefix(path + ": "), "\(error.message)")
            }
        }
    }
}
