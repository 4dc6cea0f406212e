import ArgumentParser
import ConsentReplay

/// `consent-replay decode`: one opaque consent value → JSON, for investigators.
struct Decode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decode a TC string, CMP cookie or Consent Mode value into JSON.",
        discussion: """
        Prints one JSON object per VALUE (sorted keys), with the value's own fields and its \
        four-purpose view (necessary, preferences, statistics, marketing). A value that cannot \
        be decoded prints {"error": "<reason>", "input": "<value>"} and the exit status is 2.
        """
    )

    @Option(name: .customLong("as"), help: ArgumentHelp("What the values are: auto (recognise each), or one of \(ConsentValueKind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "kind"))
    var kind = "auto"

    @Flag(help: "Indent the JSON (default: one object per line).")
    var pretty = false

    @OptionGroup var config: ConfigOptions

    @Argument(help: "The values: a TC string, a cookie value (URL-encoded or not), a gcs/gcd parameter, a JSON consent object.")
    var values: [String] = []

    func validate() throws {
        if values.isEmpty { throw ValidationError("give at least one value to decode") }
        if kind != "auto" && ConsentValueKind(rawValue: kind) == nil {
            throw ValidationError("unknown kind `\(kind)`; use auto or one of " + ConsentValueKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }

    func run() throws {
        let tables = config.load().purposeTables
        var failed = false
        for value in values {
            let output: JSONOutput
            do {
                guard let kind = ConsentValueKind(rawValue: kind) ?? ConsentDecoders.detectKind(value) else {
                    throw ConsentDecodeError("not a value this tool recognises (TC string, CMP cookie, gcs/gcd, consent object); name its kind with --as")
                }
                output = try ConsentDecoders.decode(value, as: kind, tables: tables).details
            } catch {
                failed = true
                output = .object(["error": .string("\(error)"), "input": .string(value)])
            }
            print(output.serialized(indent: pretty ? 2 : 0))
        }
        if failed { throw ExitCode(ConsentReplayCommand.Status.usage.rawValue) }
    }
}
