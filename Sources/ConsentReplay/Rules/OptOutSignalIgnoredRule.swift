/// `opt-out-signal-ignored`: marketing tracking or forwarding in a session whose requests said
/// `Sec-GPC: 1` or `DNT: 1`.
public enum OptOutSignalIgnoredRule {
    public static let description = RuleDescription(
        id: "opt-out-signal-ignored",
        name: "Opt-out signal ignored",
        summary: "Marketing tracking or forwarding happened in a session whose requests carried Sec-GPC: 1 or DNT: 1.",
        rationale: """
            Global Privacy Control and Do Not Track are the visitor's standing objection to being tracked for marketing, \
            sent with every request. They do not change the recorded consent, but a site that keeps tracking for marketing \
            in a session that carries them ignores an objection made by automated means.
            """,
        legalHook: "GDPR art. 21(2)–(5) (objection to direct marketing, by automated means); CCPA/CPRA regulations § 7025",
        defaultSeverity: .medium,
        reasons: [
            ("gpc", "the session's requests carried Sec-GPC: 1"),
            ("dnt", "the session's requests carried DNT: 1"),
        ],
        triggeringExamples: [], nonTriggeringExamples: [])
}

extension OptOutSignalIgnoredRule {
    /// Which opt-out signals a session's requests carried.
    struct SessionSignals {
        var gpc = false
        var dnt = false
    }

    /// A marketing tracking event or forward in a session that carried GPC or DNT.
    static func check(purpose: Purpose, observation: Int32, time: Int64, what: String, signals: SessionSignals,
                      firstSignal: (gpc: Int32, dnt: Int32), _ context: RuleContext, _ sink: inout FindingSink) {
        guard purpose == .marketing else { return }
        let rule = description
        if signals.gpc {
            sink.report(rule, severity: context.severity(rule), reason: "gpc", subjectKind: .signal, subject: "Sec-GPC",
                        observation: observation, time: time, purpose: .marketing, evidence: [firstSignal.gpc]) {
                "\(what) for marketing in a session whose requests carried Sec-GPC: 1."
            }
        }
        if signals.dnt {
            sink.report(rule, severity: context.severity(rule), reason: "dnt", subjectKind: .signal, subject: "DNT",
                        observation: observation, time: time, purpose: .marketing, evidence: [firstSignal.dnt]) {
                "\(what) for marketing in a session whose requests carried DNT: 1."
            }
        }
    }
}
