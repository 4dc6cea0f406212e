import CZlib

/// Compresses bytes into one gzip member with the system zlib (test data only).
func gzipMember(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
    var stream = z_stream()
    guard czlib_deflate_init_gzip(&stream, level) == Z_OK else { return [] }
    defer { deflateEnd(&stream) }
    var input = bytes
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
    let produced: Int = input.withUnsafeMutableBufferPointer { src in
        output.withUnsafeMutableBufferPointer { dst in
            stream.next_in = src.baseAddress
            stream.avail_in = UInt32(src.count)
            stream.next_out = dst.baseAddress
            stream.avail_out = UInt32(dst.count)
            _ = deflate(&stream, Z_FINISH)
            return dst.count - Int(stream.avail_out)
        }
    }
    return Array(output[0..<produced])
}

/// Text lines of varied length, some with CR, for line-splitting oracles.
func sampleLines(count: Int, seed: UInt64, maxLength: Int = 300) -> [[UInt8]] {
    var random = TestRandom(seed: seed)
    return (0..<count).map { i in
        let length = random.int(0..<maxLength)
        var line = Array("\(i):".utf8)
        for _ in 0..<length { line.append(UInt8(ascii: "a") + UInt8(random.int(0..<26))) }
        if random.int(0..<5) == 0 { line.append(UInt8(ascii: "\r")) }
        return line
    }
}
