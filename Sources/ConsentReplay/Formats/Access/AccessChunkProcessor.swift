import Synchronization

/// A parser for one line of an access-log format.
public protocol AccessLineParser {
    /// Parses `line` (without its line end) into `record`, whose fields go into `arena`.
    /// `record` and `arena` arrive reset.
    mutating func parse(_ line: UnsafeBufferPointer<UInt8>, into record: inout AccessRecord, arena: FieldArena) -> LineVerdict
}

extension LogTemplateParser: AccessLineParser {}

/// The loop every access format shares: line by line, parse, check, and tally the record.
///
/// Generic over the parser so each format's loop is specialised and inlined.
public enum AccessChunkProcessor {
    public static func run<P: AccessLineParser>(_ chunk: Chunk, parser: inout P, context: ParseContext) -> ChunkTally {
        let arena = FieldArena(capacity: min(chunk.count, context.maxLineLength) + 1024)
        var record = AccessRecord()
        var consentKey: [UInt8] = []
        var observations = AccessObservations()

        var tally = LineLoop.run(chunk, context: context) { line, number, tally in
            arena.reset()
            record.reset()
            let verdict = parser.parse(line, into: &record, arena: arena)
            guard verdict == .record else { return verdict }
            if !line.isValidUTF8() { tally.warn("invalid-utf8", line: number) }
            if let warning = record.warning { tally.warn(warning.description, line: number) }
            tally.noteTime(record.time, line: number, tolerance: context.outOfOrderToleranceMs)
            AccessFacts.tally(record, line: number, arena: arena, context: context, consentKey: &consentKey,
                              observations: &observations, into: &tally)
            return verdict
        }
        observations.flushConsentCookieSources(into: &tally)
        return tally
    }
}

/// Decoded CMP cookies of a run, by their exact bytes: a visitor sends the same consent cookie
/// on every request, so each distinct value is decoded once, whichever thread meets it first.
/// Bounded: when it holds `capacity` values it starts again empty.
public final class ConsentCookieCache: Sendable {
    /// A class: a lookup hands out one reference, not a copy of every field.
    final class Entry: Sendable {
        let key: [UInt8]
        let sources: [String]
        let malformed: [String]
        /// What the cookies state together.
        let statement: ConsentStatement
        /// The CMP consent id they carry, as an identifier (0: none).
        let consentID: UInt64

        init(key: [UInt8], sources: [String], malformed: [String], statement: ConsentStatement, consentID: UInt64) {
            self.key = key
            self.sources = sources
            self.malformed = malformed
            self.statement = statement
            self.consentID = consentID
        }
    }

    /// Entries by the hash of their key (a flat table: the key is already a hash).
    struct Table: Sendable {
        var index = FlatMap64(capacity: 1 << 12)
        var entries: [Entry] = []
    }

    private let table = Mutex(Table())
    private let capacity: Int

    public init(capacity: Int = 200_000) { self.capacity = capacity }

    /// The decoded consent cookies of `header`, whose CMP pairs' bytes are `key`.
    func decode(_ header: UnsafeBufferPointer<UInt8>, key: [UInt8], tables: PurposeTables) -> Entry {
        let hash = key.withUnsafeBufferPointer { ByteHash.hash($0) }
        if let hit = table.withLock({ t in t.index[hash].map { t.entries[Int($0)] } }),
           hit.key.withUnsafeBufferPointer({ a in key.withUnsafeBufferPointer { ByteHash.equal(a, $0) } }) {
            return hit
        }
        var malformed: [MalformedConsentCookie] = []
        let signals = CMPCookies.signals(fromCookieHeader: header, tables: tables, malformed: &malformed)
        var statement = ConsentStatement()
        var consentID: UInt64 = 0
        for (i, signal) in signals.enumerated() {
            if i == 0 { statement = ConsentStatement(signal) } else { statement.combine(ConsentStatement(signal)) }
            if consentID == 0, let id = signal.consentID {
                consentID = IdentifierHash.identifier(IdentifierHash.consentNamespace, IdentifierHash.value(id))
            }
        }
        let entry = Entry(key: key, sources: signals.map(\.source), malformed: malformed.map(\.kind.source),
                          statement: statement, consentID: consentID)
        table.withLock { t in
            if t.entries.count >= capacity { t = Table() }
            if let i = t.index[hash] {
                t.entries[Int(i)] = entry
            } else {
                t.index[hash] = Int32(t.entries.count)
                t.entries.append(entry)
            }
        }
        return entry
    }
}

/// GA4 hits in access logs: a request to a collect path (`/g/collect`, `/mp/collect`, config)
/// is also an incoming tagging hit (contract §3.2). `analyze` counts them while reading;
/// `events` turns one request into its hit events: `cid uid sid en dl dr gcs gcd ep.* up.* em`
/// from the query. A batched POST (one event per body line, each line's parameters over the
/// query's shared ones) is one hit per event when the log holds the body (`$request_body`).
enum GA4HitRequests {
    static func isCollectPath(_ path: UnsafeBufferPointer<UInt8>, _ collectPaths: [[UInt8]]) -> Bool {
        for candidate in collectPaths where candidate.count <= path.count {
            var k = 0
            let offset = path.count - candidate.count
            while k < candidate.count, path[offset + k] == candidate[k] { k += 1 }
            if k == candidate.count { return true }
        }
        return false
    }

