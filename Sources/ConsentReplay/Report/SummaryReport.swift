import Foundation

/// `summary.json` and the short table on stdout.
public enum SummaryReport {
    public static let version = "0.1.0"

    /// `summary.json`. `includeRun: false` leaves out the `run` block (version, options,
    /// duration), the only part that may differ between two runs over the same input.
    public static func json(_ result: AnalysisResult, options: AnalyzeOptions, includeRun: Bool = true) -> JSONOutput {
        var inputs: [JSONOutput] = []
        var totalLines = 0, totalRecords = 0, totalRejected = 0, totalSkipped = 0
        var byKind: [String: Int] = [:]
        var access = AccessTally()
        var consent = ConsentTally()
        var rejectedByReason: [String: Int] = [:]
        for report in result.files {
            let t = report.tally
            totalLines += report.physicalLines
            totalRecords += t.records
            totalRejected += t.rejectedCount
            totalSkipped += t.skippedCount
            if let kind = report.kind { byKind[kind.rawValue, default: 0] += t.records }
            access.merge(t.access)
            consent.merge(t.consent)
            for (reason, o) in t.rejected { rejectedByReason[reason.name, default: 0] += o.count }
            inputs.append(fileJSON(report))
        }
        var root: [String: JSONOutput] = [
            "inputs": .array(inputs),
            "totals": .object([
                "files": .int(result.files.count),
                "lines": .int(totalLines),
                "records": .int(totalRecords),
                "rejected": .int(totalRejected),
                "skipped": .int(totalSkipped),
                "records_by_kind": .object(byKind.mapValues { .int($0) }),
                "rejected_by_reason": .object(rejectedByReason.mapValues { .int($0) }),
            ]),
            "access": accessJSON(access),
            "consent": consentJSON(consent),
            "tagging": taggingJSON(result),
            "analysis": analysisJSON(result.analysis),
            "findings": findingsJSON(result.analysis.findings),
            "enrichment": enrichmentJSON(result.analysis.enrichment),
            "transfers": transfersJSON(result.analysis.enrichment, vendors: result.vendorCatalogue),
        ]
        guard includeRun else { return .object(root) }
        root["run"] = .object([
            "version": .string(version),
            "duration_seconds": .fixed(result.durationSeconds, decimals: 3),
            "options": .object(options.echo),
        ])
        return .object(root)
    }

    /// Visitors, sessions and the headline compliance rate.
    static func analysisJSON(_ a: AnalysisFindings) -> JSONOutput {
        let sessions = a.sessions.count
        return .object([
            "visitors": .int(a.visitors),
            "sessions": .int(sessions),
            "sessions_with_finding": .int(a.sessionsWithFinding),
            "share_of_sessions_with_finding": .fixed(sessions > 0 ? Double(a.sessionsWithFinding) / Double(sessions) : 0, decimals: 4),
            "tracking_events": .int(a.trackingEvents),
            "cookieless_pings": .int(a.cookielessPings),
            "repeated_hit_records": .int(a.duplicateHits),
            "forwards": .int(a.forwards),
            "forwards_without_visitor": .int(a.unattributedForwards),
            "identity": .object([
                "shared_identifiers": .int(a.identity.sharedIdentifiers),
                "records_linked_by_ip_and_user_agent": .int(a.identity.joinedByFallback),
                "anonymous_visitors": .int(a.identity.anonymousVisitors),
            ]),
        ])
    }

