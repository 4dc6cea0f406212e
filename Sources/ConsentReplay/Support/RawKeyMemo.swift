/// What a table lookup gave for each raw key spelling seen, by the spelling's bytes: a log
/// repeats the same few dozen JSON keys on every line, and comparing the bytes with a spelling
/// seen before costs less than folding the key again and looking the folded form up.
///
/// Open addressing over a fixed number of slots, keyed by `ByteHash` of the bytes and settled
/// by comparing them. It stops taking new spellings when half full or when its byte store is
/// full (a file of ever new keys then pays only the failed probe), so it never grows. A class
/// with fixed storage: one per reader, used through one reference, without copies.
final class RawKeyMemo<Value> {
    private let slots: Int
    private let hashes: UnsafeMutablePointer<UInt64>
    private let starts: UnsafeMutablePointer<Int32>
    /// -1: an empty slot.
    private let lengths: UnsafeMutablePointer<Int32>
    private let values: UnsafeMutablePointer<Value?>
    private let bytes: UnsafeMutablePointer<UInt8>
    private let byteCapacity: Int
    /// Slots taken and bytes stored, in one allocation so updating them needs no exclusivity
    /// check: [0] slots, [1] bytes.
    private let counters: UnsafeMutablePointer<Int>

    init(slots requested: Int = 256, byteCapacity: Int = 8192) {
        var size = 8
        while size < requested { size *= 2 }
        slots = size
        hashes = .allocate(capacity: size)
        hashes.initialize(repeating: 0, count: size)
        starts = .allocate(capacity: size)
        starts.initialize(repeating: 0, count: size)
        lengths = .allocate(capacity: size)
        lengths.initialize(repeating: -1, count: size)
        values = .allocate(capacity: size)
        values.initialize(repeating: nil, count: size)
        self.byteCapacity = byteCapacity
        bytes = .allocate(capacity: byteCapacity)
        counters = .allocate(capacity: 2)
        counters.initialize(repeating: 0, count: 2)
    }

    deinit {
        hashes.deallocate()
        starts.deallocate()
        lengths.deallocate()
        values.deinitialize(count: slots)
        values.deallocate()
        bytes.deallocate()
        counters.deallocate()
    }

    /// The remembered result for `raw` (which may itself be nil: a key no table knows), or nil
    /// when this spelling was not seen.
    @inline(__always)
    func lookup(_ raw: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Value?? {
        let mask = slots - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while lengths[i] >= 0 {
            if hashes[i] == hash, Int(lengths[i]) == raw.count,
               ByteHash.equal(UnsafeBufferPointer(start: bytes + Int(starts[i]), count: raw.count), raw) {
                return .some(values[i])
            }
            i = (i + 1) & mask
        }
        return .none
    }

    /// Remembers `value` for `raw` (not remembered yet), unless the memo is half full or its
    /// byte store cannot take the spelling.
    func remember(_ raw: UnsafeBufferPointer<UInt8>, hash: UInt64, _ value: Value?) {
        guard counters[0] * 2 < slots, counters[1] + raw.count <= byteCapacity else { return }
        let mask = slots - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while lengths[i] >= 0 { i = (i + 1) & mask }
        hashes[i] = hash
        starts[i] = Int32(counters[1])
        lengths[i] = Int32(raw.count)
        values[i] = value
        if let base = raw.baseAddress { (bytes + counters[1]).update(from: base, count: raw.count) }
        counters[0] += 1
        counters[1] += raw.count
    }
}
