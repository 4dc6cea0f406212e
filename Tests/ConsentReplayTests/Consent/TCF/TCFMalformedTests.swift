import Testing
@testable import ConsentReplay

/// One test per class of malformed TC string: each is rejected with a reason that says what is
/// wrong, never decoded by guessing.
@Suite("TCF malformed strings")
struct TCFMalformedTests {
    typealias S = TCFTestSupport

    static let valid = TCStringTestEncoder.encode(S.sample)

    @Test func sampleIsValid() throws {
        let tc = try TCString.decode(Self.valid)
        #expect(tc == S.sample)
    }

    @Test func emptyString() {
        #expect(S.reason("") == "empty TC string")
    }

    @Test(arguments: [
        ("CO vF", "character U+0020 at position 3 is not base64url (A–Z, a–z, 0–9, '-', '_')"),
        ("COvF%2B", "character '%' at position 5 is not base64url (A–Z, a–z, 0–9, '-', '_')"),
        ("COvF\n", "character U+000A at position 5 is not base64url (A–Z, a–z, 0–9, '-', '_')"),
        ("COvFé", "character U+00E9 at position 5 is not base64url (A–Z, a–z, 0–9, '-', '_')"),
        ("CO=vF", "'=' padding before position 4 is not at the end of segment 1"),
    ])
    func badBase64URLCharacter(input: String, reason: String) {
        #expect(S.reason(input) == reason)
    }

    @Test func paddingThatDoesNotCompleteAGroup() {
        // Three '=' can never be base64 padding; nor can padding that leaves a partial group.
        #expect(S.reason(Self.valid + "===")?.contains("'=' padding characters, which do not complete a 4-character base64 group") == true)
        let correct = (4 - (Self.valid.count + 1) % 4) % 4
        let wrong = correct == 1 ? "==" : "="
        #expect(S.reason(Self.valid + "A" + wrong)?.contains("do not complete a 4-character base64 group") == true)
    }

    @Test func emptySegment() {
        let publisher = TCStringTestEncoder.publisherSegment(TCPublisherTC(
            pubPurposesConsent: [], pubPurposesLITransparency: [], numCustomPurposes: 0,
            customPurposesConsent: [], customPurposesLITransparency: []))
        #expect(S.reason("." + Self.valid) == "segment 1 is empty (a '.' at the start or end, or two in a row)")
        #expect(S.reason(Self.valid + ".") == "segment 2 is empty (a '.' at the start or end, or two in a row)")
        #expect(S.reason(Self.valid + ".." + publisher) == "segment 2 is empty (a '.' at the start or end, or two in a row)")
        #expect(S.reason(".") == "segment 1 is empty (a '.' at the start or end, or two in a row)")
    }

    @Test func truncatedCoreNamesTheField() {
        // 10 characters = 60 bits: Version (6) and Created (36) fit, LastUpdated does not.
        let cut = String(Self.valid.prefix(10))
        #expect(S.reason(cut) == "truncated TC string: the core segment ends after 60 bits, inside LastUpdated (36 bits at bit 42)")
    }

    @Test func truncatedVendorSectionNamesTheField() {
        // Range encoding with 2 entries, the second cut off after its IsARange bit.
        let text = S.core { w in
            w.write(20, 16); w.write(true); w.write(2, 12)
            w.writeRangeEntry(start: 3, end: 5)
            w.write(false)
        }
        let reason = S.reason(text) ?? ""
        #expect(reason.hasPrefix("truncated TC string: the core segment ends after"))
        #expect(reason.contains("inside VendorConsents RangeEntry 2 StartOrOnlyVendorId (16 bits at bit "))
    }

    @Test func truncatedPublisherSegmentNamesTheField() {
        var w = TCBitWriter()
        w.write(3, 3)
        w.write(ids: [1], count: 24)
        w.write(ids: [], count: 24)
        w.write(40, 6)  // 40 custom purposes announced, none written
        let reason = S.reason(Self.valid + "." + w.base64url()) ?? ""
        #expect(reason.hasPrefix("truncated TC string: the PublisherTC segment ends after"))
        #expect(reason.contains("inside CustomPurposesConsent (40 bits at bit 57)"))
    }

