// The simulated shop: its hosts, catalogue, pages and static assets.
//
// The catalogue is fixed (it does not depend on the seed): the same shop is visited by
// different crowds. Everything is in arrays, looked up by index, so no dictionary order can leak
// into the output.

/// One of the shop's host names.
public enum SiteHost: Int, Sendable, Equatable, CaseIterable {
    /// `shop.example`: only redirects to `www`.
    case apex
    /// `www.shop.example`: the shop itself.
    case www
    /// `sst.shop.example`: the first-party server-side tagging host.
    case tagging
}

/// A page of the shop (the document a navigation lands on).
public enum ShopPage: Sendable, Equatable {
    /// `/`.
    case home
    /// `/category/<slug>`, with `?page=N` for N > 1.
    case category(index: Int, page: Int)
    /// `/product/<slug>`, with `?variant=<id>` when a variant was picked.
    case product(index: Int, variant: Int?)
    /// `/search?q=<term>`.
    case search(term: Int)
    /// `/cart`.
    case cart
    /// `/checkout`.
    case checkout
    /// `/checkout/complete?order=N`.
    case orderComplete(order: Int)
    /// `/account/login`.
    case login
    /// `/account`.
    case account
    /// `/about`, `/imprint`, `/privacy`, `/shipping`, `/contact`.
    case info(index: Int)
    /// A link to something that no longer exists.
    case missing(path: Int)
}

/// A static asset of the shop.
public struct SiteAsset: Sendable, Equatable {
    /// The URL path.
    public var path: String
    /// The response `Content-Type`.
    public var contentType: String
    /// Typical body size in bytes.
    public var bytes: Int
}

/// The shop: hosts, catalogue, page URLs and titles, assets and the tagging configuration.
public struct SiteModel: Sendable {
    /// Host names, indexed by `SiteHost.rawValue`.
    public var hostNames: [String] = ["shop.example", "www.shop.example", "sst.shop.example"]
    /// The cookie domain shared by all hosts.
    public var cookieDomain = ".shop.example"
    /// The GA4 measurement id the pages send hits for.
    public var measurementID = "G-K7QZ3M2P8L"
    /// Whether `sst.shop.example` sits behind the site's load balancer (peer address is the
    /// balancer, the client is in `X-Forwarded-For`).
    public var taggingBehindLoadBalancer = true
    /// The load balancer's internal addresses.
    public var loadBalancerAddresses = ["10.20.0.11", "10.20.0.12"]
    /// Site name used in page titles.
    public var siteName = "Shop Example"

    /// The catalogue's category slugs and display names.
    public let categories: [(slug: String, name: String)]
    /// Product slugs and display names.
    public let products: [(slug: String, name: String, price: Int)]
    /// Search terms as typed (may be non-ASCII or contain spaces).
    public let searchTerms: [String]
    /// Info page paths and titles.
    public let infoPages: [(path: String, title: String)] = [
        ("/about", "About us"), ("/imprint", "Imprint"), ("/privacy", "Privacy policy"),
        ("/shipping", "Shipping & returns"), ("/contact", "Contact"),
    ]
    /// Paths that used to exist (old links, typos) and now answer 404.
    public let missingPaths: [String]
    /// Paths vulnerability scanners probe.
    public let scannerPaths: [String] = [
        "/wp-login.php", "/.env", "/xmlrpc.php", "/wp-admin/", "/.git/config", "/phpmyadmin/",
        "/admin.php", "/config.json", "/backup.zip", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
        "/.aws/credentials", "/server-status", "/wp-content/plugins/", "/cgi-bin/luci",
    ]

    /// Core assets every page needs (requested once per cold cache).
    public let coreAssets: [SiteAsset] = [
        SiteAsset(path: "/static/app.8d41a0c5.css", contentType: "text/css", bytes: 48_213),
        SiteAsset(path: "/static/vendor.c07e19a2.js", contentType: "application/javascript", bytes: 96_450),
        SiteAsset(path: "/static/app.3f9c2b7e.js", contentType: "application/javascript", bytes: 183_902),
        SiteAsset(path: "/static/fonts/inter-var.5d1e77a0.woff2", contentType: "font/woff2", bytes: 47_832),
        SiteAsset(path: "/static/img/logo.svg", contentType: "image/svg+xml", bytes: 3_412),
    ]
    /// The favicon (first visit only).
    public let favicon = SiteAsset(path: "/favicon.ico", contentType: "image/x-icon", bytes: 15_086)

