import CZlib

/// Compresses everything written into one gzip member (system zlib) and passes the compressed
/// bytes on to another sink.
///
/// The header is fixed (mtime 0, no file name, OS = Unix) so the same input gives the same
/// bytes on Linux and macOS, whose zlib builds otherwise record different OS codes.
public final class GzipSink: ByteSink {
    private let downstream: ByteSink
    private let stream: UnsafeMutablePointer<z_stream>
    private let header: UnsafeMutablePointer<gz_header>
    private var output: [UInt8]
    private var active = false
    private var released = false

    /// Compresses at `level` (1–9, default 6) into `downstream`.
    public init(downstream: ByteSink, level: Int32 = 6) throws {
        self.downstream = downstream
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        header = UnsafeMutablePointer<gz_header>.allocate(capacity: 1)
        header.initialize(to: gz_header())
        output = [UInt8](repeating: 0, count: 256 * 1024)
        let status = czlib_deflate_init_gzip(stream, level)
        guard status == Z_OK else {
            release()
            throw OutputError.compression("deflateInit2 returned \(status)")
        }
        active = true
        header.pointee.os = 3
        header.pointee.time = 0
        let headerStatus = deflateSetHeader(stream, header)
        guard headerStatus == Z_OK else {
            deflateEnd(stream)
            active = false
            release()
            throw OutputError.compression("deflateSetHeader returned \(headerStatus)")
        }
    }

    deinit {
        if active { deflateEnd(stream) }
        release()
    }

    private func release() {
        guard !released else { return }
        released = true
        stream.deinitialize(count: 1)
        stream.deallocate()
        header.deinitialize(count: 1)
        header.deallocate()
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        guard active else { throw OutputError.compression("write after finish") }
        var offset = 0
        while offset < bytes.count {
            let chunk = min(bytes.count - offset, 1 << 30)
            stream.pointee.next_in = UnsafeMutablePointer(mutating: base.advanced(by: offset).assumingMemoryBound(to: UInt8.self))
            stream.pointee.avail_in = UInt32(chunk)
            try pump(flush: Z_NO_FLUSH)
            offset += chunk
        }
    }

    public func finish() throws {
        guard active else { return }
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        try pump(flush: Z_FINISH)
        deflateEnd(stream)
        active = false
        try downstream.finish()
    }

    /// Runs deflate until the input is consumed (or, when finishing, the stream has ended),
    /// writing every filled output block downstream.
    private func pump(flush: Int32) throws {
        while true {
            let capacity = output.count
            let (status, produced) = output.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                stream.pointee.next_out = out.baseAddress
                stream.pointee.avail_out = UInt32(capacity)
                let status = deflate(stream, flush)
                return (status, capacity - Int(stream.pointee.avail_out))
            }
            if status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR {
                throw OutputError.compression("deflate returned \(status)")
            }
            if produced > 0 {
                try output.withUnsafeBytes { try downstream.write(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
            }
            if flush == Z_FINISH {
                if status == Z_STREAM_END { return }
            } else if stream.pointee.avail_in == 0 && produced < capacity {
                return
            }
        }
    }
}
