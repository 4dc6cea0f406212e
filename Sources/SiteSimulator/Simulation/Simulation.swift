// The scheduler: visitors arrive over the day following a diurnal curve, each one is a state
// machine producing its next request lazily, and a min-heap keyed by (next request time,
// visitor id) merges them into one globally time-ordered stream.
//
// Memory is bounded by the number of visitors active at the same moment (plus one minute of
// pending arrival times), never by the number of requests or visitors in the day.

/// What to simulate.
public struct SimulationConfiguration: Sendable {
    /// The seed; the same seed gives the same requests on every machine.
    public var seed: UInt64
    /// The first simulated day (UTC).
    public var startDate: CivilDate
    /// Visitors (humans and bots) arriving per day.
    public var visitorsPerDay: Int
    /// Number of days to simulate; `nil` keeps going day after day until the caller stops.
    public var days: Int?
    /// Share of arrivals that are bots and scripts.
    public var botShare: Double
    /// Whether the uptime monitor runs.
    public var includeMonitor: Bool
    /// The shop.
    public var site: SiteModel
    /// Whether the cookie banner's consent records are kept for `Simulation.consentRecords`
    /// (off when nobody will read them: the visitors behave the same either way).
    public var keepsConsentRecords = true
    /// Whether a share of the arrivals act out planted violation scenarios
    /// (`PlantedScenario`, `gen-logs --violations`); the other arrivals are the same visitors
    /// as without.
    public var violations = false
    /// The share of arrivals that act out a scenario when `violations` is on.
    public var violationShare = ViolationPlan.defaultShare

    /// A configuration with the shop's defaults.
    public init(
        seed: UInt64, startDate: CivilDate, visitorsPerDay: Int, days: Int? = 1, botShare: Double = 0.12,
        includeMonitor: Bool = true, site: SiteModel = SiteModel()
    ) {
        self.seed = seed
        self.startDate = startDate
        self.visitorsPerDay = visitorsPerDay
        self.days = days
        self.botShare = botShare
        self.includeMonitor = includeMonitor
        self.site = site
    }
}

/// A time-ordered stream of simulated requests.
public final class Simulation: IteratorProtocol {
    private let configuration: SimulationConfiguration
    private let context: SimulationContext
    private var arrivals: ArrivalSchedule
    private var pendingArrival: Int64?
    private var heap = VisitorHeap()
    private var nextVisitorID: UInt64 = 1
    private let ledger: ConsentLedger
    private var plan: ViolationPlan

    /// Visitors (and bots) that have arrived so far.
    public private(set) var visitorsArrived = 0
    /// The largest number of visitors that were active at the same time.
    public private(set) var peakActiveVisitors = 0

    /// Visitors currently active (holding planned requests).
    public var activeVisitors: Int { heap.count }

    /// The cookie banner's consent records so far, ordered by (time, visitor, sequence): every
    /// answer a visitor saved whose new cookie value a produced request already carries,
    /// returning visitors' earlier-day answers included.
    /// Empty when the configuration keeps no records.
    public var consentRecords: [ConsentRecord] { ledger.sortedRecords() }

    /// Banner answers applied in browsers so far (earlier-day answers of returning visitors
    /// included); equal to `consentRecords.count` once every visitor has left.
    public var consentChoices: Int { ledger.choices }

    /// Planted scenario visitors that have arrived so far, by scenario.
    public private(set) var plantedVisitors: [PlantedScenario: Int] = [:]
    /// The scenario of every planted visitor that has arrived, by visitor id.
    public private(set) var plantedScenarios: [UInt64: PlantedScenario] = [:]

    /// Called with every consent record when a visitor confirms it (the violation truth).
    var consentObserver: ((ConsentRecord) -> Void)? {
        get { ledger.observer }
        set { ledger.observer = newValue }
    }

    /// Prepares the simulation; nothing is generated until `next()` is called.
    public init(configuration: SimulationConfiguration) {
        self.configuration = configuration
        ledger = ConsentLedger(keepsRecords: configuration.keepsConsentRecords)
        plan = ViolationPlan(seed: configuration.seed, share: configuration.violationShare)
        let start = configuration.startDate.startMillis
        let horizon = configuration.days.map { start + Int64($0) * 86_400_000 } ?? Int64.max
        context = SimulationContext(
            site: configuration.site,
            population: PopulationModel(visitorsPerDay: configuration.visitorsPerDay, seed: configuration.seed),
            sessionHorizon: horizon, seed: configuration.seed)
        arrivals = ArrivalSchedule(
            seed: configuration.seed, firstDayStart: start, visitorsPerDay: configuration.visitorsPerDay,
            days: configuration.days)
        pendingArrival = arrivals.next()
        if configuration.includeMonitor {
            let monitor = MonitorVisitor(id: 0, start: start, context: context)
            if let time = monitor.nextTime { heap.push(time: time, visitor: monitor) }
        }
    }

    /// The next request in time order, or `nil` when every visitor has left.
    public func next() -> SimulatedRequest? {
        while true {
            if let arrival = pendingArrival, arrival <= (heap.topTime ?? Int64.max) {
                admitVisitor(at: arrival)
                pendingArrival = arrivals.next()
                continue
            }
            guard let visitor = heap.topVisitor else { return nil }
            guard let request = visitor.emitNext() else {
                heap.popTop()
                continue
            }
            if let time = visitor.nextTime {
                heap.replaceTopTime(time)
            } else {
                heap.popTop()
            }
            return request
        }
    }

