/// What a table lookup gave for each raw key spelling seen, by the spelling's bytes: a log
/// repeats the same few dozen JSON keys on every line, and comparing the bytes with a spelling
/// seen before costs less than folding the key again and looking the folded form up.
///
/// Open addressing over a fixed number of slots, keyed by `ByteHash` of the bytes and settled
/// by comparing them. It stops taking new spellings when half full or when its byte store is
/// full (a file of ever new keys then pays only the failed probe), so it never grows. A class
/// with fixed storage: one per reader, used through one reference, without copies.
///
/// Keys come in the same order record after record, so each slot also remembers which slot was
/// found after it last time: `lookup(_:)` compares the spelling with that one first and hashes
/// only when it differs.
final class RawKeyMemo<Value> {
    private let slots: Int
    private let hashes: UnsafeMutablePointer<UInt64>
    private let starts: UnsafeMutablePointer<Int32>
    /// -1: an empty slot.
    private let lengths: UnsafeMutablePointer<Int32>
    private let values: UnsafeMutablePointer<Value?>
    private let bytes: UnsafeMutablePointer<UInt8>
    private let byteCapacity: Int
    /// The slot found after each slot last time (-1: none yet).
    private let successors: UnsafeMutablePointer<Int32>
    /// Slots taken, bytes stored and the slot found last (-1: none), in one allocation so
    /// updating them needs no exclusivity check: [0] slots, [1] bytes, [2] last slot.
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
        successors = .allocate(capacity: size)
        successors.initialize(repeating: -1, count: size)
        counters = .allocate(capacity: 3)
        counters.initialize(repeating: 0, count: 2)
        (counters + 2).initialize(to: -1)
    }

    deinit {
        hashes.deallocate()
        starts.deallocate()
        lengths.deallocate()
        values.deinitialize(count: slots)
        values.deallocate()
        bytes.deallocate()
        successors.deallocate()
        counters.deallocate()
    }

    /// The remembered result for `raw` (which may itself be nil: a key no table knows), or nil
    /// when this spelling was not seen: the slot that followed the last one found is tried
    /// first, then the hash table.
    @inline(__always)
    func lookup(_ raw: UnsafeBufferPointer<UInt8>) -> Value?? {
        let last = counters[2]
        if last >= 0 {
            let next = Int(successors[last])
            if next >= 0, Int(lengths[next]) == raw.count, holds(next, raw) {
                counters[2] = next
                return .some(values[next])
            }
        }
        // Not seen: the last slot stays, so that `remember` makes the new one its successor.
        guard let i = slot(of: raw, hash: ByteHash.hash(raw)) else { return .none }
        if last >= 0 { successors[last] = Int32(i) }
        counters[2] = i
        return .some(values[i])
    }

    /// The remembered result for `raw` by its hash alone (no successor tried, none recorded).
    func lookup(_ raw: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Value?? {
        slot(of: raw, hash: hash).map { values[$0] }
    }

    @inline(__always)
    private func slot(of raw: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        let mask = slots - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while lengths[i] >= 0 {
            if hashes[i] == hash, Int(lengths[i]) == raw.count, holds(i, raw) { return i }
            i = (i + 1) & mask
        }
        return nil
    }

    /// Whether slot `i` (whose length is `raw.count`) stores the bytes of `raw`: eight bytes at
    /// a time, then the tail (keys are short; no call to memcmp).
    @inline(__always)
    private func holds(_ i: Int, _ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let b = raw.baseAddress else { return true }
        let a = UnsafeRawPointer(bytes + Int(starts[i]))
        let r = UnsafeRawPointer(b)
        let n = raw.count
        var k = 0
        while k + 8 <= n {
            if a.loadUnaligned(fromByteOffset: k, as: UInt64.self) != r.loadUnaligned(fromByteOffset: k, as: UInt64.self) {
                return false
            }
            k += 8
        }
        while k < n {
            if a.load(fromByteOffset: k, as: UInt8.self) != r.load(fromByteOffset: k, as: UInt8.self) { return false }
            k += 1
        }
        return true
    }

    /// Remembers `value` for `raw` (not remembered yet), unless the memo is half full or its
    /// byte store cannot take the spelling; the slot follows the last one found.
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
        if counters[2] >= 0 { successors[counters[2]] = Int32(i) }
        counters[2] = i
    }
}
