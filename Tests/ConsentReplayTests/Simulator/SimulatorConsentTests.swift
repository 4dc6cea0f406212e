import Foundation
import Testing

@testable import SiteSimulator

/// The cookie banner: the CMP cookie and Consent Mode formats, the consent log export, and a
/// compliance check of a generated day (trackers only after the matching grant, records that
/// the traffic shows).
@Suite("Simulator consent")
struct SimulatorConsentTests {
    // MARK: - Formats

    @Test("the CookieConsent value has Cookiebot's shape and partial encoding")
    func cookieValue() {
        let value = CookiebotCookie.value(
            consentID: "Ab+/cd==", choice: ConsentChoice(preferences: false, statistics: true, marketing: false),
            utc: 1_795_269_336_250, region: "de")
        #expect(
            value
                == "{stamp:%27Ab+/cd==%27%2Cnecessary:true%2Cpreferences:false%2Cstatistics:true%2Cmarketing:false%2Cmethod:%27explicit%27%2Cver:1%2Cutc:1795269336250%2Cregion:%27de%27}"
        )
        var random = SeededRandom(seed: 3)
        let id = CookiebotCookie.newConsentID(&random)
        #expect(id.count == 56 && id.hasSuffix("=="))
        #expect(Data(base64Encoded: id)?.count == 40)
    }

    @Test("gcs and gcd follow the answer", arguments: [
        (ConsentChoice.acceptAll, "G111", "11r1r1r1r5"),
        (ConsentChoice(preferences: false, statistics: true, marketing: false), "G101", "11q1r1q1q5"),
        (ConsentChoice(preferences: false, statistics: false, marketing: true), "G110", "11r1q1r1r5"),
        (ConsentChoice.rejectAll, "G100", "11q1q1q1q5"),
    ])
    func consentMode(choice: ConsentChoice, gcs: String, gcd: String) {
        var bytes: [UInt8] = []
        ConsentModeParameters.appendGCS(choice, into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == gcs)
        bytes.removeAll()
        ConsentModeParameters.appendGCD(choice, into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == gcd)
    }

    @Test("addresses are anonymised: IPv4 last octet, IPv6 to its /48")
    func anonymisation() {
        #expect(IPAddressFormat.anonymized("84.130.7.201") == "84.130.7.0")
        #expect(IPAddressFormat.anonymized("2003:e2:1a2b:0:5:6:7:8") == "2003:e2:1a2b::")
        #expect(IPAddressFormat.anonymized("2a02:8108:ab::1") == "2a02:8108:ab::")
        #expect(IPAddressFormat.anonymized("2001:db8::") == "2001:db8::")
        #expect(IPAddressFormat.anonymized("fe80:1::2::3") == "fe80:1::2::3")
        #expect(IPAddressFormat.anonymized("not an address") == "not an address")
    }

    @Test("an export row: UTC time with seven fraction digits, True/False, quoted user agent")
    func exportRow() {
        let record = ConsentRecord(
            time: 1_795_269_336_497, clickTime: 1_795_269_336_470, consentID: "Hj2V+0w==", url: "https://www.shop.example/cart",
            choice: ConsentChoice(preferences: true, statistics: true, marketing: false), action: .partial,
            clientIP: "94.109.17.3", userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) \"quoted\"", country: "be",
            visitorID: 1, sequence: 0, beforeTraffic: false)
        let text = String(decoding: CookiebotConsentLog.render([record]), as: UTF8.self)
        #expect(
            text
                == CookiebotConsentLog.header + "\n"
                + #"2026-11-21T13:55:36.4970000;Hj2V+0w==;https://www.shop.example/cart;True;True;False;94.109.17.0;"Mozilla/5.0 (Windows NT 10.0; Win64; x64) ""quoted""";be"#
                + "\n")
    }

    // MARK: - Generated runs

    @Test("the consent log is deterministic and the same whatever format and host filter the access log uses")
    func deterministicConsentLog() throws {
        let day = try SimulatorFixtures.day()
        func consentBytes(_ format: LogFormat, hosts: HostFilter) throws -> [UInt8] {
            var options = GeneratorOptions(seed: 77, date: day, volume: .visitors(300), format: format)
            options.hosts = hosts
            let consent = MemorySink()
            let report = try LogGenerator.run(options, to: MemorySink(), consentTo: consent)
            let rows = consent.bytes.filter { $0 == UInt8(ascii: "\n") }.count - 1
            #expect(report.consentRecords == rows)
            return consent.bytes
        }
        let first = try consentBytes(.combinedCookies, hosts: .all)
        #expect(first.count > 2_000)
        #expect(try consentBytes(.combinedCookies, hosts: .all) == first)
        #expect(try consentBytes(.caddy, hosts: .only("sst.shop.example")) == first)
        #expect(try consentBytes(.cloudfront, hosts: .except("sst.shop.example")) == first)
        let other = MemorySink()
        try LogGenerator.run(GeneratorOptions(seed: 78, date: day, volume: .visitors(300), format: .common), to: MemorySink(), consentTo: other)
        #expect(other.bytes != first)
    }

    @Test("one record per choice; records ordered by time; the shares look like a real banner")
    func recordsMatchChoices() throws {
        let run = try GeneratedDay.shared()
        #expect(run.records.count == run.choices)
        #expect(zip(run.records, run.records.dropFirst()).allSatisfy { $0.time <= $1.time })
        let first = run.records.filter { $0.action != .withdraw && $0.action != .update }
        let accepts = first.filter { $0.action == .acceptAll }.count
        let rejects = first.filter { $0.action == .rejectAll }.count
        let partials = first.filter { $0.action == .partial }.count
        #expect(accepts > rejects && rejects > partials && partials > 0, "\(accepts) / \(rejects) / \(partials)")
        #expect(run.records.contains { $0.action == .withdraw })
        #expect(run.records.contains { $0.action == .update })
        #expect(run.records.contains { $0.beforeTraffic })
        // A change keeps the consent id of the answer it changes.
        for change in run.records where change.action == .withdraw || change.action == .update {
            #expect(run.records.contains { $0.visitorID == change.visitorID && $0.sequence < change.sequence && $0.consentID == change.consentID })
        }
        // The CSV has the header and one parseable row per record.
        let lines = run.consentCSV.split(separator: "\n").map(String.init)
        #expect(lines.first == CookiebotConsentLog.header)
        #expect(lines.count == run.records.count + 1)
        for line in lines.dropFirst() {
            let fields = SemicolonCSV.fields(line)
            #expect(fields.count == 9, "\(line)")
            #expect(["True", "False"].contains(fields[3]) && ["True", "False"].contains(fields[5]))
            #expect(fields[6].hasSuffix(".0") || fields[6].hasSuffix("::"))
        }
    }

    @Test("every consent id in the log is the stamp of a CookieConsent cookie sent after its record time")
    func recordsAppearInTraffic() throws {
        let run = try GeneratedDay.shared()
        var stampTimes: [String: [Int64]] = [:]
        for line in run.lines {
            guard let consent = CMPCookie(cookieHeader: line.cookieHeader) else { continue }
            stampTimes[consent.stamp, default: []].append(line.second)
        }
        for record in run.records {
            let times = stampTimes[record.consentID] ?? []
            #expect(times.contains { $0 >= record.time / 1000 }, "no request with stamp \(record.consentID)")
        }
    }

    @Test("the first request carrying a new answer comes within a second after its record")
    func recordTimesMatchTheTraffic() throws {
        let run = try GeneratedDay.shared()
        for record in run.records where !record.beforeTraffic {
            let requests = run.requestsByVisitor[record.visitorID] ?? []
            let first = requests.first { $0.time > record.clickTime }
            let carried = first.flatMap { CMPCookie(cookieHeader: $0.cookieHeader) }
            #expect(carried?.stamp == record.consentID)
            #expect(carried?.utc == record.clickTime)
            #expect(carried?.choice == record.choice)
            if let first {
                #expect(record.time <= first.time && first.time - record.time < 1_000, "\(record.time) → \(first.time)")
            }
            // Nothing before the click shows it.
            let before = requests.filter { $0.time <= record.clickTime }
            #expect(!before.contains { CMPCookie(cookieHeader: $0.cookieHeader)?.utc == record.clickTime })
        }
    }

    @Test("compliance: trackers and hits only with the matching grant, in every generated line")
    func trackersFollowConsent() throws {
        let run = try GeneratedDay.shared()
        var checked = 0
        for line in run.lines {
            #expect(!line.setCookie.contains("CookieConsent"))
            let cookies = CookieNames(line.cookieHeader)
            let consent = CMPCookie(cookieHeader: line.cookieHeader)
            if let consent { #expect(consent.utc / 1000 <= line.second) }
            if cookies.hasStatistics {
                checked += 1
                #expect(consent?.choice.statistics == true, "\(line.raw)")
            }
            if cookies.hasMarketing {
                checked += 1
                #expect(consent?.choice.marketing == true, "\(line.raw)")
            }
            if line.target.hasPrefix("/g/collect?") {
                #expect(consent?.choice.statistics == true, "\(line.raw)")
                if let consent {
                    let ads = consent.choice.marketing ? "1" : "0"
                    let ad = consent.choice.marketing ? "r" : "q"
                    #expect(line.target.contains("&gcs=G1" + ads + "1&"))
                    #expect(line.target.contains("&gcd=11" + ad + "1r1" + ad + "1" + ad + "5&"))
                }
            }
            if line.target.hasPrefix("/gtag/js") {
                #expect(consent.map { $0.choice.statistics || $0.choice.marketing } == true)
            }
        }
        #expect(checked > 1_000)
    }

    @Test("no _ga or _fbp before a visitor's grant; rejecters never send _fbp")
    func nothingBeforeTheGrant() throws {
        let run = try GeneratedDay.shared()
        var rejecters = 0
        for (visitor, requests) in run.requestsByVisitor {
            let records = run.records.filter { $0.visitorID == visitor }
            let statisticsGrant = records.filter { $0.choice.statistics }.map(\.clickTime).min()
            let marketingGrant = records.filter { $0.choice.marketing }.map(\.clickTime).min()
            for request in requests {
                let cookies = CookieNames(request.cookieHeader)
                if cookies.names.contains("_ga") {
                    #expect(statisticsGrant.map { $0 < request.time } == true, "visitor \(visitor) sent _ga before a grant")
                }
                if cookies.names.contains("_fbp") {
                    #expect(marketingGrant.map { $0 < request.time } == true, "visitor \(visitor) sent _fbp before a grant")
                }
            }
            if !records.isEmpty && records.allSatisfy({ !$0.choice.marketing }) {
                rejecters += 1
                #expect(!requests.contains { CookieNames($0.cookieHeader).names.contains("_fbp") })
            }
        }
        #expect(rejecters > 20)
    }

    @Test("bots and visitors who never answer carry no CMP cookie")
    func noAnswerNoCookie() throws {
        let run = try GeneratedDay.shared()
        let answered = Set(run.records.map(\.visitorID))
        for (visitor, requests) in run.requestsByVisitor where !answered.contains(visitor) {
            #expect(!requests.contains { $0.cookieHeader?.contains("CookieConsent=") == true })
            #expect(!requests.contains { $0.path == "/g/collect" })
        }
        #expect(run.requestsByVisitor.count > answered.count)
    }
}

