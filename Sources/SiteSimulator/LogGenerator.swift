/// Options of one generator run (what `gen-logs` parses from its command line).
public struct GeneratorOptions: Sendable {
    /// How much to generate.
    public enum Volume: Sendable, Equatable {
        /// Simulate one day with this many arriving visitors (humans and bots).
        case visitors(Int)
        /// Write exactly this many request lines (W3C header lines extra), simulating as many
        /// days as that takes and stopping mid-day.
        case lines(Int)
    }

    /// The seed (same seed, same bytes).
    public var seed: UInt64
    /// The first simulated day (UTC).
    public var date: CivilDate
    /// How much to generate.
    public var volume: Volume
    /// The log format.
    public var format: LogFormat
    /// Compress the output as one gzip member.
    public var gzip: Bool
    /// zlib compression level when `gzip` is set.
    public var gzipLevel: Int32
    /// Which requests to write, by host (one server's log of a multi-host site).
    public var hosts: HostFilter = .all
    /// Plant violation scenarios (`PlantedScenario`) in a share of the arrivals; the consent
    /// log then has the extended layout (`CONSENT-METHOD`, `BANNER-VERSION`).
    public var violations = false
    /// The share of arrivals that act out a scenario (default 8 %).
    public var violationShare = 0.08

    /// Creates options; see the properties.
    public init(seed: UInt64, date: CivilDate, volume: Volume, format: LogFormat, gzip: Bool = false, gzipLevel: Int32 = 6) {
        self.seed = seed
        self.date = date
        self.volume = volume
        self.format = format
        self.gzip = gzip
        self.gzipLevel = gzipLevel
    }
}

/// Selects the requests of some hosts, as one server of the site would log them.
public enum HostFilter: Sendable, Equatable {
    case all
    /// Only requests to this host.
    case only(String)
    /// Every request except those to this host.
    case except(String)

    func accepts(_ host: String) -> Bool {
        switch self {
        case .all: return true
        case .only(let h): return host == h
        case .except(let h): return host != h
        }
    }
}

/// What a run produced.
public struct GeneratorReport: Sendable, Equatable {
    /// Request lines written (header lines not counted).
    public var lines: Int
    /// Uncompressed bytes written, header lines included.
    public var bytes: Int
    /// Visitors (and bots) that arrived.
    public var visitors: Int
    /// The most visitors active at once (the scheduler's memory high-water mark).
    public var peakActiveVisitors: Int
    /// Time of the first and last request (ms since epoch), when any was written.
    public var firstTime: Int64?
    /// Time of the last request.
    public var lastTime: Int64?
    /// Consent records written to the consent log (0 when none was asked for).
    public var consentRecords: Int = 0
    /// What the tagging server's log holds (`nil` when none was asked for).
    public var tagging: TaggingReport?
    /// Planted scenario visitors by scenario (empty without violations).
    public var plantedVisitors: [PlantedScenario: Int] = [:]
    /// The ground truth rows written (0 when none was asked for).
    public var truthRows: Int = 0
    /// The ground truth rows, when `TruthOutput.keepsRows` was set.
    public var truth: [TruthRow] = []
    /// For each row of `truth`, the simulated visitor whose session it is about.
    public var truthVisitors: [UInt64] = []
    /// The scenario of every planted visitor, by visitor id, when `TruthOutput.keepsRows` was set.
    public var plantedScenarios: [UInt64: PlantedScenario] = [:]
}

/// Where the ground truth of a run goes (`gen-logs --truth-out`), and the paths the logs were
/// written to, exactly as the analyzer will be given them (they are the truth's `source`).
public struct TruthOutput {
    /// The destination of the CSV (finished at the end of the run).
    public var sink: ByteSink
    /// The access log's path.
    public var accessSource: String
    /// The tagging log's path.
    public var taggingSource: String
    /// When set, every row is also handed back in `GeneratorReport.truth` (tests).
    public var keepsRows: Bool

    /// Writes the truth to `sink`, naming the logs `accessSource` and `taggingSource`.
    public init(sink: ByteSink, accessSource: String, taggingSource: String, keepsRows: Bool = false) {
        self.sink = sink
        self.accessSource = accessSource
        self.taggingSource = taggingSource
        self.keepsRows = keepsRows
    }
}

/// Why a run cannot write what it was asked for.
public struct GeneratorError: Error, CustomStringConvertible {
    public let description: String
}

