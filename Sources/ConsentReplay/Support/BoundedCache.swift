/// A memo for values that repeat within a chunk (consent strings, vendor hosts, instance ids):
/// cleared whole when it reaches `limit`, so a file of distinct values cannot grow it without
/// bound.
struct BoundedCache<Key: Hashable, Value> {
    private var entries: [Key: Value] = [:]
    let limit: Int

    init(limit: Int = 4096) { self.limit = limit }

    subscript(key: Key) -> Value? { entries[key] }

    mutating func insert(_ value: Value, for key: Key) {
        if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
        entries[key] = value
    }
}
