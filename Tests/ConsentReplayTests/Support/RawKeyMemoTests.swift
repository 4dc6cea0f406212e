import Testing
@testable import ConsentReplay

/// `RawKeyMemo`: remembers a result per spelling (nil results too), tells spellings with the
/// same hash apart by their bytes, and stops taking new spellings when half full or out of
/// byte room, answering "not seen" for those.
struct RawKeyMemoTests {
    static func withBytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        Array(s.utf8).withUnsafeBufferPointer(body)
    }

    @Test func remembersResultsIncludingNil() {
        let memo = RawKeyMemo<Int>(slots: 16)
        Self.withBytes("TraceId") { raw in
            #expect(memo.lookup(raw, hash: ByteHash.hash(raw)) == .none)
            memo.remember(raw, hash: ByteHash.hash(raw), 7)
            #expect(memo.lookup(raw, hash: ByteHash.hash(raw)) == .some(7))
        }
        Self.withBytes("severity") { raw in
            memo.remember(raw, hash: ByteHash.hash(raw), nil)
            #expect(memo.lookup(raw, hash: ByteHash.hash(raw)) == .some(nil))
        }
        Self.withBytes("traceId") { raw in #expect(memo.lookup(raw, hash: ByteHash.hash(raw)) == .none) }
    }

    @Test func sameHashDifferentBytes() {
        let memo = RawKeyMemo<Int>(slots: 16)
        Self.withBytes("abc") { memo.remember($0, hash: 42, 1) }
        Self.withBytes("abd") { memo.remember($0, hash: 42, 2) }
        Self.withBytes("abc") { #expect(memo.lookup($0, hash: 42) == .some(1)) }
        Self.withBytes("abd") { #expect(memo.lookup($0, hash: 42) == .some(2)) }
        Self.withBytes("ab") { #expect(memo.lookup($0, hash: 42) == .none) }
        Self.withBytes("") { #expect(memo.lookup($0, hash: 42) == .none) }
    }

    @Test func stopsWhenHalfFullOrOutOfBytes() {
        let memo = RawKeyMemo<Int>(slots: 16)
        for i in 0..<20 { Self.withBytes("k\(i)") { memo.remember($0, hash: ByteHash.hash($0), i) } }
        let remembered = (0..<20).filter { i in
            let found: Int?? = Self.withBytes("k\(i)") { memo.lookup($0, hash: ByteHash.hash($0)) }
            return found == .some(.some(i))
        }
        #expect(remembered == Array(0..<8))

        let small = RawKeyMemo<Int>(slots: 64, byteCapacity: 10)
        Self.withBytes("0123456789") { small.remember($0, hash: ByteHash.hash($0), 1) }
        Self.withBytes("x") { small.remember($0, hash: ByteHash.hash($0), 2) }
        Self.withBytes("0123456789") { #expect(small.lookup($0, hash: ByteHash.hash($0)) == .some(1)) }
        Self.withBytes("x") { #expect(small.lookup($0, hash: ByteHash.hash($0)) == .none) }
    }

    /// `lookup(_:)` tries the spelling found after the previous one last time before hashing:
    /// records repeating one key order, then another order, a spelling of the same length as
    /// the predicted one, and a spelling never seen all get the same answers as the hash lookup.
    @Test func predictedSuccessorsAgreeWithTheHashTable() {
        let memo = RawKeyMemo<Int>(slots: 64)
        let keys = ["insertId", "jsonPayload", "resource", "timestamp", "severity", "labels", "logName", "trace"]
        func answer(_ s: String) -> Int?? { Self.withBytes(s) { memo.lookup($0) } }
        func byHash(_ s: String) -> Int?? { Self.withBytes(s) { memo.lookup($0, hash: ByteHash.hash($0)) } }
        for (i, k) in keys.enumerated() where i % 3 != 2 {
            Self.withBytes(k) { memo.remember($0, hash: ByteHash.hash($0), i) }
        }
        let orders = [keys, keys, Array(keys.reversed()), keys, ["insertId", "insertIX", "trace", "unknown", "resource"], keys]
        for order in orders {
            for k in order {
                let expected: Int?? = keys.firstIndex(of: k).flatMap { $0 % 3 == 2 ? nil : $0 }.map { .some($0) } ?? .none
                #expect(answer(k) == expected, "\(k)")
                #expect(byHash(k) == expected, "\(k)")
            }
        }
    }

    /// A reader that has seen more spellings than its memos hold still reads every record: a
    /// Logger record whose event data has hundreds of distinct keys, read many times.
    @Test func readerBeyondTheMemo() {
        let extra = (0..<400).map { #""custom_param_\#($0)":"v""# }.joined(separator: ",")
        let line = #"{"Name":"Logger","Type":"Message","TraceId":"t-1","timestamp":1795255200000,"EventData":{\#(extra),"client_id":"555.666","ip_override":"203.0.113.9","Email":"a@b.example"}}"#
        let events = runTagging(.stapeConsole, Array(repeating: line, count: 3)).taggingEvents
        #expect(events.count == 3)
        for e in events {
            #expect(e.clientID == "555.666" && e.ip == "203.0.113.9")
            #expect(e.fields.contains(PersonalValue(.email, hashed: false)))
        }
    }
}
