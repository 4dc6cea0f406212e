// Seeded, platform-independent randomness.
//
// Everything the simulator decides comes from `SeededRandom`, never from the system generator,
// so one seed gives the same bytes on every machine. Floating point is used only through the
// IEEE-754 basic operations (+ − × ÷, rounding), which are exactly specified; the few
// transcendental functions we need live in `DeterministicMath` and are built from those
// operations alone, because libm implementations differ in their last bits between platforms.

/// SplitMix64 (Steele, Lea, Flood 2014): used to expand one 64-bit seed into well-mixed state
/// words and to derive independent child seeds (one per visitor, one per arrival day).
public struct SplitMix64: Sendable {
    private var state: UInt64

    /// Starts the sequence at `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64-bit output.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A one-shot mix of two words; used to derive child seeds such as `(seed, visitorIndex)`.
    public static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var generator = SplitMix64(seed: a ^ (b &* 0xD1B5_4A32_D192_ED03))
        _ = generator.next()
        return generator.next()
    }
}

/// xoshiro256** (Blackman, Vigna 2018) with convenience draws used throughout the simulator.
///
/// A value type: copying it forks the stream, which the simulator never does by accident because
/// every visitor owns its own generator derived from `(seed, visitor index)`.
public struct SeededRandom: Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Seeds the four state words from SplitMix64, as the xoshiro authors recommend.
    public init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// A generator for child stream `index` of `seed` (independent of the order of creation).
    public init(seed: UInt64, stream index: UInt64) {
        self.init(seed: SplitMix64.mix(seed, index))
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = SeededRandom.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = SeededRandom.rotl(s3, 45)
        return result
    }

    /// A uniform integer in `0..<bound` (`bound` > 0; returns 0 otherwise).
    @inline(__always)
    public mutating func below(_ bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform integer in the closed range.
    @inline(__always)
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// A uniform 64-bit integer in the closed range.
    public mutating func int64(in range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound) &+ 1
        if span == 0 { return Int64(bitPattern: next()) }
        return range.lowerBound &+ Int64(bitPattern: next().multipliedFullWidth(by: span).high)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// True with probability `p`.
    @inline(__always)
    public mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// A uniformly chosen element; `items` must not be empty (the caller's tables never are).
    @inline(__always)
    public mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// An index skewed towards 0: popular items first (a cheap Zipf-like draw).
    public mutating func skewedIndex(_ count: Int, power: Int = 2) -> Int {
        var u = unit()
        let first = u
        for _ in 1..<max(1, power) { u *= first }
        return min(count - 1, Int(u * Double(count)))
    }

    /// An exponentially distributed value with the given mean.
    public mutating func exponential(mean: Double) -> Double {
        let u = 1.0 - unit()  // (0, 1]
        return -DeterministicMath.log(u) * mean
    }

    /// An approximately standard-normal value (Irwin–Hall sum of twelve uniforms).
    public mutating func normal() -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += unit() }
        return sum - 6.0
    }

    /// A log-normal value with the given median and shape `sigma`, clamped to `bounds`.
    public mutating func logNormal(median: Double, sigma: Double, bounds: ClosedRange<Double>) -> Double {
        let value = median * DeterministicMath.exp(sigma * normal())
        return min(bounds.upperBound, max(bounds.lowerBound, value))
    }

    /// `count` random characters from `alphabet` (an ASCII string).
    public mutating func string(count: Int, alphabet: StaticString) -> String {
        let size = alphabet.utf8CodeUnitCount
        var bytes = [UInt8](repeating: 0, count: count)
        alphabet.withUTF8Buffer { letters in
            for index in 0..<count { bytes[index] = letters[below(size)] }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A decimal number of exactly `digits` digits (no leading zero), as text.
    public mutating func digits(_ digits: Int) -> String {
        var bytes = [UInt8](repeating: 0, count: digits)
        for index in 0..<digits {
            bytes[index] = UInt8(ascii: "0") + UInt8(index == 0 ? 1 + below(9) : below(10))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A table of items with integer weights, drawn in proportion to the weights.
public struct WeightedTable<Item> {
    /// The items, in declaration order (draws never depend on anything but this order).
    public let items: [Item]
    private let cumulative: [Int]

    /// Builds the table; zero weights are allowed, the total must be positive.
    public init(_ entries: [(Item, Int)]) {
        items = entries.map(\.0)
        var running = 0
        cumulative = entries.map { entry in
            running += max(0, entry.1)
            return running
        }
    }

    /// Draws one item.
    public func draw(_ random: inout SeededRandom) -> Item {
        let total = cumulative.last ?? 0
        let target = random.below(max(1, total))
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return items[low]
    }
}

extension WeightedTable: Sendable where Item: Sendable {}

/// `log` and `exp` built only from IEEE-754 basic operations, so results are bit-identical on
/// every platform (libm's last bits are not).
public enum DeterministicMath {
    static let ln2 = 0.693_147_180_559_945_309_417_232_121_458

    /// Natural logarithm for x > 0 (returns −∞ for 0 and NaN below).
    public static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x.isInfinite { return x }
        var exponent = Int(x.exponent)
        var mantissa = x.significand  // [1, 2)
        if mantissa > 1.414_213_562_373_095_048_8 {
            mantissa *= 0.5
            exponent += 1
        }
        // ln(m) = 2 atanh(s), s = (m − 1)/(m + 1), |s| < 0.172.
        let s = (mantissa - 1) / (mantissa + 1)
        let s2 = s * s
        var term = s
        var sum = s
        var denominator = 1.0
        for _ in 0..<9 {
            term *= s2
            denominator += 2
            sum += term / denominator
        }
        return Double(exponent) * ln2 + 2 * sum
    }

    /// e^x, saturating to 0 and +∞ outside the double range.
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709 { return .infinity }
        if x < -745 { return 0 }
        let k = (x / ln2).rounded()
        let r = x - k * ln2  // |r| ≤ 0.35
        var term = 1.0
        var sum = 1.0
        for n in 1...16 {
            term *= r / Double(n)
            sum += term
        }
        return Double(sign: .plus, exponent: Int(k), significand: sum)
    }
}
