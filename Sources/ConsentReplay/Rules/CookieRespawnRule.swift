/// `cookie-respawn`: an identifier the client had lost came back with the same value.
public enum CookieRespawnRule {
    public static let description = RuleDescription(
        id: "cookie-respawn",
        name: "Respawned identifier cookie",
        summary: "An identity cookie value the visitor had lost was set again by the server or came back without the server setting it.",
        rationale: """
            A visitor who deletes a cookie, or whose cookie the site deleted, expects to be a new visitor. Restoring the old \
            value (from a server-side mirror, local storage, a fingerprint) silently overrides that choice and links the old \
            profile to the new visits; it is never lawful. A value is lost when a later request of the same visitor comes \
            without it or the server deletes it. A server re-setting the value the request already carries is a refresh; a \
            value carried in the URL by a cross-domain linker (`_gl`) is not a respawn.
            """,
        legalHook: "ePrivacy Directive art. 5(3); GDPR art. 5(1)(a) (fairness), art. 17 and art. 21",
        defaultSeverity: .high,
        reasons: [
            ("server-set", "the server set the lost value again"),
            ("client-restored", "the browser sent the lost value again without the server having set it"),
            ("mirror", "the server restored the lost value from another cookie that mirrors it"),
        ],
        triggeringExamples: triggering, nonTriggeringExamples: nonTriggering)
}

extension CookieRespawnRule {
    /// Follows one visitor's identity cookies, browser by browser (user agent), in time order.
    struct Tracker {
        struct Slot {
            /// The value the browser holds now (0: none).
            var current: UInt64 = 0
            /// `current` has its entry in `firstPresented` (a value presented on every request
            /// is then not looked up again).
            var currentPresented = false
            /// Values the browser presented and then lost: when, and where they were first presented.
            var lost: [UInt64: (loss: Int32, lossTime: Int64, presented: Int32)] = [:]
            /// Where each value held was first presented.
            var firstPresented: [UInt64: Int32] = [:]
            /// Hosts (32-bit hashes) the cookie was presented to.
            var hosts: Set<UInt32> = []
            /// The host added to `hosts` last (most requests go to the host of the one before).
            var lastHost: UInt32?
        }

        /// A cookie of one browser: the user agent's 32-bit hash and the `ByteHash` of the
        /// cookie's name (compared as numbers, never as strings, on every request).
        struct Key: Equatable {
            var agent: UInt32
            var name: UInt64

            var packed: UInt64 { ByteHash.mix(name ^ UInt64(agent) &* 0x9E37_79B9_7F4A_7C15) }
        }

        /// Slots in the order their cookies were first seen; each is changed in place (a slot
        /// copied out of a table and written back copies its tables on every request).
        var keys: [Key] = []
        var store: [Slot] = []
        /// Slot numbers by `Key.packed`, colliding keys chained through `next`.
        var index = FlatMap64()
        var next: [Int32] = []
        /// Last request with a cross-domain linker (`_gl`), per browser.
        var linkerTime: [UInt32: Int64] = [:]
        /// The request's identity cookies sent and their name hashes, refilled per request
        /// (kept here so their storage is reused).
        private var sent: [ObservedCookie] = []
        private var sentNames: [UInt64] = []

        private func find(_ key: Key) -> Int? {
            var candidate = index[key.packed]
            while let i = candidate {
                if keys[Int(i)] == key { return Int(i) }
                candidate = next[Int(i)] >= 0 ? next[Int(i)] : nil
            }
            return nil
        }

        private mutating func slot(_ key: Key) -> Int {
            if let i = find(key) { return i }
            let i = store.count
            store.append(Slot())
            keys.append(key)
            next.append(index[key.packed] ?? -1)
            index[key.packed] = Int32(i)
            return i
        }

