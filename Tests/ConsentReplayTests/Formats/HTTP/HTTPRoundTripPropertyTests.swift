import Testing
@testable import ConsentReplay

/// Oracle tests: random data is rendered the way browsers and servers write it, parsed back,
/// and compared with what was rendered.
@Suite("HTTP round-trip properties")
struct HTTPRoundTripPropertyTests {
    static let attributeNames: Set<String> = [
        "expires", "max-age", "domain", "path", "secure", "httponly", "samesite", "priority", "partitioned",
        "version", "comment", "commenturl", "discard", "port",
    ]

    func randomName(using rng: inout TestRandom) -> String {
        while true {
            let name = HTTPTestAlphabet.string(from: HTTPTestAlphabet.token, length: 1...12, using: &rng)
            if !Self.attributeNames.contains(name.lowercased()) { return name }
        }
    }

    func randomCase(_ text: String, using rng: inout TestRandom) -> String {
        String(text.map { Bool.random(using: &rng) ? Character($0.uppercased()) : Character($0.lowercased()) })
    }

    @Test(arguments: [1, 2, 3, 4])
    func cookieHeaderRoundTrips(seed: UInt64) {
        var rng = TestRandom(seed: seed)
        let separators = ["; ", ";", " ;  ", ";\t", "; ;", ";;"]
        for _ in 0..<500 {
            var expected: [HTTPExpectedCookiePair] = []
            var header = String(repeating: " ", count: Int.random(in: 0...2, using: &rng))
            for index in 0..<Int.random(in: 0...8, using: &rng) {
                // Occasionally repeat an earlier name: duplicates must survive in order.
                let name = (index > 0 && Int.random(in: 0..<5, using: &rng) == 0)
                    ? (expected.randomElement(using: &rng)?.name ?? "dup")
                    : randomName(using: &rng)
                let value = HTTPTestAlphabet.string(from: HTTPTestAlphabet.cookieOctet, length: 0...24, using: &rng)
                let quoted = Int.random(in: 0..<6, using: &rng) == 0
                if index > 0 { header += separators.randomElement(using: &rng) ?? "; " }
                header += quoted ? "\(name)=\"\(value)\"" : "\(name)=\(value)"
                expected.append(HTTPExpectedCookiePair(name: name, value: value, quoted: quoted))
            }
            if Bool.random(using: &rng) { header += ";" }
            #expect(httpParsedCookiePairs(header) == expected, "\(header)")
        }
    }

    static let joiners = ["\n", ", ", "; "]

    @Test(arguments: joiners)
    func joinedSetCookieFieldsSplitBack(joiner: String) {
        var rng = TestRandom(seed: UInt64(joiner.utf8.reduce(0) { $0 &* 31 &+ Int($1) }))
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        for _ in 0..<400 {
            var expected: [HTTPSetCookieSnapshot] = []
            var rendered: [String] = []
            for _ in 0..<Int.random(in: 1...5, using: &rng) {
                let name = randomName(using: &rng)
                let value = HTTPTestAlphabet.string(from: HTTPTestAlphabet.cookieOctet, length: 0...30, using: &rng)
                var snapshot = HTTPSetCookieSnapshot(name: name, value: value)
                var attributes: [String] = []
                if Bool.random(using: &rng) {
                    // A random time 1970…2069 as IMF-fixdate or RFC 850 (both contain a comma).
                    let year = Int.random(in: 1970...2069, using: &rng)
                    let month = Int.random(in: 1...12, using: &rng)
                    let day = Int.random(in: 1...28, using: &rng)
                    let (hour, minute, second) = (Int.random(in: 0...23, using: &rng), Int.random(in: 0...59, using: &rng),
                                                  Int.random(in: 0...59, using: &rng))
                    let weekday = weekdays.randomElement(using: &rng) ?? "Monday"  // ignored by the algorithm
                    let time = "\(two(hour)):\(two(minute)):\(two(second))"
                    let date = Bool.random(using: &rng)
                        ? "\(weekday.prefix(3)), \(two(day)) \(months[month - 1]) \(year) \(time) GMT"
                        : "\(weekday), \(two(day))-\(months[month - 1])-\(two(year % 100)) \(time) GMT"
                    attributes.append("\(randomCase("Expires", using: &rng))=\(date)")
                    let days = CookieDate.daysSinceEpoch(year: year, month: month, day: day)
                    snapshot.expires = (days * 86_400 + Int64(hour * 3600 + minute * 60 + second)) * 1000
                }
                if Bool.random(using: &rng) {
                    let maxAge = Int64.random(in: -5...400_000_000, using: &rng)
                    attributes.append("\(randomCase("Max-Age", using: &rng))=\(maxAge)")
                    snapshot.maxAge = maxAge
                }
                if Bool.random(using: &rng) {
                    let label = HTTPTestAlphabet.string(from: Array("abcdefghijklmnopqrstuvwxyz0123456789-".utf8),
                                                        length: 1...12, using: &rng)
                    let domain = "\(label).example"
                    attributes.append("Domain=\(Bool.random(using: &rng) ? "." : "")\(domain)")
                    snapshot.domain = domain
                }
                if Bool.random(using: &rng) {
                    let path = "/" + HTTPTestAlphabet.string(from: Array("abc/xyz-_".utf8), length: 0...10, using: &rng)
                    attributes.append("Path=\(path)")
                    snapshot.path = path
                }
                if Bool.random(using: &rng) { attributes.append(randomCase("Secure", using: &rng)); snapshot.secure = true }
                if Bool.random(using: &rng) { attributes.append("HttpOnly"); snapshot.httpOnly = true }
                if Bool.random(using: &rng) {
                    let choice = [SetCookieHeader.SameSite.strict, .lax, .noRestriction].randomElement(using: &rng) ?? .lax
                    attributes.append("SameSite=\(choice.rawValue)")
                    snapshot.sameSite = choice
                }
                if Int.random(in: 0..<4, using: &rng) == 0 {
                    let choice = [SetCookieHeader.Priority.low, .medium, .high].randomElement(using: &rng) ?? .medium
                    attributes.append("Priority=\(choice.rawValue)")
                    snapshot.priority = choice
                }
                if Int.random(in: 0..<4, using: &rng) == 0 { attributes.append("Partitioned"); snapshot.partitioned = true }
                attributes.shuffle(using: &rng)
                rendered.append(([name + "=" + value] + attributes).joined(separator: "; "))
                expected.append(snapshot)
            }
            let field = rendered.joined(separator: joiner)
            #expect(httpSplitSetCookieField(field) == expected, "\(field)")
        }
    }
}
