import Testing
@testable import ConsentReplay

/// `sessions.csv`: fixed columns, then one count column per rule in catalogue order.
struct ReportSessionsCSVTests {
    @Test func header() {
        #expect(SessionsCSV.render([]) == "visitor,session,start,end,requests,consent_at_start,consent_at_end,findings,consent-mismatch,cookie-respawn,forward-without-consent,opt-out-signal-ignored,third-country-transfer,tracking-before-consent,unprovable-consent\r\n")
        #expect(SessionsCSV.columns() == SessionsCSV.fixedColumns + RuleCatalogue.all.map(\.id))
    }

    @Test func row() {
        let session = SessionSummary(
            visitor: "-visitor", session: "s-1", start: 1_795_269_336_000, end: 1_795_269_396_250, requests: 14,
            consentAtStart: "statistics=undecided;marketing=undecided", consentAtEnd: "statistics=granted;marketing=denied",
            findingsByRule: ["cookie-respawn": 2, "tracking-before-consent": 1])
        let lines = SessionsCSV.render([session]).split(separator: "\r\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        #expect(lines[1] == "'-visitor,s-1,2026-11-21T13:55:36.000Z,2026-11-21T13:56:36.250Z,14,statistics=undecided;marketing=undecided,statistics=granted;marketing=denied,3,0,2,0,0,0,1,0")
        #expect(lines[2] == "")
    }

    @Test func ruleColumnsCanBeGiven() {
        let session = SessionSummary(visitor: "v", session: "s", start: 0, end: 0, requests: 1, consentAtStart: "",
                                     consentAtEnd: "", findingsByRule: ["b": 4])
        #expect(SessionsCSV.render([session], ruleIDs: ["a", "b"]) == "visitor,session,start,end,requests,consent_at_start,consent_at_end,findings,a,b\r\nv,s,1970-01-01T00:00:00.000Z,1970-01-01T00:00:00.000Z,1,,,4,0,4\r\n")
    }
}