    /// What the tagging server added before forwarding (`EnrichmentTally`), the enrichment
    /// signals seen, and how far visitors' identifiers are joined.
    static func enrichmentJSON(_ e: EnrichmentTally) -> JSONOutput {
        let linked = e.linked
        var byVendor: [String: JSONOutput] = [:]
        for (id, v) in e.vendors {
            byVendor[id] = .object([
                "forwards": .int(v.forwards), "linked": .int(v.linked), "uncertain": .int(v.uncertain),
                "enriched": .int(v.enriched),
                "share_enriched": .fixed(v.linked > 0 ? Double(v.enriched) / Double(v.linked) : 0, decimals: 4),
            ])
        }
        let g = e.graph
        var kinds: [String: JSONOutput] = [:]
        for kind in EnrichmentTally.IdentifierKind.allCases { kinds[kind.rawValue] = .int(g.visitorsWithKind[kind] ?? 0) }
        return .object([
            "forwards": .int(e.forwards),
            "forwards_linked": .int(linked),
            "forwards_uncertain": .int(e.uncertain),
            "forwards_enriched": .int(e.enriched),
            "share_of_linked_forwards_enriched": .fixed(linked > 0 ? Double(e.enriched) / Double(linked) : 0, decimals: 4),
            "top_added_fields": .array(e.topAddedFields.prefix(10).map {
                .object(["field": .string($0.field.rawValue), "events": .int($0.events)])
            }),
            "by_vendor": .object(byVendor),
            "signals": .object([
                "gtmeec_cookie_presented": .int(e.signals.storedUserDataPresented),
                "gtmeec_cookie_set": .int(e.signals.storedUserDataSet),
                "gtmeec_cookie_visitors": .int(e.signals.storedUserDataVisitors),
                "server_built_fbc": .int(e.signals.serverBuiltFbc),
                "partner_agent_ee": .int(e.signals.partnerAgentEnriched),
            ]),
            "identity_graph": .object([
                "visitors_by_identifier_kinds": .object(Dictionary(uniqueKeysWithValues: g.visitorsByKinds.enumerated().map {
                    (String($0.offset), JSONOutput.int($0.element))
                })),
                "visitors_with_kind": .object(kinds),
                "web_and_login_id": .int(g.webAndLogin),
                "web_and_email": .int(g.webAndEmail),
                "web_and_app_or_crm_id": .int(g.webAndAppOrCRM),
                "web_and_any_of_them": .int(g.webAndAny),
            ]),
        ])
    }

    /// Transfer totals: vendors outside the EEA that received personal fields, and with what basis.
    static func transfersJSON(_ e: EnrichmentTally, vendors: VendorCatalogue) -> JSONOutput {
        var outside = 0, outsideEvents = 0, withoutMechanism = 0, clearIPVendors = 0
        for (id, v) in e.vendors where v.withPersonalFields > 0 {
            if v.clearIP > 0 { clearIPVendors += 1 }
            guard let d = vendors.vendor(id: id), d.isThirdCountry else { continue }
            outside += 1
            outsideEvents += v.withPersonalFields
            if d.mechanism == .none { withoutMechanism += 1 }
        }
        return .object([
            "vendors_receiving_personal_fields": .int(e.vendors.values.filter { $0.withPersonalFields > 0 }.count),
            "vendors_outside_eea": .int(outside),
            "vendors_outside_eea_without_mechanism": .int(withoutMechanism),
            "events_outside_eea_with_personal_fields": .int(outsideEvents),
            "vendors_receiving_clear_ip": .int(clearIPVendors),
        ])
    }

    /// Findings by rule, severity, day (UTC) and vendor.
    static func findingsJSON(_ findings: [Finding]) -> JSONOutput {
        var byRule: [String: Int] = [:], bySeverity: [String: Int] = [:], byDay: [String: Int] = [:], byVendor: [String: Int] = [:]
        var byReason: [String: Int] = [:]
        for rule in RuleCatalogue.all { byRule[rule.id] = 0 }
        for severity in Severity.allCases { bySeverity[severity.rawValue] = 0 }
        findings.withUnsafeBufferPointer { findings in
            for i in findings.indices {
                let f = findings[i]
                byRule[f.rule, default: 0] += 1
                byReason[f.rule + "/" + f.reason, default: 0] += 1
                bySeverity[f.severity.rawValue, default: 0] += 1
                byDay[String(Timestamp.format(f.time).prefix(10)), default: 0] += 1
                if !f.vendor.isEmpty { byVendor[f.vendor, default: 0] += 1 }
            }
        }
        return .object([
            "total": .int(findings.count),
            "by_rule": .object(byRule.mapValues { .int($0) }),
            "by_rule_and_reason": .object(byReason.mapValues { .int($0) }),
            "by_severity": .object(bySeverity.mapValues { .int($0) }),
            "by_day": .object(byDay.mapValues { .int($0) }),
            "by_vendor": .object(byVendor.mapValues { .int($0) }),
        ])
    }

