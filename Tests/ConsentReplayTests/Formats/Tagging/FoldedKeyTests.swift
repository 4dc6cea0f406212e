import Testing
@testable import ConsentReplay

/// Keys of tagging records are matched folded: letters lower-cased, digits kept, everything else
/// dropped. `FoldedKey` folds eight bytes at a time while they are all letters and digits.
@Suite struct FoldedKeyTests {
    /// The fold, byte by byte, with the same limit: nil when the folded key is too long.
    static func reference(_ bytes: [UInt8]) -> [UInt8]? {
        let folded = bytes.compactMap { JSONDocument.fold($0) }
        return folded.count > FoldedKey.capacity ? nil : folded
    }

    static func fold(_ bytes: [UInt8]) -> [UInt8]? {
        let key = FoldedKey()
        bytes.withUnsafeBufferPointer { key.fold($0) }
        return key.isTooLong ? nil : Array(key.bytes)
    }

    @Test(arguments: ["timestamp", "jsonPayload", "requestUrl", "x-ga-gcs", "event_name", "RESPONSESTATUSCODE", "a",
                      "", "run.googleapis.com/instanceId", "user_data.address", "Ünïcode_key", "0123456789ABCDEFabcdef",
                      String(repeating: "k", count: 64), String(repeating: "k", count: 65), String(repeating: "k_", count: 64)])
    func knownKeys(_ key: String) {
        #expect(Self.fold(Array(key.utf8)) == Self.reference(Array(key.utf8)))
    }

    @Test func foldsAsByteByByteOnRandomKeys() {
        var random = TestRandom(seed: 91)
        // Letters and digits at and around every range edge, separators, and bytes above 0x7F.
        let alphabet: [UInt8] = Array("azAZ09by".utf8) + [0x2F, 0x3A, 0x40, 0x5B, 0x60, 0x7B, 0x2D, 0x5F, 0x2E, 0x20, 0x7F, 0x80, 0xC3, 0xFF, 0x00]
        for _ in 0..<20_000 {
            let length = random.int(0..<90)
            let bias = random.int(0..<4)
            let bytes = (0..<length).map { _ -> UInt8 in
                random.int(0..<8) < bias ? alphabet[random.int(0..<alphabet.count)] : alphabet[random.int(0..<8)]
            }
            #expect(Self.fold(bytes) == Self.reference(bytes), "\(bytes)")
        }
    }
}
