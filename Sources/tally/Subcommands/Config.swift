import ArgumentParser
import Foundation
import TallyPipeline

extension TallyCommand {
  /// `tally config check`: validates pipeline.yaml without reading any document.
  struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check a pipeline.yaml: unknown keys and bad values are reported with their line.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
      let config = try options.load()
      let entries = config.documents.count
      let perDocument = entries == 0 ? "" : ", \(entries) documents entr\(entries == 1 ? "y" : "ies")"
      print("\(options.config): ok (version \(config.version)\(perDocument), sha256 \(config.fingerprint.prefix(12)))")
    }
  }
}
