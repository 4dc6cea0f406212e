import Testing
@testable import ConsentReplay

/// Helpers shared by the JSON tests.
enum JSONTestSupport {
    /// Parses `bytes` with a fresh tape and runs `body` on the document.
    static func withDocument<R>(
        _ bytes: [UInt8],
        _ body: (borrowing JSONDocument) throws -> R
    ) throws -> R {
        var tape = JSONTape()
        return try bytes.withUnsafeBufferPointer { buffer in
            try tape.parse(buffer)
            return try tape.withDocument(buffer, body)
        }
    }

    /// ``withDocument(_:_:)`` for text.
    static func withDocument<R>(
        _ text: String,
        _ body: (borrowing JSONDocument) throws -> R
    ) throws -> R {
        try withDocument(Array(text.utf8), body)
    }

    /// The error parsing `bytes` throws, or `nil` if it parses.
    static func syntaxError(_ bytes: [UInt8]) -> JSONSyntaxError? {
        var tape = JSONTape()
        return bytes.withUnsafeBufferPointer { buffer -> JSONSyntaxError? in
            do throws(JSONSyntaxError) {
                try tape.parse(buffer)
                return nil
            } catch {
                return error
            }
        }
    }

    static func syntaxError(_ text: String) -> JSONSyntaxError? {
        syntaxError(Array(text.utf8))
    }

    struct Missing: Error, CustomStringConvertible {
        let what: String
        var description: String { "missing \(what)" }
    }

    /// `#require` for values computed from a (non-copyable) document, which the testing macros
    /// cannot capture: compute first, then unwrap with this.
    static func unwrap<T>(
        _ value: T?, _ what: String = "value", sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> T {
        guard let value else {
            Issue.record("missing \(what)", sourceLocation: sourceLocation)
            throw Missing(what: what)
        }
        return value
    }

    /// Follows a path of keys from the root.
    static func value(_ document: borrowing JSONDocument, _ path: StaticString...) -> JSONNode? {
        var node = document.root
        for key in path {
            guard let current = node else { return nil }
            node = document.member(of: current, key: key)
        }
        return node
    }

    /// The result of feeding `bytes` to a splitter in chunks of `chunkSize` bytes, each chunk
    /// copied into its own short-lived array so the splitter cannot rely on earlier chunks.
    struct SplitResult {
        var elements: [(bytes: [UInt8], line: Int, offset: Int)] = []
        var error: JSONArraySplitError?
    }

    static func split(_ bytes: [UInt8], chunkSize: Int) -> SplitResult {
        var result = SplitResult()
        var splitter = JSONArraySplitter()
        do {
            var start = 0
            while start < bytes.count {
                let end = start + min(chunkSize, bytes.count - start)
                let chunk = Array(bytes[start..<end])
                try chunk.withUnsafeBufferPointer { buffer in
                    try splitter.feed(buffer) { element in
                        result.elements.append((Array(element.bytes), element.line, element.offset))
                    }
                }
                start = end
            }
            try splitter.finish()
        } catch let error as JSONArraySplitError {
            result.error = error
        } catch {
            Issue.record("unexpected error \(error)")
        }
        return result
    }
}
