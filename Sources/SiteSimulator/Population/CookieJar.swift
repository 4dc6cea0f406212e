// A browser's cookie store for the shop's hosts, and the Set-Cookie headers the shop sends.

/// One cookie as a browser stores it.
struct StoredCookie: Sendable, Equatable {
    var name: String
    var value: String
    /// Set with `Domain=.shop.example` (sent to every host) rather than host-only.
    var domainWide: Bool
    /// The host that set a host-only cookie.
    var host: SiteHost
    /// Session cookies (no `Max-Age`/`Expires`) die when the browser closes.
    var session: Bool
}

/// A visitor's cookies for the shop's hosts.
///
/// Cookies keep their creation order, which is the order browsers send them in when all paths
/// are `/` (an update keeps the original position, as browsers keep the creation time).
struct CookieJar: Sendable {
    private(set) var cookies: [StoredCookie] = []
    private var cachedHeaders: [String?] = [nil, nil, nil]
    private var cacheValid: [Bool] = [false, false, false]

    /// The `Cookie` request header for `host`, or `nil` when no cookie applies.
    mutating func header(for host: SiteHost) -> String? {
        let slot = host.rawValue
        if cacheValid[slot] { return cachedHeaders[slot] }
        var text = ""
        for cookie in cookies where cookie.domainWide || cookie.host == host {
            if !text.isEmpty { text += "; " }
            text += cookie.name
            text += "="
            text += cookie.value
        }
        let header = text.isEmpty ? nil : text
        cachedHeaders[slot] = header
        cacheValid[slot] = true
        return header
    }

    func value(of name: String) -> String? {
        cookies.first { $0.name == name }?.value
    }

    func contains(_ name: String) -> Bool {
        cookies.contains { $0.name == name }
    }

    /// Stores or updates a cookie (same name and scope replaces the value in place).
    mutating func set(_ name: String, _ value: String, domainWide: Bool, host: SiteHost, session: Bool = false) {
        invalidate()
        if let index = cookies.firstIndex(where: { $0.name == name && $0.domainWide == domainWide }) {
            cookies[index].value = value
            cookies[index].session = session
            return
        }
        cookies.append(StoredCookie(name: name, value: value, domainWide: domainWide, host: host, session: session))
    }

    mutating func remove(_ name: String) {
        invalidate()
        cookies.removeAll { $0.name == name }
    }

    /// The browser was closed: session cookies are gone.
    mutating func dropSessionCookies() {
        invalidate()
        cookies.removeAll { $0.session }
    }

    mutating func clear() {
        invalidate()
        cookies.removeAll()
    }

    private mutating func invalidate() {
        cacheValid[0] = false
        cacheValid[1] = false
        cacheValid[2] = false
    }
}

/// The Set-Cookie header values the shop's software writes, each in its own dialect: PHP
/// (lower-case attributes, `deleted` for removals), the server-side tagging container
/// (`FPID`, `FPLC`) and a Node.js cart service.
enum SetCookieHeaders {
    static let phpDeletedExpires = "Thu, 01 Jan 1970 00:00:01 GMT"
    static let epochExpires = "Thu, 01 Jan 1970 00:00:00 GMT"

    /// PHP session cookie: `PHPSESSID=…; path=/; secure; HttpOnly; SameSite=Lax`.
    static func phpSession(_ id: String) -> String {
        "PHPSESSID=" + id + "; path=/; secure; HttpOnly; SameSite=Lax"
    }

    /// PHP `setcookie()` with an expiry: `expires=…; Max-Age=…; path=/…`.
    static func php(_ name: String, _ value: String, maxAge: Int, now: Int64, httpOnly: Bool) -> String {
        name + "=" + value + "; expires=" + CivilTime.httpDate(epochMillis: now + Int64(maxAge) * 1000)
            + "; Max-Age=" + String(maxAge) + "; path=/; secure" + (httpOnly ? "; HttpOnly" : "") + "; SameSite=Lax"
    }

    /// PHP's deletion form: `name=deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0; path=/`.
    static func phpDeletion(_ name: String) -> String {
        name + "=deleted; expires=" + phpDeletedExpires + "; Max-Age=0; path=/"
    }

    /// The Node.js cart service: `cart_id=…; Path=/; Expires=…; HttpOnly; Secure; SameSite=Lax`.
    static func cart(_ id: String, now: Int64) -> String {
        "cart_id=" + id + "; Path=/; Expires=" + CivilTime.httpDate(epochMillis: now + 30 * 86_400_000)
            + "; HttpOnly; Secure; SameSite=Lax"
    }

    /// The cart service clearing its cookie: `cart_id=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT`.
    static func cartDeletion() -> String {
        "cart_id=; Path=/; Expires=" + epochExpires
    }

    /// Server-managed GA client id set by the tagging host.
    static func fpid(_ value: String, domain: String) -> String {
        "FPID=" + value + "; Domain=" + domain + "; Max-Age=63072000; Path=/; Secure; HttpOnly; SameSite=Lax"
    }

    /// The tagging host's cross-domain linker helper cookie.
    static func fplc(_ value: String, domain: String) -> String {
        "FPLC=" + value + "; Domain=" + domain + "; Max-Age=72000; Path=/; Secure; SameSite=Lax"
    }
}
