import Foundation
import Testing
@testable import ConsentReplay

/// Runs a rule example: its files in a fresh directory, its configuration, `Analyzer`.
enum ExampleRunner {
    static func run(_ example: RuleExample) throws -> [Finding] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rule-example-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var options = AnalyzeOptions()
        if let yaml = example.config {
            var loader = ConfigLoader(source: "example")
            options.configuration = try loader.load(yaml: yaml)
        }
        if let format = options.configuration.accessLogFormat { options.logFormat = try LogFormatCompiler.compile(format) }
        var paths: [(String, InputKind?)] = []
        for file in example.files {
            let path = dir.appendingPathComponent(file.name).path
            try Data(file.text.utf8).write(to: URL(fileURLWithPath: path))
            paths.append((path, nil))
        }
        options.inputs = try InputFiles.expand(paths)
        options.jobs = 1
        return try Analyzer(options: options).run().analysis.findings
    }
}

@Suite("Rules: every rule's examples")
struct RuleExamplesTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let rule: RuleDescription
        let example: RuleExample
        let triggering: Bool
        var testDescription: String { "\(rule.id): \(example.title)" }
    }

    static let cases: [Case] = RuleCatalogue.all.flatMap { rule in
        rule.triggeringExamples.map { Case(rule: rule, example: $0, triggering: true) }
            + rule.nonTriggeringExamples.map { Case(rule: rule, example: $0, triggering: false) }
    }

    @Test("each example gives exactly its findings of the rule", arguments: cases)
    func example(_ c: Case) throws {
        let findings = try ExampleRunner.run(c.example).filter { $0.rule == c.rule.id }
        let got = findings.map {
            ExpectedFinding($0.reason, at: URL(fileURLWithPath: $0.source).lastPathComponent, line: $0.line, subject: $0.subject)
        }
        #expect(got == c.example.expected, "\(findings.map(\.detail))")
        if !c.triggering { #expect(c.example.expected.isEmpty) }
    }

    @Test("every rule has triggering and non-triggering examples, every reason is triggered")
    func coverage() {
        for rule in RuleCatalogue.all {
            #expect(!rule.triggeringExamples.isEmpty, "\(rule.id) has no triggering example")
            #expect(!rule.nonTriggeringExamples.isEmpty, "\(rule.id) has no non-triggering example")
            let triggered = Set(rule.triggeringExamples.flatMap { $0.expected.map(\.reason) })
            for reason in rule.reasons.map(\.id) where rule.id != "forward-without-consent" {
                #expect(triggered.contains(reason), "\(rule.id): no example for reason \(reason)")
            }
        }
    }

    @Test("rule ids are unique, kebab-case, sorted, and match the config's list")
    func ids() {
        let ids = RuleCatalogue.all.map(\.id)
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
        #expect(ids == RuleIDs.all)
        for id in ids { #expect(id.allSatisfy { $0.isLowercase || $0 == "-" }) }
    }
}
