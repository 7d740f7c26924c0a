import ArgumentParser
import Foundation
import Logging
import TallyCore
import TallyPipeline

/// The `tally` command: a thin shell over TallyPipeline that reads flags, loads the
/// configuration, prints, and picks exit codes.
@main
struct TallyCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tally",
    abstract: "Reads annual reports (PDF, HTML), extracts their tables, checks that the figures add up.",
    discussion: """
      Drop reports in an inbox folder and run `tally ingest`. tally writes one JSONL record per figure, one per check that did not simply pass, the tables as printed, a reconciliation log to read, and run.json describing the run.

      Exit status: 0 when the run completed, whatever it found (a document that could not be read, crashed its worker or ran out of time or memory is listed in run.json and the log); 1 with --strict when a check failed with severity error; 2 when the run could not start (bad pipeline.yaml, missing inbox); 64 for a usage error; 75 when another tally run holds the output folder (try again when it ends); 130 (SIGINT) or 143 (SIGTERM) when a signal stopped the run (run.json lists what finished).
      """,
    version: TallyVersion.current,
    subcommands: [Ingest.self, Tables.self, Config.self, Accept.self, Worker.self],
    defaultSubcommand: nil
  )
}

/// Options shared by every subcommand that reads the configuration.
struct ConfigOptions: ParsableArguments {
  @Option(name: .long, help: "The pipeline configuration; a missing pipeline.yaml means the defaults.")
  var config: String = "pipeline.yaml"

  @Flag(name: .shortAndLong, help: "Log each document's progress to standard error, and list every check in the log.")
  var verbose = false

  /// Loads the configuration, or exits 2 with the line that is wrong. Without `--config` and
  /// without a pipeline.yaml in the current folder, says on stderr that the defaults are used
  /// (and names a pipeline.yaml in a parent folder, the likely project), so a run from another
  /// folder is never silently without the project's settings.
  func load() throws -> PipelineConfig {
    do {
      let given = config != "pipeline.yaml"
      if !given, !FileManager.default.fileExists(atPath: config) {
        printError(ConfigOptions.defaultsNotice(cwd: FileManager.default.currentDirectoryPath))
      }
      return try PipelineConfig.load(path: config, required: given)
    } catch let e as ConfigError {
      FileHandle.standardError.write(Data("tally: \(config): \(e)\n".utf8))
      throw ExitCode(2)
    }
  }

  /// "tally: no pipeline.yaml in /x: using the built-in default settings (…)".
  static func defaultsNotice(cwd: String) -> String {
    var line = "tally: no pipeline.yaml in \(cwd): using the built-in default settings"
    var dir = URL(fileURLWithPath: cwd).standardizedFileURL
    while dir.path != "/" {
      dir.deleteLastPathComponent()
      let candidate = dir.appendingPathComponent("pipeline.yaml").path
      if FileManager.default.fileExists(atPath: candidate) {
        return line + "; \(candidate) exists: give --config \(candidate) to use it"
      }
    }
    line += " (--config names a settings file)"
    return line
  }

  func bootstrapLogging() {
    let level: Logger.Level = verbose ? .debug : .notice
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
  }
}

/// Writes one line to standard error.
func printError(_ line: String) {
  FileHandle.standardError.write(Data((line + "\n").utf8))
}
