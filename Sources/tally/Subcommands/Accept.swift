import ArgumentParser
import Foundation
import TallyCore
import TallyEmit
import TallyPipeline

extension TallyCommand {
  /// `tally accept`: records that an analyst reviewed a finding and accepts it.
  struct Accept: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Mark a finding as reviewed: it stays in the JSONL but no longer counts as an error.",
      discussion: """
      Looks the id up in the last run's findings (the id is on each finding's first line in reconciliation.log and on the review page) and writes it, with its figures and your note, to accepted.yaml beside the inbox. The next ingest applies it: the finding keeps its place in findings/*.jsonl with "review": {"status": "accepted", "note": …}, is greyed out in review.html, and no longer counts as an error or fails --strict. If the figures change, the acceptance no longer applies and is reported as stale.
      """)

    @Argument(help: "The finding's id (16 hexadecimal digits).")
    var id: String

    @Option(help: "Why it is fine (kept with the finding).")
    var note: String

    @Option(help: "The folder holding the reports; accepted.yaml goes beside it.")
    var inbox: String = "inbox"

    @Option(help: "The output folder of the run the finding comes from.")
    var out: String = "out"

    @Option(help: "The accepted findings file (default: accepted.yaml beside the inbox folder).")
    var accepted: String?

    func validate() throws {
      guard !note.trimmingCharacters(in: .whitespaces).isEmpty else {
        throw ValidationError("--note must say why the finding is fine")
      }
    }

    func run() throws {
      let folder = OutputLayout(root: out).root + "/findings"
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
      var found: FindingLine? = nil
      for name in names.sorted() where name.hasSuffix(".jsonl") {
        if let f = FindingLine.read(path: folder + "/" + name).first(where: { $0.id == id }) {
          found = f
          break
        }
      }
      guard let f = found else {
        printError("tally: no finding with id \(id) in \(folder)/ (run tally ingest first; ids are on each finding in reconciliation.log)")
        throw ExitCode(1)
      }
      let path = accepted ?? AcceptedFindings.defaultPath(inbox: inbox)
      var list: AcceptedFindings
      do {
        list = try AcceptedFindings.load(path: path)
      } catch let e as TallyCore.DocumentError {
        printError("tally: \(e.reason)")
        throw ExitCode(2)
      }
      let place = (f.page.map { "p. \($0)" } ?? "web page") + (f.table.map { " table \($0)" } ?? "")
      list.accept(
        AcceptedFindings.Entry(
          finding: f, note: note,
          location: [place, f.location, f.kind].filter { !$0.isEmpty }.joined(separator: " · ")))
      try list.yaml().write(toFile: path, atomically: true, encoding: .utf8)
      print("accepted \(f.id) (\(f.source), \(place)) in \(path); the next ingest applies it")
    }
  }
}
