// The byte formats of the banner: Cookiebot's `CookieConsent` cookie, the Google Consent Mode
// parameters of GA4 hits, and Cookiebot's consent-log export.
//
// Sources (facts only):
// - Cookie: values browsers send, e.g. `CookieConsent={stamp:%27…==%27%2Cnecessary:true%2C
//   preferences:false%2Cstatistics:false%2Cmarketing:false%2Cmethod:%27explicit%27%2Cver:1%2C
//   utc:1757948109464%2Cregion:%27dk%27}` in public code (request headers copied from
//   browsers): Cookiebot writes the object literal with only `'` → `%27` and `,` → `%2C`
//   encoded; `stamp` is 40 random bytes in standard base64 (56 characters, `+` `/` and `==`
//   left as they are); `utc` is milliseconds; `region` the lower-case country code.
// - Consent log: Cookiebot's support article "Logging and demonstration of user consents"
//   (anonymised IP, date and time, user agent, URL, consent state, consent id) and the export
//   header quoted in ExpressionEngine issue #454 ("inspired by what Cookiebot.com does"):
//   `DATE-TIME | CONSENT-ID | CONSENT-URL | CONSENT-PREFERENCES | CONSENT-STATISTICS |
//   CONSENT-MARKETING | USER-IP-ANONYMIZED | USER-AGENT | IP-COUNTRY` with a row
//   `2020-06-25T08:51:11.4970000 | Hj2V…0w== | https://… | True | True | False | 94.109.0.0 |
//   Mozilla/5.0 … | be`.
// - gcs/gcd: `gcs=G1<ad_storage><analytics_storage>`; `gcd=11<ad_storage>1<analytics_storage>1
//   <ad_user_data>1<ad_personalization>5`, one letter per signal (`l` not set, `p` denied by
//   default, `q` denied by default and on update, `r` denied by default then granted on
//   update, `t` granted by default, `m`/`n` denied/granted on update without default, `u`/`v`
//   granted by default then denied/granted on update), as documented by Commanders Act and
//   the Consent Mode v2 guide on simoahava.com.

/// Cookiebot's `CookieConsent` cookie.
enum CookiebotCookie {
    /// The cookie name.
    static let name = "CookieConsent"

    /// A new consent id (`stamp`): 40 random bytes, standard base64.
    static func newConsentID(_ random: inout SeededRandom) -> String {
        Identifiers.base64(bytes: 40, &random)
    }

    /// The cookie value Cookiebot's script writes after an explicit answer:
    /// `{stamp:%27<id>%27%2Cnecessary:true%2Cpreferences:<b>%2Cstatistics:<b>%2Cmarketing:<b>
    /// %2Cmethod:%27explicit%27%2Cver:1%2Cutc:<ms>%2Cregion:%27<cc>%27}`.
    static func value(consentID: String, choice: ConsentChoice, utc: Int64, region: String) -> String {
        value(consentID: consentID, choice: choice, method: "explicit", utc: utc, region: region)
    }

