/// Turns an access record into observations (a request, plus one incoming hit per GA4 event
/// when it is a collect-path request). Runs on the parsing threads; everything it keeps goes
/// into the chunk's `ObservationBatch`.
struct AccessObservations {
    /// Consent Mode statements of this chunk by `gcs|gcd` (the same few values recur).
    private var consentModes: [String: ConsentStatement] = [:]
    /// Reused for `host/path`.
    private var scratch: [UInt8] = []
    /// The current record's cookies as `AccessFacts.tally` read them (byte ranges in the
    /// `Cookie` header / `Set-Cookie` field, catalogue index or -1), so each header is parsed
    /// and each name looked up once per record.
    var sentCookies: [CookieRef] = []
    var setCookies: [CookieRef] = []
    /// Requests in a row whose consent cookies came from the same CMPs: added to the chunk's
    /// count per CMP when the CMPs change and at the end of the chunk (a dictionary update per
    /// request hashed the CMP names every time).
    private var sourceRun: (sources: [String], requests: Int) = ([], 0)

    /// Counts one request whose consent cookies came from `sources` (see `sourceRun`).
    mutating func countConsentCookieSources(_ sources: [String], into tally: inout ChunkTally) {
        if sources == sourceRun.sources {
            sourceRun.requests += 1
            return
        }
        flushConsentCookieSources(into: &tally)
        sourceRun = (sources, 1)
    }

    /// Adds the requests counted in `sourceRun` to the chunk's counts per CMP.
    mutating func flushConsentCookieSources(into tally: inout ChunkTally) {
        guard sourceRun.requests > 0 else { return }
        for source in sourceRun.sources { tally.counts.access.consentCookies[source, default: 0] += sourceRun.requests }
        sourceRun.requests = 0
    }

    struct CookieRef {
        var name: Range<Int>
        var value: Range<Int>
        var index: Int
        var isDeletion = false
    }

    mutating func add(_ record: AccessRecord, line: Int, arena: FieldArena, context: ParseContext,
                      browser: ConsentStatement, consentID: UInt64, into batch: inout ObservationBatch) {
        var o = Observation(time: record.time, line: line, kind: .request)
        // Who: IP (the browser is the first X-Forwarded-For address behind a proxy) and UA.
        let ipBytes = Self.clientIP(record, arena)
        let ua = arena.bytes(record.userAgent)
        if !ipBytes.isEmpty { o.ip = ByteHash.hash(ipBytes) }
        let uaHash = ByteHash.hash(ua)
        if !ipBytes.isEmpty || !ua.isEmpty { o.ipUA = ByteHash.mix(o.ip ^ (uaHash &* 31)) | 1 }
        o.scope = (uaHash << 32) | (ByteHash.hash(arena.bytes(record.host)) & 0xFFFF_FFFF)
        o.target = target(record, arena, &batch)
        o.consent = browser
        if Self.isOne(arena.bytes(record.secGPC)) { o.flags.insert(.gpc) }
        if Self.isOne(arena.bytes(record.dnt)) { o.flags.insert(.dnt) }
        let query = arena.bytes(record.query)
        if !query.isEmpty, QueryString.mayHoldItem(named: "_gl", in: query),
           QueryString.firstItem(named: "_gl", in: query) != nil {
            o.flags.insert(.linker)
        }

        var hasIdentityCookie = false
        if record.cookie.isPresent {
            o.flags.insert(.cookieHeader)
            let header = arena.bytes(record.cookie)
            // The set's key: the names of kept cookies, and the values of identifiers.
            var key: UInt64 = 0x5EED
            var any = false
            let traits = context.cookieTraits
            for pair in sentCookies where pair.index >= 0 {
                let d = traits[pair.index]
                guard d.isKept else { continue }
                any = true
                key = ByteHash.mix(key ^ ByteHash.hash(UnsafeBufferPointer(rebasing: header[pair.name])))
                if d.isIdentifier {
                    hasIdentityCookie = true
                    key = ByteHash.mix(key ^ ByteHash.hash(UnsafeBufferPointer(rebasing: header[pair.value])))
                }
            }
            if any {
                let pairs = sentCookies
                o.sent = batch.cookieSet(key: key) { batch in
                    var entries: [ObservedCookie] = []
                    for pair in pairs where pair.index >= 0 {
                        let d = traits[pair.index]
                        guard d.isKept else { continue }
                        entries.append(Self.cookie(name: UnsafeBufferPointer(rebasing: header[pair.name]),
                                                   value: UnsafeBufferPointer(rebasing: header[pair.value]), definition: d,
                                                   index: pair.index, deletion: false, &batch))
                    }
                    return entries
                }
            }
        }
        if record.setCookie.isPresent {
            let field = arena.bytes(record.setCookie)
            var entries: [ObservedCookie] = []
            let traits = context.cookieTraits
            for cookie in setCookies where cookie.index >= 0 {
                let d = traits[cookie.index]
                guard d.isKept else { continue }
                entries.append(Self.cookie(name: UnsafeBufferPointer(rebasing: field[cookie.name]),
                                           value: UnsafeBufferPointer(rebasing: field[cookie.value]), definition: d,
                                           index: cookie.index, deletion: cookie.isDeletion, &batch))
            }
            if !entries.isEmpty {
                // Responses rarely repeat: stored as they are.
                o.set = UInt32(batch.cookieSets.count)
                batch.cookieSets.append(entries)
            }
        }
        let requestIndex = Int32(batch.observations.count)
        batch.observations.append(o)
        if consentID != 0 { batch.extraIdentifiers.append((requestIndex, consentID)) }

        // A collect-path request is also an incoming hit, one per event of a batched body.
        guard record.path.isPresent, GA4HitRequests.isCollectPath(arena.bytes(record.path), context.collectPaths) else { return }
        let body = arena.bytes(record.requestBody)
        let hits = body.isEmpty ? [GA4Hits.parse(query: query, detail: .analysis)]
            : GA4Hits.parseBatchedBody(body, sharedQuery: query, detail: .analysis)
        for hit in hits {
            var h = Observation(time: record.time, line: line, kind: .accessHit)
            h.ip = o.ip
            h.ipUA = o.ipUA
            h.scope = o.scope
            h.flags = o.flags.intersection([.gpc, .dnt, .cookieHeader, .linker])
            h.sent = o.sent
            h.target = batch.intern(arena.bytes(record.path))
            h.consent = statement(gcs: hit.gcs, gcd: hit.gcd, context: context)
            var facts = HitFacts()
            if let cid = hit.clientID {
                facts.clientID = IdentifierHash.identifier(IdentifierHash.gaNamespace, IdentifierHash.value(cid))
                if facts.clientID != 0 { facts.clientIDText = batch.intern(cid); h.flags.insert(.clientID) }
            }
            if let uid = hit.userID {
                facts.userID = IdentifierHash.identifier(IdentifierHash.userNamespace, IdentifierHash.value(uid))
                if facts.userID != 0 { facts.userIDText = batch.intern(uid) }
            }
            if hasIdentityCookie || facts.userID != 0 { h.flags.insert(.persistentID) }
            facts.event = batch.intern(hit.eventName ?? "")
            facts.sameHitKey = SameHit.key(clientID: hit.clientID, event: hit.eventName, page: hit.page)
            var bits: UInt64 = 0
            for v in hit.fields { bits |= TaggingEvent.bit(v) }
            if !ipBytes.isEmpty { bits |= TaggingEvent.bit(PersonalValue(.ip, hashed: false)) }
            if !ua.isEmpty { bits |= TaggingEvent.bit(PersonalValue(.userAgent, hashed: false)) }
            facts.fieldBits = bits
            h.detail = UInt32(batch.hits.count)
            batch.hits.append(facts)
            batch.observations.append(h)
        }
    }

