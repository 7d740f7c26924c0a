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
        // The digest only goes into the printed lines: it is computed on a second thread while the
        // tables are extracted (hashing took a tenth of the time on a 20 MB page).
        let (unhashed, bytes) = try DocumentProcessor.read(path: file, knownSHA256: "")
        var source = unhashed
        let digest = Digest()
        let hashing = DispatchGroup()
        DispatchQueue.global().async(group: hashing) { [bytes] in digest.hex = SHA256.hex(of: bytes) }
        // The file's own settings: its `documents:` entries (skip_pages, table settings) apply.
        let own = try config.effective(for: source.fileName)
        let document = try DocumentProcessor(config: own).extract(source, bytes: bytes)
        hashing.wait()
        source.sha256 = digest.hex
        FileHandle.standardOutput.write(
          Data(try Emitter.tableLines(source: source, tables: document.tables)))
      } catch let e as DocumentError {
        printError("tally: \(file): \(e.reason)")
        throw ExitCode(1)
      }
    }
  }
}

/// The file's SHA-256, written by the hashing thread and read after `DispatchGroup.wait()`, which
/// orders the two accesses.
private final class Digest: @unchecked Sendable {
  var hex = ""
}
