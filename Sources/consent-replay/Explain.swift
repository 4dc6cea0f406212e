import ArgumentParser
import ConsentReplay

/// `consent-replay explain RULE_ID`: one rule's rationale, legal hook, reasons and examples.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain one rule: why it matters, the law it rests on, its reasons and example inputs.",
        discussion: "`consent-replay rules` lists the rule ids."
    )

    @Argument(help: ArgumentHelp("The rule to explain, as `consent-replay rules` lists it (for example: tracking-before-consent).", valueName: "rule-id"))
    var ruleID: String

    /// An unknown id is a usage error: exit status 2 with the valid ids.
    func validate() throws {
        if RuleCatalogue.rule(ruleID) == nil { throw ValidationError(RuleListing.unknownRuleMessage(ruleID)) }
    }

    func run() throws {
        guard let rule = RuleCatalogue.rule(ruleID) else {
            ConsentReplayCommand.fail(RuleListing.unknownRuleMessage(ruleID))
        }
        print(RuleListing.explanation(of: rule), terminator: "")
    }
}