    static func cookie(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>, definition d: CookieTraits,
                       index: Int, deletion: Bool, _ batch: inout ObservationBatch) -> ObservedCookie {
        var c = ObservedCookie(name: batch.intern(name), definition: Int32(index), value: 0, rawValue: 0, isDeletion: deletion)
        if d.isIdentifier && !deletion {
            c.value = IdentifierHash.value(IdentifierHash.normalised(value, strip: d.stripFields))
            if c.value != 0 { c.rawValue = batch.intern(value) }
        }
        return c
    }

    /// A hit's own Consent Mode statement: `gcd` when it decodes (it tells defaults from
    /// updates), else `gcs`.
    mutating func statement(gcs: String?, gcd: String?, context: ParseContext) -> ConsentStatement {
        if gcs == nil && gcd == nil { return ConsentStatement() }
        let key = (gcs ?? "") + "|" + (gcd ?? "")
        if let known = consentModes[key] { return known }
        var result = ConsentStatement()
        if let gcd, let decoded = try? ConsentDecoders.decode(gcd, as: .gcd, tables: context.purposeTables) {
            result = ConsentStatement(decoded.signal)
        } else if let gcs, let decoded = try? ConsentDecoders.decode(gcs, as: .gcs, tables: context.purposeTables) {
            result = ConsentStatement(decoded.signal)
        }
        consentModes[key] = result
        return result
    }

    static func clientIP(_ record: AccessRecord, _ arena: FieldArena) -> UnsafeBufferPointer<UInt8> {
        let forwarded = arena.bytes(record.forwardedFor)
        if !forwarded.isEmpty {
            var end = forwarded.firstIndex(of: ASCII.comma, from: 0) ?? forwarded.count
            var start = 0
            while start < end, forwarded[start] == ASCII.space { start += 1 }
            while end > start, forwarded[end - 1] == ASCII.space { end -= 1 }
            if end > start, !(end - start == 1 && forwarded[start] == UInt8(ascii: "-")) {
                return UnsafeBufferPointer(rebasing: forwarded[start..<end])
            }
        }
        return arena.bytes(record.clientIP)
    }

    /// `host/path` (or the path alone when the log has no host).
    mutating func target(_ record: AccessRecord, _ arena: FieldArena, _ batch: inout ObservationBatch) -> UInt32 {
        let host = arena.bytes(record.host)
        let path = arena.bytes(record.path)
        if host.isEmpty { return batch.intern(path) }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: host)
        scratch.append(contentsOf: path)
        return scratch.withUnsafeBufferPointer { batch.intern($0) }
    }

    /// `Sec-GPC: 1` / `DNT: 1` (surrounding spaces tolerated).
    @inline(__always)
    static func isOne(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var seen = false
        for byte in b {
            if byte == UInt8(ascii: "1") && !seen { seen = true } else if byte != ASCII.space { return false }
        }
        return seen
    }
}

/// The key that recognises the same incoming hit logged by two sources (the tagging host's
/// access log and the tagging server's own log): client id, event name and page.
enum SameHit {
    static func key(clientID: String?, event: String?, page: String?) -> UInt64 {
        guard let clientID, !clientID.isEmpty else { return 0 }
        // The three parts hashed one after the other (no joined String per hit); only
        // equality of keys is ever used. A missing event or page is the empty one.
        let h = ByteHash.mix(ByteHash.mix(ByteHash.hash(clientID) ^ 0xC1) ^ ByteHash.hash(event ?? "")) ^ ByteHash.hash(page ?? "")
        return h == 0 ? 1 : h
    }
}
