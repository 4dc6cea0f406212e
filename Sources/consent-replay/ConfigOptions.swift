import ArgumentParser
import ConsentReplay
import Foundation

/// `--config` and `--cookie-catalogue`, shared by the commands that need a configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp("The configuration file (YAML, see dump-config for every key).", valueName: "file"))
    var configFile: String?

    @Option(name: .customLong("cookie-catalogue"), help: ArgumentHelp("An Open Cookie Database CSV used as an extra cookie catalogue (built-in and config entries win).", valueName: "file"))
    var cookieCatalogue: String?

    /// Loads the configuration, printing its warnings; exits 2 on a bad file.
    func load() -> Configuration {
        var config = Configuration()
        if let configFile {
            guard let data = FileManager.default.contents(atPath: configFile) else {
                ConsentReplayCommand.fail("\(configFile): cannot read the configuration file")
            }
            var loader = ConfigLoader(source: configFile)
            do {
                config = try loader.load(yaml: String(decoding: data, as: UTF8.self))
            } catch {
                ConsentReplayCommand.fail("\(error)")
            }
            for warning in loader.warnings { ConsentReplayCommand.warn(warning) }
        }
        if let cookieCatalogue {
            guard let data = FileManager.default.contents(atPath: cookieCatalogue) else {
                ConsentReplayCommand.fail("\(cookieCatalogue): cannot read the cookie catalogue")
            }
            do {
                config.extraCookies = try OpenCookieDatabase.load(Array(data), path: cookieCatalogue)
            } catch {
                ConsentReplayCommand.fail("\(error)")
            }
        }
        return config
    }
}

/// `consent-replay dump-config`: the effective configuration, catalogues included.
struct DumpConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump-config",
        abstract: "Print the effective configuration (defaults, --config, built-in catalogues) as YAML.",
        discussion: "The output is a valid configuration file: given back with --config it gives the same configuration."
    )

    @OptionGroup var config: ConfigOptions

    func run() throws {
        do {
            print(try ConfigDumper.yaml(config.load()), terminator: "")
        } catch {
            ConsentReplayCommand.fail("cannot write the configuration: \(error)", code: 3)
        }
    }
}