// MARK: - Test support

/// One generated day, shared by the tests above: the combined-cookies lines, the consent CSV
/// and records, and the simulator's requests per visitor (ground truth with milliseconds).
private struct GeneratedDay: Sendable {
    struct Line: Sendable {
        var raw: String
        var second: Int64
        var target: String
        var cookieHeader: String?
        var setCookie: String
    }

    var lines: [Line]
    var consentCSV: String
    var records: [ConsentRecord]
    var choices: Int
    var requestsByVisitor: [UInt64: [SimulatedRequest]]

    static let seed: UInt64 = 4242
    static let visitors = 900

    private static let cached: Result<GeneratedDay, any Error> = Result { try build() }

    static func shared() throws -> GeneratedDay {
        try cached.get()
    }

    private static func build() throws -> GeneratedDay {
        let day = try SimulatorFixtures.day()
        let options = GeneratorOptions(seed: seed, date: day, volume: .visitors(visitors), format: .combinedCookies)
        let access = MemorySink()
        let consent = MemorySink()
        try LogGenerator.run(options, to: access, consentTo: consent)
        let text = String(decoding: access.bytes, as: UTF8.self)
        let lines = text.split(separator: "\n").map { raw -> Line in
            let fields = SimulatorFixtures.quotedFields(raw)
            let target = fields[4].split(separator: " ").dropFirst().first.map(String.init) ?? ""
            return Line(
                raw: String(raw), second: logSecond(fields[3]), target: target,
                cookieHeader: fields[9] == "-" ? nil : fields[9], setCookie: fields[10])
        }
        let simulation = Simulation(configuration: LogGenerator.configuration(for: options))
        var byVisitor: [UInt64: [SimulatedRequest]] = [:]
        while let request = simulation.next() {
            guard request.kind != .bot else { continue }
            byVisitor[request.visitorID, default: []].append(request)
        }
        return GeneratedDay(
            lines: lines, consentCSV: String(decoding: consent.bytes, as: UTF8.self), records: simulation.consentRecords,
            choices: simulation.consentChoices, requestsByVisitor: byVisitor)
    }

