import Testing
@testable import ConsentReplay

/// A plan for the tests: a string in a box.
final class Frozen<Value> {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A key layout is found again only for objects whose raw keys are exactly the remembered
/// ones, in order, and then hands out the object's own member values.
struct KeyLayoutMemoTests {
    typealias Memo = KeyLayoutMemo<Frozen<String>>

    /// Parses `json` and gives its root object to `body` (with the memo's answer for it).
    static func withObject<R>(_ json: String, _ body: (borrowing JSONDocument, JSONNode) -> R) -> R {
        let bytes = Array(json.utf8)
        var tape = JSONTape()
        return bytes.withUnsafeBufferPointer { buffer in
            try? tape.parse(buffer)
            return tape.withDocument(buffer) { doc in
                guard let root = doc.root else { Issue.record("not parsed: \(json)"); return body(doc, JSONNode(index: 0, entry: .blank)) }
                return body(doc, root)
            }
        }
    }

    /// The plan `memo` gives for `json`, and the values it handed out (as raw text) when found.
    static func match(_ memo: Memo, _ json: String) -> (plan: String?, values: [String]) {
        withObject(json) { doc, root in
            guard let plan = memo.match(doc, root) else { return (nil, []) }
            let values = (0..<root.count).map { m in
                doc.withRawBytes(of: memo.values[m]) { String(decoding: $0, as: UTF8.self) }
            }
            return (plan.value, values)
        }
    }

    static func remember(_ memo: Memo, _ json: String, _ plan: String) {
        withObject(json) { doc, root in memo.remember(doc, root, Frozen(plan)) }
    }

