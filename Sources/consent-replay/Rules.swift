import ArgumentParser
import ConsentReplay

/// `consent-replay rules`: every rule with its default severity and one-line summary.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the rules: id, default severity and a one-line summary.",
        discussion: "Severities can be overridden per rule in the configuration file. `consent-replay explain RULE_ID` tells more about one rule."
    )

    @Flag(help: "Print a JSON array (sorted keys) of {id, name, severity, summary, reasons: [{id, meaning}]} instead of a table.")
    var json = false

    func run() throws {
        if json {
            print(RuleListing.json().serialized(indent: 2))
        } else {
            print(RuleListing.table(), terminator: "")
        }
    }
}
