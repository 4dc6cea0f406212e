/// A set of small non-negative numbers (observation numbers of a run), one bit each: a
/// membership test is a shift and a mask, where a `Set<Int32>` hashes every probe. The rules
/// ask it once or twice for each of millions of observations.
public struct NumberSet: Sendable, Equatable {
    private var words: [UInt64]
    /// How many numbers are members.
    public private(set) var count = 0

    /// An empty set that can hold `0..<capacity` (larger numbers are never members).
    public init(capacity: Int = 0) {
        words = [UInt64](repeating: 0, count: (max(0, capacity) + 63) / 64)
    }

    public func contains(_ n: Int32) -> Bool {
        let i = Int(n)
        guard i >= 0, i >> 6 < words.count else { return false }
        return words[i >> 6] & (1 << UInt64(i & 63)) != 0
    }

    /// Inserts `n`, growing the set when it is beyond the capacity; whether it was new.
    @discardableResult
    public mutating func insert(_ n: Int32) -> Bool {
        let i = Int(n)
        precondition(i >= 0, "NumberSet holds non-negative numbers")
        if i >> 6 >= words.count { words += [UInt64](repeating: 0, count: (i >> 6) + 1 - words.count) }
        let bit: UInt64 = 1 << UInt64(i & 63)
        guard words[i >> 6] & bit == 0 else { return false }
        words[i >> 6] |= bit
        count += 1
        return true
    }

    public var isEmpty: Bool { count == 0 }
}