    @Test func sameKeysGiveThePlanAndTheirOwnValues() {
        let memo = Memo()
        #expect(Self.match(memo, #"{"a":1,"bb":"x","ccc":[1,2]}"#).plan == nil)
        Self.remember(memo, #"{"a":1,"bb":"x","ccc":[1,2]}"#, "abc")
        let found = Self.match(memo, #"{"a":{"z":true},"bb":"longer value","ccc":null}"#)
        #expect(found.plan == "abc")
        #expect(found.values == [#"{"z":true}"#, "longer value", "null"])
    }

    @Test(arguments: [
        #"{"a":1,"bb":2}"#,                       // a member fewer
        #"{"a":1,"bb":2,"ccc":3,"d":4}"#,         // a member more
        #"{"a":1,"bb":2,"ccd":3}"#,               // last key differs in its last byte
        #"{"a":1,"bc":2,"ccc":3}"#,               // a middle key differs
        #"{"a":1,"ccc":2,"bb":3}"#,               // same keys, other order
        #"{"A":1,"bb":2,"ccc":3}"#,               // case counts
        #"{"\u0061":1,"bb":2,"ccc":3}"#,          // the same key spelled with an escape
        #"{"a":1,"bb":2,"cccc":3}"#,              // a longer key
    ])
    func otherKeysAreNotFound(_ json: String) {
        let memo = Memo()
        Self.remember(memo, #"{"a":1,"bb":2,"ccc":3}"#, "abc")
        #expect(Self.match(memo, json).plan == nil)
    }

    /// Long keys are compared in eight-byte words, the last one overlapping: a difference in
    /// any byte is seen.
    @Test func everyByteOfALongKeyCounts() {
        let key = "receiveTimestampAndSomeMore"
        let memo = Memo()
        Self.remember(memo, #"{"\#(key)":1}"#, "long")
        #expect(Self.match(memo, #"{"\#(key)":2}"#).plan == "long")
        for i in key.indices {
            var other = key
            other.replaceSubrange(i...i, with: "_")
            #expect(Self.match(memo, #"{"\#(other)":2}"#).plan == nil, "\(other)")
        }
    }

    /// Layouts sharing their member count and first key (a Stape request and a response) are
    /// told apart by the keys after it.
    @Test func layoutsWithTheSameFirstKeyAreToldApart() {
        let memo = Memo()
        let request = #"{"Name":"Facebook","Type":"Request","RequestUrl":"u"}"#
        let response = #"{"Name":"Facebook","Type":"Response","ResponseBody":"b"}"#
        Self.remember(memo, request, "request")
        Self.remember(memo, response, "response")
        #expect(Self.match(memo, response).plan == "response")
        #expect(Self.match(memo, request).plan == "request")
        #expect(Self.match(memo, #"{"Name":"x","Type":"y","Other":"z"}"#).plan == nil)
    }

    @Test func escapedKeysMatchTheirOwnSpellingOnly() {
        let memo = Memo()
        Self.remember(memo, #"{"us\u0065r":1,"b":2}"#, "escaped")
        #expect(Self.match(memo, #"{"us\u0065r":3,"b":4}"#).plan == "escaped")
        #expect(Self.match(memo, #"{"user":3,"b":4}"#).plan == nil)
    }

    @Test func theMemoStopsTakingLayoutsWhenFull() {
        let memo = Memo(limit: 2)
        Self.remember(memo, #"{"a":1}"#, "1")
        Self.remember(memo, #"{"b":1}"#, "2")
        Self.remember(memo, #"{"c":1}"#, "3")
        #expect(Self.match(memo, #"{"a":0}"#).plan == "1")
        #expect(Self.match(memo, #"{"b":0}"#).plan == "2")
        #expect(Self.match(memo, #"{"c":0}"#).plan == nil)
        // An object with more members than the values buffer holds is never remembered.
        let wide = "{" + (0...Memo.maximumMembers).map { #""k\#($0)":\#($0)"# }.joined(separator: ",") + "}"
        let roomy = Memo()
        Self.remember(roomy, wide, "wide")
        #expect(Self.match(roomy, wide).plan == nil)
        // Empty objects and non-objects have no layout.
        Self.remember(roomy, "{}", "empty")
        #expect(Self.match(roomy, "{}").plan == nil)
    }
}

/// A tagging reader decides a record's shape from a plan made for the first object with its
/// keys: every record must read as a fresh reader reads it.
struct TaggingShapePlanTests {
    static let lines: [String] = [
        TaggingSamples.metaRequest, TaggingSamples.metaResponse, TaggingSamples.tiktokRequest, TaggingSamples.tiktokResponse,
        TaggingSamples.ga4ProxyRequest, TaggingSamples.message, TaggingSamples.loggerWithoutTime, TaggingSamples.logger,
        TaggingSamples.collectHit, TaggingSamples.docker(TaggingSamples.metaRequest),
        CloudLoggingEnvelopeTests.hit(instance: "aaa", revision: "rev-1", cid: "1.1"),
        CloudLoggingEnvelopeTests.hit(instance: nil, revision: nil, cid: "1.2"),
        // Same keys as a Stape request, but a type no reader knows: no shape.
        #"{"Type":"Other","Name":"Facebook","TraceId":"t-1","EventName":"Purchase","RequestMethod":"POST","RequestUrl":"https://graph.facebook.com/v18.0/1/events","RequestBody":{}}"#,
        // Docker keys with a `log` that is not a string, then one that is.
        #"{"log":1,"stream":"stdout","time":"2026-11-21T10:00:00Z"}"#,
        // Canonical-looking `direction` values, valid and not.
        #"{"direction":"sideways","time":"2026-11-21T10:00:00Z"}"#,
        #"{"direction":"in","time":"2026-11-21T10:00:00Z"}"#,
    ]

    /// Each line's event (or verdict) when read by a reader that saw the lines before it,
    /// against a fresh reader per line.
    @Test(arguments: [false, true])
    func recordsReadAsByAFreshReader(_ reversed: Bool) {
        let ordered = reversed ? Array(Self.lines.reversed()) : Self.lines
        // Each line three times, so every layout is met again once it is remembered.
        let repeated = ordered + ordered + ordered
        let shared = runTagging(.stapeConsole, repeated)
        var fresh: [TaggingEvent] = []
        var verdicts = (records: 0, rejected: 0, skipped: 0)
        for line in repeated {
            let one: ChunkTally = runTagging(.stapeConsole, [line])
            fresh += one.taggingEvents
            verdicts.records += one.counts.records
            verdicts.rejected += one.counts.rejectedCount
            verdicts.skipped += one.counts.skippedCount
        }
        // Lines are numbered per run, and a response gives its status to a request read in the
        // same run only: both are left out of the comparison.
        func comparable(_ events: [TaggingEvent]) -> [TaggingEvent] {
            events.map { e in var e = e; e.line = 0; e.statusCode = nil; return e }
        }
        let a = comparable(shared.taggingEvents), b = comparable(fresh)
        #expect(a.count == b.count)
        for (i, (x, y)) in zip(a, b).enumerated() where x != y {
            Issue.record("event \(i) differs: \(x.recordType) \(x.clientID ?? x.tagName ?? "-") vs \(y.recordType) \(y.clientID ?? y.tagName ?? "-")")
        }
        #expect(shared.counts.records == verdicts.records)
        #expect(shared.counts.rejectedCount == verdicts.rejected)
        #expect(shared.counts.skippedCount == verdicts.skipped)
        #expect(shared.taggingEvents.count >= 3 * 8)
    }
}
