/// Groups observations into visitors (contract §4, `docs/analysis.md`).
///
/// 1. Every identifier of an observation (identity cookie values sent or set, GA client ids,
///    CMP consent ids, user ids) is a node; identifiers seen on the same observation are joined
///    (union–find).
/// 2. Over-merging guard: an identifier that appears with more than `sharedLimit` distinct
///    identifiers of one other kind is *shared* — a test account, a hard-coded id, one cookie
///    replayed by a bot farm — and joins nothing (its observations use their other identifiers).
///    This is what keeps one `user_id` typed into a kiosk, or a CMP consent id copied into every
///    response by a misconfigured cache, from merging thousands of browsers.
/// 3. An outgoing vendor request belongs to the visitor of the incoming hit it was linked to.
/// 4. Fallback for observations with no usable identifier: the visitor whose identified
///    requests share its IP and user agent within the session timeout before or after it, when
///    exactly one visitor did. A NAT or an office behind one address with several browsers of the
///    same build therefore stays apart, and each cookieless (IP, user agent) — bots included —
///    is its own anonymous visitor, never merged into a person.
public struct IdentityLinker: Sendable {
    public var sessionTimeoutMs: Int64
    public var sharedLimit = 8

    public init(sessionTimeoutMs: Int64) { self.sessionTimeoutMs = sessionTimeoutMs }

    /// The result: a visitor number per observation, and each visitor's id.
    public struct Visitors: Sendable {
        public var visitorOf: [Int32]
        public var ids: [String]
        /// Observations placed in a visitor only by the IP + user agent fallback. They are the
        /// visitor's activity but not evidence about it: a request of someone else behind the
        /// same NAT with the same browser build must not look like the visitor losing a
        /// cookie or sending an opt-out signal.
        public var byFallback = NumberSet()
        /// Identifier values that were shared and so joined nothing.
        public var sharedIdentifiers = 0
        /// Observations placed by the IP + user agent fallback.
        public var joinedByFallback = 0
        /// Visitors with no identifier (cookieless IP + user agent).
        public var anonymousVisitors = 0
    }

    /// What steps 1 and 2 give (they do not need the tagging links, so the analysis runs them
    /// while the tagging linker works): each observation's identifier nodes, which are
    /// shared, and the root each observation's own identifiers put it under (-1: none).
    public struct Grouping: Sendable {
        var obsStart: [Int32]
        var obsNodes: [Int32]
        var nodeIdentifier: [UInt64]
        var shared: [Bool]
        var rootOf: [Int32]
    }

    public func link(_ store: ObservationStore, catalogue: CookieCatalogue, incomingOf: IncomingLinks) -> Visitors {
        link(store, grouping: group(store, catalogue: catalogue), incomingOf: incomingOf)
    }