    @Test func wrongVersion() {
        var v3 = S.sample
        v3.version = 3
        #expect(S.reason(TCStringTestEncoder.encode(v3)) == "unsupported TC string version 3; only version 2 is supported")
        // A TCF v1.1 consent string (version 1, "BO…").
        #expect(S.reason("BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA")
                == "TC string version 1 (a TCF v1.x consent string) is not supported; only version 2 is")
    }

    @Test func coreSegmentNotFirst() {
        let disclosed = TCStringTestEncoder.vendorSegment(type: 1, TCVendorSection(maxVendorId: 3, isRangeEncoding: false, vendorIds: [1]))
        #expect(S.reason(disclosed + "." + Self.valid)
                == "the core segment must come first, but segment 1 is a DisclosedVendors segment (SegmentType 1)")
        #expect(S.reason(Self.valid + "." + Self.valid)
                == "segment 2 has SegmentType 0 (core); the core segment must come first and only once")
    }

    @Test func segmentTypeRepeated() {
        let publisher = TCStringTestEncoder.publisherSegment(TCPublisherTC(
            pubPurposesConsent: [1], pubPurposesLITransparency: [], numCustomPurposes: 0,
            customPurposesConsent: [], customPurposesLITransparency: []))
        #expect(S.reason([Self.valid, publisher, publisher].joined(separator: "."))
                == "segment 3 repeats the PublisherTC segment (SegmentType 3)")
    }

    @Test(arguments: [4, 5, 6, 7])
    func unknownSegmentType(type: Int) {
        var w = TCBitWriter()
        w.write(type, 3)
        w.write(0, 21)
        #expect(S.reason(Self.valid + "." + w.base64url())
                == "segment 2 has unknown SegmentType \(type) (known: 1 DisclosedVendors, 2 AllowedVendors, 3 PublisherTC)")
    }

    @Test func rangeEndsBeforeItStarts() {
        let text = S.core { w in
            w.write(50, 16); w.write(true); w.write(2, 12)
            w.writeRangeEntry(start: 3, end: nil)
            w.writeRangeEntry(start: 12, end: 7)
        }
        #expect(S.reason(text) == "VendorConsents range entry 2 ends before it starts (12–7)")
    }

    @Test func rangeBeyondMaxVendorId() {
        let text = S.core { w in
            S.bitField([1], max: 1, into: &w)
            w.write(800, 16); w.write(true); w.write(1, 12)
            w.writeRangeEntry(start: 790, end: 900)
        }
        #expect(S.reason(text) == "VendorLegitimateInterests range entry 1 names vendor 900, beyond MaxVendorId 800")
        // In a segment too.
        var w = TCBitWriter()
        w.write(1, 3); w.write(10, 16); w.write(true); w.write(1, 12)
        w.writeRangeEntry(start: 11, end: nil)
        #expect(S.reason(Self.valid + "." + w.base64url()) == "DisclosedVendors range entry 1 names vendor 11, beyond MaxVendorId 10")
    }

    @Test func rangeNamesVendorZero() {
        let text = S.core { w in
            w.write(5, 16); w.write(true); w.write(1, 12)
            w.writeRangeEntry(start: 0, end: 4)
        }
        #expect(S.reason(text) == "VendorConsents range entry 1 names vendor id 0; vendor ids start at 1")
    }

    @Test func publisherRestrictionRangeIsChecked() {
        let text = S.core { w in
            S.bitField([], max: 0, into: &w)
            S.bitField([], max: 0, into: &w)
            w.write(1, 12)
            w.write(2, 6); w.write(0, 2); w.write(1, 12)
            w.writeRangeEntry(start: 30, end: 20)
        }
        #expect(S.reason(text) == "PubRestrictionEntry 1 range entry 1 ends before it starts (30–20)")
    }

    @Test func nonZeroBitsAfterTheLastField() {
        // A whole extra character with a bit set after NumPubRestrictions.
        var w = TCBitWriter()
        TCStringTestEncoder.writeCoreHeader(S.sample, into: &w)
        S.bitField([1], max: 1, into: &w)
        S.bitField([], max: 0, into: &w)
        w.write(0, 12)
        let clean = w.base64url()
        #expect(S.reason(clean) == nil)
        let reason = S.reason(clean + "B") ?? ""
        #expect(reason.hasPrefix("the core segment has non-zero bits after its last field (bit "))
        // The last character's padding bits are checked too.
        var odd = TCBitWriter()
        odd.write(3, 3); odd.write(ids: [], count: 24); odd.write(ids: [], count: 24); odd.write(0, 6)
        odd.write(true)  // one stray bit inside the last character's padding
        #expect(S.reason(clean + "." + odd.base64url())?.hasPrefix("the PublisherTC segment has non-zero bits after its last field") == true)
    }

    /// Zero bits after the last field are padding, however many: the specification's own
    /// PublisherTC examples carry 57 of them, and the IAB reference encoder pads to 24-bit groups.
    @Test func zeroPaddingOfAnyLengthIsAccepted() throws {
        let base = try TCString.decode(Self.valid)
        for extra in ["A", "AA", "AAAA", "AAAAAAAAAAAAAAAA"] {
            #expect(try TCString.decode(Self.valid + extra) == base)
        }
        let padded = TCStringTestEncoder.encode(S.sample, .init(padTo24: true))
        #expect(padded.count % 4 == 0)
        #expect(try TCString.decode(padded) == base)
    }

    @Test func lettersOutsideAToZ() {
        var w = TCBitWriter()
        var tc = S.sample
        tc.consentLanguage = "EN"
        TCStringTestEncoder.writeCoreHeader(tc, into: &w)
        var bits = w.bits
        // ConsentLanguage starts at bit 6+36+36+12+12+6 = 108; make its first letter 0b111111 (63).
        for i in 108..<114 { bits[i] = true }
        var patched = TCBitWriter()
        for b in bits { patched.write(b) }
        S.bitField([], max: 0, into: &patched)
        S.bitField([], max: 0, into: &patched)
        patched.write(0, 12)
        #expect(S.reason(patched.base64url()) == "ConsentLanguage holds the 6-bit value 63, which is not a letter (a = 0 … z = 25)")
    }

    @Test func publisherRestrictionsThatExpandBeyondTheLimit() {
        let text = S.core { w in
            S.bitField([], max: 0, into: &w)
            S.bitField([], max: 0, into: &w)
            w.write(20, 12)
            for entry in 0..<20 {
                w.write(entry % 11 + 1, 6); w.write(0, 2); w.write(1, 12)
                w.writeRangeEntry(start: 1, end: 65535)
            }
        }
        #expect(S.reason(text)?.contains("expands to more vendor ids than this decoder accepts (1048576 over all publisher restrictions)") == true)
    }

    /// Standard base64 (`+`, `/`, `=`) is unambiguous and tolerated, with a warning.
    @Test func standardBase64IsToleratedWithAWarning() throws {
        let original = TCFSpecExampleTests.serviceSpecific
        #expect(original.contains("-"))
        let standard = String(original.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        var decoded = try TCString.decode(standard)
        #expect(decoded.warnings == ["segment 1 uses standard base64 ('+', '/' or '=' padding) instead of base64url; it was decoded as the equivalent base64url text"])
        decoded.warnings = []
        #expect(decoded == (try TCString.decode(original)))

        // '=' padding completing a group on each segment.
        func pad(_ segment: String) -> String {
            var s = segment
            while s.count % 4 == 1 { s += "A" }
            return s + String(repeating: "=", count: (4 - s.count % 4) % 4)
        }
        let padded = original.split(separator: ".").map { pad(String($0)) }.joined(separator: ".")
        var fromPadded = try TCString.decode(padded)
        #expect(fromPadded.warnings.count == (padded.contains("=") ? padded.split(separator: ".").filter { $0.contains("=") }.count : 0))
        fromPadded.warnings = []
        #expect(fromPadded == (try TCString.decode(original)))
    }
}
