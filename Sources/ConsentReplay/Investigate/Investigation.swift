/// `consent-replay investigate`: one visitor's whole story from an analysis that kept its
/// observations (`AnalyzeOptions.keepObservations`). The sessions, consent timeline and
/// enrichment comparison are worked out exactly as the rule walk does, so what it shows is what
/// the findings were decided on.
public enum Investigation {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The timelines of every visitor the query matches, sorted by visitor id; records outside
    /// `since`…`until` are left out of the entries (not of the state they build).
    public static func run(_ query: VisitorQuery, in result: AnalysisResult, since: Int64? = nil,
                           until: Int64? = nil) throws(Failure) -> [VisitorTimeline] {
        guard let context = result.ruleContext else {
            throw Failure(description: "the analysis kept no observations (AnalyzeOptions.keepObservations)")
        }
        let visitors = result.analysis.identity
        let matched = try Self.visitors(matching: query, visitors: visitors, context: context)
        var members: [Int32: [Int32]] = [:]
        for v in matched { members[v] = [] }
        for (n, v) in visitors.visitorOf.enumerated() where members[v] != nil { members[v]?.append(Int32(n)) }
        let names = matched.map { context.pseudonymizer.pseudonym(visitors.ids[Int($0)]) }
        var byVisitor: [String: [Finding]] = [:]
        let wanted = Set(names)
        for f in result.analysis.findings where wanted.contains(f.visitor) { byVisitor[f.visitor, default: []].append(f) }
        return zip(matched, names).map { v, name in
            timeline(of: visitors.ids[Int(v)], name: name, observations: members[v] ?? [], findings: byVisitor[name] ?? [],
                     context: context, incomingOf: result.incomingOf, since: since, until: until)
        }.sorted { $0.visitor < $1.visitor }
    }

    /// Visitor indices matching the query.
    static func visitors(matching query: VisitorQuery, visitors: IdentityLinker.Visitors,
                         context: RuleContext) throws(Failure) -> [Int32] {
        let store = context.store
        var found = Set<Int32>()
        switch query {
        case .visitor(let id):
            for (v, raw) in visitors.ids.enumerated() where raw == id || context.pseudonymizer.pseudonym(raw) == id {
                found.insert(Int32(v))
            }
        case .ip(let ip):
            let hash = IdentifierHash.value(ip)
            var n = 0
            for batch in store.batches {
                for o in batch.observations {
                    if o.ip == hash && hash != 0 { found.insert(visitors.visitorOf[n]) }
                    n += 1
                }
            }
        case .cookie(let name, let value):
            guard let d = context.cookieCatalogue.lookup(name), let index = context.cookieCatalogue.definitions.firstIndex(of: d) else {
                throw Failure(description: "\(name) is not in the cookie catalogue; look the visitor up with --visitor or --ip")
            }
            guard d.isIdentifier else {
                throw Failure(description: "\(name) is not an identity cookie (its value names no one); look the visitor up with --visitor or --ip")
            }
            let hash = IdentifierHash.value(String(d.normalisedValue(value[...])))
            let clientID = d.name == "_ga" ? IdentifierHash.identifier(IdentifierHash.gaNamespace, hash) : 0
            var n = 0
            for batch in store.batches {
                for o in batch.observations {
                    defer { n += 1 }
                    for set in [o.sent, o.set] where set != 0 && o.kind != .forward {
                        if batch.cookieSets[Int(set)].contains(where: { $0.definition == Int32(index) && $0.value == hash && hash != 0 }) {
                            found.insert(visitors.visitorOf[n])
                        }
                    }
                    if clientID != 0, o.kind == .accessHit || o.kind == .taggingHit, batch.hits[Int(o.detail)].clientID == clientID {
                        found.insert(visitors.visitorOf[n])
                    }
                }
            }
        }
        return found.sorted()
    }

