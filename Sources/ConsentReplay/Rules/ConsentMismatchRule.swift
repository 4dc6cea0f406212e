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
        triggeringExamples: [], nonTriggeringExamples: [])
}

extension ConsentMismatchRule {
    /// An observation whose own browser signals grant a purpose the latest record (at least
    /// the clock skew earlier) denies or withdrew.
    static func check(observation: Int32, time: Int64, browser: ConsentStatement, timeline: ConsentTimeline,
                      _ context: RuleContext, _ sink: inout FindingSink) {
        guard !browser.isEmpty else { return }
        let rule = description
        for p in Purpose.allCases where p != .necessary && timeline.counts(browser[p]) {
            guard let refusal = timeline.recordRefusal(p) else { continue }
            let reason = refusal.state == "withdrawn" ? "record-withdrew" : "record-denies"
            let decision = ConsentTimeline.Decision(granted: true, reason: "", state: "granted", source: "browser",
                                                    observation: observation, grantingRecord: -1, recordState: refusal.state)
            sink.report(rule, severity: context.severity(rule), reason: reason, subjectKind: .purpose, subject: p.rawValue,
                        observation: observation, time: time, purpose: p, decision: decision,
                        consentRecord: refusal.observation, evidence: [refusal.observation]) {
                "The browser's consent state granted \(p.rawValue) while the visitor's latest consent record \(refusal.state == "withdrawn" ? "withdrew" : "denied") it."
            }
        }
    }
}
