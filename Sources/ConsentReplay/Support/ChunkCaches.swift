/// A lock-free interner for one chunk: shares strings within the chunk (a visitor's hits and
/// the pages and user agents they repeat), without the cost of a run-wide lock per string.
struct ChunkInterner {
    private var table: [UInt64: [String]] = [:]

    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let hash = ByteHash.hash(bytes)
        if let bucket = table[hash] {
            for s in bucket {
                if s.withUTF8Buffer({ ByteHash.equal($0, bytes) }) { return s }
            }
        }
        let made = String(decoding: bytes, as: UTF8.self)
        table[hash, default: []].append(made)
        return made
    }

    mutating func intern(_ text: String) -> String {
        return text.withUTF8Buffer { intern($0) }
    }
}

/// Consent Mode values decoded once per distinct value in a chunk (`G111`, `11r1r1r1r5`…):
/// the same few values recur on every hit. Chunk-local, so no lock is taken per hit.
struct ConsentSignalCache {
    private var table: [String: [ConsentSignal]] = [:]

    /// The signals of a hit's `gcs` and `gcd` (either may be nil); undecodable values give none.
    mutating func signals(gcs: String?, gcd: String?, tables: PurposeTables) -> [ConsentSignal] {
        if gcs == nil && gcd == nil { return [] }
        let key = (gcs ?? "") + "|" + (gcd ?? "")
        if let hit = table[key] { return hit }
        var signals: [ConsentSignal] = []
        if let gcs, let decoded = try? ConsentDecoders.decode(gcs, as: .gcs, tables: tables) { signals.append(decoded.signal) }
        if let gcd, let decoded = try? ConsentDecoders.decode(gcd, as: .gcd, tables: tables) { signals.append(decoded.signal) }
        table[key] = signals
        return signals
    }
}
