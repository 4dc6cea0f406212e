import Foundation
import Synchronization

/// The settings of one `analyze` run.
public struct AnalyzeOptions: Sendable {
    public var inputs: [InputFile] = []
    /// The configuration file's settings (defaults without a file).
    public var configuration = Configuration()
    public var outputDirectory = "consent-replay-out"
    public var logFormat: TemplateFormat?
    public var skipUnknown = false
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    /// The options as given, for the summary's `run` block.
    public var echo: [String: JSONOutput] = [:]
    /// Findings window (`--since`, `--until`): records outside it still build history.
    public var since: Int64?
    public var until: Int64?
    /// Replaces visitors and identifiers in the outputs (`--pseudonymize-key-file`).
    public var pseudonymizer = Pseudonymizer.none
    /// Keep every observation in the result (`AnalysisResult.ruleContext`) for `investigate`.
    public var keepObservations = false

    public init() {}
}

/// The result of a run, before it is written anywhere.
public struct AnalysisResult: Sendable {
    public var files: [FileReport]
    public var durationSeconds: Double
    /// Outgoing tagging requests by how they were linked to their incoming hits.
    public var taggingLinkCounts: [TaggingLinker.Confidence: Int] = [:]
    /// Visitors, sessions and findings.
    public var analysis = AnalysisFindings()
    /// The vendors the run knew (built-in catalogue and configuration), for `transfers.csv`.
    public var vendorCatalogue = VendorCatalogue.builtIn
    /// Every observation with the catalogues and configuration, kept when
    /// `AnalyzeOptions.keepObservations` is set (`investigate` reads them).
    public var ruleContext: RuleContext?
    /// Which tagging forward each incoming hit caused: outgoing observation → its hit.
    public var incomingOf: IncomingLinks = [:]
}

/// Runs the pipeline over every input, in the order given (directories already expanded and
/// sorted), so the outputs do not depend on timing.
///
/// Passes, in order:
/// 1. read: open, undo gzip, split into line chunks (one thread per file);
/// 2. parse: sniffed format, chunks in parallel on `jobs` threads;
/// 3. tally: merge per-chunk counts in file order (examples stay the first ones of the file);
/// 4. observations: every record in the analysis's compact form (`ObservationStore`); access
///    records and tagging events were reduced while parsing, consent records are now;
/// 5. link: tie outgoing tagging requests to their incoming hits (`TaggingLinker`, on the link
///    keys the parsing threads kept of each tagging event), while the first steps of identity
///    linking group the observations' own identifiers; then each forward learns how it was
///    linked;
/// 6. identities: observations grouped into visitors (`IdentityLinker`), forwards with their
///    hits, which needs every file's identifiers and the links, so it runs after both;
/// 7. sessions, consent timeline and rules, visitor by visitor (`RuleEngine`), then sorted.
public struct Analyzer: Sendable {
    public let options: AnalyzeOptions

    public init(options: AnalyzeOptions) {
        self.options = options
    }

    public func run(progress: ProgressCounters? = nil, warn: (String) -> Void = { _ in }) throws -> AnalysisResult {
        let result = try analyse(progress: progress, warn: warn)
        // The observations, visitors and the rules' state are freed by now: the pages they
        // leave free inside the allocator's heap go back to the system before the reports are
        // written, so the writing does not stack its buffers on top of them.
        SystemMemory.releaseFreePages()
        return result
    }