extension LogFormat {
    /// The resolution (ms) of the access-log times of a format the ground truth can be written
    /// for (one that logs the request `Cookie`, the response `Set-Cookie` and `Sec-GPC`); `nil`
    /// for the others.
    public var truthTimeResolution: Int64? {
        switch self {
        case .combinedCookies, .combinedCookiesDNT, .apacheCookies, .nginxJSON: return 1_000
        default: return nil
        }
    }

    /// Whether the format logs the `DNT` request header.
    public var logsDNT: Bool { self == .combinedCookiesDNT || self == .nginxJSON }
}

/// Runs the simulation and writes one log file.
public enum LogGenerator {
    /// The simulation settings for `options` (in line mode the visitor count is estimated so
    /// that one day holds about the requested number of lines).
    public static func configuration(for options: GeneratorOptions) -> SimulationConfiguration {
        switch options.volume {
        case .visitors(let count):
            return SimulationConfiguration(seed: options.seed, startDate: options.date, visitorsPerDay: max(0, count), days: 1)
        case .lines(let count):
            let monitorLines = 288
            let perVisitor = estimatedRequestsPerVisitor()
            let wanted = Double(max(0, count - monitorLines)) / perVisitor * 1.02
            let visitors = max(1, Int(wanted.rounded(.up)))
            return SimulationConfiguration(seed: options.seed, startDate: options.date, visitorsPerDay: visitors, days: nil)
        }
    }

    /// Average requests per arriving visitor, measured on a small fixed-seed pilot day (so it
    /// tracks the model as it evolves and is the same on every machine).
    public static func estimatedRequestsPerVisitor(site: SiteModel = SiteModel()) -> Double {
        let pilotVisitors = 400
        guard let date = CivilDate(year: 2026, month: 11, day: 21) else { return 60 }
        var pilot = SimulationConfiguration(
            seed: 0x5EED_0F_9170, startDate: date, visitorsPerDay: pilotVisitors, days: 1, includeMonitor: false, site: site)
        pilot.keepsConsentRecords = false
        let simulation = Simulation(configuration: pilot)
        var requests = 0
        while simulation.next() != nil { requests += 1 }
        return max(1, Double(requests) / Double(max(1, simulation.visitorsArrived)))
    }

    /// Generates the log described by `options` into `sink` (which is finished at the end).
    ///
    /// With `consentSink`, the cookie banner's consent log of the same simulation run (the same
    /// visitors, whatever the format and host filter) is written there afterwards as
    /// Cookiebot's CSV export (`CookiebotConsentLog`), never compressed: every answer whose new
    /// cookie value a simulated request carried, ordered by time.
    ///
    /// With `tagging`, the tagging server's log of the same run (`TaggingServer`: Stape
    /// console objects for every GA4 hit to the tagging host and the vendor requests it sent,
    /// wrapped as `tagging.format` says) is written to `tagging.sink`, never compressed.
    ///
    /// With `truth`, the ground truth of the run (`TruthRecorder`: every finding the analyzer
    /// must produce on these three files) is written as CSV; it needs a one-day `.visitors`
    /// run of every host, a consent log, a tagging log and a format with
    /// `LogFormat.truthTimeResolution` (`truthProblem` says what is missing).
    @discardableResult
    public static func run(
        _ options: GeneratorOptions, to sink: ByteSink, consentTo consentSink: ByteSink? = nil, tagging: TaggingOutput? = nil,
        truth: TruthOutput? = nil
    ) throws -> GeneratorReport {
        var recorder: TruthRecorder?
        if let truth {
            if let problem = truthProblem(options, consent: consentSink != nil, tagging: tagging != nil) {
                throw GeneratorError(description: problem)
            }
            recorder = TruthRecorder(
                accessSource: truth.accessSource, taggingSource: truth.taggingSource,
                accessResolution: options.format.truthTimeResolution ?? 1_000, logsDNT: options.format.logsDNT)
        }
        let target: ByteSink = options.gzip ? try GzipSink(downstream: sink, level: options.gzipLevel) : sink
        var settings = configuration(for: options)
        settings.keepsConsentRecords = consentSink != nil
        settings.violations = options.violations
        settings.violationShare = options.violationShare
        let simulation = Simulation(configuration: settings)
        if let recorder { simulation.consentObserver = { recorder.noteRecord($0) } }
        var limit = Int.max
        if case .lines(let count) = options.volume { limit = max(0, count) }
        let taggingWriter = tagging.map {
            TaggingLogWriter(output: $0, site: settings.site, seed: options.seed, startMillis: options.date.startMillis)
        }
        taggingWriter?.truth = recorder
        var lineObserver: ((SimulatedRequest, Int) -> Void)?
        if let recorder {
            lineObserver = { request, line in recorder.observe(request, line: line, notes: taggingWriter?.lastNotes ?? []) }
        }
        var report = try write(
            simulation: simulation, renderer: options.format.renderer, limit: limit, startTime: options.date.startMillis,
            hosts: options.hosts, to: target, observer: taggingWriter.map { writer in { try writer.observe($0) } },
            lineObserver: lineObserver)
        report.plantedVisitors = simulation.plantedVisitors
        if let consentSink {
            let records = simulation.consentRecords
            try CookiebotConsentLog.write(records, extended: options.violations, to: consentSink)
            report.consentRecords = records.count
        }
        if let taggingWriter {
            var until = report.lastTime ?? options.date.startMillis
            if case .visitors = options.volume { until = max(until, options.date.startMillis + 86_400_000) }
            report.tagging = try taggingWriter.finish(untilMillis: until)
        }
        if let recorder, let truth {
            let detailed = recorder.finish()
            let rows = detailed.map(\.row)
            let writer = LineWriter(sink: truth.sink)
            writer.buffer = TruthRecorder.csv(rows)
            try writer.finish()
            report.truthRows = rows.count
            if truth.keepsRows {
                report.truth = rows
                report.truthVisitors = detailed.map(\.visitor)
                report.plantedScenarios = simulation.plantedScenarios
            }
        }
        return report
    }

