/// `forward-without-consent`: the tagging server sent a vendor request for a purpose the visitor
/// had not granted.
public enum ForwardWithoutConsentRule {
    public static let description = RuleDescription(
        id: "forward-without-consent",
        name: "Server-side forward without consent",
        summary: "The tagging server sent a request to a vendor for a purpose the visitor had not granted.",
        rationale: """
            Moving tags to a server does not remove the consent requirement: the server forwards what the browser sent, \
            and often more, to third parties the browser never talks to. Each outgoing vendor request is checked against \
            the consent of the visitor whose hit caused it (the hit's own Consent Mode signals and the visitor's consent \
            timeline). A request carrying personal fields is high severity; a field-less ping is low.
            """,
        legalHook: "GDPR art. 6(1)(a), art. 7 and art. 26/28 (joint or processor responsibility for the forward)",
        defaultSeverity: .high,
        reasons: TrackingBeforeConsentRule.description.reasons,
        triggeringExamples: triggering, nonTriggeringExamples: nonTriggering)
}

extension ForwardWithoutConsentRule {
    /// An outgoing vendor request whose purpose is not granted: high with personal fields, low
    /// for a field-less ping.
    static func check(_ f: ForwardEvent, _ d: ConsentTimeline.Decision, _ context: RuleContext, _ sink: inout FindingSink) {
        guard !d.granted else { return }
        let severity: Severity = f.fieldBits != 0 ? context.severity(description) : .low
        sink.report(description, severity: severity, reason: d.reason.rawValue, subjectKind: .vendor, subject: f.vendorID,
                    observation: f.observation, time: f.time, purpose: f.purpose, decision: d, vendor: f.vendorID,
                    fieldBits: f.fieldBits) {
            let carried = f.fieldBits == 0 ? "no personal fields" : f.fields.map(\.description).joined(separator: ", ")
            return "The tagging server forwarded an event to \(f.vendorID) (\(f.purpose.rawValue)) carrying \(carried) while \(f.purpose.rawValue) was \(ReasonText.state(d)): \(ReasonText.consent(d.reason.rawValue))."
        }
    }
}

extension ForwardWithoutConsentRule {
    typealias L = ExampleLogs
    static let triggering: [RuleExample] = [
        RuleExample("A Meta CAPI forward with a hashed e-mail while marketing is denied", files: [
            ExampleFile("tagging.jsonl", [
                L.hitIn("10:00:00.100", trace: "t1", consent: #"{"analytics_storage":"granted","ad_storage":"denied"}"#),
                L.forward("10:00:00.400", trace: "t1", vendor: "meta", url: "https://graph.facebook.com/v21.0/1234/events",
                          fields: #"{"email":"hashed","ip":"clear"}"#),
            ]),
        ], expected: [ExpectedFinding("refused", at: "tagging.jsonl", line: 2, subject: "meta")]),
        RuleExample("A field-less TikTok ping before any choice (low severity)", files: [
            ExampleFile("tagging.jsonl", [
                L.hitIn("10:00:00.100", trace: "t1", consent: "{}"),
                L.forward("10:00:00.300", trace: "t1", vendor: "tiktok", url: "https://business-api.tiktok.com/open_api/v1.3/event/track/"),
            ]),
        ], expected: [ExpectedFinding("no-decision", at: "tagging.jsonl", line: 2, subject: "tiktok")]),
    ]
    static let nonTriggering: [RuleExample] = [
        RuleExample("Marketing granted on the hit: the Meta forward is allowed", files: [
            ExampleFile("tagging.jsonl", [
                L.hitIn("10:00:00.100", trace: "t1", consent: #"{"analytics_storage":"granted","ad_storage":"granted","ad_user_data":"granted"}"#),
                L.forward("10:00:00.400", trace: "t1", vendor: "meta", url: "https://graph.facebook.com/v21.0/1234/events",
                          fields: #"{"email":"hashed"}"#),
            ]),
        ]),
        RuleExample("A GA4 forward (statistics) when only statistics is granted", files: [
            ExampleFile("tagging.jsonl", [
                L.hitIn("10:00:00.100", trace: "t1", consent: #"{"analytics_storage":"granted","ad_storage":"denied"}"#),
                L.forward("10:00:00.200", trace: "t1", vendor: "google-analytics", url: "https://region1.google-analytics.com/g/collect",
                          fields: #"{"client_id":"clear"}"#),
            ]),
        ]),
        RuleExample("A forward linked to no hit, with no identifier: visitor unknown, nothing guessed", files: [
            ExampleFile("tagging.jsonl", [
                L.forward("10:00:00.400", trace: "t9", vendor: "meta", url: "https://graph.facebook.com/v21.0/1234/events",
                          fields: #"{"email":"hashed"}"#),
            ]),
        ]),
    ]
}
