// What the shop knows about a logged-in customer, and the ground truth a tracking hit carries
// for the tagging server simulation.
//
// The hashes here are STAND-INS, not SHA-256: 64 lower-case hex characters derived from the
// seed and the visitor with SplitMix64, shaped exactly like the SHA-256 hex digests the real
// tags send (`em`, `ph`, `sha256_email_address`…), so an analyzer classifies them as hashed
// personal data. No real e-mail address or phone number exists behind them.

/// The shop's customer record of one simulated visitor.
public final class CustomerProfile: Sendable, Equatable, CustomStringConvertible {
    /// The shop's customer number (`C` and six digits), sent in clear as `user_id` (GA4) and
    /// `external_id` (Meta).
    public let customerID: String
    /// Stand-in for the SHA-256 hex digest of the normalised e-mail address.
    public let emailHash: String
    /// Stand-in for the SHA-256 hex digest of the E.164 phone number; `nil` when the customer
    /// gave none (about three in ten).
    public let phoneHash: String?
    /// Stand-in for the SHA-256 hex digest of the customer number (TikTok hashes
    /// `external_id`, Meta's Stape tag does not).
    public let externalIDHash: String

    /// The record of visitor `visitorID` in run `seed` (no random stream is consumed).
    public init(seed: UInt64, visitorID: UInt64) {
        let base = SplitMix64.mix(seed ^ 0x4355_5354_4F4D_4552, visitorID)  // "CUSTOMER"
        customerID = "C" + String(100_000 + base % 900_000)
        emailHash = StandInHash.hex64(base, field: 1)
        phoneHash = (base >> 20) % 10 < 7 ? StandInHash.hex64(base, field: 2) : nil
        externalIDHash = StandInHash.hex64(base, field: 3)
    }

    public static func == (lhs: CustomerProfile, rhs: CustomerProfile) -> Bool {
        lhs.customerID == rhs.customerID && lhs.emailHash == rhs.emailHash && lhs.phoneHash == rhs.phoneHash
            && lhs.externalIDHash == rhs.externalIDHash
    }

    /// The customer number (for test messages).
    public var description: String { customerID }
}

/// Ground truth about one tracking hit that the request does not carry.
public struct CollectHitFacts: Sendable, Equatable {
    /// The banner answer in force when the hit fired (the hit's `gcs`/`gcd` encode it).
    public var consent: ConsentChoice
    /// The logged-in customer, `nil` for anonymous visitors.
    public var customer: CustomerProfile?

    /// Creates the facts.
    public init(consent: ConsentChoice, customer: CustomerProfile?) {
        self.consent = consent
        self.customer = customer
    }
}

/// Deterministic 64-hex-character values standing in for SHA-256 digests (see the file comment).
public enum StandInHash {
    /// 64 lower-case hex characters derived from `base` and `field`.
    public static func hex64(_ base: UInt64, field: UInt64) -> String {
        var mixer = SplitMix64(seed: SplitMix64.mix(base, field))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for _ in 0..<4 {
            let word = mixer.next()
            var shift: UInt64 = 60
            while true {
                bytes.appendHexNibble(UInt8((word >> shift) & 0xF))
                if shift == 0 { break }
                shift -= 4
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `count` lower-case hex characters derived from `base` and `field` (ids, trace ids).
    static func hex(_ base: UInt64, field: UInt64, count: Int) -> String {
        var mixer = SplitMix64(seed: SplitMix64.mix(base, field))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        var word = mixer.next()
        var left = 16
        while bytes.count < count {
            if left == 0 {
                word = mixer.next()
                left = 16
            }
            bytes.appendHexNibble(UInt8(word & 0xF))
            word >>= 4
            left -= 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
