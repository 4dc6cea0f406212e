/// Entries found again by a 64-bit hash of their key, for values that repeat on nearly every
/// line (text values, consent values of hits, vendor endpoints and redacted URLs of forwards):
/// a lookup is one probe and a comparison, with no string built for the key. The caller confirms that a found
/// entry holds its key (two keys may share a hash: the later one then takes the slot).
/// Bounded: every entry is forgotten when `limit` are held.
struct HashedMemo<Entry> {
    private var index = FlatMap64()
    private var entries: [Entry] = []
    private let limit: Int

    init(limit: Int = 4096) { self.limit = limit }

    /// The number of the entry last stored for `hash`, when `matches` accepts it.
    @inline(__always)
    func find(_ hash: UInt64, where matches: (borrowing Entry) -> Bool) -> Int? {
        guard let i = index[hash].map(Int.init), matches(entries[i]) else { return nil }
        return i
    }

    /// Entry `i` (a number `find` gave), read in place.
    @inline(__always)
    subscript(i: Int) -> Entry {
        _read { yield entries[i] }
    }

    /// Stores `entry` for `hash`.
    mutating func insert(_ entry: Entry, for hash: UInt64) {
        if entries.count >= limit {
            index = FlatMap64()
            entries.removeAll(keepingCapacity: true)
        }
        index[hash] = Int32(entries.count)
        entries.append(entry)
    }
}