    /// The shop with its built-in catalogue.
    public init() {
        let categoryNames = [
            ("women", "Women"), ("men", "Men"), ("kids", "Kids"), ("shoes", "Shoes"),
            ("accessories", "Accessories"), ("sale", "Sale"), ("home-living", "Home & Living"),
            ("sport", "Sport"), ("women/dresses", "Dresses"), ("men/jackets", "Jackets"),
            ("shoes/sneakers", "Sneakers"), ("accessories/bags", "Bags"),
        ]
        categories = categoryNames.map { (slug: $0.0, name: $0.1) }

        let adjectives = [
            "linen", "merino", "organic", "classic", "slim", "relaxed", "vintage", "recycled",
            "waterproof", "quilted", "cropped", "oversized", "ribbed", "striped", "essential",
            "lightweight",
        ]
        let nouns = [
            "summer-dress", "t-shirt", "hoodie", "rain-jacket", "chino", "sneaker", "beanie",
            "tote-bag", "cardigan", "parka", "running-shoe", "scarf", "jeans", "polo-shirt",
            "cushion-cover", "yoga-pants", "backpack", "blouse", "trail-runner", "wool-socks",
        ]
        var built: [(slug: String, name: String, price: Int)] = []
        var counter = 0
        for (nounIndex, noun) in nouns.enumerated() {
            for (adjectiveIndex, adjective) in adjectives.enumerated() where (nounIndex + adjectiveIndex) % 3 != 1 {
                counter += 1
                let sku = 1000 + (counter * 37) % 9000
                let slug = adjective + "-" + noun + "-" + String(sku)
                let name = SiteModel.displayName(adjective + "-" + noun)
                let price = 990 + ((counter * 7919) % 180) * 50  // cents
                built.append((slug: slug, name: name, price: price))
            }
        }
        products = built

        searchTerms = [
            "sneaker", "running shoes", "café", "grün", "t-shirt", "jeans slim", "übergangsjacke",
            "crème", "geschenk für mama", "hoodie", "regenjacke damen", "merino", "sale", "socken 43",
            "naïve tote", "rucksack", "€ 20 gutschein", "linen dress", "日本", "kids", "polo",
        ]
        missingPaths = [
            "/product/winter-parka-2024-1187", "/category/black-friday-2025", "/old-shop/index.php",
            "/product/classic-sneaker-white-3301", "/apple-touch-icon-precomposed.png",
            "/apple-touch-icon.png", "/checkout/old", "/newsletter/confirm",
        ]
    }

    /// The name of a host.
    @inline(__always)
    public func name(of host: SiteHost) -> String { hostNames[host.rawValue] }

    /// `linen-summer-dress` → `Linen Summer Dress`.
    static func displayName(_ slug: String) -> String {
        slug.split(separator: "-").map { word in
            word.prefix(1).uppercased() + word.dropFirst()
        }.joined(separator: " ")
    }

    /// Path and query of a page.
    public func url(of page: ShopPage) -> (path: String, query: String?) {
        switch page {
        case .home: return ("/", nil)
        case .category(let index, let pageNumber):
            return ("/category/" + categories[index].slug, pageNumber > 1 ? "page=" + String(pageNumber) : nil)
        case .product(let index, let variant):
            return ("/product/" + products[index].slug, variant.map { "variant=" + String($0) })
        case .search(let term):
            return ("/search", "q=" + URLEncoding.formEncode(searchTerms[term]))
        case .cart: return ("/cart", nil)
        case .checkout: return ("/checkout", nil)
        case .orderComplete(let order): return ("/checkout/complete", "order=" + String(order))
        case .login: return ("/account/login", nil)
        case .account: return ("/account", nil)
        case .info(let index): return (infoPages[index].path, nil)
        case .missing(let index): return (missingPaths[index], nil)
        }
    }

