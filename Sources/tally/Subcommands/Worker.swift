import ArgumentParser
import Foundation
import TallyPipeline

extension TallyCommand {
  /// `tally worker` (hidden): the process `tally ingest` reads each document in. Not for users.
  struct Worker: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Read documents for a parent `tally ingest` (internal; speaks a pipe protocol).",
      shouldDisplay: false)

    @Option(help: "Address-space cap in MB (setrlimit RLIMIT_AS); 0 for none.")
    var addressSpaceMb: Int = 0

    func run() throws {
      let status = DocumentWorker.serve(addressSpaceMB: addressSpaceMb)
      if status != 0 { throw ExitCode(status) }
    }
  }
}
