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

      Exit status: 0 when the run completed, whatever it found (a document that could not be read, crashed its worker or ran out of time or memory is listed in run.json and the log); 1 with --strict when a check failed with severity error; 2 when the run could not start (bad pipeline.yaml, missing inbox, output folder locked); 64 for a usage error; 130 (SIGINT) or 143 (SIGTERM) when a signal stopped the run (run.json lists what finished).
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

  /// Loads the configuration, or exits 2 with the line that is wrong.
  func load() throws -> PipelineConfig {
    do {
      return try PipelineConfig.load(path: config, required: config != "pipeline.yaml")
    } catch let e as ConfigError {
      FileHandle.standardError.write(Data("tally: \(config): \(e)\n".utf8))
      throw ExitCode(2)
    }
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