    /// The cookie value with the given `method` (`explicit`, or `implied` when the CMP counts
    /// scrolling or browsing on as consent).
    static func value(consentID: String, choice: ConsentChoice, method: String, utc: Int64, region: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(220)
        bytes.appendStatic("{stamp:%27")
        bytes.appendString(consentID)
        bytes.appendStatic("%27%2Cnecessary:true%2Cpreferences:")
        bytes.appendStatic(choice.preferences ? "true" : "false")
        bytes.appendStatic("%2Cstatistics:")
        bytes.appendStatic(choice.statistics ? "true" : "false")
        bytes.appendStatic("%2Cmarketing:")
        bytes.appendStatic(choice.marketing ? "true" : "false")
        bytes.appendStatic("%2Cmethod:%27")
        bytes.appendString(method)
        bytes.appendStatic("%27%2Cver:1%2Cutc:")
        bytes.appendDecimal(Int(utc))
        bytes.appendStatic("%2Cregion:%27")
        bytes.appendString(region)
        bytes.appendStatic("%27}")
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Google Consent Mode parameters of a GA4 hit on a site where the CMP sets every signal to
/// denied by default and updates it from the stored answer on each page (Cookiebot's
/// Consent Mode integration): granted signals are `r`, denied ones `q`. `ad_storage`,
/// `ad_user_data` and `ad_personalization` follow marketing, `analytics_storage` statistics.
enum ConsentModeParameters {
    /// `G1<ad_storage><analytics_storage>` (`1` granted, `0` denied).
    static func appendGCS(_ choice: ConsentChoice, into bytes: inout [UInt8]) {
        bytes.appendStatic("G1")
        bytes.append(UInt8(ascii: choice.marketing ? "1" : "0"))
        bytes.append(UInt8(ascii: choice.statistics ? "1" : "0"))
    }

    /// `11<ad_storage>1<analytics_storage>1<ad_user_data>1<ad_personalization>5`.
    static func appendGCD(_ choice: ConsentChoice, into bytes: inout [UInt8]) {
        let ads = UInt8(ascii: choice.marketing ? "r" : "q")
        let analytics = UInt8(ascii: choice.statistics ? "r" : "q")
        bytes.appendStatic("11")
        bytes.append(ads)
        bytes.append(UInt8(ascii: "1"))
        bytes.append(analytics)
        bytes.append(UInt8(ascii: "1"))
        bytes.append(ads)
        bytes.append(UInt8(ascii: "1"))
        bytes.append(ads)
        bytes.append(UInt8(ascii: "5"))
    }
}

/// Cookiebot's consent-log export as a `;`-separated CSV.
///
/// Columns (the real export's set and spelling): `DATE-TIME` (UTC, `2026-11-21T10:00:01.4970000`,
/// the seven fraction digits of the export), `CONSENT-ID` (the cookie's `stamp`),
/// `CONSENT-URL` (the page the banner was answered on), `CONSENT-PREFERENCES`,
/// `CONSENT-STATISTICS`, `CONSENT-MARKETING` (`True` / `False`), `USER-IP-ANONYMIZED` (IPv4
/// with the last octet 0, IPv6 cut to its /48), `USER-AGENT`, `IP-COUNTRY` (lower-case
/// country code). One row per answer, later changes included, ordered by time. A field
/// holding `;`, `"` or a line break (user agents hold `;`) is quoted RFC 4180 style.
public enum CookiebotConsentLog {
    /// The header row (without the line end).
    public static let header =
        "DATE-TIME;CONSENT-ID;CONSENT-URL;CONSENT-PREFERENCES;CONSENT-STATISTICS;CONSENT-MARKETING;USER-IP-ANONYMIZED;USER-AGENT;IP-COUNTRY"

    /// The header of the extended layout (`--violations`): the export's columns plus
    /// `CONSENT-METHOD` (`explicit` / `implied`) and `BANNER-VERSION`, the evidence a consent
    /// log must keep (what text was shown, how consent was given) that the plain export lacks.
    public static let extendedHeader = header + ";CONSENT-METHOD;BANNER-VERSION"

    /// The whole file: header and one line per record, `\n` line ends.
    public static func render(_ records: [ConsentRecord], extended: Bool = false) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(header.utf8.count + 1 + records.count * 320)
        bytes.appendString(extended ? extendedHeader : header)
        bytes.append(UInt8(ascii: "\n"))
        for record in records { appendRow(record, extended: extended, into: &bytes) }
        return bytes
    }

    /// Writes the file to `sink` in blocks and finishes it.
    public static func write(_ records: [ConsentRecord], extended: Bool = false, to sink: ByteSink) throws {
        let writer = LineWriter(sink: sink)
        writer.buffer.appendString(extended ? extendedHeader : header)
        writer.buffer.append(UInt8(ascii: "\n"))
        for record in records {
            appendRow(record, extended: extended, into: &writer.buffer)
            try writer.flushIfFull()
        }
        try writer.finish()
    }

    /// Appends one row (with the two extra columns in the extended layout).
    static func appendRow(_ record: ConsentRecord, extended: Bool = false, into bytes: inout [UInt8]) {
        let separator = UInt8(ascii: ";")
        appendDateTime(record.time, into: &bytes)
        bytes.append(separator)
        appendField(record.consentID, into: &bytes)
        bytes.append(separator)
        appendField(record.url, into: &bytes)
        bytes.append(separator)
        bytes.appendStatic(record.choice.preferences ? "True" : "False")
        bytes.append(separator)
        bytes.appendStatic(record.choice.statistics ? "True" : "False")
        bytes.append(separator)
        bytes.appendStatic(record.choice.marketing ? "True" : "False")
        bytes.append(separator)
        appendField(IPAddressFormat.anonymized(record.clientIP), into: &bytes)
        bytes.append(separator)
        appendField(record.userAgent, into: &bytes)
        bytes.append(separator)
        appendField(record.country, into: &bytes)
        if extended {
            bytes.append(separator)
            bytes.appendStatic(record.implied ? "implied" : "explicit")
            bytes.append(separator)
            appendField(record.bannerVersion ?? "", into: &bytes)
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    /// `YYYY-MM-DDTHH:MM:SS.fffffff` in UTC (milliseconds followed by four zeros).
    static func appendDateTime(_ millis: Int64, into bytes: inout [UInt8]) {
        let time = CivilTime(epochMillis: millis)
        time.appendISODate(to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        time.appendClock(to: &bytes)
        bytes.append(UInt8(ascii: "."))
        bytes.appendPadded(time.millisecond, width: 3)
        bytes.appendStatic("0000")
    }

    /// A field, quoted when it holds the separator, a quote or a line break.
    /// One CSV field: quoted (quotes doubled) when it holds the delimiter, a quote or a line break.
    static func appendField(_ text: String, delimiter: UInt8 = UInt8(ascii: ";"), into bytes: inout [UInt8]) {
        let needsQuotes = text.utf8.contains { byte in
            byte == delimiter || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D
        }
        guard needsQuotes else {
            bytes.appendString(text)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension IPAddressFormat {
    /// The address as a consent log stores it: IPv4 with the last octet set to 0, IPv6 cut to
    /// its /48 (first three groups kept, RFC 5952 text). Text that is neither is returned as is.
    public static func anonymized(_ address: String) -> String {
        if address.contains(":") {
            guard let groups = ipv6Groups(address) else { return address }
            return ipv6([groups[0], groups[1], groups[2], 0, 0, 0, 0, 0])
        }
        let octets = address.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return address }
        return octets[0] + "." + octets[1] + "." + octets[2] + ".0"
    }

    /// The eight groups of an IPv6 address in text form (with or without `::`), or `nil`.
    static func ipv6Groups(_ text: String) -> [UInt16]? {
        func parse(_ part: Substring) -> [UInt16]? {
            if part.isEmpty { return [] }
            var groups: [UInt16] = []
            for piece in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard !piece.isEmpty, piece.count <= 4, let value = UInt16(piece, radix: 16) else { return nil }
                groups.append(value)
            }
            return groups
        }
        let characters = Array(text.utf8)
        var gap: Int?
        var index = 0
        while index + 1 < characters.count {
            if characters[index] == UInt8(ascii: ":") && characters[index + 1] == UInt8(ascii: ":") {
                guard gap == nil else { return nil }
                gap = index
                index += 2
                continue
            }
            index += 1
        }
        guard let gap else {
            guard let groups = parse(Substring(text)), groups.count == 8 else { return nil }
            return groups
        }
        let head = String(decoding: characters[..<gap], as: UTF8.self)
        let tail = String(decoding: characters[(gap + 2)...], as: UTF8.self)
        guard let headGroups = parse(Substring(head)), let tailGroups = parse(Substring(tail)),
            headGroups.count + tailGroups.count < 8
        else { return nil }
        return headGroups + [UInt16](repeating: 0, count: 8 - headGroups.count - tailGroups.count) + tailGroups
    }
}