    /// Why the ground truth cannot be written for `options`, or `nil` when it can.
    public static func truthProblem(_ options: GeneratorOptions, consent: Bool, tagging: Bool) -> String? {
        truthProblem(volume: options.volume, hosts: options.hosts, format: options.format, consent: consent, tagging: tagging)
    }

    /// Why the ground truth cannot be written for these settings, or `nil` when it can.
    public static func truthProblem(volume: GeneratorOptions.Volume, hosts: HostFilter, format: LogFormat, consent: Bool, tagging: Bool) -> String? {
        guard case .visitors = volume else { return "the ground truth needs a whole day (--visitors), not --lines" }
        guard hosts == .all else { return "the ground truth needs the access log of every host (no --only-host / --except-host)" }
        guard format.truthTimeResolution != nil else {
            return "the ground truth needs an access-log format that logs Cookie, Set-Cookie and Sec-GPC "
                + "(combined-cookies-dnt, combined-cookies, apache-cookies, nginx-json), not " + format.rawValue
        }
        guard consent && tagging else { return "the ground truth needs the consent log (--consent-out) and the tagging log (--tagging-out)" }
        return nil
    }

    /// Renders up to `limit` requests of `simulation` through `renderer` into `sink`.
    public static func write(
        simulation: Simulation, renderer: some LogLineRenderer, limit: Int, startTime: Int64, hosts: HostFilter = .all, to sink: ByteSink,
        observer: ((SimulatedRequest) throws -> Void)? = nil, lineObserver: ((SimulatedRequest, Int) -> Void)? = nil
    ) throws -> GeneratorReport {
        let writer = LineWriter(sink: sink)
        var report = GeneratorReport(lines: 0, bytes: 0, visitors: 0, peakActiveVisitors: 0, firstTime: nil, lastTime: nil)
        // Every request reaches the observer (the tagging server sees its own host whatever
        // the access log's host filter), the accepted ones the renderer.
        func nextAccepted() throws -> SimulatedRequest? {
            while let request = simulation.next() {
                try observer?(request)
                if hosts.accepts(request.host) { return request }
            }
            return nil
        }
        var pending = limit > 0 ? try nextAccepted() : nil
        let header = renderer.fileHeader(firstRequestTime: pending?.time ?? startTime)
        let headerLines = header.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        writer.buffer.append(contentsOf: header)
        while let request = pending {
            renderer.render(request, into: &writer.buffer)
            report.lines += 1
            lineObserver?(request, headerLines + report.lines)
            if report.firstTime == nil { report.firstTime = request.time }
            report.lastTime = request.time
            if writer.buffer.count >= 1 << 20 {
                report.bytes += writer.buffer.count
                try writer.flush()
            }
            pending = report.lines < limit ? try nextAccepted() : nil
        }
        report.bytes += writer.buffer.count
        try writer.finish()
        report.visitors = simulation.visitorsArrived
        report.peakActiveVisitors = simulation.peakActiveVisitors
        return report
    }
}