    /// Steps 1 and 2: identifiers, shared ones, union–find, and each observation's root.
    public func group(_ store: ObservationStore, catalogue: CookieCatalogue) -> Grouping {
        let n = store.count
        let namespaces = catalogue.definitions.map { IdentifierHash.cookieNamespace($0.name) }
        var nodeOf = FlatMap64(capacity: 1 << 16)
        var nodeIdentifier: [UInt64] = []
        var nodeNamespace: [UInt64] = []
        var obsStart = [Int32](repeating: 0, count: n + 1)
        var obsNodes: [Int32] = []
        obsNodes.reserveCapacity(n * 2)

        func node(_ identifier: UInt64, _ ns: UInt64) -> Int32 {
            if let k = nodeOf[identifier] { return k }
            let k = Int32(nodeIdentifier.count)
            nodeOf[identifier] = k
            nodeIdentifier.append(identifier)
            nodeNamespace.append(ns)
            return k
        }

        // 1. Identifiers of each observation, and the distinct pairs seen together.
        var seenSets = FlatSet64()
        var pairs = FlatSet64()
        var global = 0
        for batch in store.batches {
            // Extra identifiers by observation, read with a cursor (they are recorded in
            // observation order; sorted here, keeping their order per observation, if not).
            var extras = batch.extraIdentifiers
            if !extras.indices.dropFirst().allSatisfy({ extras[$0 - 1].0 <= extras[$0].0 }) {
                extras = extras.indices.sorted { (extras[$0].0, $0) < (extras[$1].0, $1) }.map { extras[$0] }
            }
            var nextExtra = 0
            for (i, o) in batch.observations.enumerated() {
                obsStart[global] = Int32(obsNodes.count)
                let first = obsNodes.count
                func add(_ identifier: UInt64, _ ns: UInt64) {
                    guard identifier != 0 else { return }
                    let k = node(identifier, ns)
                    if !obsNodes[first...].contains(k) { obsNodes.append(k) }
                }
                func addCookies(_ setIndex: UInt32) {
                    guard setIndex != 0 else { return }
                    for c in batch.cookieSets[Int(setIndex)] where c.value != 0 && !c.isDeletion {
                        let ns = namespaces[Int(c.definition)]
                        add(IdentifierHash.identifier(ns, c.value), ns)
                    }
                }
                addCookies(o.sent)
                addCookies(o.set)
                switch o.kind {
                case .accessHit, .taggingHit:
                    let h = batch.hits[Int(o.detail)]
                    add(h.clientID, IdentifierHash.gaNamespace)
                    add(h.userID, IdentifierHash.userNamespace)
                case .consentRecord:
                    add(batch.records[Int(o.detail)].consentID, IdentifierHash.consentNamespace)
                default: break
                }
                while nextExtra < extras.count, extras[nextExtra].0 < Int32(i) { nextExtra += 1 }
                while nextExtra < extras.count, extras[nextExtra].0 == Int32(i) {
                    add(extras[nextExtra].1, IdentifierHash.consentNamespace)
                    nextExtra += 1
                }
                let count = obsNodes.count - first
                if count >= 2 {
                    var h: UInt64 = 0x1D
                    for k in obsNodes[first...] { h = h ^ ByteHash.mix(UInt64(k) &+ 0x51) }
                    if seenSets.insert(h) {
                        for a in first..<obsNodes.count {
                            for b in (a + 1)..<obsNodes.count {
                                let x = obsNodes[a], y = obsNodes[b]
                                pairs.insert(UInt64(UInt32(min(x, y))) << 32 | UInt64(UInt32(max(x, y))))
                            }
                        }
                    }
                }
                global += 1
            }
        }
        obsStart[n] = Int32(obsNodes.count)

        // 2. Shared identifiers: more than `sharedLimit` distinct partners of one kind. Only an
        //    identifier with more partners than that in all can be one, so partners are counted
        //    by kind for those few alone: (identifier, partner's kind) entries, sorted, counted
        //    by runs. (Counting every identifier by kind in a hash table took 0.1 s of a
        //    2M-line day.)
        var degree = [Int32](repeating: 0, count: nodeIdentifier.count)
        for p in pairs.members {
            degree[Int(p >> 32)] += 1
            degree[Int(p & 0xFFFF_FFFF)] += 1
        }
        var heavy: [(node: Int32, kind: UInt64)] = []
        for p in pairs.members {
            let a = Int(p >> 32), b = Int(p & 0xFFFF_FFFF)
            if Int(degree[a]) > sharedLimit { heavy.append((Int32(a), nodeNamespace[b])) }
            if Int(degree[b]) > sharedLimit { heavy.append((Int32(b), nodeNamespace[a])) }
        }
        heavy.sort { ($0.node, $0.kind) < ($1.node, $1.kind) }
        var shared = [Bool](repeating: false, count: nodeIdentifier.count)
        var run = 0
        while run < heavy.count {
            var end = run + 1
            while end < heavy.count, heavy[end] == heavy[run] { end += 1 }
            if end - run > sharedLimit { shared[Int(heavy[run].node)] = true }
            run = end
        }

        // Union–find over the pairs of unshared identifiers (sorted: the result does not depend
        // on set order).
        var parent = Array(Int32(0)..<Int32(nodeIdentifier.count))
        func find(_ x: Int32) -> Int32 {
            var x = x
            while parent[Int(x)] != x {
                parent[Int(x)] = parent[Int(parent[Int(x)])]
                x = parent[Int(x)]
            }
            return x
        }
        for p in pairs.members.sorted() {
            let a = Int32(p >> 32), b = Int32(p & 0xFFFF_FFFF)
            guard !shared[Int(a)], !shared[Int(b)] else { continue }
            let ra = find(a), rb = find(b)
            if ra != rb { if ra < rb { parent[Int(rb)] = ra } else { parent[Int(ra)] = rb } }
        }

        // Root per observation (-1: none yet).
        var rootOf = [Int32](repeating: -1, count: n)
        for k in 0..<n {
            for j in Int(obsStart[k])..<Int(obsStart[k + 1]) where !shared[Int(obsNodes[j])] {
                rootOf[k] = find(obsNodes[j])
                break
            }
        }
        return Grouping(obsStart: obsStart, obsNodes: obsNodes, nodeIdentifier: nodeIdentifier, shared: shared, rootOf: rootOf)
    }