    private func analyse(progress: ProgressCounters?, warn: (String) -> Void) throws -> AnalysisResult {
        let started = Date()
        let timings = PhaseTimings()
        var context = ParseContext()
        context.evidenceFields = options.configuration.evidenceFields
        context.purposeTables = options.configuration.purposeTables
        context.cookieCatalogue = options.configuration.cookieCatalogue
        context.vendorCatalogue = options.configuration.vendorCatalogue
        context.collectPaths = options.configuration.collectPaths.map { Array($0.utf8) }
        context.keepTaggingEvents = false
        let registry = FormatRegistry.standard(logFormat: options.logFormat, consentColumns: options.configuration.consentColumns)
        let reader = FileReader(registry: registry, context: context, jobs: options.jobs)
        var reports: [FileReport] = []
        for file in options.inputs {
            let report = try reader.read(file, progress: progress, skipUnknown: options.skipUnknown)
            Self.warnings(for: report, warn)
            reports.append(report)
            timings.mark("read \(file.displayPath)")
        }
        // 4. observations. A tagging file's events are numbered from its first observation, one
        //    observation each, in file order.
        var store = ObservationStore(sources: options.inputs.map(\.displayPath))
        var taggingBase: [Int] = Array(repeating: 0, count: reports.count)
        for (f, report) in reports.enumerated() {
            for batch in report.tally.observationBatches { store.append(batch, file: f) }
            if report.kind == .consent { store.hasConsentRecords = true }
            if !report.tally.consentRecords.isEmpty {
                let path = report.file.displayPath
                store.append(RecordObservations.consentRecords(report.tally.consentRecords, source: path,
                                                               evidence: options.configuration.evidenceFields), file: f)
            }
            taggingBase[f] = store.count
            for batch in report.tally.taggingBatches { store.append(batch, file: f) }
        }
        // The store holds the observations now: the reports keep their counts, not a second
        // reference to every batch (the forwards are marked with their links in place below).
        // Link keys: each chunk's array is linked where it is, as one input of the linker (in
        // file order, then chunk order, so the order of positions is the same as over whole
        // files); positions are turned back into (file, event index) afterwards. Gathering them
        // into one array per file would copy a day's keys into fresh memory.
        var linkKeys: [[TaggingLinker.Key]] = []
        var chunkPlace: [(file: Int, firstEvent: Int)] = []
        for f in reports.indices {
            var firstEvent = 0
            for chunk in reports[f].tally.taggingLinkKeys {
                linkKeys.append(chunk)
                chunkPlace.append((f, firstEvent))
                firstEvent += chunk.count
            }
            reports[f].tally.taggingLinkKeys = []
            reports[f].tally.observationBatches = []
            reports[f].tally.taggingBatches = []
            reports[f].tally.consentRecords = []
        }
        timings.mark("observations")
        // 5. link: outgoing vendor requests to the incoming hits that caused them (needs every
        //    file's tagging events, so it runs after all reading), side by side with the first
        //    steps of identity linking, which do not need the links.
        let identityLinker = IdentityLinker(sessionTimeoutMs: options.configuration.sessionTimeoutMs)
        let (links, grouping) = Self.linkAndGroup(keys: linkKeys, store: store, tagging: TaggingLinker(jobs: max(1, options.jobs - 1)),
                                                identity: identityLinker, catalogue: context.cookieCatalogue, jobs: options.jobs)
        linkKeys = []
        func inFile(_ ref: TaggingLinker.Ref) -> TaggingLinker.Ref {
            let place = chunkPlace[ref.file]
            return TaggingLinker.Ref(file: place.file, index: place.firstEvent + ref.index)
        }
        var linkCounts: [TaggingLinker.Confidence: Int] = [:]
        var incomingOf = IncomingLinks(observations: store.count)
        for link in links {
            linkCounts[link.confidence, default: 0] += 1
            let outgoing = inFile(link.outgoing)
            let n = taggingBase[outgoing.file] + outgoing.index
            store.setLink(link.confidence, forward: n)
            if let hit = link.incoming.map(inFile) { incomingOf[Int32(n)] = Int32(taggingBase[hit.file] + hit.index) }
        }
        timings.mark("link tagging, group identifiers")
        // 6. identities.
        let visitors = identityLinker.link(store, grouping: grouping, incomingOf: incomingOf)
        timings.mark("identities")
        // 7. sessions, timeline, rules.
        let ruleContext = RuleContext(store: store, configuration: options.configuration, cookieCatalogue: context.cookieCatalogue,
                                      vendorCatalogue: context.vendorCatalogue, pseudonymizer: options.pseudonymizer)
        let analysis = RuleEngine(context: ruleContext, since: options.since, until: options.until, jobs: options.jobs)
            .run(visitors: visitors, incomingOf: incomingOf)
        timings.mark("rules")
        return AnalysisResult(files: reports, durationSeconds: Date().timeIntervalSince(started), taggingLinkCounts: linkCounts,
                              analysis: analysis, vendorCatalogue: context.vendorCatalogue,
                              ruleContext: options.keepObservations ? ruleContext : nil,
                              incomingOf: options.keepObservations ? incomingOf : [:])
    }

    /// The tagging links and the identity grouping of `store`, side by side on two threads
    /// when there are two (neither needs the other). Nothing of `store` is kept when this
    /// returns, so the caller can mark the forwards in place.
    static func linkAndGroup(keys: [[TaggingLinker.Key]], store: ObservationStore, tagging: TaggingLinker, identity: IdentityLinker,
                             catalogue: CookieCatalogue, jobs: Int) -> ([TaggingLinker.Link], IdentityLinker.Grouping) {
        guard jobs > 1 else {
            return (tagging.link(keys: keys), identity.group(store, catalogue: catalogue))
        }
        let linked = Mutex<[TaggingLinker.Link]>([]), grouped = Mutex<IdentityLinker.Grouping?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { job in
            if job == 0 {
                let links = tagging.link(keys: keys)
                linked.withLock { $0 = links }
            } else {
                let grouping = identity.group(store, catalogue: catalogue)
                grouped.withLock { $0 = grouping }
            }
        }
        let links = linked.withLock { $0 }
        return (links, grouped.withLock { $0.take() } ?? identity.group(store, catalogue: catalogue))
    }

    /// One stderr line per kind of problem in a file, with the first places it happened.
    static func warnings(for report: FileReport, _ warn: (String) -> Void) {
        let path = report.file.displayPath
        if report.unrecognised {
            warn("warning: \(path): format not recognised, skipped (--skip-unknown)")
        }
        if let damage = report.damage {
            warn("warning: \(path): \(damage.summary); every complete line before it was read")
        }
        for (reason, occurrences) in report.tally.rejected.sorted(by: { $0.key < $1.key }) {
            warn("warning: \(path): \(occurrences.count) line(s) rejected (\(reason)), first at " + occurrences.lines.map { "\(path):\($0)" }.joined(separator: ", "))
        }
        for (name, occurrences) in report.tally.warnings.sorted(by: { $0.key < $1.key }) {
            warn("warning: \(path): \(occurrences.count) record(s) with \(name), first at " + occurrences.lines.map { "\(path):\($0)" }.joined(separator: ", "))
        }
    }
}

/// The C library's allocator, where it can be asked for more than `malloc`/`free`.
enum SystemMemory {
    /// glibc's `malloc_trim(0)`: gives the free pages of every heap back to the system. Looked
    /// up at run time; nothing happens where the C library has none (musl, Darwin).
    static func releaseFreePages() {
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }
}
