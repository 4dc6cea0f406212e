/// Tracking and consent cookies that ship in the binary (contract §3.5). Sources: the vendors'
/// own cookie documentation and the Open Cookie Database; purposes are what a European DPA
/// would file them under (analytics → statistics, advertising → marketing).
extension CookieCatalogue {
    public static let builtIn = CookieCatalogue(builtInCookies)

    static let builtInCookies: [CookieDefinition] = {
        func c(_ name: String, _ purpose: Purpose, _ vendor: String?, id: Bool = false, strip: Int = 0) -> CookieDefinition {
            CookieDefinition(name: name, purpose: purpose, vendor: vendor, isIdentifier: id, stripFields: strip)
        }
        func p(_ name: String, _ purpose: Purpose, _ vendor: String?, id: Bool = false, strip: Int = 0) -> CookieDefinition {
            CookieDefinition(name: name, isPrefix: true, purpose: purpose, vendor: vendor, isIdentifier: id, stripFields: strip)
        }
        return [
            // Google Analytics (gtag.js / GA4, Universal Analytics, server-side first-party)
            c("_ga", .statistics, "google-analytics", id: true, strip: 2),       // GA1.1.<random>.<seconds>
            p("_ga_", .statistics, "google-analytics"),                          // session state per property
            c("_gid", .statistics, "google-analytics", id: true, strip: 2),
            p("_gat", .statistics, "google-analytics"),
            p("_dc_gtm_", .statistics, "google-analytics"),
            c("__utma", .statistics, "google-analytics", id: true, strip: 1),
            c("__utmb", .statistics, "google-analytics"),
            c("__utmc", .statistics, "google-analytics"),
            c("__utmt", .statistics, "google-analytics"),
            c("__utmz", .statistics, "google-analytics"),
            c("FPID", .statistics, "google-analytics", id: true, strip: 2),      // FPID2.2.<id>.<seconds>
            c("FPLC", .statistics, "google-analytics"),
            // Google Ads / Floodlight / AdSense
            c("FPAU", .marketing, "google-ads", id: true, strip: 2),
            c("FPGCLAW", .marketing, "google-ads", id: true, strip: 2),
            c("FPGCLDC", .marketing, "google-ads", id: true, strip: 2),
            c("FPGCLGB", .marketing, "google-ads", id: true, strip: 2),
            c("_gcl_au", .marketing, "google-ads", id: true, strip: 2),          // 1.1.<random>.<seconds>
            c("_gcl_aw", .marketing, "google-ads", id: true, strip: 2),          // GCL.<seconds>.<gclid>
            c("_gcl_dc", .marketing, "google-ads", id: true, strip: 2),
            c("_gcl_gb", .marketing, "google-ads", id: true, strip: 2),
            c("_gcl_gs", .marketing, "google-ads"),
            c("_gcl_ha", .marketing, "google-ads"),
            p("_gac_", .marketing, "google-ads", id: true),
            c("IDE", .marketing, "google-ads", id: true),
            c("test_cookie", .marketing, "google-ads"),
            c("__gads", .marketing, "google-ads", id: true),
            c("__gpi", .marketing, "google-ads", id: true),
            c("__eoi", .marketing, "google-ads"),
            // Meta
            c("_fbp", .marketing, "meta", id: true, strip: 2),                   // fb.1.<ms>.<random>
            c("_fbc", .marketing, "meta", id: true, strip: 2),                   // fb.1.<ms>.<fbclid>
            c("fr", .marketing, "meta", id: true),
            // TikTok
            c("_ttp", .marketing, "tiktok", id: true),
            c("ttclid", .marketing, "tiktok", id: true),
            c("_tt_enable_cookie", .marketing, "tiktok"),
            // LinkedIn
            c("li_fat_id", .marketing, "linkedin", id: true),
            c("li_sugr", .marketing, "linkedin", id: true),
            c("bcookie", .marketing, "linkedin", id: true),
            c("lidc", .marketing, "linkedin"),
            c("UserMatchHistory", .marketing, "linkedin"),
            c("AnalyticsSyncHistory", .marketing, "linkedin"),
            // Microsoft Advertising (UET) and Clarity
            c("_uetsid", .marketing, "microsoft-ads", id: true),
            c("_uetvid", .marketing, "microsoft-ads", id: true),
            c("MUID", .marketing, "microsoft-ads", id: true),
            c("_clck", .statistics, "microsoft-clarity", id: true),
            c("_clsk", .statistics, "microsoft-clarity"),
            c("CLID", .statistics, "microsoft-clarity", id: true),
            // Pinterest
            c("_pin_unauth", .marketing, "pinterest", id: true),
            c("_pinterest_ct_ua", .marketing, "pinterest", id: true),
            c("_epik", .marketing, "pinterest", id: true),
            // Snap
            c("_scid", .marketing, "snap", id: true),
            c("_sctr", .marketing, "snap"),
            c("sc_at", .marketing, "snap", id: true),
            // X (Twitter), Reddit
            c("muc_ads", .marketing, "x", id: true),
            c("personalization_id", .marketing, "x", id: true),
            c("guest_id", .marketing, "x", id: true),
            c("_rdt_uuid", .marketing, "reddit", id: true),
            // Stape's stored user data (hashed e-mail, phone… kept for re-injection by sGTM)
            c("_gtmeec", .marketing, nil),
            // Criteo, Taboola, Outbrain, Quantcast
            c("cto_bundle", .marketing, "criteo", id: true),
            c("cto_bidid", .marketing, "criteo", id: true),
            c("t_gid", .marketing, "taboola", id: true),
            c("obuid", .marketing, "outbrain", id: true),
            c("__qca", .marketing, "quantcast", id: true),
            // HubSpot, Klaviyo
            c("__hstc", .marketing, "hubspot", id: true),
            c("hubspotutk", .marketing, "hubspot", id: true),
            c("__hssc", .marketing, "hubspot"),
            c("__hssrc", .marketing, "hubspot"),
            c("__kla_id", .marketing, "klaviyo", id: true),
            // Analytics products
            p("_hjSessionUser_", .statistics, "hotjar", id: true),
            p("_hjSession_", .statistics, "hotjar"),
            c("_hjid", .statistics, "hotjar", id: true),
            p("_hj", .statistics, "hotjar"),
            p("_pk_id.", .statistics, "matomo", id: true),
            p("_pk_ses.", .statistics, "matomo"),
            p("_pk_", .statistics, "matomo"),
            c("MATOMO_SESSID", .statistics, "matomo"),
            p("AMP_", .statistics, "amplitude", id: true),
            c("ajs_anonymous_id", .statistics, "segment", id: true),
            c("ajs_user_id", .statistics, "segment", id: true),
            c("_ym_uid", .statistics, "yandex-metrica", id: true),
            c("_ym_d", .statistics, "yandex-metrica"),
            c("s_ecid", .statistics, "adobe-analytics", id: true),
            p("AMCV_", .statistics, "adobe-analytics", id: true),
            c("s_cc", .statistics, "adobe-analytics"),
            c("s_sq", .statistics, "adobe-analytics"),
            // Consent management platforms: storing the choice itself is necessary.
            c("CookieConsent", .necessary, "cookiebot"),
            p("CookieConsentBulkSetting-", .necessary, "cookiebot"),
            c("OptanonConsent", .necessary, "onetrust"),
            c("OptanonAlertBoxClosed", .necessary, "onetrust"),
            c("eupubconsent-v2", .necessary, nil),
            c("euconsent-v2", .necessary, nil),
            c("cookieyes-consent", .necessary, "cookieyes"),
            p("cmplz_", .necessary, "complianz"),
            c("cc_cookie", .necessary, "cookieconsent"),
            c("klaro", .necessary, "klaro"),
            c("borlabs-cookie", .necessary, "borlabs"),
            c("tarteaucitron", .necessary, "tarteaucitron"),
            c("didomi_token", .necessary, "didomi"),
            c("uc_settings", .necessary, "usercentrics"),
            c("consentUUID", .necessary, "sourcepoint"),
            c("li_gc", .necessary, "linkedin"),
            // Common first-party session, security and load-balancing cookies
            c("PHPSESSID", .necessary, nil),
            c("JSESSIONID", .necessary, nil),
            c("ASP.NET_SessionId", .necessary, nil),
            c("csrftoken", .necessary, nil),
            c("XSRF-TOKEN", .necessary, nil),
            c("__cf_bm", .necessary, "cloudflare"),
            c("cf_clearance", .necessary, "cloudflare"),
        ]
    }()
}
