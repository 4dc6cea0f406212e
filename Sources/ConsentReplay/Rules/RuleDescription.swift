/// A rule's self-description: what `consent-replay rules` lists, what `explain` prints, and
/// the examples one generic test runs (every triggering example must give exactly its expected
/// findings; every non-triggering example none of this rule).
public struct RuleDescription: Sendable {
    /// Never changes once published (dashboards and severity overrides key on it).
    public var id: String
    public var name: String
    /// One sentence.
    public var summary: String
    /// Why it matters, in a few sentences.
    public var rationale: String
    /// The law it rests on.
    public var legalHook: String
    public var defaultSeverity: Severity
    /// Every reason the rule can give, with one line each.
    public var reasons: [(id: String, meaning: String)]
    /// Inputs that must give the expected findings of this rule.
    public var triggeringExamples: [RuleExample]
    /// Inputs that must give no finding of this rule.
    public var nonTriggeringExamples: [RuleExample]
}

/// A tiny replay: a few input files of a few lines each, an optional configuration, and the
/// findings of the rule they must give.
public struct RuleExample: Sendable {
    public var title: String
    public var files: [ExampleFile]
    /// YAML configuration text, when the example needs one.
    public var config: String?
    /// The findings of this rule the example must give (empty for a non-triggering example).
    public var expected: [ExpectedFinding]

    public init(_ title: String, files: [ExampleFile], config: String? = nil, expected: [ExpectedFinding] = []) {
        self.title = title
        self.files = files
        self.config = config
        self.expected = expected
    }
}

/// One input file of an example: its name and its lines.
public struct ExampleFile: Sendable {
    public var name: String
    public var text: String

    public init(_ name: String, _ lines: [String]) {
        self.name = name
        self.text = lines.joined(separator: "\n") + "\n"
    }
}

/// A finding an example must give: its reason, the file and line it points at, and the subject.
public struct ExpectedFinding: Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public var file: String
    public var line: Int
    public var subject: String

    public init(_ reason: String, at file: String, line: Int, subject: String) {
        self.reason = reason
        self.file = file
        self.line = line
        self.subject = subject
    }

    public var description: String { "\(reason) \(subject) at \(file):\(line)" }
}