    /// `21/Nov/2026:13:55:36 +0000` → seconds since the epoch.
    static func logSecond(_ text: String) -> Int64 {
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == ":" || $0 == " " })
        guard parts.count >= 6, let dayOfMonth = Int(parts[0]), let year = Int(parts[2]), let hour = Int64(parts[3]),
            let minute = Int64(parts[4]), let second = Int64(parts[5]),
            let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].firstIndex(of: String(parts[1])),
            let date = CivilDate(year: year, month: month + 1, day: dayOfMonth)
        else { return -1 }
        return date.startMillis / 1000 + hour * 3600 + minute * 60 + second
    }
}

/// The CookieConsent cookie read back from a Cookie header.
private struct CMPCookie: Equatable {
    var stamp: String
    var choice: ConsentChoice
    var utc: Int64

    init?(cookieHeader: String?) {
        guard let header = cookieHeader, let start = header.range(of: "CookieConsent=") else { return nil }
        let rest = header[start.upperBound...]
        let raw = rest.range(of: "; ").map { rest[..<$0.lowerBound] } ?? rest
        let decoded = raw.replacingOccurrences(of: "%27", with: "'").replacingOccurrences(of: "%2C", with: ",")
        guard decoded.hasPrefix("{"), decoded.hasSuffix("}") else { return nil }
        var values: [String: String] = [:]
        for pair in decoded.dropFirst().dropLast().split(separator: ",") {
            guard let colon = pair.firstIndex(of: ":") else { return nil }
            values[String(pair[..<colon])] = String(pair[pair.index(after: colon)...])
        }
        guard let stamp = values["stamp"], stamp.count > 2, values["necessary"] == "true", values["method"] == "'explicit'",
            values["ver"] == "1", let utc = values["utc"].flatMap({ Int64($0) }), values["region"]?.count == 4
        else { return nil }
        self.stamp = String(stamp.dropFirst().dropLast())
        self.utc = utc
        choice = ConsentChoice(
            preferences: values["preferences"] == "true", statistics: values["statistics"] == "true",
            marketing: values["marketing"] == "true")
    }
}

/// The cookie names in a Cookie header, sorted into the banner's purposes.
private struct CookieNames {
    var names: Set<String>

    init(_ header: String?) {
        names = Set((header ?? "").components(separatedBy: "; ").compactMap { pair in
            pair.split(separator: "=", maxSplits: 1).first.map(String.init)
        })
    }

    var hasStatistics: Bool {
        names.contains { $0 == "_ga" || $0.hasPrefix("_ga_") || $0 == "_gid" || $0 == "FPID" || $0 == "FPLC" }
    }

    var hasMarketing: Bool {
        names.contains { $0 == "_fbp" || $0 == "_fbc" || $0 == "_gcl_au" }
    }
}

/// Splits one line of a `;`-separated CSV with RFC 4180 quoting.
private enum SemicolonCSV {
    static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = Array(line).makeIterator()
        var pending: Character? = iterator.next()
        while let character = pending {
            pending = iterator.next()
            if quoted {
                if character == "\"" {
                    if pending == "\"" {
                        current.append("\"")
                        pending = iterator.next()
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == ";" {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
