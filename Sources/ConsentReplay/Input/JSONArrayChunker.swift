/// Turns a top-level JSON array arriving in line chunks (`gcloud logging read --format=json`, a
/// consent export) into chunks of whole elements, each element numbered by the line it starts
/// on, so array files go through the same parallel pipeline as line files.
final class JSONArrayChunker {
    private let lines: LineChunker
    private var pendingFirst: Chunk?
    private var splitter = JSONArraySplitter()
    private let chunkSize: Int
    private var sequence = 0
    private var finished = false
    /// Elements ready to be handed out, as copies.
    private var batch: [UInt8] = []
    private var ranges: [(range: Range<Int>, line: Int)] = []
    private var ready: [Chunk] = []
    /// Set when the array is broken: the reason and the line; every element before was delivered.
    private(set) var failure: (reason: RejectReason, line: Int)?

    init(first: Chunk, lines: LineChunker, chunkSize: Int) {
        self.pendingFirst = first
        self.lines = lines
        self.chunkSize = chunkSize
    }

    /// Whether a chunk is the start of a JSON array (after whitespace and a UTF-8 BOM).
    static func startsArray(_ chunk: Chunk) -> Bool {
        var i = 0
        let b = chunk.bytes
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
        while i < b.count, b[i] == ASCII.space || b[i] == ASCII.tab || b[i] == ASCII.cr || b[i] == ASCII.lf { i += 1 }
        return i < b.count && b[i] == ASCII.openBracket
    }

    private func emitBatch() {
        guard !ranges.isEmpty else { return }
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, batch.count))
        batch.withUnsafeBufferPointer { if let base = $0.baseAddress { storage.update(from: base, count: $0.count) } }
        ready.append(Chunk(sequence: sequence, firstLine: ranges[0].line, lineCount: ranges.count, storage: storage,
                           capacity: max(1, batch.count), count: batch.count, elements: ranges))
        sequence += 1
        batch.removeAll(keepingCapacity: true)
        ranges.removeAll(keepingCapacity: true)
    }

    /// The next chunk of elements, or nil at the end (check `failure`).
    func next() throws(InputError) -> Chunk? {
        while ready.isEmpty && !finished {
            let chunk: Chunk?
            if let first = pendingFirst { chunk = first; pendingFirst = nil } else { chunk = try lines.next() }
            guard let chunk else {
                finished = true
                if failure == nil {
                    do { try splitter.finish() } catch { failure = (Self.reason(error), error.line) }
                }
                emitBatch()
                break
            }
            guard failure == nil else { continue } // drain the input to count its lines
            do {
                try splitter.feed(chunk.bytes) { element in
                    let start = batch.count
                    batch.append(contentsOf: element.bytes)
                    ranges.append((start..<batch.count, element.line))
                }
            } catch let error as JSONArraySplitError {
                failure = (Self.reason(error), error.line)
            } catch {
                failure = (RejectReason("invalid-json-array"), 0)
            }
            if batch.count >= chunkSize { emitBatch() }
        }
        return ready.isEmpty ? nil : ready.removeFirst()
    }

    static func reason(_ error: JSONArraySplitError) -> RejectReason {
        switch error.reason {
        case .truncatedElement, .missingClosingBracket: return RejectReason("truncated-json-array")
        default: return RejectReason("invalid-json-array")
        }
    }
}
