import Testing
@testable import ConsentReplay

@Suite struct JSONTapeTests {
    typealias Support = JSONTestSupport

    @Test func tapeLayoutMatchesTheDocumentedExample() throws {
        let text = #"{"a":[1,2],"b":null}"#
        var tape = JSONTape()
        try Array(text.utf8).withUnsafeBufferPointer { try tape.parse($0) }
        #expect(tape.nodeCount == 7)
        let expected: [(JSONKind, Range<UInt32>, UInt32, UInt32)] = [
            (.object, 0..<20, 7, 2), (.string, 2..<3, 2, 0), (.array, 5..<10, 5, 2),
            (.number, 6..<7, 4, 0), (.number, 8..<9, 5, 0), (.string, 12..<13, 6, 0),
            (.null, 15..<19, 7, 0),
        ]
        for (index, (kind, range, next, count)) in expected.enumerated() {
            let entry = tape.entries[index]
            #expect(entry.kind == kind, "entry \(index)")
            #expect(entry.start == range.lowerBound && entry.end == range.upperBound, "entry \(index)")
            #expect(entry.next == next, "entry \(index)")
            #expect(entry.count == count, "entry \(index)")
        }
    }

    @Test func nginxEscapeJSONLine() throws {
        // nginx `log_format ... escape=json` writes `"` `\` and control bytes as escapes and
        // passes other bytes through; numbers like $status appear unquoted.
        let line = #"{"time_iso8601":"2024-03-01T10:15:30+01:00","remote_addr":"198.51.100.23","request":"GET /checkout?step=2&q=%22x%22 HTTP/1.1","status":200,"body_bytes_sent":5123,"http_referer":"https://shop.example/cart","http_user_agent":"Mozilla/5.0 (X11; Linux x86_64) \"quoted\" \\back","http_cookie":"euconsent-v2=CPx\u0022y; _ga=GA1.2.345.678","request_time":0.012}"# + "\n"
        try Support.withDocument(line) { doc in
            let root = try Support.unwrap(doc.root)
            #expect(root.kind == .object)
            #expect(root.count == 9)
            let status = doc.member(of: root, key: "status").flatMap { doc.int64($0) }
            let sent = doc.member(of: root, key: "body_bytes_sent").flatMap { doc.int64($0) }
            let time = doc.member(of: root, key: "request_time").flatMap { doc.double($0) }
            #expect(status == 200)
            #expect(sent == 5123)
            #expect(time == 0.012)
            let agent = try Support.unwrap(doc.member(of: root, key: "http_user_agent"))
            let agentText = doc.string(agent)
            #expect(agent.hasEscapes)
            #expect(agentText == #"Mozilla/5.0 (X11; Linux x86_64) "quoted" \back"#)
            let cookie = doc.member(of: root, key: "http_cookie").flatMap { doc.string($0) }
            #expect(cookie == #"euconsent-v2=CPx"y; _ga=GA1.2.345.678"#)
            let request = try Support.unwrap(doc.member(of: root, key: "request"))
            let requestMatches = doc.isString(request, equalTo: "GET /checkout?step=2&q=%22x%22 HTTP/1.1")
            let otherMatches = doc.isString(request, equalTo: "GET /checkout")
            #expect(!request.hasEscapes)
            #expect(requestMatches && !otherMatches)
            let missing = doc.member(of: root, key: "upstream_addr")
            #expect(missing == nil)
        }
    }

    static let caddyLine = #"{"level":"info","ts":1709287530.123456,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"203.0.113.9","remote_port":"51234","client_ip":"203.0.113.9","proto":"HTTP/2.0","method":"GET","host":"shop.example","uri":"/checkout?utm_source=news","headers":{"User-Agent":["Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15"],"Cookie":["_ga=GA1.1.1.2; consent={\"ad_storage\":false}","theme=dark"],"Accept-Language":["de-DE,de;q=0.9"],"Referer":["https://shop.example/"]},"tls":{"resumed":false,"version":772,"cipher_suite":4865,"proto":"h2","server_name":"shop.example"}},"bytes_read":0,"user_id":"","duration":0.001234567,"size":5120,"status":200,"resp_headers":{"Server":["Caddy"],"Set-Cookie":["_fbp=fb.1.1709287530123.42; Path=/; Max-Age=7776000"],"Content-Type":["text/html; charset=utf-8"]}}"#

