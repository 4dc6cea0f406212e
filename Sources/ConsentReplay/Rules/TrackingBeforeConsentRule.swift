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
        triggeringExamples: [], nonTriggeringExamples: [])
}

extension TrackingBeforeConsentRule {
    /// A tracking event whose purpose is not granted at its time.
    static func check(_ e: TrackingEvent, _ d: ConsentTimeline.Decision, _ context: RuleContext, _ sink: inout FindingSink) {
        guard !d.granted else { return }
        let rule = description
        sink.report(rule, severity: context.severity(rule), reason: d.reason, subjectKind: e.subjectKind, subject: e.subject,
                    observation: e.observation, time: e.time, purpose: e.purpose, decision: d) {
            let what = e.subjectKind == .cookie ? "Cookie \(e.subject) (\(e.purpose.rawValue)) \(e.action)" : "Hit to \(e.subject) carrying an identifier (\(e.purpose.rawValue))"
            return "\(what) while \(e.purpose.rawValue) was \(ReasonText.state(d)): \(ReasonText.consent(d.reason))."
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
        d.source.isEmpty ? d.state : "\(d.state) (\(d.source))"
    }
}
