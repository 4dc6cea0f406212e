import Foundation
import Testing
@testable import ConsentReplay

/// `findings.csv` and `findings.jsonl`: exact columns, exact bytes for a known pair of findings,
/// and JSON lines that a generic JSON reader reads back with the right keys and types.
struct ReportFindingsOutputTests {
    /// 2026-11-21T13:55:36.000Z.
    static let t0: Int64 = 1_795_269_336_000

    static let findings: [Finding] = [
        Finding(
            id: "4980b6c99f4d33b7", rule: "tracking-before-consent", severity: .high, reason: "no-decision",
            time: t0, lastTime: t0 + 60_250, occurrences: 3, visitor: "v-1", session: "s-1",
            subjectKind: .cookie, subject: "_fbp", purpose: .marketing, consentState: "undecided",
            vendor: "meta", fields: [PersonalValue(.email, hashed: true), PersonalValue(.ip, hashed: false)],
            source: "logs/access.log", line: 12,
            detail: "Cookie _fbp set before any consent decision, \"marketing\" undecided",
            evidence: [
                EvidenceEntry(source: "logs/access.log", line: 12, time: t0, what: "Set-Cookie _fbp=fb.1.1.2 set"),
                EvidenceEntry(source: "logs/access.log", line: 15, time: t0 + 60_250, what: "Cookie _fbp=fb.1.1.2 sent"),
            ]),
        Finding(
            id: "bf6bff4ce218444b", rule: "cookie-respawn", severity: .high, reason: "server-set",
            time: t0 + 64_000, lastTime: t0 + 64_000, occurrences: 1, visitor: "v-2", session: "s-2",
            subjectKind: .cookie, subject: "=HYPERLINK(\"http://x\")", consentState: "denied", consentSource: "record",
            consentRecord: "consent.csv:4", source: "logs/a,b.log", line: 7, detail: "line one\nline two"),
    ]

    @Test func csvHeaderIsTheContractsColumns() {
        #expect(FindingsCSV.render([]) == "id,rule,severity,reason,time,last_time,occurrences,visitor,session,subject_kind,subject,purpose,consent_state,consent_source,consent_record,vendor,fields,source,line,detail\r\n")
        #expect(FindingsCSV.columns.count == FindingsCSV.cells(Self.findings[0]).count)
    }

    @Test func csvOfTwoFindings() {
        let expected = """
            id,rule,severity,reason,time,last_time,occurrences,visitor,session,subject_kind,subject,purpose,consent_state,consent_source,consent_record,vendor,fields,source,line,detail\r
            4980b6c99f4d33b7,tracking-before-consent,high,no-decision,2026-11-21T13:55:36.000Z,2026-11-21T13:56:36.250Z,3,v-1,s-1,cookie,_fbp,marketing,undecided,,,meta,email(hashed);ip(clear),logs/access.log,12,"Cookie _fbp set before any consent decision, ""marketing"" undecided"\r
            bf6bff4ce218444b,cookie-respawn,high,server-set,2026-11-21T13:56:40.000Z,2026-11-21T13:56:40.000Z,1,v-2,s-2,cookie,"'=HYPERLINK(""http://x"")",,denied,record,consent.csv:4,,,"logs/a,b.log",7,"line one
            line two"\r

            """
        #expect(FindingsCSV.render(Self.findings) == expected)
    }

    @Test func csvKeepsTheGivenOrder() {
        let reversed = Array(Self.findings.reversed())
        let lines = FindingsCSV.render(reversed).split(separator: "\r\n")
        #expect(lines[1].hasPrefix("bf6bff4ce218444b,"))
    }