    @Test func caddyAccessLineWithNestedHeaderArrays() throws {
        try Support.withDocument(Self.caddyLine + "\r\n") { doc in
            let root = try Support.unwrap(doc.root)
            let ts = try Support.unwrap(doc.member(of: root, key: "ts"))
            let (tsDouble, tsInt) = (doc.double(ts), doc.int64(ts))
            #expect(tsDouble == 1709287530.123456)
            #expect(tsInt == nil)
            let status = doc.member(of: root, key: "status").flatMap { doc.int64($0) }
            #expect(status == 200)
            let headers = try Support.unwrap(Support.value(doc, "request", "headers"))
            #expect(headers.kind == .object)
            #expect(headers.count == 4)

            for spelling: StaticString in ["user_agent", "useragent", "USER-AGENT", "User-Agent"] {
                let agent = try Support.unwrap(doc.member(of: headers, keyIgnoringCaseAndPunctuation: spelling))
                #expect(agent.kind == .array && agent.count == 1)
            }
            let exact = doc.member(of: headers, key: "user-agent")
            #expect(exact == nil)   // exact lookup is exact

            let cookies = try Support.unwrap(doc.member(of: headers, keyIgnoringCaseAndPunctuation: Array("cookie".utf8)))
            let values = doc.elements(of: cookies).map { doc.string($0) }
            #expect(values == [#"_ga=GA1.1.1.2; consent={"ad_storage":false}"#, "theme=dark"])
            let second = doc.element(of: cookies, at: 1).flatMap { doc.string($0) }
            let third = doc.element(of: cookies, at: 2)
            #expect(second == "theme=dark")
            #expect(third == nil)

            let names = doc.members(of: headers).map { doc.string($0.key) }
            #expect(names == ["User-Agent", "Cookie", "Accept-Language", "Referer"])

            // Skipping whole subtrees: the members after "request" are found.
            let rootKeys = doc.members(of: root).map { doc.string($0.key) ?? "?" }
            #expect(rootKeys == ["level", "ts", "logger", "msg", "request", "bytes_read", "user_id",
                                 "duration", "size", "status", "resp_headers"])
            let responseHeaders = try Support.unwrap(doc.member(of: root, key: "resp_headers"))
            let setCookie = try Support.unwrap(doc.member(of: responseHeaders, keyIgnoringCaseAndPunctuation: "set_cookie"))
            let firstSetCookie = doc.element(of: setCookie, at: 0).flatMap { doc.string($0) }
            #expect(firstSetCookie?.hasPrefix("_fbp=") == true)
            let tls = try Support.unwrap(Support.value(doc, "request", "tls"))
            let resumed = doc.member(of: tls, key: "resumed").flatMap { doc.bool($0) }
            let version = doc.member(of: tls, key: "version").flatMap { doc.int64($0) }
            let port = Support.value(doc, "request", "remote_port").flatMap { doc.int64(inString: $0) }
            #expect(resumed == false)
            #expect(version == 772)
            #expect(port == 51234)
        }
    }

    @Test func membersWithEscapedKeysAndDuplicates() throws {
        let text = #"{"us\u0065r":1,"a\"b":2,"x":3,"x":4,"Us\u0065r-Ag\u0065nt":5,"":6}"#
        try Support.withDocument(text) { doc in
            let root = try Support.unwrap(doc.root)
            let found: [Int64?] = [
                doc.member(of: root, key: "user").flatMap { doc.int64($0) },
                doc.member(of: root, key: Array(#"a"b"#.utf8)).flatMap { doc.int64($0) },
                doc.member(of: root, key: "x").flatMap { doc.int64($0) },   // first wins
                doc.member(of: root, keyIgnoringCaseAndPunctuation: "user_agent").flatMap { doc.int64($0) },
                doc.member(of: root, key: "").flatMap { doc.int64($0) },
            ]
            #expect(found == [1, 2, 3, 5, 6])
            let misses: [JSONNode?] = [
                doc.member(of: root, key: "use"),
                doc.member(of: root, key: "userr"),
                doc.member(of: root, keyIgnoringCaseAndPunctuation: "agent"),
                // An escaped key never matches its escaped spelling.
                doc.member(of: root, key: #"us\u0065r"#),
                // Not an object.
                doc.member(of: root, key: "x").flatMap { doc.member(of: $0, key: "x") },
            ]
            #expect(misses.allSatisfy { $0 == nil })
        }
    }

    @Test func arraysCountsAndSubtreeSkipping() throws {
        let text = #"[[1,[2,[3]]],{"k":[{},[]]},"s",-4,true,false,null,[]]"#
        try Support.withDocument(text) { doc in
            let root = try Support.unwrap(doc.root)
            #expect(root.count == 8)
            let kinds = doc.elements(of: root).map(\.kind)
            #expect(kinds == [.array, .object, .string, .number, .true, .false, .null, .array])
            let first = try Support.unwrap(doc.element(of: root, at: 0))
            #expect(first.count == 2)
            #expect(first.byteRange == 1..<12)
            let four = doc.element(of: root, at: 3).flatMap { doc.int64($0) }
            #expect(four == -4)
            let last = try Support.unwrap(doc.element(of: root, at: 7))
            let lastKinds = doc.elements(of: last).map(\.kind)
            #expect(last.count == 0 && lastKinds.isEmpty)
            let object = try Support.unwrap(doc.element(of: root, at: 1))
            let inner = try Support.unwrap(doc.member(of: object, key: "k"))
            let innerCounts = doc.elements(of: inner).map(\.count)
            #expect(innerCounts == [0, 0])
            let wrongKind = (doc.members(of: root).underestimatedCount, doc.elements(of: object).underestimatedCount)
            #expect(wrongKind == (0, 0))
            let flag = doc.element(of: root, at: 4).flatMap { doc.bool($0) }
            let text = doc.element(of: root, at: 2).flatMap { doc.string($0) }
            #expect(flag == true)
            #expect(text == "s")
            let outOfRange = (doc.element(of: root, at: 8), doc.element(of: root, at: -1))
            #expect(outOfRange.0 == nil && outOfRange.1 == nil)
        }
    }

    @Test(arguments: ["0", "-1.5", "\"text\"", "true", "false", "null", "{}", "[]", " \t\r\n 7 \r\n", "1\r"])
    func topLevelScalarsAndWhitespace(text: String) throws {
        let count = try Support.withDocument(text) { doc in doc.nodeCount }
        #expect(count == 1)
    }

    @Test func crlfLineEndings() throws {
        for ending in ["\r\n", "\r", "\n", " \r\n"] {
            let value = try Support.withDocument(#"{"status":404}"# + ending) { doc in
                doc.root.flatMap { doc.member(of: $0, key: "status") }.flatMap { doc.int64($0) }
            }
            #expect(value == 404)
        }
    }

    @Test func nestingUpToTheLimitParsesAndBeyondFails() throws {
        let limit = JSONTape.maximumDepth
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(Support.syntaxError(deepest) == nil)
        let objects = String(repeating: #"{"a":"#, count: limit) + "1" + String(repeating: "}", count: limit)
        #expect(Support.syntaxError(objects) == nil)

        let tooDeep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        let error = try #require(Support.syntaxError(tooDeep))
        #expect(error.reason == .nestingTooDeep)
        #expect(error.offset == limit)
        #expect(error.description == "nesting deeper than 512 at byte 512")
        // Far beyond the limit, without closing brackets: still the depth error, no crash.
        let hostile = String(repeating: "[", count: 100_000)
        #expect(Support.syntaxError(hostile)?.reason == .nestingTooDeep)
    }

    @Test func tapeIsReusedWithoutGrowingForShorterLines() throws {
        var tape = JSONTape()
        let long = Array(Self.caddyLine.utf8)
        let short = Array(#"{"a":[1,2,3],"b":"x"}"#.utf8)
        try long.withUnsafeBufferPointer { try tape.parse($0) }
        let capacity = tape.entries.count
        for round in 0..<1000 {
            let bytes = round % 2 == 0 ? short : long
            try bytes.withUnsafeBufferPointer { buffer in
                try tape.parse(buffer)
                let ok = tape.withDocument(buffer) { doc in doc.root?.kind == .object }
                #expect(ok)
            }
        }
        #expect(tape.entries.count == capacity)
        // A failed parse leaves an empty tape.
        #expect(throws: JSONSyntaxError.self) {
            try Array("[1,".utf8).withUnsafeBufferPointer { try tape.parse($0) }
        }
        #expect(tape.nodeCount == 0)
    }

    @Test func documentIsEmptyForAnotherBuffer() throws {
        var tape = JSONTape()
        let first = Array(#"{"a":1}"#.utf8)
        let second = Array(#"{"a":1}"#.utf8)
        try first.withUnsafeBufferPointer { try tape.parse($0) }
        let sameBuffer = first.withUnsafeBufferPointer { buffer in
            tape.withDocument(buffer) { doc in doc.root != nil }
        }
        let otherBuffer = second.withUnsafeBufferPointer { buffer in
            tape.withDocument(buffer) { doc in doc.root == nil && doc.nodeCount == 0 }
        }
        #expect(sameBuffer)
        #expect(otherBuffer)
    }

    @Test func nodesFromAnotherDocumentAreHarmless() throws {
        let stale = try Support.withDocument(#"{"a":"a long string value here","b":[1,2,3]}"#) { doc in
            let root = try Support.unwrap(doc.root)
            let b = try Support.unwrap(doc.member(of: root, key: "b"))
            let a = try Support.unwrap(doc.member(of: root, key: "a"))
            return Array(doc.elements(of: b)) + [a, b, root]
        }
        try Support.withDocument("[0]") { doc in
            for node in stale {
                _ = doc.string(node)
                _ = doc.int64(node)
                _ = doc.double(node)
                _ = doc.isValidUTF8(node)
                _ = doc.elements(of: node).map(\.kind)
                _ = doc.members(of: node).map(\.key)
                _ = doc.member(of: node, key: "a")
                _ = doc.element(of: node, at: 1)
                var sink: [UInt8] = []
                doc.appendString(node, to: &sink)
            }
            let reread = doc.string(stale[3])
            #expect(reread == nil)
        }
    }
}
