/// Open-addressing hash tables keyed by 64-bit values that are themselves hashes (identifiers,
/// pairs of node numbers): one multiply-mix per probe instead of SipHash, keys and values in flat
/// arrays. Used where a day's millions of identifiers are looked up (`IdentityLinker`).
/// Key 0 marks an empty slot, so it is kept aside.
struct FlatMap64: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int
    private var zero: Int32?
    private(set) var count = 0

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        var i = Int(truncatingIfNeeded: ByteHash.mix(key)) & mask
        while keys[i] != 0 && keys[i] != key { i = (i + 1) & mask }
        return i
    }

    subscript(key: UInt64) -> Int32? {
        get {
            if key == 0 { return zero }
            let i = slot(key)
            return keys[i] == key ? values[i] : nil
        }
        set {
            guard let newValue else { preconditionFailure("FlatMap64 does not remove keys") }
            if key == 0 {
                if zero == nil { count += 1 }
                zero = newValue
                return
            }
            var i = slot(key)
            if keys[i] == 0 {
                if (count + 1) * 2 > keys.count {
                    grow()
                    i = slot(key)
                }
                keys[i] = key
                count += 1
            }
            values[i] = newValue
        }
    }

    /// Adds `delta` to the value of `key` (0 when absent).
    mutating func add(_ delta: Int32, to key: UInt64) {
        self[key] = (self[key] ?? 0) + delta
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = Array(repeating: 0, count: oldKeys.count * 2)
        values = Array(repeating: 0, count: oldKeys.count * 2)
        mask = keys.count - 1
        for (k, v) in zip(oldKeys, oldValues) where k != 0 {
            let i = slot(k)
            keys[i] = k
            values[i] = v
        }
    }
}

/// A set of 64-bit hash values (see `FlatMap64`).
struct FlatSet64: Sendable {
    private var map = FlatMap64()
    /// The members in insertion order.
    private(set) var members: [UInt64] = []

    /// Inserts `key`; whether it was new.
    @discardableResult
    mutating func insert(_ key: UInt64) -> Bool {
        if map[key] != nil { return false }
        map[key] = 0
        members.append(key)
        return true
    }

    func contains(_ key: UInt64) -> Bool { map[key] != nil }

    var count: Int { members.count }
}
