import Dispatch
import Synchronization

/// What was read from one input file.
public struct FileReport: Sendable {
    public var file: InputFile
    public var kind: InputKind?
    public var formatID: String?
    public var layout: String?
    public var compressed = false
    /// Bytes after decompression.
    public var decompressedBytes = 0
    public var tally: FileTally
    public var damage: StreamDamage?
    /// Set when the format was not recognised and `--skip-unknown` let the run go on.
    public var unrecognised = false
    /// The file is one JSON array: the tally counts its elements, `physicalLines` its lines.
    public var isJSONArray = false
    /// Lines of the decompressed file (`wc -l`, plus a last line without a line end).
    public var physicalLines = 0
}

/// The format of a file could not be recognised (exit 2 unless `--skip-unknown`).
public struct UnrecognisedFormat: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let tried: [String]
    public var description: String {
        "\(path): format not recognised from its first lines; tried " + tried.joined(separator: "; ")
            + ". Force the kind with --access/--tagging/--consent, give --log-format, or pass --skip-unknown."
    }
}

/// Reads one file through the pipeline: open (gzip by magic) → split into line chunks on this
/// thread → parse chunks on `jobs` threads → merge the tallies in file order.
public struct FileReader: Sendable {
    public var registry: FormatRegistry
    public var context: ParseContext
    public var jobs: Int
    /// About 4 MiB of whole lines per chunk. Each chunk has its own string tables and link
    /// state, so larger chunks repeat less (against 1 MiB on the 2M-line day: 1.4% fewer
    /// instructions reading the tagging log, 47 MB less peak memory, and fewer responses whose
    /// request fell in the chunk before); four of them in flight are still small.
    public var chunkSize: Int = 1 << 22

    public init(registry: FormatRegistry, context: ParseContext, jobs: Int) {
        self.registry = registry
        self.context = context
        self.jobs = max(1, jobs)
    }

    public func read(_ file: InputFile, progress: ProgressCounters? = nil, skipUnknown: Bool = false) throws -> FileReport {
        let opened = try InputOpener.open(file, counter: progress?.rawBytes)
        return try read(opened.source, compressed: opened.compressed, file: file, progress: progress, skipUnknown: skipUnknown)
    }

    /// Reads an already opened source (tests feed memory sources here).
    public func read(_ source: ByteSource, compressed: Bool, file: InputFile, progress: ProgressCounters? = nil, skipUnknown: Bool = false) throws -> FileReport {
        let counted = CountingSource(source)
        let chunker = LineChunker(source: counted, chunkSize: chunkSize, maxLineLength: context.maxLineLength)
        var report = FileReport(file: file, compressed: compressed, tally: FileTally(outOfOrderTolerance: context.outOfOrderToleranceMs))
        guard let first = try chunker.next() else {
            // An empty file: nothing to recognise, nothing to count.
            report.kind = file.forcedKind
            report.damage = source.damage
            addChunkerEvents(chunker, damage: source.damage, to: &report)
            report.physicalLines = report.tally.lines
            return report
        }
        // A JSON array (a gcloud export, a consent export) is read element by element.
        var arrayChunker: JSONArrayChunker?
        var firstChunk = first
        if JSONArrayChunker.startsArray(first) {
            let elements = JSONArrayChunker(first: first, lines: chunker, chunkSize: chunkSize)
            arrayChunker = elements
            report.isJSONArray = true
            guard let firstElements = try elements.next() else {
                // An empty array, or one broken before its first element.
                finishArray(elements, chunker: chunker, source: source, counted: counted, into: &report)
                return report
            }
            firstChunk = firstElements
        }
        // The sample holds the first `SniffSample.limit` lines whatever the chunk size, so a
        // file is recognised the same way with any chunk size.
        var lookahead = [firstChunk]
        var sampled = firstChunk.lineCount
        var inputEnded = false
        while sampled < SniffSample.limit {
            guard let more = try arrayChunker.map({ a throws(InputError) in try a.next() }) ?? chunker.next() else {
                inputEnded = true
                break
            }
            lookahead.append(more)
            sampled += more.lineCount
        }
        guard let match = registry.recognise(SniffSample(chunks: lookahead), kind: file.forcedKind) else {
            let tried = registry.names(for: file.forcedKind)
            if skipUnknown {
                report.unrecognised = true
                return report
            }
            throw UnrecognisedFormat(path: file.displayPath, tried: tried)
        }
        let format = match.format
        report.kind = format.kind
        report.formatID = format.id
        report.layout = format.layout

        // Chunk results are merged in file order as soon as the next one in order is done, so a
        // finished chunk's events are moved once and not held twice.
        let merger = Mutex(OrderedMerger(tally: report.tally))
        let workers = WorkerThreads(count: jobs, capacity: jobs + 1)
        let context = self.context
        var directive: [UInt8]?
        var readError: Error?
        var queued = lookahead.makeIterator()
        var next: Chunk? = queued.next()
        while let chunk = next {
            let startDirective = directive
            if format.hasLayoutDirectives { directive = lastDirective(in: chunk, format: format) ?? directive }
            workers.submit {
                let tally = format.process(chunk, directive: startDirective, context: context)
                progress?.lines.add(tally.lines, ordering: .relaxed)
                merger.withLock { $0.add(tally) }
            }
            if let sampledChunk = queued.next() {
                next = sampledChunk
                continue
            }
            if inputEnded {
                next = nil
                continue
            }
            do {
                next = try arrayChunker.map { a throws(InputError) in try a.next() } ?? chunker.next()
            } catch {
                readError = error
                next = nil
            }
        }
        workers.finish()
        if let readError { throw readError }
        report.tally = merger.withLock { $0.finish() }
        if let arrayChunker {
            finishArray(arrayChunker, chunker: chunker, source: source, counted: counted, into: &report)
            return report
        }
        report.damage = source.damage
        report.decompressedBytes = counted.total
        addChunkerEvents(chunker, damage: source.damage, to: &report)
        report.physicalLines = report.tally.lines
        return report
    }

