import Foundation
import Testing
@testable import ConsentReplay

/// `investigate` on `samples/`: the planted incident visitor (a Meta forward after refusal and a
/// server-set `_ga` respawn) shows both findings on the lines they point at, whichever way the
/// visitor is looked up; the JSON has a fixed shape.
@Suite(.serialized)
struct InvestigationTests {
    static func analyze(pseudonymizer: Pseudonymizer = .none) throws -> AnalysisResult {
        if FileManager.default.currentDirectoryPath != packageRoot {
            _ = FileManager.default.changeCurrentDirectoryPath(packageRoot)
        }
        var options = AnalyzeOptions()
        options.inputs = try InputFiles.expand([("samples", nil)])
        options.keepObservations = true
        options.pseudonymizer = pseudonymizer
        return try Analyzer(options: options).run()
    }

    /// The visitor with both a respawn and a forward-without-consent finding.
    static func incidentVisitor(_ result: AnalysisResult) throws -> String {
        var rules: [String: Set<String>] = [:]
        for f in result.analysis.findings { rules[f.visitor, default: []].insert(f.rule) }
        let both = rules.filter { $0.value.isSuperset(of: ["cookie-respawn", "forward-without-consent"]) }.keys.sorted()
        return try #require(both.first, "samples/ must hold a visitor with both findings (scripts/make-samples)")
    }

    @Test func bothFindingsSitOnTheLinesTheyPointAt() throws {
        let result = try Self.analyze()
        let visitor = try Self.incidentVisitor(result)
        let timelines = try Investigation.run(.visitor(visitor), in: result)
        #expect(timelines.count == 1)
        let t = try #require(timelines.first)
        #expect(t.visitor == visitor)
        for rule in ["cookie-respawn", "forward-without-consent"] {
            let finding = try #require(t.findings.first { $0.rule == rule })
            let anchored = t.entries.filter { e in e.findings.contains { $0.id == finding.id && $0.role == "first" } }
            #expect(anchored.count == 1, "\(rule) anchored once")
            #expect(anchored.first?.source == finding.source && anchored.first?.line == finding.line)
            // Every evidence record of the finding is in the timeline, annotated.
            for e in finding.evidence where !(e.source == finding.source && e.line == finding.line) {
                #expect(t.entries.contains { $0.source == e.source && $0.line == e.line && $0.findings.contains { $0.id == finding.id } })
            }
        }
        // Time order, sessions named, the forward shows what the server added.
        #expect(t.entries.map(\.time) == t.entries.map(\.time).sorted())
        #expect(!t.sessions.isEmpty && t.entries.allSatisfy { $0.session.isEmpty || t.sessions.map(\.id).contains($0.session) })
        let meta = try #require(t.entries.first { $0.kind == "forward" && $0.what.contains(" to meta ") })
        #expect(meta.addedFields.contains(.email))
        #expect(t.entries.first?.consentNow != nil)
        let text = InvestigationOutput.text(timelines, query: .visitor(visitor))
        #expect(text.contains("FINDING cookie-respawn (server-set)"))
        #expect(text.contains("FINDING forward-without-consent (refused)"))
    }

    @Test func cookieAndIPFindTheSameVisitor() throws {
        let result = try Self.analyze()
        let visitor = try Self.incidentVisitor(result)
        let t = try #require(try Investigation.run(.visitor(visitor), in: result).first)
        let sent = try #require(t.entries.lazy.compactMap { $0.what.firstMatch(of: /sent _ga=(GA1\.1\.[0-9.]+)/) }.first)
        let byCookie = try Investigation.run(.cookie(name: "_ga", value: String(sent.1)), in: result)
        #expect(byCookie.map(\.visitor) == [visitor])
        let first = try #require(t.entries.first { $0.kind == "request" })
        let ip = try Self.clientIP(source: first.source, line: first.line)
        #expect(try Investigation.run(.ip(ip), in: result).map(\.visitor).contains(visitor))
        #expect(try Investigation.run(.ip("192.0.2.254"), in: result).isEmpty)
    }

    /// The first field of an access-log line, gzip or not.
    static func clientIP(source: String, line: Int) throws -> String {
        let opened = try InputOpener.open(raw: try FileDescriptorSource(path: packageRoot + "/" + source), path: source)
        let lines = try readAllLines(opened.source, chunkSize: 1 << 20).lines
        let text = String(decoding: try #require(lines.first { $0.0 == line }).1, as: UTF8.self)
        return String(text.prefix { $0 != " " })
    }

    @Test func cookiesThatNameNoOneAreRefused() throws {
        let result = try Self.analyze()
        #expect(throws: Investigation.Failure.self) { try Investigation.run(.cookie(name: "PHPSESSID", value: "x"), in: result) }
        #expect(throws: Investigation.Failure.self) { try Investigation.run(.cookie(name: "no-such-cookie", value: "x"), in: result) }
    }

    @Test func pseudonymisedVisitorIsFoundByItsPseudonym() throws {
        let p = try Pseudonymizer(keyFileContents: Array("a key of at least sixteen bytes".utf8))
        let result = try Self.analyze(pseudonymizer: p)
        let visitor = try Self.incidentVisitor(result)
        #expect(visitor.hasPrefix("p-"))
        let t = try #require(try Investigation.run(.visitor(visitor), in: result).first)
        #expect(t.findings.count >= 2)
        #expect(!t.entries.contains { $0.what.contains("GA1.1.") })
    }

    @Test func jsonShape() throws {
        let result = try Self.analyze()
        let visitor = try Self.incidentVisitor(result)
        let timelines = try Investigation.run(.visitor(visitor), in: result)
        let text = InvestigationOutput.json(timelines, query: .visitor(visitor)).serialized(indent: 2)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(root.keys) == ["query", "visitors"])
        #expect(root["query"] as? String == "--visitor \(visitor)")
        let visitors = try #require(root["visitors"] as? [[String: Any]])
        let v = try #require(visitors.first)
        #expect(Set(v.keys) == ["visitor", "sessions", "entries", "findings"])
        let sessions = try #require(v["sessions"] as? [[String: Any]])
        #expect(Set(sessions[0].keys) == ["session", "start", "end", "records", "requests", "consent_at_start"])
        let entries = try #require(v["entries"] as? [[String: Any]])
        let base: Set<String> = ["time", "source", "line", "kind", "session", "what", "findings"]
        for e in entries {
            var expected = base
            if e["kind"] as? String == "forward" { expected.insert("added_fields") }
            if e["consent_now"] != nil { expected.insert("consent_now") }
            #expect(Set(e.keys) == expected)
            for c in e["findings"] as? [[String: Any]] ?? [] { #expect(Set(c.keys) == ["id", "rule", "reason", "role"]) }
        }
        let findings = try #require(v["findings"] as? [[String: Any]])
        #expect(findings.count == timelines[0].findings.count)
        #expect(findings.allSatisfy { $0["evidence"] != nil && $0["id"] != nil })
    }
}
