// IAB TCF v2.x TC strings (`euconsent-v2`, `gdpr_consent=`, Cookiebot `iab2`) are decoded by
// `TCString` in Consent/TCF/. This file is the one place the decoders here call it, so wiring
// it in is a change to `decode(_:tables:)` only.
//
// Layout recognised by `looksLike` (IAB TCF v2.2 "Consent string and vendor list formats",
// section "TC String Format"): segments of base64url text (A–Z a–z 0–9 - _, no padding)
// joined by `.`; the core segment comes first and its first 6 bits are the version, so a
// version 2 string starts with `C` (version 1 strings start with `B`).

/// The bridge from the decoder registry to the TC string decoder.
enum TCFBridge {
    /// Decodes a TC string into the signal and the `decode` JSON of contract §2.
    static func decode(_ value: String, tables: PurposeTables) throws(ConsentDecodeError) -> DecodedConsent {
        // The keys are exactly contract §2's for a TC string (no `kind`).
        let tc = try TCString.decode(value)
        return DecodedConsent(signal: tc.signal(tables: tables), details: tc.json(tables: tables))
    }

    /// Whether `bytes` has the shape of a TC string: at least 20 base64url characters in
    /// `.`-separated segments, starting with `C` (v2) or `B` (v1).
    static func looksLike(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 20, let first = bytes.first, first == UInt8(ascii: "C") || first == UInt8(ascii: "B") else {
            return false
        }
        var previousDot = false
        for b in bytes {
            if b == ASCII.dot {
                if previousDot { return false }
                previousDot = true
                continue
            }
            previousDot = false
            let isBase64URL = ASCII.isDigit(b) || (ASCII.lower(b) >= UInt8(ascii: "a") && ASCII.lower(b) <= UInt8(ascii: "z"))
                || b == ASCII.dash || b == UInt8(ascii: "_")
            if !isBase64URL { return false }
        }
        return !previousDot
    }
}
