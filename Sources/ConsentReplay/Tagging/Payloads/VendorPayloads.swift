/// Maps vendor request bodies and URLs to canonical personal fields (contract §3.2).
///
/// Each vendor with a documented server-to-server API has a dictionary of its own, one file
/// each (`MetaPayload`, `GA4MeasurementProtocolPayload`, `GoogleAdsPayload`, `TikTokPayload`,
/// `LinkedInPayload`, `PinterestPayload`); the layout and the documentation each follows are
/// at the top of its file. Other vendors go to `FallbackPayload`, a name-based heuristic.
///
/// Every value is marked hashed or clear from its shape (`ValueShape`): a sender that should
/// hash but does not shows as clear, and a field sent both ways is reported both ways.
public enum VendorPayloads {
    /// The personal fields an outgoing request carries: the vendor's dictionary applied to the
    /// JSON body (when there is one) and the URL query. A body that is not JSON is read as form
    /// fields (GA4: as a batch of hits, one per line). Sorted, each once.
    public static func personalFields(vendorID: String?, url: String, body: [UInt8]?) -> [PersonalValue] {
        guard let dictionary = dictionary(for: vendorID) else {
            return FallbackPayload.read(url: url, body: body)
        }
        return PayloadReader.read(dictionary, url: url, body: body)
    }

    /// `personalFields(vendorID:url:body:)` of a JSON body already parsed (the same text as
    /// bytes gives the same fields; a test holds them together).
    static func personalFields(vendorID: String?, url: String, jsonBody doc: borrowing JSONDocument, _ node: JSONNode) -> [PersonalValue] {
        guard let dictionary = dictionary(for: vendorID) else {
            return FallbackPayload.read(url: url, jsonBody: doc, node)
        }
        return PayloadReader.read(dictionary, url: url, jsonBody: doc, node)
    }

    /// Vendor ids (vendor catalogue) that have a dictionary; the rest use the fallback.
    public static let vendorsWithDictionary = ["google-ads", "google-analytics", "linkedin", "meta", "pinterest", "tiktok"]

    static func dictionary(for vendorID: String?) -> VendorDictionary? {
        switch vendorID {
        case "meta": return MetaPayload.dictionary
        case "google-analytics": return GA4MeasurementProtocolPayload.dictionary
        case "google-ads": return GoogleAdsPayload.dictionary
        case "tiktok": return TikTokPayload.dictionary
        case "linkedin": return LinkedInPayload.dictionary
        case "pinterest": return PinterestPayload.dictionary
        default: return nil
        }
    }
}