    /// The findings part of the stdout table: one row per rule, and the headline.
    public static func findingsTable(_ a: AnalysisFindings) -> String {
        // One pass over the findings (a day can hold hundreds of thousands), reading the three
        // members the table needs in place rather than copying or filtering whole findings.
        struct RuleTotals {
            var bySeverity = [Int](repeating: 0, count: Severity.allCases.count)
            var sessions = Set<String>()

            mutating func count(_ severity: Severity, session: String) {
                bySeverity[severity.rank] += 1
                sessions.insert(session)
            }
        }
        var totals: [String: RuleTotals] = [:]
        a.findings.withUnsafeBufferPointer { findings in
            for i in findings.indices {
                totals[findings[i].rule, default: RuleTotals()].count(findings[i].severity, session: findings[i].session)
            }
        }
        var rows: [[String]] = [["RULE", "SEVERITY", "FINDINGS", "SESSIONS"]]
        for rule in RuleCatalogue.all {
            let own = totals[rule.id] ?? RuleTotals()
            let severities = Severity.allCases.reversed().compactMap { s -> String? in
                let c = own.bySeverity[s.rank]
                return c > 0 ? "\(s.rawValue) \(c)" : nil
            }
            rows.append([rule.id, severities.isEmpty ? "-" : severities.joined(separator: ", "),
                         String(own.bySeverity.reduce(0, +)), String(own.sessions.count)])
        }
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var out = ""
        for row in rows {
            let cells = row.enumerated().map { i, cell in
                i >= 2 ? String(repeating: " ", count: widths[i] - cell.count) + cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }
            out += cells.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
        }
        let sessions = a.sessions.count
        let share = sessions > 0 ? 100 * Double(a.sessionsWithFinding) / Double(sessions) : 0
        out += String(format: "%d visitors, %d sessions; %d sessions with a finding (%.1f%%)\n", a.visitors, sessions,
                      a.sessionsWithFinding, share)
        return out
    }

    static func occurrencesJSON(_ o: Occurrences, path: String) -> JSONOutput {
        .object(["count": .int(o.count), "examples": .array(o.lines.map { .string("\(path):\($0)") })])
    }

    static func fileJSON(_ report: FileReport) -> JSONOutput {
        let t = report.tally
        let path = report.file.displayPath
        var object: [String: JSONOutput] = [
            "path": .string(path),
            "kind": report.kind.map { .string($0.rawValue) } ?? .null,
            "format": report.formatID.map { .string($0) } ?? .null,
            "compressed": .bool(report.compressed),
            "bytes": .int(report.decompressedBytes),
            "lines": .int(report.physicalLines),
            "records": .int(t.records),
            "skipped": .object(Dictionary(uniqueKeysWithValues: t.skipped.map { ($0.key.name, JSONOutput.int($0.value)) })),
            "rejected": .object(Dictionary(uniqueKeysWithValues: t.rejected.map { ($0.key.name, occurrencesJSON($0.value, path: path)) })),
            "warnings": .object(t.warnings.mapValues { occurrencesJSON($0, path: path) }),
        ]
        if let layout = report.layout { object["layout"] = .string(layout) }
        if let damage = report.damage { object["damage"] = .string(damage.summary) }
        if report.unrecognised { object["unrecognised"] = .bool(true) }
        if let first = t.minTime, let last = t.maxTime {
            object["time_range"] = .object(["first": .string(Timestamp.format(first)), "last": .string(Timestamp.format(last))])
        }
        if report.kind == .access { object["access"] = accessJSON(t.access) }
        if report.kind == .consent { object["consent"] = consentJSON(t.consent) }
        if report.isJSONArray { object["json_array_elements"] = .int(t.lines) }
        if report.kind == .tagging {
            object["tagging"] = .object([
                "events_in": .int(t.taggingCounts.incoming),
                "events_out": .int(t.taggingCounts.outgoing),
            ])
        }
        return .object(object)
    }