    static func timeline(of visitorID: String, name: String, observations: [Int32], findings: [Finding], context: RuleContext,
                         incomingOf: IncomingLinks, since: Int64?, until: Int64?) -> VisitorTimeline {
        let store = context.store
        let config = context.configuration
        let engine = RuleEngine(context: context)
        let ordered = RuleEngine.inWalkOrder(observations, store: store)
        var timeline = VisitorTimeline(visitor: name, findings: findings)

        // Findings by the records they cite.
        var cited: [String: [VisitorTimeline.Citation]] = [:]
        for f in findings {
            let first = "\(f.source):\(f.line)"
            cited[first, default: []].append(.init(id: f.id, rule: f.rule, reason: f.reason, role: "first"))
            var seen: Set<String> = [first]
            for e in f.evidence {
                let key = "\(e.source):\(e.line)"
                guard seen.insert(key).inserted else { continue }
                cited[key, default: []].append(.init(id: f.id, rule: f.rule, reason: f.reason, role: "evidence"))
            }
        }

        // The consent timeline and the enrichment comparison, as the walk builds them.
        var statements: [ConsentTimeline.Statement] = []
        var meter = EnrichmentMeter(EnrichmentMeter.Setup(context))
        for n in ordered {
            let (b, i) = store.locate(Int(n))
            let o = store.batches[b].observations[i]
            meter.note(o, batch: b)
            guard !o.consent.isEmpty, o.kind != .forward else { continue }
            statements.append(.init(time: o.time, observation: n, isRecord: o.kind == .consentRecord, consent: o.consent))
        }
        var consent = ConsentTimeline(statements: statements, skewMs: config.clockSkewMs,
                                      impliedCounts: config.impliedConsentCounts, defaultCounts: config.defaultGrantedCounts)
        var lastState = ""
        var s = 0
        while s < ordered.count {
            // The session: up to the first gap longer than the timeout (as the walk cuts it).
            var e = s + 1
            while e < ordered.count, store[Int(ordered[e])].time - store[Int(ordered[e - 1])].time <= config.sessionTimeoutMs { e += 1 }
            let first = store[Int(ordered[s])], last = store[Int(ordered[e - 1])]
            var requests = 0, traffic = 0
            for j in s..<e {
                let kind = store[Int(ordered[j])].kind
                if kind == .request || kind == .taggingHit { requests += 1 }
                if kind != .consentRecord { traffic += 1 }
            }
            consent.advance(to: first.time)
            var sessionName = ""
            if traffic > 0 {
                sessionName = context.pseudonymizer.pseudonym(RuleEngine.sessionID(visitorID: visitorID, firstTime: first.time))
                timeline.sessions.append(.init(id: sessionName, start: first.time, end: last.time, records: e - s,
                                               requests: requests, consentAtStart: consent.summary(at: first.time)))
            }
            for j in s..<e {
                let n = ordered[j]
                let (b, i) = store.locate(Int(n))
                let o = store.batches[b].observations[i]
                consent.advance(to: o.time)
                let state = consent.summary(at: o.time)
                defer { lastState = state }
                if let since, o.time < since { continue }
                if let until, o.time > until { continue }
                let source = store.source(of: Int(n))
                var entry = VisitorTimeline.Entry(time: o.time, source: source, line: Int(o.line), kind: Self.kindName(o.kind),
                                                  session: sessionName, what: engine.describe(n))
                if o.kind == .forward, let comparison = meter.compare(store.batches[b].forwards[Int(o.detail)], incoming: incomingOf[n]) {
                    entry.addedFields = TaggingEvent.fields(ofBits: comparison.added).map(\.field)
                }
                if state != lastState { entry.consentNow = state }
                // A line read as two records (a request and the hit it carried) is annotated once.
                entry.findings = cited.removeValue(forKey: "\(source):\(o.line)") ?? []
                timeline.entries.append(entry)
            }
            s = e
        }
        return timeline
    }

    static func kindName(_ kind: Observation.Kind) -> String {
        switch kind {
        case .request: return "request"
        case .accessHit, .taggingHit: return "hit"
        case .consentRecord: return "consent-record"
        case .forward: return "forward"
        }
    }
}
