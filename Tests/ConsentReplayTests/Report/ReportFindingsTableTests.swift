import Testing
@testable import ConsentReplay

/// The findings part of the stdout table (`SummaryReport.findingsTable`).
struct ReportFindingsTableTests {
    @Test func samplesTableMatchesGolden() throws {
        let (result, _) = try SamplesTests.analyze(["samples"])
        expectMatchesSnapshot(SummaryReport.findingsTable(result.analysis), named: "samples-findings-table.txt")
    }

    /// Each rule's row: findings by severity (highest first), findings, distinct sessions;
    /// `-` and zeros for a rule without findings; rows in catalogue order.
    @Test func rowsCountFindingsSeveritiesAndSessions() {
        func finding(_ rule: String, _ severity: Severity, session: String) -> Finding {
            Finding(rule: rule, severity: severity, reason: "r", time: 0, lastTime: 0, occurrences: 1, visitor: "v",
                    session: session, subjectKind: .cookie, subject: "_ga", source: "a.log", line: 1, detail: "")
        }
        var a = AnalysisFindings()
        a.findings = [
            finding("cookie-respawn", .high, session: "s1"), finding("cookie-respawn", .high, session: "s1"),
            finding("cookie-respawn", .medium, session: "s2"), finding("unprovable-consent", .low, session: "s3"),
            finding("not-a-catalogue-rule", .high, session: "s4"),
        ]
        let lines = SummaryReport.findingsTable(a).split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines.first == "RULE SEVERITY FINDINGS SESSIONS")
        #expect(lines.count == RuleCatalogue.all.count + 2)
        #expect(Array(lines.dropFirst().prefix(RuleCatalogue.all.count).map { String($0.split(separator: " ")[0]) }) == RuleCatalogue.all.map(\.id))
        #expect(lines.contains("cookie-respawn high 2, medium 1 3 2"))
        #expect(lines.contains("unprovable-consent low 1 1 1"))
        #expect(lines.contains("tracking-before-consent - 0 0"))
    }
}
