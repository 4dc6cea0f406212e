/// One consent event from the CMP's consent log: the proof of consent the law asks for
/// (GDPR art. 7(1): when, who, which text, what was chosen).
public struct ConsentRecord: Sendable, Equatable {
    public enum Action: String, Sendable, Equatable, CaseIterable {
        case accept, reject, partial, update, withdraw
    }

    /// When the choice was made (ms since the epoch, UTC); nil when the record has no time.
    public var time: Int64?
    public var consentID: String?
    public var action: Action?
    public var choices = PurposeChoices()
    public var method: ConsentMethod?
    /// Banner / consent text / policy version shown.
    public var bannerVersion: String?
    public var url: String?
    /// Often truncated by the CMP (`203.0.113.0`).
    public var ip: String?
    public var userAgent: String?
    public var country: String?
    public var tcString: String?
    /// A visitor identifier the CMP stored with the record (client id, user id).
    public var visitorID: String?
    /// 1-based line of the record in its file.
    public var line: Int = 0

    public init() {}

    /// The action a record without one implies: everything granted → accept, every
    /// non-necessary purpose denied → reject, otherwise partial.
    public var effectiveAction: Action? {
        if let action { return action }
        let optional: [Purpose] = [.preferences, .statistics, .marketing]
        let stated = optional.compactMap { choices[$0] }
        guard !stated.isEmpty else { return nil }
        if stated.allSatisfy({ $0 == .granted }) { return .accept }
        if stated.allSatisfy({ $0 == .denied }) { return .reject }
        return .partial
    }

    /// Evidence fields (config `evidence_fields`) this record lacks.
    public func missingEvidence(_ required: [EvidenceField]) -> [EvidenceField] {
        required.filter { field in
            switch field {
            case .time: return time == nil
            case .consentID: return consentID?.isEmpty ?? true
            case .choice: return choices.isEmpty && action == nil
            case .bannerVersion: return bannerVersion?.isEmpty ?? true
            }
        }
    }
}

extension ChunkTally {
    /// Keeps a parsed consent record of line `number`: its warnings, time and counts.
    mutating func accept(_ record: ConsentRecord, line: UnsafeBufferPointer<UInt8>, number: Int, context: ParseContext) {
        if !line.isValidUTF8() { warn("invalid-utf8", line: number) }
        if let t = record.time { noteTime(t, line: number, tolerance: context.outOfOrderToleranceMs) }
        counts.consent.add(record, evidence: context.evidenceFields)
        consentRecords.append(record)
    }
}
