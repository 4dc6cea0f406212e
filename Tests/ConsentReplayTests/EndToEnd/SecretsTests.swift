import Foundation
import Testing
@testable import ConsentReplay

/// Secrets in tagging logs are redacted on ingest: no byte of a secret value may reach any
/// output file or stderr (issue 4's acceptance).
struct SecretsTests {
    static let secrets = ["EAAGsecretTOKEN1234567890", "proofSECRET0987654321abcdef", "apiSECRETvalue5555", "Bearer ya29.SECRETgoogle", "ttSECRETaccess777"]

    static func taggingLog() -> String {
        let t = "2026-11-21T10:00:0"
        var lines: [String] = []
        // Cloud Logging stdout entries holding Stape objects, secrets in URL, body and headers.
        let meta = #"{"Name":"Facebook","Type":"Request","TraceId":"tr1","EventName":"purchase","RequestMethod":"POST","RequestUrl":"https://graph.facebook.com/v19.0/123/events?access_token=\#(secrets[0])&appsecret_proof=\#(secrets[1])","RequestBody":{"data":[{"event_name":"Purchase","event_time":1795255201,"user_data":{"em":["a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3"],"client_ip_address":"203.0.113.9"}}],"access_token":"\#(secrets[0])"}}"#
        let ga4 = #"{"Type":"Request","Name":"GA4","TraceId":"tr1","EventName":"purchase","RequestMethod":"POST","RequestUrl":"https://www.google-analytics.com/mp/collect?measurement_id=G-1&api_secret=\#(secrets[2])","RequestBody":"{\"client_id\":\"1.2\",\"events\":[{\"name\":\"purchase\"}]}"}"#
        let ads = #"{"Type":"Request","Name":"Google Ads","TraceId":"tr1","RequestMethod":"POST","RequestUrl":"https://googleads.googleapis.com/v17/customers/1/conversions:uploadClickConversions","RequestHeaders":{"Authorization":"\#(secrets[3])"},"RequestBody":{"conversions":[{"gclid":"Cj0KCQ"}]}}"#
        let tiktok = #"{"Type":"Request","Name":"TikTok","TraceId":"tr1","RequestMethod":"POST","RequestUrl":"https://business-api.tiktok.com/open_api/v1.3/event/track/","RequestHeaders":{"Access-Token":"\#(secrets[4])"},"RequestBody":{"data":[{"event":"CompletePayment","user":{"email":"b94f6f125c79e3a5ffaa826f584c10d52ada669e6762051b826b55776d05aed2"}}]}}"#
        for (i, object) in [meta, ga4, ads, tiktok].enumerated() {
            let escaped = String(decoding: (try? JSONSerialization.data(withJSONObject: ["x": object])) ?? Data(), as: UTF8.self)
            // The Stape object as a textPayload string (JSON inside a string), as Cloud Run logs stdout.
            let text = escaped.dropFirst(5).dropLast(1)
            lines.append(#"{"insertId":"i\#(i)","textPayload":\#(text),"resource":{"type":"cloud_run_revision","labels":{"service_name":"sgtm"}},"timestamp":"\#(t)\#(i).123456Z","logName":"projects/p/logs/run.googleapis.com%2Fstdout"}"#)
        }
        // A broken line holding a secret: rejected, and its text must not leak into messages either.
        lines.append(#"{"textPayload": "access_token=\#(secrets[0])", "timestamp": broken"#)
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func noSecretReachesAnyOutput() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("sgtm.jsonl").path
        try Self.taggingLog().write(toFile: input, atomically: true, encoding: .utf8)

        var options = AnalyzeOptions()
        options.inputs = try InputFiles.expand([(input, nil)])
        var stderr: [String] = []
        let result = try Analyzer(options: options).run { stderr.append($0) }
        #expect(result.files.first?.kind == .tagging)
        #expect((result.files.first?.tally.taggingCounts.outgoing ?? 0) >= 4)
        // `analyze` keeps compact events; the whole events, as `decode` sees them, must be clean too.
        let events = try FileReader(registry: .standard(logFormat: nil), context: ParseContext(), jobs: 1)
            .read(options.inputs[0]).tally.taggingEvents
        #expect(events.filter { $0.direction == .outgoing }.count >= 4)

        let outputs = [SummaryReport.json(result, options: options).serialized(), SummaryReport.table(result), stderr.joined(separator: "\n"),
                       events.map { "\($0.url ?? "") \($0.tagName ?? "") \($0)" }.joined()]
        for output in outputs {
            for secret in Self.secrets {
                #expect(!output.contains(secret), "a secret leaked")
                // Not even a piece of one.
                #expect(!output.contains(String(secret.dropFirst(4).prefix(10))), "part of a secret leaked")
            }
        }
    }
}
