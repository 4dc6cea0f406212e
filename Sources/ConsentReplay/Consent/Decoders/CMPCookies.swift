// CMP cookies in a request `Cookie` header: which cookie names carry consent, and one pass
// that decodes every one of them.
//
// Cookie names (each CMP's default; see the decoder files for the value layouts):
//
//     CookieConsent           Cookiebot                   → cookiebot
//     OptanonConsent          OneTrust                    → onetrust
//     OptanonAlertBoxClosed   OneTrust (time of choice)   → onetrust, read with OptanonConsent
//     cookieyes-consent       CookieYes                   → cookieyes
//     cmplz_*                 Complianz (several cookies) → complianz, all read as one signal
//     cc_cookie               orestbida cookieconsent     → cc-cookie
//     klaro                   Klaro                       → klaro
//     borlabs-cookie          Borlabs Cookie              → borlabs
//     tarteaucitron           tarteaucitron.js            → tarteaucitron
//     euconsent-v2            IAB TCF v2 TC string        → tcf
//
// The scan walks the header once with `CookieHeader.Pairs`, comparing names as bytes, and
// copies only the values of CMP cookies. Signals come back in header order (Complianz at the
// place of its first cookie). A value that does not decode is not a signal; it is appended to
// `malformed` with its reason so the caller can count and report it (contract §7).

/// A CMP cookie whose value could not be decoded during a cookie-header scan.
public struct MalformedConsentCookie: Sendable, Equatable {
    /// The cookie's name (`cmplz_*` for the Complianz group).
    public var cookieName: String
    /// The decoder that was tried.
    public var kind: ConsentValueKind
    /// Why it failed, as `ConsentDecodeError.reason`.
    public var reason: String

    public init(cookieName: String, kind: ConsentValueKind, reason: String) {
        self.cookieName = cookieName
        self.kind = kind
        self.reason = reason
    }
}

/// The cookies consent management platforms store consent in.
public enum CMPCookies {
    /// Exact cookie names and their kinds (the Complianz `cmplz_` prefix is separate).
    public static let cookieNames: [(name: String, kind: ConsentValueKind)] = [
        ("CookieConsent", .cookiebot),
        ("OptanonConsent", .onetrust),
        ("OptanonAlertBoxClosed", .onetrust),
        ("cookieyes-consent", .cookieyes),
        ("cc_cookie", .ccCookie),
        ("klaro", .klaro),
        ("borlabs-cookie", .borlabs),
        ("tarteaucitron", .tarteaucitron),
        ("euconsent-v2", .tcf),
    ]

    /// Prefix of the Complianz cookies.
    public static let complianzPrefix = "cmplz_"

    /// The kind of consent a cookie with this (case-sensitive) name carries, or nil.
    /// `OptanonAlertBoxClosed` is `onetrust`: it completes `OptanonConsent` and is not
    /// decodable on its own.
    public static func kind(ofCookieNamed name: String) -> ConsentValueKind? {
        if name.hasPrefix(complianzPrefix) { return .complianz }
        return cookieNames.first(where: { $0.name == name })?.kind
    }

    /// Decodes every CMP cookie in a request `Cookie` header (or nginx's joined
    /// `$http_cookie`). Complianz's `cmplz_*` cookies become one signal; OneTrust's
    /// `OptanonAlertBoxClosed` supplies `decidedAt` and proves a choice for `OptanonConsent`.
    /// Values that do not decode are appended to `malformed` and produce no signal.
    public static func signals(
        fromCookieHeader bytes: UnsafeBufferPointer<UInt8>, tables: PurposeTables,
        malformed: inout [MalformedConsentCookie]
    ) -> [ConsentSignal] {
        var found: [Found] = []
        var complianz: [(name: String, value: String)] = []
        var alertBoxClosed: [UInt8]?
        for pair in CookieHeader.pairs(in: bytes) where pair.hasEquals && !pair.name.isEmpty {
            let first = bytes[pair.name.lowerBound]
            if first == UInt8(ascii: "c"), HTTPBytes.startsWith(pair.name, in: bytes, complianzPrefix) {
                if complianz.isEmpty { found.append(.complianz) }
                complianz.append((HTTPBytes.string(pair.name, in: bytes),
                                  PercentDecoding.decodedString(pair.value, in: bytes, plusAsSpace: false)))
                continue
            }
            if first == UInt8(ascii: "O"), alertBoxClosed == nil, HTTPBytes.equals(pair.name, in: bytes, "OptanonAlertBoxClosed") {
                alertBoxClosed = Array(bytes[pair.value])
                continue
            }
            for (name, kind) in cookieNames where name != "OptanonAlertBoxClosed" {
                guard name.utf8.first == first, HTTPBytes.equals(pair.name, in: bytes, name) else { continue }
                found.append(.cookie(name: name, kind: kind, value: Array(bytes[pair.value])))
                break
            }
        }

        var signals: [ConsentSignal] = []
        for entry in found {
            switch entry {
            case .complianz:
                var details = ConsentDetails(enabled: false)
                signals.append(ComplianzDecoder.decode(cookies: complianz, tables: tables, details: &details))
            case .cookie(let name, let kind, let value):
                do throws(ConsentDecodeError) {
                    if kind == .onetrust {
                        var details = ConsentDetails(enabled: false)
                        signals.append(try OneTrustDecoder.decodeCookie(value, alertBoxClosed: alertBoxClosed, tables: tables, details: &details))
                    } else {
                        let text = String(decoding: value, as: UTF8.self)
                        signals.append(try ConsentDecoders.decode(text, as: kind, tables: tables, details: false).signal)
                    }
                } catch {
                    malformed.append(MalformedConsentCookie(cookieName: name, kind: kind, reason: error.reason))
                }
            }
        }
        return signals
    }

    private enum Found {
        case cookie(name: String, kind: ConsentValueKind, value: [UInt8])
        case complianz
    }
}

fileprivate extension HTTPBytes {
    /// Whether the bytes in `range` begin with `prefix`.
    static func startsWith(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>, _ prefix: String) -> Bool {
        let range = clamp(range, to: bytes)
        var index = range.lowerBound
        for byte in prefix.utf8 {
            guard index < range.upperBound, bytes[index] == byte else { return false }
            index += 1
        }
        return true
    }
}
