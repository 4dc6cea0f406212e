import Testing
@testable import ConsentReplay

struct TaggingLinkerTests {
    static func hit(_ t: Int64, trace: String? = nil, client: String? = nil, event: String? = "purchase", eventID: String? = nil,
                    page: String? = nil, instance: String? = nil) -> TaggingEvent {
        var e = TaggingEvent(direction: .incoming, time: t)
        e.traceID = trace; e.clientID = client; e.eventName = event; e.eventID = eventID; e.page = page; e.instance = instance
        return e
    }

    static func request(_ t: Int64, trace: String? = nil, client: String? = nil, event: String? = "purchase", eventID: String? = nil,
                        page: String? = nil, instance: String? = nil) -> TaggingEvent {
        var e = hit(t, trace: trace, client: client, event: event, eventID: eventID, page: page, instance: instance)
        e.direction = .outgoing
        e.vendor = "meta"
        return e
    }

    @Test func traceIDWinsEvenAcrossFilesAndTime() {
        let links = TaggingLinker().link([
            [Self.hit(1_000, trace: "t1", client: "a"), Self.hit(2_000, trace: "t2", client: "b")],
            [Self.request(60_000, trace: "t1", client: "b")],
        ])
        #expect(links == [.init(outgoing: .init(file: 1, index: 0), incoming: .init(file: 0, index: 0), confidence: .traceID)])
    }

    @Test func fallbackStrengthsInOrder() {
        let hits = [Self.hit(1_000, client: "a", eventID: "e1", page: "/x"), Self.hit(1_500, client: "b", page: "/y"),
                    Self.hit(1_600, client: "c", page: "/z")]
        let requests = [Self.request(2_000, client: "zzz", eventID: "e1"),       // event id
                        Self.request(2_000, client: "b"),                        // client + event
                        Self.request(2_000, page: "/z"),                         // page + event
                        Self.request(2_000, client: "nobody", page: "/nowhere"), // nothing
                        Self.request(20_000, client: "a")]                       // outside the window
        let links = TaggingLinker().link([hits, requests])
        #expect(links.map(\.confidence) == [.eventID, .clientAndEvent, .pageAndEvent, .unlinked, .unlinked])
        #expect(links.map { $0.incoming?.index } == [0, 1, 2, nil, nil])
    }

    @Test func twoDifferentCandidatesAreAmbiguousNotGuessed() {
        let links = TaggingLinker().link([[Self.hit(1_000, client: "a"), Self.hit(3_000, client: "a")], [Self.request(4_000, client: "a")]])
        #expect(links.first?.confidence == .ambiguous && links.first?.incoming == nil)
    }

    @Test func theSameHitInTwoSourcesIsOneCandidateAndTheEarlierRecordWins() {
        // An access-log /g/collect line (whole seconds) and a Logger record of the same hit.
        let accessLog = [Self.hit(5_000, client: "a", page: "/p")]
        let logger = [Self.hit(5_200, client: "a", page: "/p")]
        let links = TaggingLinker().link([accessLog, logger, [Self.request(6_000, client: "a")]])
        #expect(links.first?.confidence == .clientAndEvent)
        #expect(links.first?.incoming == .init(file: 0, index: 0))
    }

    @Test func otherInstancesAreNotCandidates() {
        let links = TaggingLinker().link([[Self.hit(1_000, client: "a", instance: "i1")], [Self.request(2_000, client: "a", instance: "i2")]])
        #expect(links.first?.confidence == .unlinked)
    }

    /// The time order of hits, sorted as packed integers, is the order of (time, position);
    /// times too far apart to pack are sorted the plain way, to the same order.
    @Test(arguments: [false, true])
    func timeOrderIsByTimeThenPosition(_ extremes: Bool) {
        var random = TestRandom(seed: extremes ? 7 : 5)
        var times = (0..<5_000).map { _ in 1_795_219_200_000 + Int64(random.int(0..<2_000)) }
        if extremes { times += [Int64.min, Int64.max, 0] }
        let expected = times.indices.sorted { times[$0] != times[$1] ? times[$0] < times[$1] : $0 < $1 }
        #expect(TaggingLinker.timeOrder(times) == expected)
        #expect(TaggingLinker.timeOrder([]) == [])
    }

    /// Requests linked on several threads get the links they get on one, in the same order.
    @Test func linksDoNotDependOnThreads() {
        var random = TestRandom(seed: 11)
        var keys: [[TaggingLinker.Key]] = [[], []]
        for i in 0..<120_000 {
            let t = Int64(i) * 40
            let client = "c\(random.int(0..<400))"
            keys[0].append(TaggingLinker.Key(Self.hit(t, trace: i % 3 == 0 ? "t\(i)" : nil, client: client)))
            keys[1].append(TaggingLinker.Key(Self.request(t + Int64(random.int(0..<3_000)), trace: i % 3 == 0 ? "t\(i)" : nil,
                                                          client: random.int(0..<4) == 0 ? nil : client)))
        }
        let one = TaggingLinker(jobs: 1).link(keys: keys)
        let two = TaggingLinker(jobs: 2).link(keys: keys)
        #expect(one.count == 120_000)
        #expect(one == two)
        #expect(Set(one.map(\.confidence)).count > 2)
    }
}
