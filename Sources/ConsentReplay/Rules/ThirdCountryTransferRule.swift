/// `third-country-transfer`: personal data sent to a vendor outside the EEA with no transfer
/// mechanism configured.
public enum ThirdCountryTransferRule {
    public static let description = RuleDescription(
        id: "third-country-transfer",
        name: "Transfer outside the EEA without a mechanism",
        summary: "Personal fields were sent to a vendor outside the EEA whose transfer mechanism is not configured, or an IP the site promised to minimise was sent whole.",
        rationale: """
            Personal data may leave the EEA only to a country with an adequacy decision or under appropriate safeguards \
            (standard contractual clauses, binding corporate rules, the EU–US Data Privacy Framework for certified \
            importers). The vendor catalogue holds each vendor's country and default mechanism; the configuration can set \
            the site's own. A field-less ping is no transfer of personal data and gives no finding.
            """,
        legalHook: "GDPR chapter V (art. 44–49)",
        defaultSeverity: .medium,
        reasons: [
            ("no-mechanism", "the vendor is outside the EEA and no transfer mechanism is configured"),
            ("ip-not-minimised", "the configuration promises IP minimisation for this vendor, but a full IP was sent"),
        ],
        triggeringExamples: triggering, nonTriggeringExamples: nonTriggering)
}

extension ThirdCountryTransferRule {
    /// Personal fields to a non-EEA vendor without adequacy or mechanism; a full IP to a vendor
    /// the config says gets minimised IPs.
    static func check(_ f: ForwardEvent, _ context: RuleContext, _ sink: inout FindingSink) {
        guard f.fieldBits != 0, let vendor = f.vendor else { return }
        let clearIP = f.fieldBits & TaggingEvent.bit(PersonalValue(.ip, hashed: false)) != 0
        let reason: String
        if vendor.isThirdCountry, !Countries.adequate.contains(vendor.country), vendor.mechanism == .none {
            reason = "no-mechanism"
        } else if vendor.minimiseIP, clearIP {
            reason = "ip-not-minimised"
        } else {
            return
        }
        sink.report(description, severity: context.severity(description), reason: reason, subjectKind: .vendor, subject: f.vendorID,
                    observation: f.observation, time: f.time, purpose: f.purpose, vendor: f.vendorID, fieldBits: f.fieldBits) {
            let fields = f.fields.map(\.description).joined(separator: ", ")
            if reason == "no-mechanism" {
                return "Personal fields (\(fields)) sent to \(vendor.name) in \(vendor.country), outside the EEA, with no transfer mechanism configured."
            }
            return "A full IP address was sent to \(vendor.name) (\(vendor.country)), which the configuration says receives minimised IPs."
        }
    }
}

extension ThirdCountryTransferRule {
    typealias L = ExampleLogs
    static let granted = #"{"analytics_storage":"granted","ad_storage":"granted","ad_user_data":"granted"}"#
    static let minimising = """
        vendors:
          - id: eu-analytics
            name: EU Analytics
            hosts: [collect.eu-analytics.example]
            purpose: statistics
            country: DE
            mechanism: none
            minimise_ip: true
        """
    static let triggering: [RuleExample] = [
        RuleExample("Hashed e-mail and IP to TikTok (US, no mechanism configured)", files: [
            ExampleFile("tagging.jsonl", [
                L.hitIn("10:00:00.100", trace: "t1", consent: granted),
                L.forward("10:00:00.300", trace: "t1", vendor: "tiktok", url: "https://business-api.tiktok.com/open_api/v1.3/event/track/",
                          fields: #"{"email":"hashed","ip":"clear"}"#),
            ]),
        ], expected: [ExpectedFinding("no-mechanism", at: "tagging.jsonl", line: 2, subject: "tiktok")]),
        RuleExample("A full IP to a vendor the config says receives minimised IPs", files: [
            ExampleFile("tagging.jsonl", [
                L.hitIn("10:00:00.100", trace: "t1", consent: granted),
                L.forward("10:00:00.300", trace: "t1", vendor: "eu-analytics", url: "https://collect.eu-analytics.example/e",
                          fields: #"{"ip":"clear","client_id":"clear"}"#),
            ]),
        ], config: minimising, expected: [ExpectedFinding("ip-not-minimised", at: "tagging.jsonl", line: 2, subject: "eu-analytics")]),
    ]
    static let nonTriggering: [RuleExample] = [
        RuleExample("A field-less ping to TikTok carries no personal data", files: [
            ExampleFile("tagging.jsonl", [
                L.hitIn("10:00:00.100", trace: "t1", consent: granted),
                L.forward("10:00:00.300", trace: "t1", vendor: "tiktok", url: "https://business-api.tiktok.com/open_api/v1.3/event/track/"),
            ]),
        ]),
        RuleExample("Meta is certified under the Data Privacy Framework", files: [
            ExampleFile("tagging.jsonl", [
                L.hitIn("10:00:00.100", trace: "t1", consent: granted),
                L.forward("10:00:00.300", trace: "t1", vendor: "meta", url: "https://graph.facebook.com/v21.0/1234/events",
                          fields: #"{"email":"hashed","ip":"clear"}"#),
            ]),
        ]),
    ]
}