    @Test func jsonlExactLine() {
        let line = FindingsJSONL.render([Self.findings[1]])
        #expect(line == #"{"consent_record":"consent.csv:4","consent_source":"record","consent_state":"denied","detail":"line one\nline two","evidence":[],"fields":[],"id":"bf6bff4ce218444b","last_time":"2026-11-21T13:56:40.000Z","line":7,"occurrences":1,"purpose":null,"reason":"server-set","rule":"cookie-respawn","session":"s-2","severity":"high","source":"logs/a,b.log","subject":"=HYPERLINK(\"http://x\")","subject_kind":"cookie","time":"2026-11-21T13:56:40.000Z","vendor":"","visitor":"v-2"}"# + "\n")
    }

    @Test func jsonlReadsBackWithTheExpectedKeysAndTypes() throws {
        let text = FindingsJSONL.render(Self.findings)
        #expect(text.hasSuffix("\n"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 2)
        let objects = try lines.map { line -> [String: Any] in
            let value = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(value as? [String: Any])
        }
        for object in objects {
            #expect(Set(object.keys) == Set(FindingsCSV.columns + ["evidence"]))
            for key in ["id", "rule", "severity", "reason", "time", "last_time", "visitor", "session", "subject_kind", "subject",
                        "consent_state", "consent_source", "consent_record", "vendor", "source", "detail"] {
                #expect(object[key] is String, "\(key)")
            }
            #expect(object["occurrences"] is Int)
            #expect(object["line"] is Int)
            #expect(object["fields"] is [String])
            #expect(object["evidence"] is [[String: Any]])
        }
        let first = objects[0]
        #expect(first["purpose"] as? String == "marketing")
        #expect(first["fields"] as? [String] == ["email(hashed)", "ip(clear)"])
        #expect(first["occurrences"] as? Int == 3)
        #expect(first["line"] as? Int == 12)
        #expect(first["last_time"] as? String == "2026-11-21T13:56:36.250Z")
        #expect(first["detail"] as? String == "Cookie _fbp set before any consent decision, \"marketing\" undecided")
        let evidence = try #require(first["evidence"] as? [[String: Any]])
        #expect(evidence.count == 2)
        #expect(evidence.allSatisfy { Set($0.keys) == ["source", "line", "time", "what"] })
        #expect(evidence[1]["line"] as? Int == 15)
        #expect(evidence[1]["time"] as? String == "2026-11-21T13:56:36.250Z")
        #expect(evidence[1]["what"] as? String == "Cookie _fbp=fb.1.1.2 sent")
        #expect(objects[1]["purpose"] is NSNull)
        #expect(objects[1]["subject"] as? String == "=HYPERLINK(\"http://x\")", "JSON is not neutralised")
    }

    /// The line written directly is the generic serialiser's object, byte for byte (sorted
    /// keys, escapes, null purpose, empty and non-empty arrays).
    @Test func directLineIsTheSerialisedObject() {
        var tricky = Self.findings[0]
        tricky.detail = "tab\there, quote \" back \\ and \u{7F} and é"
        tricky.evidence[0].what = "ctrl \u{01}"
        for f in Self.findings + [tricky] {
            var line = ""
            FindingsJSONL.line(f, into: &line)
            #expect(line == FindingsJSONL.object(f).serialized(indent: 0) + "\n")
        }
    }

    @Test func noFindingsIsAnEmptyJSONLFile() {
        #expect(FindingsJSONL.render([]) == "")
    }

    @Test func writesAtomicallyIntoTheDirectory() throws {
        let directory = NSTemporaryDirectory() + "consent-replay-report-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try AtomicFile.makeDirectory(directory)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let csv = try FindingsCSV.write(Self.findings, to: directory + "/")
        let jsonl = try FindingsJSONL.write(Self.findings, to: directory)
        #expect(csv == directory + "/findings.csv")
        #expect(jsonl == directory + "/findings.jsonl")
        #expect(FileManager.default.contents(atPath: csv) == Data(FindingsCSV.render(Self.findings).utf8))
        #expect(FileManager.default.contents(atPath: jsonl) == Data(FindingsJSONL.render(Self.findings).utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["findings.csv", "findings.jsonl"])
    }
}
