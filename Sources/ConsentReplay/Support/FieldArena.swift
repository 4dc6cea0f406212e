/// A field of a parsed record: a byte range inside the record's `FieldArena`.
///
/// `absent` means the log had no value for the field (or `-`). An empty present value has count 0.
public struct FieldSpan: Sendable, Equatable {
    public var start: Int32
    public var count: Int32

    public static let absent = FieldSpan(start: 0, count: -1)

    @inline(__always) public var isAbsent: Bool { count < 0 }
    @inline(__always) public var isPresent: Bool { count >= 0 }
}

/// Scratch storage for the decoded field bytes of one record, reused from line to line.
///
/// A parser appends each field's bytes (decoding escapes on the way) and keeps the returned
/// `FieldSpan`; consumers read the bytes back while the record is current. Decoding never makes a
/// field longer than its raw form, so an arena as large as the line never grows while parsing it;
/// it still grows on demand to stay safe for synthesized values.
public final class FieldArena {
    // Not checked for exclusive access at run time: an arena belongs to one parser on one
    // thread, and every line's parse reads and writes these several times.
    @exclusivity(unchecked) @usableFromInline var storage: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) @usableFromInline var capacity: Int
    @exclusivity(unchecked) @usableFromInline var used: Int = 0

    public init(capacity: Int = 64 * 1024) {
        self.capacity = max(capacity, 64)
        self.storage = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    /// Forgets every span handed out so far.
    @inline(__always) public func reset() { used = 0 }

    /// Makes room for `extra` more bytes and returns a pointer to where they go.
    @inline(__always)
    func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if used + extra > capacity { grow(to: used + extra) }
        return storage + used
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: storage, count: used)
        storage.deallocate()
        storage = bigger
        capacity = newCapacity
    }

    /// Records `count` bytes just written at `reserve(_:)`'s pointer as a new span.
    @inline(__always)
    func commit(_ count: Int) -> FieldSpan {
        let span = FieldSpan(start: Int32(truncatingIfNeeded: used), count: Int32(truncatingIfNeeded: count))
        used += count
        return span
    }

    /// Copies bytes verbatim.
    @inline(__always)
    public func append(_ bytes: UnsafeBufferPointer<UInt8>) -> FieldSpan {
        guard let src = bytes.baseAddress, bytes.count > 0 else { return commit(0) }
        let dst = reserve(bytes.count)
        dst.update(from: src, count: bytes.count)
        return commit(bytes.count)
    }

    /// Copies `bytes`.
    public func append(_ bytes: [UInt8]) -> FieldSpan {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Joins two spans already in the arena with `separator` (and a space after it when `space`)
    /// into a new span, for repeated headers.
    public func join(_ a: FieldSpan, _ b: FieldSpan, separator: UInt8, space: Bool = false) -> FieldSpan {
        if a.isAbsent { return b }
        if b.isAbsent { return a }
        let gap = space ? 2 : 1
        let total = Int(a.count) + gap + Int(b.count)
        let dst = reserve(total)
        dst.update(from: storage + Int(a.start), count: Int(a.count))
        dst[Int(a.count)] = separator
        if space { dst[Int(a.count) + 1] = ASCII.space }
        (dst + Int(a.count) + gap).update(from: storage + Int(b.start), count: Int(b.count))
        return commit(total)
    }

    /// Writes `name=value` where value is a span already in the arena.
    public func appendPair(name: String, value: FieldSpan) -> FieldSpan {
        return name.withUTF8Buffer { nameBytes in
            let valueCount = max(0, Int(value.count))
            let total = nameBytes.count + 1 + valueCount
            let dst = reserve(total)
            if let src = nameBytes.baseAddress { dst.update(from: src, count: nameBytes.count) }
            dst[nameBytes.count] = ASCII.equals
            if valueCount > 0 { (dst + nameBytes.count + 1).update(from: storage + Int(value.start), count: valueCount) }
            return commit(total)
        }
    }

    /// The bytes of `span` (empty for an absent span). Valid until the next `reset()` or append.
    @inline(__always)
    public func bytes(_ span: FieldSpan) -> UnsafeBufferPointer<UInt8> {
        guard span.count > 0 else { return UnsafeBufferPointer(start: storage, count: 0) }
        return UnsafeBufferPointer(start: storage + Int(span.start), count: Int(span.count))
    }

    /// The text of `span`, invalid UTF-8 replaced by U+FFFD; nil when absent.
    public func string(_ span: FieldSpan) -> String? {
        guard span.isPresent else { return nil }
        return String(decoding: bytes(span), as: UTF8.self)
    }
}

extension FieldArena {
    /// Copies a log field, undoing nginx `\xHH` and Apache `\"`/`\\`/`\n`… escapes (`LogEscapes`).
    @inline(__always)
    public func appendDecodingLogEscapes(_ raw: UnsafeBufferPointer<UInt8>) -> FieldSpan {
        guard let src = raw.baseAddress, raw.count > 0 else { return commit(0) }
        let dst = reserve(raw.count)
        dst.update(from: src, count: raw.count)
        guard let firstBackslash = raw.firstIndex(of: ASCII.backslash, from: 0) else { return commit(raw.count) }
        let tail = UnsafeMutableBufferPointer(start: dst + firstBackslash, count: raw.count - firstBackslash)
        return commit(firstBackslash + LogEscapes.decodeInPlace(tail))
    }
}
