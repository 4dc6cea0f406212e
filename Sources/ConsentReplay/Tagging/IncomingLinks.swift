/// Which incoming hit each tagging forward was linked to: by run-wide observation number, the
/// forward's hit (its observation number). A dense table over every observation: the rules ask
/// about every forward of the day, and a lookup is one load, not a hashed probe.
public struct IncomingLinks: Sendable, ExpressibleByDictionaryLiteral {
    /// For each observation, its hit; -1 where it has none.
    private var hitOf: [Int32]
    public private(set) var count = 0

    /// No links among `observations` observations.
    public init(observations: Int) {
        hitOf = [Int32](repeating: -1, count: observations)
    }

    public init(dictionaryLiteral elements: (Int32, Int32)...) {
        self.init(observations: Int(elements.map(\.0).max() ?? -1) + 1)
        for (forward, hit) in elements { self[forward] = hit }
    }

    /// The hit `forward` was linked to; nil when none (or beyond the table).
    public subscript(forward: Int32) -> Int32? {
        get {
            guard forward >= 0, Int(forward) < hitOf.count else { return nil }
            let hit = hitOf[Int(forward)]
            return hit >= 0 ? hit : nil
        }
        set {
            guard forward >= 0, Int(forward) < hitOf.count else { return }
            let old = hitOf[Int(forward)]
            hitOf[Int(forward)] = newValue ?? -1
            count += (newValue != nil ? 1 : 0) - (old >= 0 ? 1 : 0)
        }
    }

    /// Every (forward, hit) pair, by forward.
    public func forEach(_ body: (_ forward: Int32, _ hit: Int32) -> Void) {
        for (forward, hit) in hitOf.enumerated() where hit >= 0 { body(Int32(forward), hit) }
    }
}
