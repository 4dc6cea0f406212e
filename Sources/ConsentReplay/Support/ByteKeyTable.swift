/// A fixed table from short byte strings (normalised JSON keys) to values, for lookups on hot
/// paths: keys hashed with `ByteHash` in one pass and stored flat, so a lookup neither hashes
/// byte by byte (as `Hasher` does for `[UInt8]`) nor retains an array per probe. A class: a
/// static table is used through one reference, not copied field by field.
final class ByteKeyTable<Value: Sendable>: Sendable {
    private let storage: [UInt8]
    private let starts: [Int]
    private let counts: [Int]
    private let values: [Value?]
    private let mask: Int

    init(_ pairs: [(String, Value)]) {
        var size = 8
        while size < pairs.count * 2 { size *= 2 }
        var storage: [UInt8] = []
        var starts = Array(repeating: 0, count: size)
        var counts = Array(repeating: -1, count: size)
        var values = [Value?](repeating: nil, count: size)
        for (key, value) in pairs {
            let bytes = Array(key.utf8)
            var i = bytes.withUnsafeBufferPointer { Int(truncatingIfNeeded: ByteHash.hash($0)) } & (size - 1)
            while counts[i] >= 0 { i = (i + 1) & (size - 1) }
            starts[i] = storage.count
            counts[i] = bytes.count
            values[i] = value
            storage += bytes
        }
        self.storage = storage
        self.starts = starts
        self.counts = counts
        self.values = values
        self.mask = size - 1
    }

    subscript(_ key: [UInt8]) -> Value? {
        key.withUnsafeBufferPointer { self[$0] }
    }

    subscript(_ key: UnsafeBufferPointer<UInt8>) -> Value? {
        var i = Int(truncatingIfNeeded: ByteHash.hash(key)) & mask
        return storage.withUnsafeBufferPointer { flat in
            while counts[i] >= 0 {
                if counts[i] == key.count, ByteHash.equal(UnsafeBufferPointer(rebasing: flat[starts[i]..<(starts[i] + key.count)]), key) {
                    return values[i]
                }
                i = (i + 1) & mask
            }
            return nil
        }
    }

    func contains(_ key: [UInt8]) -> Bool { self[key] != nil }
}