    /// Steps 3 and 4 over a grouping of the same store: forwards join their hits' visitors,
    /// then the fallback, then visitor numbers and ids.
    public func link(_ store: ObservationStore, grouping: consuming Grouping, incomingOf: IncomingLinks) -> Visitors {
        let n = store.count
        var rootOf = grouping.rootOf
        grouping.rootOf = []
        let obsStart = grouping.obsStart, obsNodes = grouping.obsNodes
        let nodeIdentifier = grouping.nodeIdentifier, shared = grouping.shared
        // 3. An outgoing request belongs to the visitor of its hit.
        incomingOf.forEach { out, incoming in
            if rootOf[Int(incoming)] >= 0 { rootOf[Int(out)] = rootOf[Int(incoming)] }
        }

        // 4. Fallback: (IP, user agent) within the session timeout of exactly one visitor.
        var result = Visitors(visitorOf: [Int32](repeating: -1, count: n), ids: [], byFallback: NumberSet(capacity: n))
        result.sharedIdentifiers = shared.filter { $0 }.count
        // Orphans first: only the (IP, user agent) pairs some orphan has can place it, so only
        // identified observations with one of those pairs are kept as spans.
        // The two lists are sized before they are filled: grown by doubling, each would be
        // copied into fresh pages several times (page faults cost more than the copying).
        var orphans: [(index: Int, batch: Int32, line: Int32, ipUA: UInt64, time: Int64)] = []
        let orphanCount = rootOf.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
        orphans.reserveCapacity(orphanCount)
        var wanted = FlatSet64()
        var k = 0
        for (b, batch) in store.batches.enumerated() {
            for o in batch.observations {
                if rootOf[k] < 0 {
                    orphans.append((k, Int32(b), Int32(o.line), o.ipUA, o.time))
                    if o.ipUA != 0 { wanted.insert(o.ipUA) }
                }
                k += 1
            }
        }
        var spans: [(ipUA: UInt64, time: Int64, root: Int32)] = []
        // At most one per identified observation; pages past the last one are never touched.
        spans.reserveCapacity(n - orphanCount)
        k = 0
        for batch in store.batches {
            for o in batch.observations {
                if rootOf[k] >= 0, o.ipUA != 0, wanted.contains(o.ipUA) { spans.append((o.ipUA, o.time, rootOf[k])) }
                k += 1
            }
        }
        spans.sort { ($0.ipUA, $0.time, $0.root) < ($1.ipUA, $1.time, $1.root) }
        // Each pair's spans: where they start (by pair), and where the group starting at s ends.
        var groupStart = FlatMap64(capacity: wanted.count)
        var groupEnd = [Int32](repeating: 0, count: spans.count)
        var s = 0
        while s < spans.count {
            var e = s + 1
            while e < spans.count, spans[e].ipUA == spans[s].ipUA { e += 1 }
            groupStart[spans[s].ipUA] = Int32(s)
            groupEnd[s] = Int32(e)
            s = e
        }
        let roots = nodeIdentifier.count
        var anonymous = FlatMap64()
        var anonymousKeys: [UInt64] = []
        for o in orphans {
            let k = o.index
            guard o.ipUA != 0 else {
                // Nothing to link by: a visitor of its own.
                rootOf[k] = Int32(roots + anonymousKeys.count)
                anonymousKeys.append(ByteHash.mix(UInt64(store.sourceRank[store.batchFile[Int(o.batch)]]) << 40 ^ UInt64(o.line) ^ 0xA5))
                continue
            }
            var candidate: Int32 = -1
            var ambiguous = false
            if let start = groupStart[o.ipUA] {
                // First span at or after t - timeout.
                let end = Int(groupEnd[Int(start)])
                var lo = Int(start), hi = end
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if spans[mid].time < o.time - sessionTimeoutMs { lo = mid + 1 } else { hi = mid }
                }
                var j = lo
                while j < end, spans[j].time <= o.time + sessionTimeoutMs {
                    if candidate < 0 { candidate = spans[j].root } else if spans[j].root != candidate { ambiguous = true; break }
                    j += 1
                }
            }
            if candidate >= 0 && !ambiguous {
                rootOf[k] = candidate
                result.joinedByFallback += 1
                result.byFallback.insert(Int32(k))
            } else if let a = anonymous[o.ipUA] {
                rootOf[k] = a
            } else {
                let a = Int32(roots + anonymousKeys.count)
                anonymous[o.ipUA] = a
                anonymousKeys.append(ByteHash.mix(o.ipUA ^ 0xA11))
                rootOf[k] = a
            }
        }
        result.anonymousVisitors = anonymousKeys.count

