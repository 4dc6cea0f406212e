/// `tracking-before-consent`: tracking for a purpose at a moment when no source grants it.
public enum TrackingBeforeConsentRule {
    public static let description = RuleDescription(
        id: "tracking-before-consent",
        name: "Tracking before consent",
        summary: "A non-necessary cookie was set or sent, or a tracking hit carried an identifier, while no source granted its purpose.",
        rationale: """
            Storing or reading an identifier on a visitor's device for anything but a strictly necessary purpose needs prior \
            consent. Every set and every presentation of a cookie, and every analytics hit that carries an identifier, is \
            checked against the visitor's consent at that moment (clock-skew tolerance applied). Implied consent and Consent \
            Mode "granted by default" are not consent unless the configuration says so; they are reported with their own reason.
            """,
        legalHook: "ePrivacy Directive art. 5(3); GDPR art. 6(1)(a) and art. 7",
        defaultSeverity: .high,
        reasons: [
            ("no-decision", "the visitor had not answered the banner yet"),
            ("refused", "the visitor had refused the purpose"),
            ("withdrawn", "the visitor had granted the purpose and then withdrawn it"),
            ("implied-only", "the only grant was implied consent, which does not count"),
            ("default-granted", "the only grant was a Consent Mode default, which does not count"),
        ],
        triggeringExamples: triggering, nonTriggeringExamples: nonTriggering)
}

extension TrackingBeforeConsentRule {
    /// A tracking event whose purpose is not granted at its time.
    static func check(_ e: TrackingEvent, _ d: ConsentTimeline.Decision, _ context: RuleContext, _ sink: inout FindingSink) {
        guard !d.granted else { return }
        sink.report(description, severity: context.severity(description), reason: d.reason.rawValue, subjectKind: e.subjectKind, subject: e.subject,
                    observation: e.observation, time: e.time, purpose: e.purpose, decision: d) {
            let what = e.subjectKind == .cookie ? "Cookie \(e.subject) (\(e.purpose.rawValue)) \(e.action)" : "Hit to \(e.subject) carrying an identifier (\(e.purpose.rawValue))"
            return "\(what) while \(e.purpose.rawValue) was \(ReasonText.state(d)): \(ReasonText.consent(d.reason.rawValue))."
        }
    }
}

/// Sentences shared by the rules' details.
enum ReasonText {
    static func consent(_ reason: String) -> String {
        switch reason {
        case "no-decision": return "the visitor had not answered the banner"
        case "refused": return "the visitor had refused it"
        case "withdrawn": return "the visitor had withdrawn an earlier grant"
        case "implied-only": return "the only grant was implied consent, which does not count"
        case "default-granted": return "the only grant was a Consent Mode default, which does not count"
        default: return reason
        }
    }

    static func state(_ d: ConsentTimeline.Decision) -> String {
        d.source == .none ? d.state.rawValue : "\(d.state.rawValue) (\(d.source.rawValue))"
    }
}

extension TrackingBeforeConsentRule {
    typealias L = ExampleLogs
    static let triggering: [RuleExample] = [
        RuleExample("_ga set on the landing page before the banner was answered", files: [
            ExampleFile("access.log", [L.access("10:00:00", "GET /", setCookie: L.setGA)]),
        ], config: L.accessConfig, expected: [ExpectedFinding("no-decision", at: "access.log", line: 1, subject: "_ga")]),
        RuleExample("_fbp still sent after \"reject all\" (twice: one finding)", files: [
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /", cookie: L.cookiebot("s1", statistics: false, marketing: false) + "; " + L.fbp),
                L.access("10:00:05", "GET /cart", cookie: L.cookiebot("s1", statistics: false, marketing: false) + "; " + L.fbp),
            ]),
        ], config: L.accessConfig, expected: [ExpectedFinding("refused", at: "access.log", line: 1, subject: "_fbp")]),
        RuleExample("_ga still sent after the visitor withdrew statistics", files: [
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /", cookie: L.cookiebot("s1", statistics: true, marketing: false) + "; " + L.ga),
                L.access("10:03:00", "GET /account", cookie: L.cookiebot("s1", statistics: false, marketing: false) + "; " + L.ga),
            ]),
        ], config: L.accessConfig, expected: [ExpectedFinding("withdrawn", at: "access.log", line: 2, subject: "_ga")]),
        RuleExample("An implied grant (the banner closed without a choice)", files: [
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /", cookie: L.cookiebot("s1", statistics: true, marketing: false, method: "implied") + "; " + L.ga),
            ]),
        ], config: L.accessConfig, expected: [ExpectedFinding("implied-only", at: "access.log", line: 1, subject: "_ga")]),
        RuleExample("A GA4 hit with a client id under Consent Mode defaults only (gcd letters t)", files: [
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /g/collect?v=2&tid=G-K7QZ3M2P8L&cid=111.222&en=page_view&gcd=13t3t3t2t5"),
            ]),
        ], config: L.accessConfig, expected: [ExpectedFinding("default-granted", at: "access.log", line: 1, subject: "/g/collect")]),
    ]
    static let nonTriggering: [RuleExample] = [
        RuleExample("Necessary and CMP cookies before any choice", files: [
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /", setCookie: "PHPSESSID=9f2c1e; Path=/; HttpOnly"),
                L.access("10:00:09", "GET /cart", cookie: "PHPSESSID=9f2c1e; " + L.cookiebot("s1", statistics: false, marketing: false)),
            ]),
        ], config: L.accessConfig),
        RuleExample("_ga set one second before the grant reached the logs (within the 2 s clock skew)", files: [
            ExampleFile("access.log", [
                L.access("10:00:00", "GET /", setCookie: L.setGA),
                L.access("10:00:01", "GET /shop", cookie: L.cookiebot("s1", statistics: true, marketing: false) + "; " + L.ga),
            ]),
        ], config: L.accessConfig),
        RuleExample("A cookieless ping: gcs=G100, no cookies, no user id", files: [
            ExampleFile("access.log", [L.access("10:00:00", "GET /g/collect?v=2&tid=G-K7QZ3M2P8L&cid=987.654&en=page_view&gcs=G100")]),
        ], config: L.accessConfig),
        RuleExample("Consent given in an earlier session still holds", files: [
            ExampleFile("access.log", [
                L.access("20 18:00:00", "GET /", cookie: L.cookiebot("s1", statistics: true, marketing: false) + "; " + L.ga),
                L.access("21 09:00:00", "GET /", cookie: L.ga),
            ]),
        ], config: L.accessConfig),
    ]
}
