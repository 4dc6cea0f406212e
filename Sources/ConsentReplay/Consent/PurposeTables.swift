/// How each consent vocabulary maps onto the four purposes (contract §3.4). Every table has a
/// documented default and can be overridden in the config file.
///
/// A four-purpose built from several source signals is granted only when all of them grant it
/// (`PurposeChoices.combine`), so a partial grant never reads as consent.
public struct PurposeTables: Sendable, Equatable {
    /// Google Consent Mode signal → purpose.
    public var consentMode: [String: Purpose]
    /// IAB TCF purpose id (1–11) → the purposes it is needed for. Unlisted ids are not used.
    public var tcfPurposes: [Int: [Purpose]]
    /// OneTrust group id (`C0001`…) → purpose. Unlisted groups (`STACK42`, `BG12`…) are ignored.
    public var oneTrustGroups: [String: Purpose]
    /// Category names of Cookiebot, CookieYes, Complianz, orestbida cookieconsent, Borlabs →
    /// purpose (lower-case).
    public var categories: [String: Purpose]
    /// Service names of Klaro, tarteaucitron, Borlabs → purpose (lower-case).
    public var services: [String: Purpose]

    public init(consentMode: [String: Purpose], tcfPurposes: [Int: [Purpose]], oneTrustGroups: [String: Purpose],
                categories: [String: Purpose], services: [String: Purpose]) {
        self.consentMode = consentMode
        self.tcfPurposes = tcfPurposes
        self.oneTrustGroups = oneTrustGroups
        self.categories = categories
        self.services = services
    }

    public static let defaults = PurposeTables(
        consentMode: [
            "analytics_storage": .statistics,
            "ad_storage": .marketing,
            "ad_user_data": .marketing,
            "ad_personalization": .marketing,
            "functionality_storage": .preferences,
            "personalization_storage": .preferences,
            "security_storage": .necessary,
        ],
        // TCF v2.2 purposes: 1 store/access information on a device (needed for every
        // non-necessary use); 2 limited data to select advertising; 3 advertising profile;
        // 4 personalised advertising; 5 content profile; 6 personalised content; 7 measure
        // advertising performance; 8 measure content performance; 9 market research; 10 develop
        // and improve services; 11 limited data to select content. 9 and 10 are not mapped.
        tcfPurposes: [
            1: [.preferences, .statistics, .marketing],
            2: [.marketing], 3: [.marketing], 4: [.marketing], 7: [.marketing],
            5: [.preferences], 6: [.preferences], 11: [.preferences],
            8: [.statistics],
        ],
        oneTrustGroups: [
            "C0001": .necessary,     // strictly necessary
            "C0002": .statistics,    // performance
            "C0003": .preferences,   // functional
            "C0004": .marketing,     // targeting
            "C0005": .marketing,     // social media
        ],
        categories: [
            "necessary": .necessary, "essential": .necessary, "strictly_necessary": .necessary,
            "preferences": .preferences, "functional": .preferences, "functionality": .preferences,
            "statistics": .statistics, "analytics": .statistics, "performance": .statistics,
            "marketing": .marketing, "advertisement": .marketing, "advertising": .marketing,
            "ads": .marketing, "targeting": .marketing, "social": .marketing, "external_media": .marketing,
        ],
        services: [
            "google-analytics": .statistics, "googleanalytics": .statistics, "gtag": .statistics,
            "analytics": .statistics, "matomo": .statistics, "hotjar": .statistics, "clarity": .statistics,
            "google-ads": .marketing, "googleads": .marketing, "adwords": .marketing,
            "facebook": .marketing, "facebook-pixel": .marketing, "facebookpixel": .marketing, "meta-pixel": .marketing,
            "tiktok": .marketing, "tiktok-pixel": .marketing, "linkedin": .marketing, "linkedin-insight": .marketing,
            "pinterest": .marketing, "bing-ads": .marketing, "criteo": .marketing, "youtube": .marketing,
        ]
    )
}
