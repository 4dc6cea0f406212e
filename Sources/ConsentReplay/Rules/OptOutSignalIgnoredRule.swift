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
        triggeringExamples: triggering, nonTriggeringExamples: nonTriggering)
}

extension OptOutSignalIgnoredRule {
    /// Which opt-out signals a session's requests carried.
    struct SessionSignals {
        var gpc = false
        var dnt = false
    }

    /// A marketing tracking event or forward in a session that carried GPC or DNT.
    static func check(purpose: Purpose, observation: Int32, time: Int64, what: @autoclosure () -> String, signals: SessionSignals,
                      firstSignal: (gpc: Int32, dnt: Int32), _ context: RuleContext, _ sink: inout FindingSink) {
        guard purpose == .marketing else { return }
        if signals.gpc {
            sink.report(description, severity: context.severity(description), reason: "gpc", subjectKind: .signal, subject: "Sec-GPC",
                        observation: observation, time: time, purpose: .marketing, evidence: [firstSignal.gpc]) {
                "\(what()) for marketing in a session whose requests carried Sec-GPC: 1."
            }
        }
        if signals.dnt {
            sink.report(description, severity: context.severity(description), reason: "dnt", subjectKind: .signal, subject: "DNT",
                        observation: observation, time: time, purpose: .marketing, evidence: [firstSignal.dnt]) {
                "\(what()) for marketing in a session whose requests carried DNT: 1."
            }
        }
    }
}

extension OptOutSignalIgnoredRule {
    typealias L = ExampleLogs
    static let triggering: [RuleExample] = [
        RuleExample("_fbp sent with Sec-GPC: 1 (marketing granted in the banner)", files: [
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /", cookie: L.cookiebot("s1", statistics: true, marketing: true) + "; " + L.fbp, gpc: "1"),
            ]),
        ], config: L.accessConfig, expected: [ExpectedFinding("gpc", at: "access.log", line: 1, subject: "Sec-GPC")]),
        RuleExample("_fbp sent in a session whose requests carry DNT: 1", files: [
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /", cookie: L.cookiebot("s1", statistics: true, marketing: true), dnt: "1"),
                L.access("10:00:04", "GET /shop", cookie: L.cookiebot("s1", statistics: true, marketing: true) + "; " + L.fbp, dnt: "1"),
            ]),
        ], config: L.accessConfig, expected: [ExpectedFinding("dnt", at: "access.log", line: 2, subject: "DNT")]),
    ]
    static let nonTriggering: [RuleExample] = [
        RuleExample("Sec-GPC: 1 with statistics only (GPC is about marketing)", files: [
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /", cookie: L.cookiebot("s1", statistics: true, marketing: false) + "; " + L.ga, gpc: "1"),
            ]),
        ], config: L.accessConfig),
    ]
}