        /// One access request (or hit) of the visitor.
        mutating func observe(_ n: Int32, _ o: Observation, batches: [ObservationBatch], _ b: Int, _ context: RuleContext,
                              _ sink: inout FindingSink) {
            let agent = UInt32(truncatingIfNeeded: o.scope >> 32)
            let host = UInt32(truncatingIfNeeded: o.scope)
            if o.flags.contains(.linker) { linkerTime[agent] = o.time }
            sent.removeAll(keepingCapacity: true)
            sentNames.removeAll(keepingCapacity: true)
            if o.sent != 0 {
                for c in batches[b].cookieSets[Int(o.sent)] where c.value != 0 {
                    sent.append(c)
                    sentNames.append(batches[b].strings.hash(Int(c.name)))
                }
            }
            let sent = self.sent, sentNames = self.sentNames
            let set = o.set == 0 ? [] : batches[b].cookieSets[Int(o.set)]
            // 1. Absence: a request with a Cookie header, to a host the cookie was sent to,
            //    without it.
            if o.flags.contains(.cookieHeader) {
                for i in store.indices where keys[i].agent == agent && store[i].current != 0 && store[i].hosts.contains(host) {
                    if !sentNames.contains(keys[i].name) { lose(i, at: n, time: o.time) }
                }
            }
            // 2. Presented values.
            for (c, name) in zip(sent, sentNames) {
                let i = slot(Key(agent: agent, name: name))
                // A value lost and presented again is rare: an empty table is not searched.
                if !store[i].lost.isEmpty {
                    if let loss = store[i].lost[c.value], !excused(agent, since: loss.lossTime) {
                        report("client-restored", value: c, batch: batches[b], at: n, o, loss: loss, context, &sink)
                    }
                    store[i].lost[c.value] = nil
                }
                if !(store[i].currentPresented && store[i].current == c.value) {
                    if store[i].firstPresented[c.value] == nil { store[i].firstPresented[c.value] = n }
                    store[i].currentPresented = true
                }
                store[i].current = c.value
                if store[i].lastHost != host {
                    store[i].hosts.insert(host)
                    store[i].lastHost = host
                }
            }
            // 3. Set-Cookie: refreshes, new values, returns of lost values, deletions.
            for c in set {
                let name = batches[b].strings.hash(Int(c.name))
                let key = Key(agent: agent, name: name)
                if c.isDeletion {
                    if let i = find(key), store[i].current != 0 { lose(i, at: n, time: o.time) }
                    continue
                }
                guard c.value != 0 else { continue }
                if let presentedNow = zip(sent, sentNames).first(where: { $0.1 == name }), presentedNow.0.value == c.value {
                    continue // a refresh of the value the request carries
                }
                let i = slot(key)
                if !store[i].lost.isEmpty, let loss = store[i].lost[c.value], !excused(agent, since: loss.lossTime) {
                    let mirrored = zip(sent, sentNames).contains { $0.1 != name && $0.0.value == c.value }
                    report(mirrored ? "mirror" : "server-set", value: c, batch: batches[b], at: n, o, loss: loss, context, &sink)
                    store[i].lost[c.value] = nil
                }
                if store[i].current != c.value { store[i].currentPresented = false }
                store[i].current = c.value
            }
        }

        private mutating func lose(_ i: Int, at n: Int32, time: Int64) {
            let current = store[i].current
            guard current != 0 else { return }
            if let presented = store[i].firstPresented[current] {
                store[i].lost[current] = (n, time, presented)
            }
            store[i].current = 0
            store[i].currentPresented = false
        }

        private func excused(_ agent: UInt32, since lossTime: Int64) -> Bool {
            guard let t = linkerTime[agent] else { return false }
            return t >= lossTime
        }

        private func report(_ reason: String, value c: ObservedCookie, batch: ObservationBatch, at n: Int32,
                            _ o: Observation, loss: (loss: Int32, lossTime: Int64, presented: Int32), _ context: RuleContext,
                            _ sink: inout FindingSink) {
            let rule = CookieRespawnRule.description
            let cookie = batch.strings[Int(c.name)]
            let value = context.pseudonymizer.pseudonym(batch.strings[Int(c.rawValue)])
            sink.report(rule, severity: context.severity(rule), reason: reason, subjectKind: .cookie, subject: cookie,
                        observation: n, time: o.time, evidence: [loss.presented, loss.loss]) {
                switch reason {
                case "client-restored": return "Cookie \(cookie)=\(value) came back from the browser after it was lost, without the server setting it again."
                case "mirror": return "The server restored cookie \(cookie)=\(value), lost earlier, from another cookie of the request holding the same value."
                default: return "The server set cookie \(cookie)=\(value) again after the visitor had lost it."
                }
            }
        }
    }
}