    /// The document title of a page (what `dt=` carries).
    public func title(of page: ShopPage) -> String {
        let core: String
        switch page {
        case .home: return siteName + " – Fashion & Living"
        case .category(let index, _): core = categories[index].name
        case .product(let index, _): core = products[index].name
        case .search(let term): core = "Search: " + searchTerms[term]
        case .cart: core = "Cart"
        case .checkout: core = "Checkout"
        case .orderComplete: core = "Thank you for your order"
        case .login: core = "Sign in"
        case .account: core = "My account"
        case .info(let index): core = infoPages[index].title
        case .missing: core = "Page not found"
        }
        return core + " | " + siteName
    }

    /// Typical HTML body size of a page.
    public func documentBytes(of page: ShopPage, random: inout SeededRandom) -> Int {
        let base: Int
        switch page {
        case .home: base = 61_000
        case .category: base = 74_000
        case .product: base = 52_000
        case .search: base = 58_000
        case .cart, .checkout: base = 31_000
        case .orderComplete: base = 27_000
        case .login, .account: base = 24_000
        case .info: base = 22_000
        case .missing: return 4_182
        }
        return base + random.below(base / 8)
    }

    /// Images a page shows (requested after the document).
    public func images(of page: ShopPage, mobile: Bool, random: inout SeededRandom) -> [SiteAsset] {
        let width = mobile ? 480 : 960
        func productImage(_ index: Int, _ number: Int) -> SiteAsset {
            SiteAsset(
                path: "/media/catalog/" + products[index].slug + "-" + String(number) + "-w" + String(width) + ".webp",
                contentType: "image/webp", bytes: (mobile ? 18_000 : 46_000) + (index * 977 + number * 131) % 21_000)
        }
        switch page {
        case .home:
            return (1...3).map { n in
                SiteAsset(
                    path: "/media/banner/winter-2026-" + String(n) + "-w" + String(width * 2) + ".webp",
                    contentType: "image/webp", bytes: (mobile ? 52_000 : 138_000) + n * 4_211)
            }
        case .category(let index, let pageNumber):
            let count = mobile ? 6 : 12
            let start = (index * 13 + pageNumber * 29) % products.count
            return (0..<count).map { productImage((start + $0 * 7) % products.count, 1) }
        case .product(let index, _):
            return (1...(2 + random.below(3))).map { productImage(index, $0) }
        case .search(let term):
            let start = (term * 17) % products.count
            return (0..<(mobile ? 4 : 8)).map { productImage((start + $0 * 11) % products.count, 1) }
        case .cart:
            return [productImage((random.below(products.count)), 1)]
        default:
            return []
        }
    }

    /// The HTTP `Content-Type` of documents.
    public let documentContentType = "text/html; charset=UTF-8"
}

/// Percent-encoding as browsers and tag libraries do it.
public enum URLEncoding {
    /// HTML form encoding (`application/x-www-form-urlencoded`): space → `+`, unreserved
    /// `A–Z a–z 0–9 * - . _` kept, everything else `%XX` of its UTF-8 bytes.
    public static func formEncode(_ text: String) -> String {
        encode(text) { byte in
            isAlphanumeric(byte) || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
        } space: {
            UInt8(ascii: "+")
        }
    }

    /// JavaScript `encodeURIComponent`: keeps `A–Z a–z 0–9 - _ . ! ~ * ' ( )`.
    public static func encodeURIComponent(_ text: String) -> String {
        encode(text) { byte in
            isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "~")
                || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "(")
                || byte == UInt8(ascii: ")")
        } space: {
            nil
        }
    }

    @inline(__always)
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private static func encode(_ text: String, keep: (UInt8) -> Bool, space: () -> UInt8?) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        let spaceReplacement = space()
        for byte in text.utf8 {
            if keep(byte) {
                out.append(byte)
            } else if byte == UInt8(ascii: " "), let spaceReplacement {
                out.append(spaceReplacement)
            } else {
                out.append(UInt8(ascii: "%"))
                out.appendHexByte(byte, uppercase: true)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