    private func admitVisitor(at time: Int64) {
        let id = nextVisitorID
        nextVisitorID += 1
        visitorsArrived += 1
        var kindRandom = SeededRandom(seed: configuration.seed ^ 0x4B49_4E44, stream: id)  // "KIND"
        let visitor: any SimulatedVisitor
        if configuration.violations, let scenario = plan.scenario(for: id) {
            plantedVisitors[scenario, default: 0] += 1
            plantedScenarios[id] = scenario
            visitor = ScenarioVisitor(id: id, arrival: time, context: context, ledger: ledger, scenario: scenario)
        } else if kindRandom.chance(configuration.botShare) {
            visitor = BotVisitor(id: id, arrival: time, context: context)
        } else {
            visitor = HumanVisitor(id: id, arrival: time, context: context, ledger: ledger)
        }
        if let first = visitor.nextTime {
            heap.push(time: first, visitor: visitor)
            peakActiveVisitors = max(peakActiveVisitors, heap.count)
        }
    }
}

/// Arrival times over the day: a per-minute diurnal weight, visitors apportioned to minutes
/// exactly (largest-remainder by cumulative rounding), uniform within the minute.
struct ArrivalSchedule {
    /// Relative traffic per UTC hour for a Central-European shop (local time is UTC+1): quiet
    /// nights, a lunch bump, the evening peak.
    static let hourlyWeights: [Int] = [
        8, 5, 4, 4, 6, 12, 22, 34, 42, 48, 54, 56, 52, 50, 52, 56, 62, 72, 80, 78, 62, 42, 24, 14,
    ]
    /// Cumulative per-minute weights (1441 entries, first 0).
    static let cumulativeMinuteWeights: [Int64] = {
        var cumulative: [Int64] = [0]
        cumulative.reserveCapacity(1441)
        var running: Int64 = 0
        for hour in 0..<24 {
            let here = Int64(hourlyWeights[hour])
            let following = Int64(hourlyWeights[(hour + 1) % 24])
            for minute in 0..<60 {
                running += here * Int64(60 - minute) + following * Int64(minute)
                cumulative.append(running)
            }
        }
        return cumulative
    }()

    private let seed: UInt64
    private let firstDayStart: Int64
    private let visitorsPerDay: Int
    private let days: Int?
    private var day = 0
    private var minute = 0
    private var random: SeededRandom
    private var buffer: [Int64] = []
    private var bufferIndex = 0

    init(seed: UInt64, firstDayStart: Int64, visitorsPerDay: Int, days: Int?) {
        self.seed = seed
        self.firstDayStart = firstDayStart
        self.visitorsPerDay = max(0, visitorsPerDay)
        self.days = days
        random = SeededRandom(seed: seed ^ 0x4152_5249, stream: 0)  // "ARRI"
    }

    /// The next arrival time, or `nil` after the last day.
    mutating func next() -> Int64? {
        while bufferIndex >= buffer.count {
            guard fillNextMinute() else { return nil }
        }
        let time = buffer[bufferIndex]
        bufferIndex += 1
        return time
    }

    private mutating func fillNextMinute() -> Bool {
        guard visitorsPerDay > 0 else { return false }
        if minute == 1440 {
            minute = 0
            day += 1
        }
        if let days, day >= days { return false }
        if minute == 0 {
            random = SeededRandom(seed: seed ^ 0x4152_5249, stream: UInt64(day))
        }
        let weights = ArrivalSchedule.cumulativeMinuteWeights
        let total = weights[1440]
        let before = Int64(visitorsPerDay) * weights[minute] / total
        let after = Int64(visitorsPerDay) * weights[minute + 1] / total
        let minuteStart = firstDayStart + Int64(day) * 86_400_000 + Int64(minute) * 60_000
        buffer.removeAll(keepingCapacity: true)
        bufferIndex = 0
        for _ in 0..<Int(after - before) {
            buffer.append(minuteStart + Int64(random.below(60_000)))
        }
        buffer.sort()
        minute += 1
        return true
    }
}

/// A binary min-heap of active visitors ordered by (next request time, visitor id).
struct VisitorHeap {
    private struct Entry {
        var time: Int64
        var id: UInt64
        var visitor: any SimulatedVisitor
    }

    private var entries: [Entry] = []

    var count: Int { entries.count }
    var topTime: Int64? { entries.first?.time }
    var topVisitor: (any SimulatedVisitor)? { entries.first?.visitor }

    @inline(__always)
    private func less(_ a: Int, _ b: Int) -> Bool {
        let left = entries[a]
        let right = entries[b]
        return left.time < right.time || (left.time == right.time && left.id < right.id)
    }

    mutating func push(time: Int64, visitor: any SimulatedVisitor) {
        entries.append(Entry(time: time, id: visitor.id, visitor: visitor))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popTop() {
        guard !entries.isEmpty else { return }
        let last = entries.count - 1
        entries.swapAt(0, last)
        entries.removeLast()
        siftDown(0)
    }

    mutating func replaceTopTime(_ time: Int64) {
        guard !entries.isEmpty else { return }
        entries[0].time = time
        siftDown(0)
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let count = entries.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { return }
            var smallest = left
            let right = left + 1
            if right < count && less(right, left) { smallest = right }
            guard less(smallest, parent) else { return }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