extension CookieRespawnRule {
    typealias L = ExampleLogs
    static let triggering: [RuleExample] = [
        RuleExample("The server deletes _ga, then sets the same value again", files: [
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /", cookie: L.cookiebot("s1", statistics: true, marketing: false) + "; " + L.ga),
                L.access("10:01:00", "GET /account", cookie: L.cookiebot("s1", statistics: true, marketing: false) + "; " + L.ga,
                         setCookie: "_ga=; Max-Age=0; Path=/; Domain=shop.example"),
                L.access("10:02:00", "GET /shop", cookie: L.cookiebot("s1", statistics: true, marketing: false), setCookie: L.setGA),
            ]),
        ], config: L.accessConfig, expected: [ExpectedFinding("server-set", at: "access.log", line: 3, subject: "_ga")]),
        RuleExample("The browser sends a lost _ga value again without the server setting it", files: [
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /", cookie: L.cookiebot("s1", statistics: true, marketing: false) + "; " + L.ga),
                L.access("10:01:00", "GET /shop", cookie: L.cookiebot("s1", statistics: true, marketing: false)),
                L.access("10:02:00", "GET /cart", cookie: L.cookiebot("s1", statistics: true, marketing: false) + "; " + L.ga),
            ]),
        ], config: L.accessConfig, expected: [ExpectedFinding("client-restored", at: "access.log", line: 3, subject: "_ga")]),
        RuleExample("The server restores _ga from a mirror cookie holding the same client id", files: [
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /", cookie: L.cookiebot("s1", statistics: true, marketing: false) + "; " + L.ga + "; ga_mirror=111.222"),
                L.access("10:01:00", "GET /shop", cookie: L.cookiebot("s1", statistics: true, marketing: false) + "; ga_mirror=111.222"),
                L.access("10:01:01", "GET /cart", cookie: L.cookiebot("s1", statistics: true, marketing: false) + "; ga_mirror=111.222",
                         setCookie: L.setGA),
            ]),
        ], config: L.accessConfig + "\nidentity_cookies: [ga_mirror]",
        expected: [ExpectedFinding("mirror", at: "access.log", line: 3, subject: "_ga")]),
    ]
    static let nonTriggering: [RuleExample] = [
        RuleExample("The server refreshes the value the request carries", files: [
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /", cookie: L.cookiebot("s1", statistics: true, marketing: false) + "; " + L.ga, setCookie: L.setGA),
            ]),
        ], config: L.accessConfig),
        RuleExample("_ga expired and came back with a new value", files: [
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /", cookie: L.cookiebot("s1", statistics: true, marketing: false) + "; " + L.ga),
                L.access("10:01:00", "GET /shop", cookie: L.cookiebot("s1", statistics: true, marketing: false),
                         setCookie: "_ga=GA1.1.333.444; Max-Age=63072000; Path=/"),
            ]),
        ], config: L.accessConfig),
        RuleExample("The value comes back through a cross-domain linker (_gl)", files: [
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /", cookie: L.cookiebot("s1", statistics: true, marketing: false) + "; " + L.ga),
                L.access("10:01:00", "GET /shop", cookie: L.cookiebot("s1", statistics: true, marketing: false)),
                L.access("10:02:00", "GET /?_gl=1*1x2y3z*_ga*MTExLjIyMg..", cookie: L.cookiebot("s1", statistics: true, marketing: false) + "; " + L.ga),
            ]),
        ], config: L.accessConfig),
        RuleExample("Still sent after a withdrawal: tracking-before-consent, not a respawn", files: [
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /", cookie: L.cookiebot("s1", statistics: true, marketing: false) + "; " + L.ga),
                L.access("10:01:00", "GET /shop", cookie: L.cookiebot("s1", statistics: false, marketing: false) + "; " + L.ga),
            ]),
        ], config: L.accessConfig),
    ]
}
