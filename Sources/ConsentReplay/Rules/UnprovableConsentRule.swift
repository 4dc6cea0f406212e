/// `unprovable-consent`: tracking relied on a grant the site cannot prove.
public enum UnprovableConsentRule {
    public static let description = RuleDescription(
        id: "unprovable-consent",
        name: "Consent the site cannot prove",
        summary: "Tracking or forwarding relied on a grant seen only in the browser with no matching consent record, or on a record lacking required evidence.",
        rationale: """
            The controller must be able to demonstrate consent: when it was given, by whom, to which text and what was \
            chosen. A CMP cookie or a Consent Mode signal shows what the browser holds, not what the visitor agreed to. \
            When consent records are part of the input, every grant tracking relied on must match a record of the visitor \
            carrying the evidence fields the configuration requires. Proof must be kept as long as a fine can be imposed \
            (five years in the Netherlands).
            """,
        legalHook: "GDPR art. 7(1) and art. 5(2) (accountability)",
        defaultSeverity: .medium,
        reasons: [
            ("no-record", "no consent record of the visitor grants the purpose"),
            ("incomplete-record", "the granting record lacks a required evidence field"),
        ],
        triggeringExamples: triggering, nonTriggeringExamples: nonTriggering)
}

extension UnprovableConsentRule {
    /// A granted tracking event or forward: the grant must match a complete consent record.
    static func check(purpose: Purpose, observation: Int32, time: Int64, what: @autoclosure () -> String, _ d: ConsentTimeline.Decision,
                      _ context: RuleContext, _ sink: inout FindingSink) {
        guard d.granted, context.store.hasConsentRecords else { return }
        if d.grantingRecord >= 0 {
            guard context.incompleteRecords.contains(d.grantingRecord) else { return }
            sink.report(description, severity: context.severity(description), reason: "incomplete-record", subjectKind: .purpose,
                        subject: purpose.rawValue, observation: observation, time: time, purpose: purpose, decision: d,
                        consentRecord: d.grantingRecord) {
                // Read for the first offending event only (the record's facts are elsewhere in the store).
                let missing = context.recordFacts(d.grantingRecord).map { context.store.batches[$0.batch].strings[Int($0.0.missingEvidence)] } ?? ""
                return "\(what()) relied on a consent record for \(purpose.rawValue) that lacks \(missing.split(separator: ",", omittingEmptySubsequences: false).joined(separator: ", "))."
            }
            return
        }
        // Only the browser grants. A record that denies or withdrew is `consent-mismatch`.
        guard d.recordState == .undecided else { return }
        sink.report(description, severity: context.severity(description), reason: "no-record", subjectKind: .purpose, subject: purpose.rawValue,
                    observation: observation, time: time, purpose: purpose, decision: d) {
            "\(what()) relied on a \(purpose.rawValue) grant seen only in the browser; no consent record of the visitor grants it."
        }
    }
}

extension UnprovableConsentRule {
    typealias L = ExampleLogs
    static let triggering: [RuleExample] = [
        RuleExample("A CMP cookie grants statistics but the consent log has no record of the visitor", files: [
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /", cookie: L.cookiebot("s1", statistics: true, marketing: false) + "; " + L.ga),
            ]),
            ExampleFile("consent.csv", [L.consentHeader, L.consent("09:00:00.000", "other", statistics: true, marketing: true)]),
        ], config: L.accessConfig, expected: [ExpectedFinding("no-record", at: "access.log", line: 1, subject: "statistics")]),
        RuleExample("The granting record has no banner version", files: [
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /", cookie: L.cookiebot("s1", statistics: true, marketing: false) + "; " + L.ga),
            ]),
            ExampleFile("consent.csv", [L.consentHeader, L.consent("09:59:58.000", "s1", statistics: true, marketing: false, version: "")]),
        ], config: L.accessConfig, expected: [ExpectedFinding("incomplete-record", at: "access.log", line: 1, subject: "statistics")]),
    ]
    static let nonTriggering: [RuleExample] = [
        RuleExample("A complete record matches the CMP cookie", files: [
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /", cookie: L.cookiebot("s1", statistics: true, marketing: false) + "; " + L.ga),
            ]),
            ExampleFile("consent.csv", [L.consentHeader, L.consent("09:59:58.000", "s1", statistics: true, marketing: false)]),
        ], config: L.accessConfig),
        RuleExample("No consent log among the inputs: nothing to prove against", files: [
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /", cookie: L.cookiebot("s1", statistics: true, marketing: false) + "; " + L.ga),
            ]),
        ], config: L.accessConfig),
    ]
}
