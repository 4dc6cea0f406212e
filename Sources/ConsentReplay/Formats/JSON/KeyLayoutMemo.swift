/// What a reader worked out from an object's keys alone, found again for every later object
/// with the same keys.
///
/// The records of a log repeat a handful of key layouts (a Cloud Logging entry, a Stape
/// request, a Stape response…): the same raw key spellings in the same order. A reader that
/// decides what each member is by its key (a table lookup per key) can do that once per layout
/// and keep the answer as a `Plan` indexed by member position. For a later object, `match`
/// compares its raw keys with a remembered layout (lengths, then bytes, eight at a time) and,
/// when every key is the same, hands back that plan with the object's member values in
/// `values`, in member order.
///
/// Layouts are compared byte for byte, escapes included, so a plan is reused only for keys
/// spelled exactly as when it was made: whatever the plan says of a key follows from its raw
/// bytes. A layout is first looked for by its member count and first key; several layouts may
/// share those (a Stape request and response), and are then tried in turn. The memo stops taking
/// layouts when it holds `limit` of them, when its key store is full, or for objects of more
/// than `maximumMembers` members: a file of ever new layouts then pays one failed probe per
/// object.
///
/// The plan is a class, so handing it out is one reference. One memo per reader (not
/// thread-safe): the values buffer is reused for every object.
final class KeyLayoutMemo<Plan: AnyObject> {
    /// A remembered layout: its keys are `keyCount` consecutive entries of `keyEnds` from
    /// `firstEnd`, each ending at that offset of `keyBytes` (the first starting at `firstByte`).
    struct Layout {
        /// Member count, first key's length and its first eight bytes (`keyFingerprint(of:)`).
        var fingerprint: UInt64
        var firstByte: Int32
        var firstEnd: Int32
        var keyCount: Int32
    }

    static var maximumMembers: Int { 64 }
    static var byteCapacity: Int { 16384 }

    @exclusivity(unchecked) private var layouts: [Layout] = []
    @exclusivity(unchecked) private var plans: [Plan] = []
    private let limit: Int
    private let keyBytes: UnsafeMutablePointer<UInt8>
    private let keyEnds: UnsafeMutablePointer<Int32>
    @exclusivity(unchecked) private var bytesUsed = 0
    @exclusivity(unchecked) private var endsUsed = 0
    /// The member values of the object last matched (`match`), in member order.
    let values: UnsafeMutablePointer<JSONNode>

    init(limit: Int = 32) {
        self.limit = limit
        values = .allocate(capacity: Self.maximumMembers)
        keyBytes = .allocate(capacity: Self.byteCapacity)
        keyEnds = .allocate(capacity: limit * Self.maximumMembers)
    }

    deinit {
        values.deallocate()
        keyBytes.deallocate()
        keyEnds.deallocate()
    }

    /// The plan of the layout `object`'s keys have, with the member values written to
    /// `values`; nil when no remembered layout has exactly these keys.
    @inline(__always)
    func match(_ doc: borrowing JSONDocument, _ object: JSONNode) -> Plan? {
        guard object.count <= Self.maximumMembers, let print = doc.keyFingerprint(of: object) else { return nil }
        let found = layouts.withUnsafeBufferPointer { all -> Int? in
            for i in all.indices where all[i].fingerprint == print {
                let l = all[i]
                if doc.keys(of: object, equal: keyBytes + Int(l.firstByte), ends: keyEnds + Int(l.firstEnd),
                            count: Int(l.keyCount), values: values) {
                    return i
                }
            }
            return nil
        }
        return found.map { plans[$0] }
    }

    /// Remembers `plan` for `object`'s key layout, unless the memo is full or the object has too
    /// many members. Call after `match` gave nil for the same object.
    func remember(_ doc: borrowing JSONDocument, _ object: JSONNode, _ plan: Plan) {
        guard layouts.count < limit, object.count <= Self.maximumMembers,
              let print = doc.keyFingerprint(of: object) else { return }
        var keys: [UInt8] = []
        var ends: [Int32] = []
        for (k, _) in doc.members(of: object) {
            doc.withRawBytes(of: k) { keys.append(contentsOf: $0) }
            ends.append(Int32(keys.count))
        }
        guard ends.count == object.count, bytesUsed + keys.count <= Self.byteCapacity else { return }
        (keyBytes + bytesUsed).initialize(from: keys, count: keys.count)
        (keyEnds + endsUsed).initialize(from: ends, count: ends.count)
        layouts.append(Layout(fingerprint: print, firstByte: Int32(bytesUsed), firstEnd: Int32(endsUsed),
                              keyCount: Int32(ends.count)))
        plans.append(plan)
        bytesUsed += keys.count
        endsUsed += ends.count
    }
}

extension JSONDocument {
    /// `object`'s member count, its first key's raw length and up to eight of its first bytes,
    /// in one word; nil when it is not an object or has no members.
    @inline(__always)
    func keyFingerprint(of object: JSONNode) -> UInt64? {
        guard object.kind == .object, object.count > 0, object.index + 1 < used,
              let base = bytes.baseAddress else { return nil }
        let key = entries[object.index + 1]
        let start = Int(key.start), end = Int(key.end)
        guard start <= end, end <= bytes.count else { return nil }
        var word: UInt64 = 0
        var k = start
        while k < end && k < start + 8 {
            word = word << 8 | UInt64(base[k])
            k += 1
        }
        return ByteHash.mix(word ^ UInt64(object.count) << 56 ^ UInt64(end - start) << 48)
    }

    /// Whether the raw keys of `object`'s members are, in order, exactly the `count` keys at
    /// `keys`, the k-th ending at offset `ends[k]` (the first starting at 0); on success each
    /// member's value is written to `values` in member order.
    func keys(of object: JSONNode, equal keys: UnsafePointer<UInt8>, ends: UnsafePointer<Int32>, count: Int,
              values: UnsafeMutablePointer<JSONNode>) -> Bool {
        guard object.count == count, object.kind == .object, object.index < used,
              let base = bytes.baseAddress else { return false }
        let end = min(Int(entries[object.index].next), used)
        let limit = bytes.count
        return entries.withUnsafeBufferPointer { buffer -> Bool in
            guard let tape = buffer.baseAddress else { return false }
            var i = object.index + 1
            var from = 0
            for m in 0..<count {
                guard i + 1 < end else { return false }
                let key = tape[i]
                let start = Int(key.start), stop = Int(key.end)
                let to = Int(ends[m])
                let length = to - from
                guard stop &- start == length, key.kind == .string, stop <= limit else { return false }
                guard Self.equalBytes(UnsafeRawPointer(base + start), UnsafeRawPointer(keys + from), length) else { return false }
                let value = tape[i + 1]
                values[m] = JSONNode(index: i + 1, entry: value)
                let next = Int(value.next)
                guard next > i + 1 else { return false }
                i = next
                from = to
            }
            return true
        }
    }

    /// Whether the `n` bytes at `a` and `b` are equal: eight or four at a time, the last load
    /// overlapping the one before it rather than reading past the end.
    @inline(__always)
    static func equalBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
        if n >= 8 {
            var k = 0
            while k + 8 <= n {
                if a.loadUnaligned(fromByteOffset: k, as: UInt64.self) != b.loadUnaligned(fromByteOffset: k, as: UInt64.self) { return false }
                k += 8
            }
            return k == n || a.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
        if n >= 4 {
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
        }
        var k = 0
        while k < n {
            if a.load(fromByteOffset: k, as: UInt8.self) != b.load(fromByteOffset: k, as: UInt8.self) { return false }
            k += 1
        }
        return true
    }
}
