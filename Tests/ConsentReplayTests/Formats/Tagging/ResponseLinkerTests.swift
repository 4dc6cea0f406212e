import Testing
@testable import ConsentReplay

/// `ResponseLinker`: a response goes to the latest open request with its tag and trace id (or,
/// without a trace id, its tag and event name); each request takes one response.
struct ResponseLinkerTests {
    static func request(trace: String?, tag: String?, event: String?) -> TaggingEvent {
        var e = TaggingEvent(direction: .outgoing, time: 0)
        e.traceID = trace
        e.tagName = tag
        e.eventName = event
        e.recordType = "Request"
        return e
    }

    @Test func latestOpenRequestFirstThenNone() {
        var linker = ResponseLinker()
        linker.noteRequest(Self.request(trace: "t-1", tag: "Facebook", event: "Purchase"), at: 0)
        linker.noteRequest(Self.request(trace: "t-1", tag: "TikTok", event: "Purchase"), at: 1)
        linker.noteRequest(Self.request(trace: "t-1", tag: "Facebook", event: "Other"), at: 2)
        linker.noteRequest(Self.request(trace: nil, tag: "Facebook", event: "Purchase"), at: 3)
        linker.noteRequest(Self.request(trace: nil, tag: "Facebook", event: "Lead"), at: 4)
        // With a trace id the event name does not matter.
        #expect(linker.link(ResponseLink(traceID: "t-1", tagName: "Facebook", eventName: "x")) == 2)
        #expect(linker.link(ResponseLink(traceID: "t-1", tagName: "Facebook", eventName: nil)) == 0)
        #expect(linker.link(ResponseLink(traceID: "t-1", tagName: "Facebook", eventName: nil)) == nil)
        #expect(linker.link(ResponseLink(traceID: "t-1", tagName: "TikTok", eventName: nil)) == 1)
        #expect(linker.link(ResponseLink(traceID: "t-2", tagName: "TikTok", eventName: nil)) == nil)
        // Without one it does.
        #expect(linker.link(ResponseLink(traceID: nil, tagName: "Facebook", eventName: "Lead")) == 4)
        #expect(linker.link(ResponseLink(traceID: nil, tagName: "Facebook", eventName: "Lead")) == nil)
        #expect(linker.link(ResponseLink(traceID: nil, tagName: "Facebook", eventName: "Purchase")) == 3)
        // A missing tag is a key of its own, not a wildcard.
        linker.noteRequest(Self.request(trace: "t-3", tag: nil, event: nil), at: 5)
        #expect(linker.link(ResponseLink(traceID: "t-3", tagName: "", eventName: nil)) == nil)
        #expect(linker.link(ResponseLink(traceID: "t-3", tagName: nil, eventName: nil)) == 5)
    }

    /// Requests that already have a status (Request-Response records), incoming events and
    /// other record types take no response.
    @Test func onlyOpenRequestsAreLinked() {
        var linker = ResponseLinker()
        var answered = Self.request(trace: "t", tag: "GA4", event: nil)
        answered.statusCode = 200
        linker.noteRequest(answered, at: 0)
        var incoming = Self.request(trace: "t", tag: "GA4", event: nil)
        incoming.direction = .incoming
        linker.noteRequest(incoming, at: 1)
        var both = Self.request(trace: "t", tag: "GA4", event: nil)
        both.recordType = "Request-Response"
        linker.noteRequest(both, at: 2)
        #expect(linker.link(ResponseLink(traceID: "t", tagName: "GA4", eventName: nil)) == nil)
    }
}
