import Foundation
import Testing
@testable import ConsentReplay

/// What `consent-replay rules` and `consent-replay explain` print.
struct ReportRuleListingTests {
    @Test func tableHasOneAlignedLinePerRuleSortedByID() throws {
        let lines = RuleListing.table().split(separator: "\n")
        #expect(lines.count == RuleCatalogue.all.count + 1)
        #expect(lines[0].hasPrefix("RULE "))
        let ids = lines.dropFirst().map { String($0.prefix { $0 != " " }) }
        #expect(ids == RuleCatalogue.all.map(\.id).sorted())
        // Every line has its severity and summary starting in the same columns.
        let severityColumn = try #require(lines[0].range(of: "SEVERITY")).lowerBound.utf16Offset(in: lines[0])
        let summaryColumn = try #require(lines[0].range(of: "SUMMARY")).lowerBound.utf16Offset(in: lines[0])
        for (line, rule) in zip(lines.dropFirst(), RuleCatalogue.all.sorted { $0.id < $1.id }) {
            let text = String(line)
            #expect(text.dropFirst(severityColumn).hasPrefix(rule.defaultSeverity.rawValue + " "))
            #expect(String(text.dropFirst(summaryColumn)) == rule.summary)
            #expect(!text.hasSuffix(" "))
        }
    }

    @Test func json() throws {
        let text = RuleListing.json().serialized()
        let array = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(array.count == RuleCatalogue.all.count)
        #expect(array.compactMap { $0["id"] as? String } == RuleCatalogue.all.map(\.id).sorted())
        for object in array {
            #expect(Set(object.keys) == ["id", "name", "severity", "summary", "reasons"])
            let reasons = try #require(object["reasons"] as? [[String: String]])
            #expect(!reasons.isEmpty)
            #expect(reasons.allSatisfy { Set($0.keys) == ["id", "meaning"] })
        }
        let respawn = try #require(array.first { $0["id"] as? String == "cookie-respawn" })
        #expect(respawn["severity"] as? String == "high")
        #expect((respawn["reasons"] as? [[String: String]])?.map { $0["id"] } == ["server-set", "client-restored", "mirror"])
        // Keys are sorted in the text itself.
        #expect(RuleListing.json([RuleCatalogue.all[0]]).serialized(indent: 0).hasPrefix(#"[{"id":"#))
    }

    @Test(arguments: RuleCatalogue.all.map(\.id))
    func explanationHasEverySection(id: String) throws {
        let rule = try #require(RuleCatalogue.rule(id))
        let text = RuleListing.explanation(of: rule)
        #expect(text.hasPrefix("\(rule.name) (\(rule.id))\nDefault severity: \(rule.defaultSeverity.rawValue)\n"))
        for heading in ["\nSummary\n", "\nRationale\n", "\nLegal hook\n", "\nReasons\n"] {
            #expect(text.contains(heading), "\(heading)")
        }
        for reason in rule.reasons { #expect(text.contains("  \(reason.id)  ")) }
        // Prose is wrapped (example lines, indented by seven spaces, are printed as they are).
        #expect(text.split(separator: "\n").filter { !$0.hasPrefix("       ") }.allSatisfy { $0.count <= RuleListing.width })
        // The prose survives wrapping word for word.
        #expect(text.replacingOccurrences(of: "\n  ", with: " ").contains(rule.rationale))
    }

    @Test func explanationPrintsExamples() {
        var rule = RuleDescription(
            id: "cookie-respawn", name: "Respawned identifier cookie", summary: "Summary.", rationale: "Why.",
            legalHook: "ePrivacy art. 5(3)", defaultSeverity: .high, reasons: [("server-set", "set again")],
            triggeringExamples: [], nonTriggeringExamples: [])
        #expect(!RuleListing.explanation(of: rule).contains("examples"))
        rule.triggeringExamples = [
            RuleExample("Deleted, then set again", files: [ExampleFile("access.log", ["line a", "", "line c"])],
                        config: "session_timeout: 30m",
                        expected: [ExpectedFinding("server-set", at: "access.log", line: 3, subject: "_ga")]),
        ]
        rule.nonTriggeringExamples = [
            RuleExample("A refresh", files: [ExampleFile("a.log", ["x"]), ExampleFile("b.log", ["y"])]),
        ]
        let text = RuleListing.explanation(of: rule)
        #expect(text.hasSuffix("""

            Triggering examples
              1. Deleted, then set again
                 configuration (--config):
                   1 | session_timeout: 30m
                 access.log:
                   1 | line a
                   2 |
                   3 | line c
                 expected findings:
                   - server-set _ga at access.log:3

            Non-triggering examples
              1. A refresh
                 a.log:
                   1 | x
                 b.log:
                   1 | y
                 expected: no finding of this rule

            """), "\(text)")
    }

    @Test func wrapKeepsLongWordsWhole() {
        #expect(RuleListing.wrap("aa bb cc", width: 7, indent: "  ") == ["  aa bb", "  cc"])
        #expect(RuleListing.wrap("https://very.long.example/path", width: 10, indent: "  ") == ["  https://very.long.example/path"])
        #expect(RuleListing.wrap("", width: 10, indent: "  ") == [""])
    }

    @Test(arguments: [
        ("cookie-respwn", "cookie-respawn"),
        ("Cookie-Respawn", "cookie-respawn"),
        ("respawn", "cookie-respawn"),
        ("tracking", "tracking-before-consent"),
    ])
    func unknownIDSuggestsTheClosest(typo: String, suggestion: String) {
        let message = RuleListing.unknownRuleMessage(typo)
        #expect(message.hasPrefix("unknown rule `\(typo)` (did you mean `\(suggestion)`?); valid rule ids: "))
    }

    @Test func unknownIDListsEveryValidID() {
        let message = RuleListing.unknownRuleMessage("nope")
        #expect(message == "unknown rule `nope`; valid rule ids: " + RuleCatalogue.all.map(\.id).sorted().joined(separator: ", "))
    }
}
