import Crypto
import Foundation

/// Replaces visitors, identifiers and IP addresses in the outputs by keyed pseudonyms
/// (contract §6, `--pseudonymize-key-file F`).
///
/// A pseudonym is `p-` followed by the first 32 lowercase hex characters (128 bits) of
/// HMAC-SHA-256(key, UTF-8 bytes of the value). The same key gives the same pseudonym on every
/// run and machine, so nightly outputs still join on visitor; without the key a pseudonym cannot
/// be turned back into the value, nor recomputed from a guessed value (which a plain hash of an
/// IP address or a cookie value would allow).
///
/// `Pseudonymizer.none` is the identity: every value is returned as it is.
public struct Pseudonymizer: Sendable {
    /// The HMAC key; nil for `.none`. Kept as bytes because `SymmetricKey` is not `Sendable`.
    private let key: [UInt8]?

    /// Keys shorter than this are refused: a short key can be found by trying every key.
    public static let minimumKeyLength = 16

    /// Pseudonymisation off: `pseudonym(_:)` returns its input.
    public static let none = Pseudonymizer(uncheckedKey: nil)

    /// A pseudonymiser with `key` as it is, without the length check: for tests that use the
    /// published HMAC vectors, whose keys are shorter than the tool accepts.
    init(uncheckedKey key: [UInt8]?) {
        self.key = key
    }

    /// A pseudonymiser keyed by the contents of a key file. One trailing newline (`\n` or
    /// `\r\n`, as an editor or `echo` leaves it) is not part of the key; everything else is.
    /// Throws when the key is empty or shorter than `minimumKeyLength` bytes.
    public init(keyFileContents: [UInt8]) throws(PseudonymizerError) {
        var key = keyFileContents
        if key.last == UInt8(ascii: "\n") {
            key.removeLast()
            if key.last == UInt8(ascii: "\r") { key.removeLast() }
        }
        if key.isEmpty {
            throw PseudonymizerError("the pseudonymisation key is empty; put at least \(Self.minimumKeyLength) random bytes in the key file (for example: head -c 32 /dev/urandom | base64 > key)")
        }
        if key.count < Self.minimumKeyLength {
            throw PseudonymizerError("the pseudonymisation key is \(key.count) byte\(key.count == 1 ? "" : "s") long; it must be at least \(Self.minimumKeyLength) bytes, or the pseudonyms could be reversed by trying every key (for example: head -c 32 /dev/urandom | base64 > key)")
        }
        self.key = key
    }

    /// A pseudonymiser keyed by the file at `path` (see `init(keyFileContents:)`). Throws, naming
    /// the path, when the file cannot be read or holds no usable key.
    public init(keyFile path: String) throws(PseudonymizerError) {
        let contents: [UInt8]
        do {
            contents = try Self.read(path)
        } catch {
            throw PseudonymizerError("\(path): cannot read the pseudonymisation key file (\(error.message))")
        }
        do {
            try self.init(keyFileContents: contents)
        } catch {
            throw PseudonymizerError("\(path): \(error.message)")
        }
    }

    /// Whether values are replaced (false for `.none`).
    public var isActive: Bool { key != nil }

    /// Whether `pseudonym` returns every value as it is (no key).
    public var isIdentity: Bool { key == nil }

    /// `value`'s pseudonym, `p-` + 32 hex characters; `value` itself when not active.
    public func pseudonym(_ value: String) -> String {
        guard let key else { return value }
        let mac = HMAC<SHA256>.authenticationCode(for: Array(value.utf8), using: SymmetricKey(data: key))
        return "p-" + mac.withUnsafeBytes { Hex.lowercase($0, count: 16) }
    }

    /// The whole file, read with POSIX calls so the error is the system's own reason.
    private static func read(_ path: String) throws(PseudonymizerError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw PseudonymizerError(String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw PseudonymizerError("it is a directory")
        }
        var contents: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PseudonymizerError(String(cString: strerror(errno)))
            }
            if n == 0 { break }
            contents.append(contentsOf: buffer[0..<n])
            // A key file is a few bytes; refuse to slurp something that is plainly not one.
            if contents.count > 1 << 20 { throw PseudonymizerError("larger than 1 MiB, not a key file") }
        }
        return contents
    }
}

/// Why a pseudonymisation key could not be used: one sentence a user can act on.
public struct PseudonymizerError: Error, CustomStringConvertible, Equatable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
