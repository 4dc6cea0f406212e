/// `consent-mismatch`: the browser grants a purpose the latest consent record denies.
public enum ConsentMismatchRule {
    public static let description = RuleDescription(
        id: "consent-mismatch",
        name: "Browser consent contradicts the record",
        summary: "The browser's consent state granted a purpose while the visitor's latest consent record denied or withdrew it.",
        rationale: """
            When the CMP cookie or Consent Mode says "granted" but the consent log says the visitor refused or withdrew, \
            the tags follow a choice the visitor did not make: a stale cookie after a withdrawal, a CMP that failed to \
            update, or a cookie forged by the site. Tracking that follows the browser is covered by the other rules; this \
            rule reports the contradiction itself, once per session and purpose.
            """,
        legalHook: "GDPR art. 7(3) (withdrawal as easy as giving) and art. 7(1)",
        defaultSeverity: .high,
        reasons: [
            ("record-denies", "the latest record denied the purpose"),
            ("record-withdrew", "the latest record withdrew a grant of the purpose"),
        ],
        triggeringExamples: triggering, nonTriggeringExamples: nonTriggering)
}

extension ConsentMismatchRule {
    /// An observation whose own browser signals grant a purpose the latest record (at least
    /// the clock skew earlier) denies or withdrew.
    static func check(observation: Int32, time: Int64, browser: ConsentStatement, timeline: ConsentTimeline,
                      _ context: RuleContext, _ sink: inout FindingSink) {
        guard !browser.isEmpty else { return }
        for p in Purpose.allCases where p != .necessary && timeline.counts(browser[p]) {
            guard let refusal = timeline.recordRefusal(p), !timeline.recordGrantNear(p, at: time) else { continue }
            let reason = refusal.state == .withdrawn ? "record-withdrew" : "record-denies"
            let decision = ConsentTimeline.Decision(granted: true, reason: .none, state: .granted, source: .browser,
                                                    observation: observation, grantingRecord: -1, recordState: refusal.state)
            sink.report(description, severity: context.severity(description), reason: reason, subjectKind: .purpose, subject: p.rawValue,
                        observation: observation, time: time, purpose: p, decision: decision,
                        consentRecord: refusal.observation, evidence: [refusal.observation]) {
                "The browser's consent state granted \(p.rawValue) while the visitor's latest consent record \(refusal.state == .withdrawn ? "withdrew" : "denied") it."
            }
        }
    }
}

extension ConsentMismatchRule {
    typealias L = ExampleLogs
    static let triggering: [RuleExample] = [
        RuleExample("The CMP cookie grants statistics; the record says denied", files: [
            ExampleFile("consent.csv", [L.consentHeader, L.consent("10:00:00.000", "s1", statistics: false, marketing: false)]),
            ExampleFile("access.log", [
                L.access("10:05:00", "GET /", cookie: L.cookiebot("s1", statistics: true, marketing: false)),
            ]),
        ], config: L.accessConfig, expected: [ExpectedFinding("record-denies", at: "access.log", line: 1, subject: "statistics")]),
        RuleExample("A record withdraws marketing while the cookie still grants it", files: [
            ExampleFile("consent.csv", [
                L.consentHeader,
                L.consent("09:00:00.000", "s1", statistics: true, marketing: true),
                L.consent("10:00:00.000", "s1", statistics: true, marketing: false),
            ]),
            ExampleFile("access.log", [
                L.access("10:05:00", "GET /", cookie: L.cookiebot("s1", statistics: true, marketing: true)),
            ]),
        ], config: L.accessConfig, expected: [ExpectedFinding("record-withdrew", at: "access.log", line: 1, subject: "marketing")]),
    ]
    static let nonTriggering: [RuleExample] = [
        RuleExample("The denying record is logged after the request (within the clock skew)", files: [
            ExampleFile("consent.csv", [L.consentHeader, L.consent("10:00:01.000", "s1", statistics: false, marketing: false)]),
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /", cookie: L.cookiebot("s1", statistics: true, marketing: false)),
            ]),
        ], config: L.accessConfig),
        RuleExample("A change of mind to \"allow all\": the new record comes just before the new cookie", files: [
            ExampleFile("consent.csv", [
                L.consentHeader,
                L.consent("09:00:00.000", "s1", statistics: false, marketing: false),
                L.consent("10:00:00.003", "s1", statistics: true, marketing: true),
            ]),
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /shop", cookie: L.cookiebot("s1", statistics: true, marketing: true)),
            ]),
        ], config: L.accessConfig),
        RuleExample("Cookie and record agree", files: [
            ExampleFile("consent.csv", [L.consentHeader, L.consent("10:00:00.000", "s1", statistics: true, marketing: false)]),
            ExampleFile("access.log", [
                L.access("10:05:00", "GET /", cookie: L.cookiebot("s1", statistics: true, marketing: false)),
            ]),
        ], config: L.accessConfig),
    ]
}
