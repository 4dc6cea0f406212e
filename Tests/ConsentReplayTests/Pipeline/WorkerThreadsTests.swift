import Synchronization
import Testing
@testable import ConsentReplay

/// `WorkerThreads`: every job runs once, never more than `capacity` are unfinished at a time,
/// and `finish` returns only when all have run.
struct WorkerThreadsTests {
    @Test(arguments: [(1, 1), (2, 3), (4, 2)])
    func runsEveryJobWithinCapacity(threads: Int, capacity: Int) {
        let state = Mutex((ran: [Int](), unfinished: 0, most: 0))
        let workers = WorkerThreads(count: threads, capacity: capacity)
        for i in 0..<200 {
            state.withLock { $0.unfinished += 1; $0.most = max($0.most, $0.unfinished) }
            workers.submit {
                var spin = 0
                for k in 0..<(i % 7) * 1000 { spin &+= k }
                let result = spin
                state.withLock { $0.ran.append(i + result - result); $0.unfinished -= 1 }
            }
        }
        workers.finish()
        let final = state.withLock { $0 }
        #expect(final.ran.sorted() == Array(0..<200))
        #expect(final.unfinished == 0)
        // Counted before `submit` returns, so one more than the capacity can show.
        #expect(final.most <= capacity + 1)
    }

    @Test func finishWithNothingSubmitted() {
        WorkerThreads(count: 2, capacity: 3).finish()
    }
}
