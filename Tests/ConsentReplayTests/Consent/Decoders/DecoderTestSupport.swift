import Testing
@testable import ConsentReplay

/// One decoder case: a value, how to decode it, and what the four purposes must come out as.
struct DecoderCase: Sendable, CustomTestStringConvertible {
    var label: String
    var value: String
    var kind: ConsentValueKind
    /// Expected purposes; purposes not listed must be nil.
    var purposes: [Purpose: PurposeChoice]
    var undecided = false
    var grantedByDefault = false
    var method: ConsentMethod? = nil
    var consentID: String? = nil
    var decidedAt: Int64? = nil
    var version: String? = nil
    /// Detail keys that must hold exactly these values.
    var details: [String: JSONOutput] = [:]
    /// Each must be a substring of one of the warnings.
    var warnings: [String] = []

    var testDescription: String { label }
}

/// A value that must not decode, and a fragment its reason must contain.
struct MalformedCase: Sendable, CustomTestStringConvertible {
    var value: String
    var kind: ConsentValueKind
    var reasonContains: String

    var testDescription: String { "\(kind.rawValue): \(value.prefix(40))" }
}

extension DecodedConsent {
    /// A top-level member of `details`.
    func detail(_ key: String) -> JSONOutput? {
        if case .object(let members) = details { return members[key] }
        return nil
    }

    var warnings: [String] {
        guard case .array(let items)? = detail("warnings") else { return [] }
        return items.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
    }
}

func expectedChoices(_ map: [Purpose: PurposeChoice]) -> PurposeChoices {
    var result = PurposeChoices()
    for (purpose, choice) in map { result[purpose] = choice }
    return result
}

/// Decodes `c` and checks every expectation it states.
func checkDecoded(_ c: DecoderCase, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let decoded = try ConsentDecoders.decode(c.value, as: c.kind)
    let signal = decoded.signal
    #expect(signal.source == c.kind.rawValue, sourceLocation: sourceLocation)
    #expect(signal.choices == expectedChoices(c.purposes), "purposes", sourceLocation: sourceLocation)
    #expect(signal.undecided == c.undecided, "undecided", sourceLocation: sourceLocation)
    #expect(signal.grantedByDefault == c.grantedByDefault, "grantedByDefault", sourceLocation: sourceLocation)
    #expect(signal.method == c.method, "method", sourceLocation: sourceLocation)
    #expect(signal.consentID == c.consentID, "consentID", sourceLocation: sourceLocation)
    #expect(signal.decidedAt == c.decidedAt, "decidedAt", sourceLocation: sourceLocation)
    #expect(signal.version == c.version, "version", sourceLocation: sourceLocation)
    #expect(decoded.detail("kind") == .string(c.kind.rawValue), sourceLocation: sourceLocation)
    #expect(decoded.detail("purposes") == signal.choices.json, sourceLocation: sourceLocation)
    #expect(decoded.detail("undecided") == .bool(c.undecided), sourceLocation: sourceLocation)
    #expect(decoded.detail("grantedByDefault") == .bool(c.grantedByDefault), sourceLocation: sourceLocation)
    if let at = c.decidedAt {
        #expect(decoded.detail("decidedAt") == .string(Timestamp.format(at)), sourceLocation: sourceLocation)
    }
    for (key, value) in c.details {
        #expect(decoded.detail(key) == value, "details[\(key)]", sourceLocation: sourceLocation)
    }
    for fragment in c.warnings {
        #expect(decoded.warnings.contains(where: { $0.contains(fragment) }), "warning containing '\(fragment)' in \(decoded.warnings)", sourceLocation: sourceLocation)
    }
    if c.warnings.isEmpty {
        #expect(decoded.warnings.isEmpty, "unexpected warnings \(decoded.warnings)", sourceLocation: sourceLocation)
    }
}

/// Checks that `c` throws `ConsentDecodeError` whose reason contains the fragment.
func checkMalformed(_ c: MalformedCase, sourceLocation: SourceLocation = #_sourceLocation) {
    let error = #expect(throws: ConsentDecodeError.self, sourceLocation: sourceLocation) {
        _ = try ConsentDecoders.decode(c.value, as: c.kind)
    }
    #expect(error?.reason.contains(c.reasonContains) == true, "reason: \(error?.reason ?? "none")", sourceLocation: sourceLocation)
}

func decoderStrings(_ items: [String]) -> JSONOutput { .array(items.map { .string($0) }) }
