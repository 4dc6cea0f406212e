/// A count with the first few places it happened (line numbers), for `summary.json`.
public struct Occurrences: Sendable, Equatable {
    public static let exampleLimit = 5
    public var count = 0
    public var lines: [Int] = []

    public init() {}

    @inline(__always)
    public mutating func note(line: Int) {
        count += 1
        if lines.count < Self.exampleLimit { lines.append(line) }
    }

    /// Adds `later` (which comes after `self` in the file).
    public mutating func merge(_ later: Occurrences) {
        count += later.count
        for line in later.lines where lines.count < Self.exampleLimit { lines.append(line) }
    }
}

/// What was learnt about the access records of a chunk or file.
public struct AccessTally: Sendable, Equatable {
    public var requests = 0
    public var withCookieHeader = 0
    public var cookiesSent = 0
    public var withSetCookie = 0
    public var cookiesSet = 0
    public var cookieDeletions = 0
    public var secGPC = 0
    public var dnt = 0

    public init() {}

    public mutating func merge(_ other: AccessTally) {
        requests += other.requests
        withCookieHeader += other.withCookieHeader
        cookiesSent += other.cookiesSent
        withSetCookie += other.withSetCookie
        cookiesSet += other.cookiesSet
        cookieDeletions += other.cookieDeletions
        secGPC += other.secGPC
        dnt += other.dnt
    }
}

/// The result of parsing one chunk, merged into the file's tally in file order.
public struct ChunkTally: Sendable {
    public var sequence = 0
    public var lines = 0
    public var records = 0
    public var skipped: [SkipReason: Int] = [:]
    public var rejected: [RejectReason: Occurrences] = [:]
    /// Records kept but worth a warning (`invalid-utf8`, `cookies-redacted`…).
    public var warnings: [String: Occurrences] = [:]
    public var firstTime: Int64?
    public var lastTime: Int64?
    public var minTime: Int64?
    public var maxTime: Int64?
    public var access = AccessTally()
    /// Out-of-order records found inside the chunk.
    public var outOfOrder = Occurrences()
    /// Running maximum and time of the first records not out of order inside the chunk, so the
    /// merge can check them against the chunks before (see `FileTally.merge`).
    var orderProbe: [(runningMax: Int64, time: Int64, line: Int)] = []
    static let orderProbeLimit = 1024

    public init() {}

    @inline(__always)
    public mutating func reject(_ reason: RejectReason, line: Int) {
        rejected[reason, default: Occurrences()].note(line: line)
    }

    @inline(__always)
    public mutating func warn(_ name: String, line: Int) {
        warnings[name, default: Occurrences()].note(line: line)
    }

    /// Notes a record's time, and whether it steps back beyond `tolerance`.
    @inline(__always)
    public mutating func noteTime(_ t: Int64, line: Int, tolerance: Int64) {
        if firstTime == nil { firstTime = t }
        lastTime = t
        if let m = minTime { if t < m { minTime = t } } else { minTime = t }
        if let m = maxTime, t < m - tolerance {
            outOfOrder.note(line: line)
        } else if orderProbe.count < Self.orderProbeLimit {
            orderProbe.append((maxTime ?? Int64.min, t, line))
        }
        if let m = maxTime { if t > m { maxTime = t } } else { maxTime = t }
    }
}

/// Everything counted for one input file.
public struct FileTally: Sendable {
    public var lines = 0
    public var records = 0
    public var skipped: [SkipReason: Int] = [:]
    public var rejected: [RejectReason: Occurrences] = [:]
    public var warnings: [String: Occurrences] = [:]
    public var firstTime: Int64?
    public var lastTime: Int64?
    public var minTime: Int64?
    public var maxTime: Int64?
    public var access = AccessTally()
    private var outOfOrder = Occurrences()
    private var outOfOrderTolerance: Int64

    public init(outOfOrderTolerance: Int64) {
        self.outOfOrderTolerance = outOfOrderTolerance
    }

    public var rejectedCount: Int { rejected.values.reduce(0) { $0 + $1.count } }
    public var skippedCount: Int { skipped.values.reduce(0) { $0 + $1 } }

    public mutating func reject(_ reason: RejectReason, line: Int) {
        rejected[reason, default: Occurrences()].note(line: line)
    }

    /// Adds the next chunk of the file (chunks must come in file order).
    public mutating func merge(_ chunk: ChunkTally) {
        lines += chunk.lines
        records += chunk.records
        for (k, v) in chunk.skipped { skipped[k, default: 0] += v }
        for (k, v) in chunk.rejected { rejected[k, default: Occurrences()].merge(v) }
        for (k, v) in chunk.warnings { warnings[k, default: Occurrences()].merge(v) }
        access.merge(chunk.access)
        // Records the chunk found in order may still be out of order against earlier chunks:
        // they are exactly the probe entries whose time is below the earlier maximum.
        var late = Occurrences()
        if let earlierMax = maxTime {
            for probe in chunk.orderProbe {
                if probe.runningMax >= earlierMax { break }
                if probe.time < earlierMax - outOfOrderTolerance { late.note(line: probe.line) }
            }
        }
        if late.count > 0 || chunk.outOfOrder.count > 0 {
            // Keep the examples in line order.
            let merged = (late.lines + chunk.outOfOrder.lines).sorted()
            var combined = Occurrences()
            combined.count = late.count + chunk.outOfOrder.count
            combined.lines = Array(merged.prefix(Occurrences.exampleLimit))
            outOfOrder.merge(combined)
            warnings["out-of-order"] = outOfOrder
        }
        if firstTime == nil { firstTime = chunk.firstTime }
        if chunk.lastTime != nil { lastTime = chunk.lastTime }
        if let m = chunk.minTime { minTime = min(minTime ?? m, m) }
        if let m = chunk.maxTime { maxTime = max(maxTime ?? m, m) }
    }
}
