import ArgumentParser
import Foundation
import TallyCore
import TallyEmit
import TallyPipeline

extension TallyCommand {
  /// `tally tables FILE`: the tables of one document as JSON lines.
  struct Tables: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the tables found in one PDF or HTML file, one JSON object per line.",
      discussion: """
      Each line holds the source, the 1-based page (null for HTML) and all pages, the title, the number of header rows and every row as printed, header rows included. A file that cannot be read gives one line on standard error and exit status 1.
      """)

    @Argument(help: "The PDF or HTML file.")
    var file: String

    @OptionGroup var options: ConfigOptions

    func run() throws {
      let config = try options.load()
      do {
        let (source, bytes) = try DocumentProcessor.read(path: file)
        let document = try DocumentProcessor(config: config).extract(source, bytes: bytes)
        FileHandle.standardOutput.write(
          Data(try Emitter.tableLines(source: source, tables: document.tables).utf8))
      } catch let e as DocumentError {
        printError("tally: \(file): \(e.reason)")
        throw ExitCode(1)
      }
    }
  }
}