    static func events(_ record: AccessRecord, line: Int, arena: FieldArena, context: ParseContext, strings: inout ChunkInterner,
                       consentModes: inout ConsentSignalCache) -> [TaggingEvent] {
        guard record.path.isPresent, isCollectPath(arena.bytes(record.path), context.collectPaths) else { return [] }
        let body = arena.bytes(record.requestBody)
        let hits = body.isEmpty ? [GA4Hits.parse(query: arena.bytes(record.query))]
            : GA4Hits.parseBatchedBody(body, sharedQuery: arena.bytes(record.query))
        return hits.map { event(for: $0, record, line: line, arena: arena, context: context, strings: &strings, consentModes: &consentModes) }
    }

    static func event(for hit: GA4Hit, _ record: AccessRecord, line: Int, arena: FieldArena, context: ParseContext,
                      strings: inout ChunkInterner, consentModes: inout ConsentSignalCache) -> TaggingEvent {
        var event = TaggingEvent(direction: .incoming, time: record.time)
        event.line = line
        event.recordType = "hit"
        event.clientID = hit.clientID
        event.userID = hit.userID
        event.eventName = hit.eventName
        event.page = hit.page.map { strings.intern($0) }
        event.method = arena.string(record.method) // short: stored inline, no allocation
        if record.userAgent.isPresent { event.userAgent = strings.intern(arena.bytes(record.userAgent)) }
        // Behind a proxy the browser is the first X-Forwarded-For address.
        let ip = AccessObservations.clientIP(record, arena)
        if !ip.isEmpty { event.ip = strings.intern(ip) }
        event.consent = consentModes.signals(gcs: hit.gcs, gcd: hit.gcd, tables: context.purposeTables)
        // The browser sent its address and user agent with the hit.
        var bits: UInt64 = 0
        for v in hit.fields { bits |= TaggingEvent.bit(v) }
        if event.ip != nil { bits |= TaggingEvent.bit(PersonalValue(.ip, hashed: false)) }
        if event.userAgent != nil { bits |= TaggingEvent.bit(PersonalValue(.userAgent, hashed: false)) }
        event.fieldBits = bits
        return event
    }
}

/// What the pipeline learns from one access record. For now: the cookie and opt-out counts
/// reported in `summary.json`.
enum AccessFacts {
    static func tally(_ record: AccessRecord, line: Int, arena: FieldArena, context: ParseContext,
                      consentKey: inout [UInt8], observations: inout AccessObservations, into tally: inout ChunkTally) {
        // The context is read in place: binding its catalogue to a local, or capturing the
        // context in a closure, copies it (a retain and a release of each of its members, per line).
        var browser = ConsentStatement()
        var consentID: UInt64 = 0
        tally.counts.access.requests += 1
        // Each cookie is looked up once here; `observations.add` reuses the lookups.
        observations.sentCookies.removeAll(keepingCapacity: true)
        observations.setCookies.removeAll(keepingCapacity: true)
        if record.cookie.isPresent {
            tally.counts.access.withCookieHeader += 1
            let header = arena.bytes(record.cookie)
            consentKey.removeAll(keepingCapacity: true)
            for pair in CookieHeader.pairs(in: header) {
                tally.counts.access.cookiesSent += 1
                let name = UnsafeBufferPointer(rebasing: header[pair.name])
                let index = context.cookieCatalogue.index(ofName: name)
                observations.sentCookies.append(.init(name: pair.name, value: pair.value, index: index ?? -1))
                tally.counts.access.cookiesSentByPurpose.add(Self.purpose(index, context))
                if let index, context.cmpDefinitions[index] {
                    consentKey.append(contentsOf: UnsafeBufferPointer(rebasing: header[pair.name.lowerBound..<pair.value.upperBound]))
                    consentKey.append(ASCII.semicolon)
                }
            }
            if !consentKey.isEmpty {
                let decoded = context.consentCookieCache.decode(header, key: consentKey, tables: context.purposeTables)
                browser = decoded.statement
                consentID = decoded.consentID
                observations.countConsentCookieSources(decoded.sources, into: &tally)
                for source in decoded.malformed {
                    tally.counts.access.malformedConsentCookies[source, default: 0] += 1
                    tally.warn("malformed-consent-cookie", line: line)
                }
            }
        }
        if record.setCookie.isPresent {
            tally.counts.access.withSetCookie += 1
            let field = arena.bytes(record.setCookie)
            var headers = SetCookieField.Splitter(field)
            while let range = headers.next() {
                guard let cookie = SetCookieHeader.parse(field, range: range) else { continue }
                tally.counts.access.cookiesSet += 1
                let index = context.cookieCatalogue.index(ofName: UnsafeBufferPointer(rebasing: field[cookie.name]))
                let deletion = cookie.isDeletion(at: record.time)
                observations.setCookies.append(.init(name: cookie.name, value: cookie.value, index: index ?? -1, isDeletion: deletion))
                if deletion {
                    tally.counts.access.cookieDeletions += 1
                } else {
                    tally.counts.access.cookiesSetByPurpose.add(Self.purpose(index, context))
                }
            }
        }
        // Collect-path requests are counted here; `AccessObservations` keeps each as a compact
        // incoming hit for the analysis.
        if record.path.isPresent, GA4HitRequests.isCollectPath(arena.bytes(record.path), context.collectPaths) {
            tally.counts.access.ga4Hits += 1
        }
        if AccessObservations.isOne(arena.bytes(record.secGPC)) { tally.counts.access.secGPC += 1 }
        if AccessObservations.isOne(arena.bytes(record.dnt)) { tally.counts.access.dnt += 1 }
        observations.add(record, line: line, arena: arena, context: context, browser: browser, consentID: consentID,
                         into: &tally.observations)
    }

    /// The purpose of catalogue entry `index` (nil for a cookie the catalogue does not know).
    @inline(__always)
    static func purpose(_ index: Int?, _ context: borrowing ParseContext) -> Purpose? {
        guard let index else { return nil }
        return context.cookieTraits[index].purpose
    }
}
