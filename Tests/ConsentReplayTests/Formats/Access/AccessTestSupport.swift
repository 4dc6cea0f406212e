@testable import ConsentReplay

/// A parsed access line with its fields as strings, for readable expectations.
struct ParsedAccess: Equatable {
    var time: Int64 = 0
    var status = 0
    var ip: String?
    var method: String?
    var path: String?
    var query: String?
    var referrer: String?
    var userAgent: String?
    var cookie: String?
    var setCookie: String?
    var gpc: String?
    var dnt: String?
    var host: String?
    var forwardedFor: String?

    init(_ r: AccessRecord, _ a: FieldArena) {
        time = r.time
        status = r.status
        ip = a.string(r.clientIP)
        method = a.string(r.method)
        path = a.string(r.path)
        query = a.string(r.query)
        referrer = a.string(r.referrer)
        userAgent = a.string(r.userAgent)
        cookie = a.string(r.cookie)
        setCookie = a.string(r.setCookie)
        gpc = a.string(r.secGPC)
        dnt = a.string(r.dnt)
        host = a.string(r.host)
        forwardedFor = a.string(r.forwardedFor)
    }
}

/// Parses one line with `parser`: the record's fields, or the verdict when it is not a record.
func parseLine<P: AccessLineParser>(_ line: String, with parser: inout P) -> Result<ParsedAccess, VerdictError> {
    parseLine(Array(line.utf8), with: &parser)
}

func parseLine<P: AccessLineParser>(_ line: [UInt8], with parser: inout P) -> Result<ParsedAccess, VerdictError> {
    let arena = FieldArena()
    var record = AccessRecord()
    let verdict = line.withUnsafeBufferPointer { parser.parse($0, into: &record, arena: arena) }
    guard verdict == .record else { return .failure(VerdictError(verdict: verdict)) }
    return .success(ParsedAccess(record, arena))
}

struct VerdictError: Error, Equatable {
    let verdict: LineVerdict
}

/// Runs a format over whole-file text through the real pipeline (chunked, parallel).
func readFile(_ text: [UInt8], path: String = "test.log", chunkSize: Int = 1 << 20, jobs: Int = 2, registry: FormatRegistry = .standard()) throws -> FileReport {
    var reader = FileReader(registry: registry, context: ParseContext(), jobs: jobs)
    reader.chunkSize = chunkSize
    return try reader.read(MemorySource(text), compressed: false, file: InputFile(displayPath: path))
}