    /// Closes the books of a JSON-array file: a broken array is one rejected element at the
    /// line where it broke; `physicalLines` counts the file's lines.
    private func finishArray(_ elements: JSONArrayChunker, chunker: LineChunker, source: ByteSource, counted: CountingSource, into report: inout FileReport) {
        if let failure = elements.failure {
            report.tally.lines += 1
            report.tally.reject(failure.reason, line: failure.line)
        }
        report.damage = source.damage
        report.decompressedBytes = counted.total
        report.physicalLines = chunker.linesSeen
    }

    private func lastDirective(in chunk: Chunk, format: any RecordFormat) -> [UInt8]? {
        var found: [UInt8]?
        // Directive lines start with a byte no record line starts with; only look at line starts.
        chunk.forEachLine { line, _ in
            if format.isLayoutDirective(line) { found = Array(line) }
        }
        return found
    }

    private func addChunkerEvents(_ chunker: LineChunker, damage: StreamDamage?, to report: inout FileReport) {
        var dropped = LineCounts()
        for event in chunker.events {
            switch event {
            case .lineTooLong(let line, _):
                dropped.reject(.lineTooLong, line: line)
            case .cutByDamage(let line):
                if case .corrupt? = damage { dropped.reject(.corruptGzip, line: line) } else { dropped.reject(.truncatedGzip, line: line) }
            }
            dropped.lines += 1
        }
        report.tally.lines += dropped.lines
        for (reason, occurrences) in dropped.rejected {
            report.tally.rejected[reason] = (report.tally.rejected[reason] ?? Occurrences()).union(occurrences)
        }
    }
}

/// Merges chunk tallies into the file's tally in sequence order, holding back only those
/// that finished before an earlier one.
struct OrderedMerger: Sendable {
    var tally: FileTally
    private var next = 0
    private var waiting: [Int: ChunkTally] = [:]

    init(tally: FileTally) { self.tally = tally }

    mutating func add(_ chunk: ChunkTally) {
        waiting[chunk.sequence] = chunk
        while let ready = waiting.removeValue(forKey: next) {
            tally.merge(ready)
            next += 1
        }
    }

    /// The merged tally (every chunk must have been added).
    mutating func finish() -> FileTally {
        for sequence in waiting.keys.sorted() {
            if let rest = waiting.removeValue(forKey: sequence) { tally.merge(rest) }
        }
        return tally
    }
}

/// Counts the decompressed bytes passing through.
final class CountingSource: ByteSource {
    private let inner: ByteSource
    private(set) var total = 0
    var damage: StreamDamage? { inner.damage }
    init(_ inner: ByteSource) { self.inner = inner }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        let n = try inner.read(into: buffer)
        total += n
        return n
    }
}
