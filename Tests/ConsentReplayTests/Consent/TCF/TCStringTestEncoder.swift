@testable import ConsentReplay

/// Builds a bit string field by field (big-endian, leftmost bit first) and writes it as base64url,
/// the way the specification's "TC String Format" section lays a segment out.
struct TCBitWriter {
    private(set) var bits: [Bool] = []

    /// The low `width` bits of `value`, most significant first.
    mutating func write(_ value: Int, _ width: Int) {
        for shift in stride(from: width - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
    }

    mutating func write(_ flag: Bool) { bits.append(flag) }

    /// A bit field of `count` bits where bit i stands for id i + 1.
    mutating func write(ids: [Int], count: Int) {
        let set = Set(ids)
        for id in stride(from: 1, through: count, by: 1) { bits.append(set.contains(id)) }
    }

    /// Two letters, six bits each, A = 0 … Z = 25.
    mutating func write(letters: String) {
        for scalar in letters.uppercased().unicodeScalars.prefix(2) { write(Int(scalar.value) - 65, 6) }
    }

    /// One RangeEntry: IsARange, StartOrOnlyVendorId, and EndVendorId when `end` is given.
    mutating func writeRangeEntry(start: Int, end: Int?) {
        write(end != nil)
        write(start, 16)
        if let end { write(end, 16) }
    }

    /// The bits as base64url: zero bits fill the last character, and `padTo24` pads further to a
    /// whole 24-bit group (four characters), as the IAB reference encoder does.
    func base64url(padTo24: Bool = false) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var padded = bits
        let group = padTo24 ? 24 : 6
        while padded.count % group != 0 { padded.append(false) }
        var text = ""
        var index = 0
        while index < padded.count {
            var value = 0
            for offset in 0..<6 { value = value << 1 | (padded[index + offset] ? 1 : 0) }
            text.append(alphabet[value])
            index += 6
        }
        return text
    }
}

/// A test-only TC string encoder: the inverse of `TCString.decode`, written from the
/// specification's tables, so decoding can be checked against field values chosen by the test.
enum TCStringTestEncoder {
    /// How a range-encoded vendor list is split into RangeEntry records.
    enum RangeStyle {
        /// One entry per maximal run of consecutive ids (a single id as IsARange = 0).
        case maximalRuns
        /// Runs cut at random points, some two-id runs written as two single entries, entry order
        /// shuffled: the decoder must not depend on a canonical form.
        case scrambled(seed: UInt64)
    }

    struct Options {
        var rangeStyle = RangeStyle.maximalRuns
        var padTo24 = false
        /// SegmentType values of the optional segments in the order to write them; by default
        /// DisclosedVendors, AllowedVendors, PublisherTC (those present).
        var segmentOrder: [Int] = [1, 2, 3]
    }

    static func encode(_ tc: TCString, _ options: Options = Options()) -> String {
        var parts = [coreSegment(tc, options)]
        for type in options.segmentOrder {
            switch type {
            case 1: if let section = tc.disclosedVendors { parts.append(vendorSegment(type: 1, section, options)) }
            case 2: if let section = tc.allowedVendors { parts.append(vendorSegment(type: 2, section, options)) }
            case 3: if let publisher = tc.publisherTC { parts.append(publisherSegment(publisher, options)) }
            default: break
            }
        }
        return parts.joined(separator: ".")
    }

    /// "The Core String" up to and including PublisherCC.
    static func writeCoreHeader(_ tc: TCString, into w: inout TCBitWriter) {
        w.write(tc.version, 6)
        w.write(Int(tc.created / 100), 36)
        w.write(Int(tc.lastUpdated / 100), 36)
        w.write(tc.cmpId, 12)
        w.write(tc.cmpVersion, 12)
        w.write(tc.consentScreen, 6)
        w.write(letters: tc.consentLanguage)
        w.write(tc.vendorListVersion, 12)
        w.write(tc.tcfPolicyVersion, 6)
        w.write(tc.isServiceSpecific)
        w.write(tc.useNonStandardTexts)
        w.write(ids: tc.specialFeatureOptIns, count: 12)
        w.write(ids: tc.purposesConsent, count: 24)
        w.write(ids: tc.purposesLITransparency, count: 24)
        w.write(tc.purposeOneTreatment)
        w.write(letters: tc.publisherCC)
    }

