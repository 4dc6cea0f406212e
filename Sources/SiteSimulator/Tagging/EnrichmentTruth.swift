/// The ground truth of enrichment: per vendor, how many requests the tagging server sent, and
/// per personal field, in how many it added the field and for how many visitors.
///
/// Fields are named as the analyzer's canonical personal fields (`email`, `phone`, `user_id`,
/// `external_id`…): `TaggingVendor.personalField(ofBodyPath:)` maps each body path the server
/// filled in (`TaggingVendorRequest.addedFields`) to one.
public struct EnrichmentTruth: Sendable, Equatable {
    public struct FieldTruth: Sendable, Equatable {
        public var eventsAdded = 0
        public var visitors: Set<UInt64> = []
    }

    /// Requests per vendor (`TaggingVendor.rawValue`, the analyzer's vendor id).
    public var forwards: [String: Int] = [:]
    /// Per vendor, per canonical field.
    public var fields: [String: [String: FieldTruth]] = [:]

    public init() {}

    mutating func record(_ request: TaggingVendorRequest) {
        let vendor = request.vendor.rawValue
        forwards[vendor, default: 0] += 1
        // One request counts once per field, even if two body paths give the same field.
        let added = Set(request.addedFields.compactMap { request.vendor.personalField(ofBodyPath: $0) })
        for field in added {
            fields[vendor, default: [:]][field, default: FieldTruth()].eventsAdded += 1
            fields[vendor, default: [:]][field, default: FieldTruth()].visitors.insert(request.visitorID)
        }
    }

    /// `vendor,field,forwards,events_added,visitors_affected`, sorted by vendor and field; a
    /// vendor the server added nothing for has one row with an empty field.
    public func csv() -> String {
        var out = "vendor,field,forwards,events_added,visitors_affected\n"
        for vendor in forwards.keys.sorted() {
            let added = (fields[vendor] ?? [:]).sorted(by: { $0.key < $1.key })
            if added.isEmpty { out += "\(vendor),,\(forwards[vendor] ?? 0),0,0\n" }
            for (field, truth) in added {
                out += "\(vendor),\(field),\(forwards[vendor] ?? 0),\(truth.eventsAdded),\(truth.visitors.count)\n"
            }
        }
        return out
    }
}

extension TaggingVendor {
    /// The canonical personal field a body path of this vendor's request carries, if any.
    public func personalField(ofBodyPath path: String) -> String? {
        switch (self, path) {
        case (.googleAnalytics, "user_id"): return "user_id"
        case (.googleAnalytics, "user_data.sha256_email_address"): return "email"
        case (.googleAnalytics, "user_data.sha256_phone_number"): return "phone"
        case (.meta, "user_data.external_id"), (.tiktok, "user.external_id"): return "external_id"
        case (.meta, "user_data.em"), (.pinterest, "user_data.em"), (.tiktok, "user.email"): return "email"
        case (.meta, "user_data.ph"), (.pinterest, "user_data.ph"), (.tiktok, "user.phone"): return "phone"
        default: return nil
        }
    }
}