        // Visitor numbers in order of roots; ids from each visitor's earliest identifier
        // (time, then source path, then line), so they do not depend on argument order.
        var visitorOfRoot = [Int32](repeating: -1, count: roots + anonymousKeys.count)
        var best: [(time: Int64, rank: Int, line: Int32, identifier: UInt64)] = []
        var batchIndex = 0, inBatch = 0
        for k in 0..<n {
            while inBatch == store.batches[batchIndex].observations.count { batchIndex += 1; inBatch = 0 }
            let o = store.batches[batchIndex].observations[inBatch]
            let rank = store.sourceRank[store.batchFile[batchIndex]]
            inBatch += 1
            let r = rootOf[k]
            let v: Int32
            if visitorOfRoot[Int(r)] >= 0 { v = visitorOfRoot[Int(r)] } else {
                v = Int32(best.count)
                visitorOfRoot[Int(r)] = v
                best.append((Int64.max, Int.max, Int32.max, 0))
            }
            result.visitorOf[k] = v
            var identifier: UInt64 = UInt64.max
            for j in Int(obsStart[k])..<Int(obsStart[k + 1]) where !shared[Int(obsNodes[j])] {
                identifier = min(identifier, nodeIdentifier[Int(obsNodes[j])])
            }
            if Int(r) >= roots { identifier = anonymousKeys[Int(r) - roots] }
            guard identifier != UInt64.max else { continue }
            let key = (o.time, rank, o.line, identifier)
            if key < best[Int(v)] { best[Int(v)] = key }
        }
        result.ids = best.map { "v-" + Self.hex16($0.identifier) }
        return result
    }

    /// `x` as 16 lowercase hex digits, zero-padded.
    static func hex16(_ x: UInt64) -> String {
        withUnsafeBytes(of: x.bigEndian) { Hex.lowercase($0, count: 8) }
    }
}
