import Testing
@testable import ConsentReplay

/// Oracle tests: random field values are encoded by the test encoder, decoded, and compared with
/// what was encoded; and arbitrary input must either decode or throw `ConsentDecodeError`.
@Suite("TCF round-trip and robustness properties")
struct TCFRoundTripPropertyTests {
    enum Encoding: String, CaseIterable, CustomTestStringConvertible {
        case bitField, range
        var testDescription: String { rawValue }
    }

    /// A random subset of 1...count (empty when count is 0).
    static func randomSubset(upTo count: Int, using rng: inout TestRandom) -> [Int] {
        let percent = [0, 2, 10, 50, 90, 100][rng.below(6)]
        return stride(from: 1, through: count, by: 1).filter { _ in rng.below(100) < percent }
    }

    static func letters(using rng: inout TestRandom) -> String {
        let a = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return String([a[rng.below(26)], a[rng.below(26)]])
    }

    /// Sorted, unique ids made of up to `maxRuns` random runs inside 1...max.
    static func randomRuns(max: Int, maxRuns: Int, using rng: inout TestRandom) -> [Int] {
        guard max >= 1 else { return [] }
        var runs: [ClosedRange<Int>] = []
        for _ in 0..<rng.below(maxRuns + 1) {
            let start = rng.int(1..<(max + 1))
            let room = Swift.min(max - start + 1, 2000)
            let length = rng.below(4) == 0 ? rng.int(1..<(room + 1)) : Swift.min(rng.int(1..<4), room)
            runs.append(start...(start + length - 1))
        }
        var ids: [Int] = []
        for run in runs.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            let from = Swift.max(run.lowerBound, (ids.last ?? 0) + 1)
            if from <= run.upperBound { ids.append(contentsOf: from...run.upperBound) }
        }
        return ids
    }

    static func randomSection(_ encoding: Encoding, cap: Int = 65535, using rng: inout TestRandom) -> TCVendorSection {
        var max: Int
        switch rng.below(10) {
        case 0: max = 0
        case 1: max = 65535
        case 2, 3: max = rng.int(1..<50)
        default: max = rng.int(1..<1500)
        }
        max = Swift.min(max, cap)
        switch encoding {
        case .bitField:
            return TCVendorSection(maxVendorId: max, isRangeEncoding: false, vendorIds: randomSubset(upTo: max, using: &rng))
        case .range:
            return TCVendorSection(maxVendorId: max, isRangeEncoding: true, vendorIds: randomRuns(max: max, maxRuns: 60, using: &rng))
        }
    }

    static func randomTCString(_ encoding: Encoding, cap: Int = 65535, using rng: inout TestRandom) -> TCString {
        let deciseconds = { (rng: inout TestRandom) in Int64(rng.next() & ((1 << 36) - 1)) }
        var restrictions: [TCPublisherRestriction] = []
        for _ in 0..<[0, 0, 1, 3, 8][rng.below(5)] {
            restrictions.append(TCPublisherRestriction(
                purposeId: rng.below(64), restrictionType: rng.below(4),
                vendorIds: randomRuns(max: cap, maxRuns: 10, using: &rng)))
        }
        var publisherTC: TCPublisherTC?
        if rng.below(2) == 0 {
            let custom = rng.below(64)
            publisherTC = TCPublisherTC(
                pubPurposesConsent: randomSubset(upTo: 24, using: &rng),
                pubPurposesLITransparency: randomSubset(upTo: 24, using: &rng),
                numCustomPurposes: custom,
                customPurposesConsent: randomSubset(upTo: custom, using: &rng),
                customPurposesLITransparency: randomSubset(upTo: custom, using: &rng))
        }
        return TCString(
            created: deciseconds(&rng) * 100, lastUpdated: deciseconds(&rng) * 100,
            cmpId: rng.below(4096), cmpVersion: rng.below(4096), consentScreen: rng.below(64),
            consentLanguage: letters(using: &rng), vendorListVersion: rng.below(4096), tcfPolicyVersion: rng.below(64),
            isServiceSpecific: rng.below(2) == 0, useNonStandardTexts: rng.below(2) == 0,
            specialFeatureOptIns: randomSubset(upTo: 12, using: &rng),
            purposesConsent: randomSubset(upTo: 24, using: &rng),
            purposesLITransparency: randomSubset(upTo: 24, using: &rng),
            purposeOneTreatment: rng.below(2) == 0, publisherCC: letters(using: &rng),
            vendorConsents: randomSection(encoding, cap: cap, using: &rng),
            vendorLegitimateInterests: randomSection(encoding, cap: cap, using: &rng),
            publisherRestrictions: restrictions,
            disclosedVendors: rng.below(2) == 0 ? randomSection(encoding, cap: cap, using: &rng) : nil,
            allowedVendors: rng.below(3) == 0 ? randomSection(encoding, cap: cap, using: &rng) : nil,
            publisherTC: publisherTC)
    }

    /// A random string small enough to try every prefix or many mutations of: vendor ids up to
    /// 400, at most two publisher restrictions.
    static func smallRandomTCString(_ encoding: Encoding, using rng: inout TestRandom) -> TCString {
        var tc = randomTCString(encoding, cap: 400, using: &rng)
        tc.publisherRestrictions = Array(tc.publisherRestrictions.prefix(2))
        return tc
    }

    static func randomOptions(using rng: inout TestRandom) -> TCStringTestEncoder.Options {
        var options = TCStringTestEncoder.Options()
        if rng.below(2) == 0 { options.rangeStyle = .scrambled(seed: rng.next()) }
        options.padTo24 = rng.below(3) == 0
        options.segmentOrder.shuffle(using: &rng)
        return options
    }

    @Test(arguments: Encoding.allCases, [1, 2, 3] as [UInt64])
    func randomFieldValuesRoundTrip(encoding: Encoding, seed: UInt64) throws {
        var rng = TestRandom(seed: seed &* 7919 &+ (encoding == .range ? 1 : 0))
        for iteration in 0..<100 {
            let original = Self.randomTCString(encoding, using: &rng)
            let text = TCStringTestEncoder.encode(original, Self.randomOptions(using: &rng))
            var decoded = try TCString.decode(text)
            decoded.warnings = []
            #expect(decoded == original, "iteration \(iteration): \(text.prefix(80))…")
            if decoded != original { return }
        }
    }

    /// Many random strings and every prefix of some valid ones: each must decode or throw
    /// `ConsentDecodeError` (the call is typed-throws, so no other error can escape) — and never trap.
    @Test(arguments: [11, 12] as [UInt64])
    func randomBytesNeverCrash(seed: UInt64) {
        var rng = TestRandom(seed: seed)
        for _ in 0..<3000 {
            let bytes = (0..<rng.below(120)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            _ = TCFTestSupport.reason(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test(arguments: [21, 22] as [UInt64])
    func randomBase64URLNeverCrashes(seed: UInt64) {
        var rng = TestRandom(seed: seed)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var decodedCount = 0
        for _ in 0..<5000 {
            // Start with 'C' (version 2) most of the time so the decoder gets past the header.
            var text = rng.below(4) == 0 ? "" : "C"
            for _ in 0..<rng.below(160) {
                text.append(rng.below(40) == 0 ? "." : alphabet[rng.below(64)])
            }
            if TCFTestSupport.reason(text) == nil { decodedCount += 1 }
        }
        // Not asserted beyond "no trap": most random strings are rejected, some happen to decode.
        _ = decodedCount
    }

    @Test func everyPrefixOfValidStringsDecodesOrThrows() throws {
        var rng = TestRandom(seed: 31)
        var strings = [
            TCFSpecExampleTests.serviceSpecific, TCFSpecExampleTests.allFourSegments,
            TCFSpecExampleTests.coreAndDisclosed, TCFSpecExampleTests.example3WithAllowed,
        ]
        for index in 0..<40 {
            let tc = Self.smallRandomTCString(index % 2 == 0 ? .bitField : .range, using: &rng)
            strings.append(TCStringTestEncoder.encode(tc, Self.randomOptions(using: &rng)))
        }
        for text in strings {
            let full = try TCString.decode(text)
            let bytes = Array(text.utf8)
            for length in 0..<bytes.count {
                let prefix = String(decoding: bytes[..<length], as: UTF8.self)
                if var decoded = try? TCString.decode(prefix) {
                    // A prefix can only decode when the cut fell on a segment boundary or inside
                    // padding, so it must say exactly what the full string says, minus whole segments.
                    var expected = full
                    if decoded.disclosedVendors == nil { expected.disclosedVendors = nil }
                    if decoded.allowedVendors == nil { expected.allowedVendors = nil }
                    if decoded.publisherTC == nil { expected.publisherTC = nil }
                    decoded.warnings = []
                    expected.warnings = []
                    #expect(decoded == expected, "prefix of length \(length) of \(text)")
                }
            }
        }
    }

    /// Valid strings with one character replaced, inserted or deleted.
    @Test func mutatedValidStringsNeverCrash() {
        var rng = TestRandom(seed: 41)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ".utf8)
        for _ in 0..<400 {
            let tc = Self.smallRandomTCString(rng.below(2) == 0 ? .bitField : .range, using: &rng)
            let text = Array(TCStringTestEncoder.encode(tc, Self.randomOptions(using: &rng)).utf8)
            for _ in 0..<10 {
                var mutated = text
                let at = rng.below(mutated.count)
                switch rng.below(3) {
                case 0: mutated[at] = alphabet[rng.below(alphabet.count)]
                case 1: mutated.insert(alphabet[rng.below(alphabet.count)], at: at)
                default: mutated.remove(at: at)
                }
                _ = TCFTestSupport.reason(String(decoding: mutated, as: UTF8.self))
            }
        }
    }

    /// The widest ranges the format allows: work stays proportional to entries plus ids.
    @Test func hugeOverlappingRangesStayLinear() throws {
        let text = TCFTestSupport.core { w in
            w.write(65535, 16); w.write(true); w.write(4095, 12)
            for _ in 0..<4095 { w.writeRangeEntry(start: 1, end: 65535) }
            w.write(65535, 16); w.write(true); w.write(4095, 12)
            for index in 0..<4095 { w.writeRangeEntry(start: index * 16 + 1, end: 65535) }
            w.write(0, 12)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let tc = try TCString.decode(text)
        let elapsed = clock.now - start
        #expect(tc.vendorConsents.vendorIds.count == 65535)
        #expect(tc.vendorLegitimateInterests.vendorIds.count == 65535)
        #expect(tc.warnings.contains("VendorConsents range entries overlap (vendor 1 is covered more than once)"))
        #expect(elapsed < .seconds(5))
    }
}