    /// Incoming hits, outgoing requests by vendor with the personal fields they carried, and how
    /// the requests were linked to their hits.
    static func taggingJSON(_ result: AnalysisResult) -> JSONOutput {
        var counts = TaggingCounts()
        for report in result.files { counts.merge(report.tally.taggingCounts) }
        var links: [String: JSONOutput] = [:]
        for c in TaggingLinker.Confidence.allCases {
            let n = result.taggingLinkCounts[c] ?? 0
            if n > 0 { links[c.rawValue] = .int(n) }
        }
        return .object([
            "events_in": .int(counts.incoming),
            "events_out": .int(counts.outgoing),
            "links": .object(links),
            "vendors": .object(counts.vendors.mapValues { v in
                .object(["requests": .int(v.requests), "requests_with_personal_fields": .int(v.requestsWithPersonalFields),
                         "fields": .object(v.fields.mapValues { .int($0) })])
            }),
        ])
    }

    static func consentJSON(_ c: ConsentTally) -> JSONOutput {
        .object([
            "records": .int(c.records),
            "by_action": .object(c.byAction.mapValues { .int($0) }),
            "by_method": .object(c.byMethod.mapValues { .int($0) }),
            "missing_evidence": .object(c.missingEvidence.mapValues { .int($0) }),
            "with_tc_string": .int(c.withTCString),
            "without_time": .int(c.withoutTime),
        ])
    }

    static func accessJSON(_ a: AccessTally) -> JSONOutput {
        .object([
            "requests": .int(a.requests),
            "requests_with_cookie_header": .int(a.withCookieHeader),
            "cookies_sent": .int(a.cookiesSent),
            "responses_with_set_cookie": .int(a.withSetCookie),
            "cookies_set": .int(a.cookiesSet),
            "cookie_deletions": .int(a.cookieDeletions),
            "requests_with_sec_gpc": .int(a.secGPC),
            "requests_with_dnt": .int(a.dnt),
            "ga4_hits": .int(a.ga4Hits),
            "cookies_sent_by_purpose": a.cookiesSentByPurpose.json,
            "cookies_set_by_purpose": a.cookiesSetByPurpose.json,
            "requests_with_consent_cookie": .object(a.consentCookies.mapValues { .int($0) }),
            "requests_with_malformed_consent_cookie": .object(a.malformedConsentCookies.mapValues { .int($0) }),
        ])
    }

    /// The stdout table: one row per file, then the totals.
    public static func table(_ result: AnalysisResult) -> String {
        var rows: [[String]] = [["FILE", "KIND", "FORMAT", "LINES", "RECORDS", "REJECTED", "SKIPPED"]]
        var lines = 0, records = 0, rejected = 0, skipped = 0
        for r in result.files {
            let t = r.tally
            rows.append([r.file.displayPath + (r.compressed ? " (gz)" : ""), r.kind?.rawValue ?? "-",
                         r.unrecognised ? "unrecognised" : (r.formatID ?? "empty"),
                         String(r.physicalLines), String(t.records), String(t.rejectedCount), String(t.skippedCount)])
            lines += r.physicalLines; records += t.records; rejected += t.rejectedCount; skipped += t.skippedCount
        }
        rows.append(["TOTAL (\(result.files.count) files)", "", "", String(lines), String(records), String(rejected), String(skipped)])
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var out = ""
        for (n, row) in rows.enumerated() {
            if n == rows.count - 1 { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
            let cells = row.enumerated().map { i, cell in
                i >= 3 ? String(repeating: " ", count: widths[i] - cell.count) + cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }
            out += cells.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
        }
        let rate = result.durationSeconds > 0 ? Double(lines) / result.durationSeconds : 0
        out += String(format: "read %d lines in %.2f s (%.0f lines/s)\n", lines, result.durationSeconds, rate)
        return out
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