    static func coreSegment(_ tc: TCString, _ options: Options = Options()) -> String {
        var w = TCBitWriter()
        writeCoreHeader(tc, into: &w)
        var rng = TestRandom(seed: seed(options) &+ 1)
        writeVendorSection(tc.vendorConsents, options.rangeStyle, &rng, into: &w)
        writeVendorSection(tc.vendorLegitimateInterests, options.rangeStyle, &rng, into: &w)
        writeRestrictions(tc.publisherRestrictions, options.rangeStyle, &rng, into: &w)
        return w.base64url(padTo24: options.padTo24)
    }

    static func vendorSegment(type: Int, _ section: TCVendorSection, _ options: Options = Options()) -> String {
        var w = TCBitWriter()
        w.write(type, 3)
        var rng = TestRandom(seed: seed(options) &+ UInt64(type))
        writeVendorSection(section, options.rangeStyle, &rng, into: &w)
        return w.base64url(padTo24: options.padTo24)
    }

    static func publisherSegment(_ publisher: TCPublisherTC, _ options: Options = Options()) -> String {
        var w = TCBitWriter()
        w.write(3, 3)
        w.write(ids: publisher.pubPurposesConsent, count: 24)
        w.write(ids: publisher.pubPurposesLITransparency, count: 24)
        w.write(publisher.numCustomPurposes, 6)
        w.write(ids: publisher.customPurposesConsent, count: publisher.numCustomPurposes)
        w.write(ids: publisher.customPurposesLITransparency, count: publisher.numCustomPurposes)
        return w.base64url(padTo24: options.padTo24)
    }

    static func seed(_ options: Options) -> UInt64 {
        if case .scrambled(let seed) = options.rangeStyle { return seed }
        return 0
    }

    static func writeVendorSection(_ section: TCVendorSection, _ style: RangeStyle, _ rng: inout TestRandom, into w: inout TCBitWriter) {
        w.write(section.maxVendorId, 16)
        w.write(section.isRangeEncoding)
        if section.isRangeEncoding {
            writeRanges(section.vendorIds, style, &rng, into: &w)
        } else {
            w.write(ids: section.vendorIds, count: section.maxVendorId)
        }
    }

    static func writeRestrictions(_ restrictions: [TCPublisherRestriction], _ style: RangeStyle, _ rng: inout TestRandom, into w: inout TCBitWriter) {
        w.write(restrictions.count, 12)
        for restriction in restrictions {
            w.write(restriction.purposeId, 6)
            w.write(restriction.restrictionType, 2)
            writeRanges(restriction.vendorIds, style, &rng, into: &w)
        }
    }

    /// NumEntries and the RangeEntry records covering `ids` (sorted, unique).
    static func writeRanges(_ ids: [Int], _ style: RangeStyle, _ rng: inout TestRandom, into w: inout TCBitWriter) {
        var runs: [ClosedRange<Int>] = []
        for id in ids {
            if let last = runs.last, last.upperBound + 1 == id {
                runs[runs.count - 1] = last.lowerBound...id
            } else {
                runs.append(id...id)
            }
        }
        if case .scrambled = style {
            var pieces: [ClosedRange<Int>] = []
            for run in runs {
                var start = run.lowerBound
                while start <= run.upperBound {
                    let length = run.upperBound - start + 1
                    let take = rng.below(3) == 0 ? rng.int(1..<(length + 1)) : length
                    pieces.append(start...(start + take - 1))
                    start += take
                }
            }
            pieces.shuffle(using: &rng)
            runs = pieces
        }
        w.write(runs.count, 12)
        for run in runs {
            w.writeRangeEntry(start: run.lowerBound, end: run.count > 1 ? run.upperBound : nil)
        }
    }
}
