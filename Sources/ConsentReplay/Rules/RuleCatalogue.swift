/// Every rule of contract §5, sorted by id. No runtime discovery: a rule exists when it is here.
public enum RuleCatalogue {
    public static let all: [RuleDescription] = [
        ConsentMismatchRule.description,
        CookieRespawnRule.description,
        ForwardWithoutConsentRule.description,
        OptOutSignalIgnoredRule.description,
        ThirdCountryTransferRule.description,
        TrackingBeforeConsentRule.description,
        UnprovableConsentRule.description,
    ]

    /// The description of `id`, if it is a rule.
    public static func rule(_ id: String) -> RuleDescription? { all.first { $0.id == id } }
}
