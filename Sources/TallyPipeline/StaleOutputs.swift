import Foundation

/// Outputs of documents that are no longer in the inbox.
///
/// They are moved to `out/stale/` (same sub-folders), not deleted: a query over
/// `out/records/*.jsonl` then sees only current documents, while a file removed from the inbox by
/// mistake (or renamed) costs nothing that cannot be looked at again. The document's state goes,
/// so putting the file back reads it afresh.
enum StaleOutputs {
  /// The per-document output folders and the suffix of their files.
  static let folders = [("records", ".jsonl"), ("findings", ".jsonl"), ("tables", ".jsonl")]

  /// Moves the outputs of every document not named in `current` to `layout.stale`; returns the
  /// documents moved, sorted. Never throws: a file that cannot be moved stays where it is.
  static func move(keeping current: Set<String>, layout: OutputLayout) -> [String] {
    let fm = FileManager.default
    var moved = Set<String>()
    for (folder, suffix) in folders {
      let dir = "\(layout.root)/\(folder)"
      guard let names = try? fm.contentsOfDirectory(atPath: dir) else { continue }
      for file in names where file.hasSuffix(suffix) && !file.hasPrefix(".") {
        let name = String(file.dropLast(suffix.count))
        guard !current.contains(name) else { continue }
        let target = "\(layout.stale)/\(folder)"
        try? fm.createDirectory(atPath: target, withIntermediateDirectories: true)
        if rename("\(dir)/\(file)", "\(target)/\(file)") == 0 { moved.insert(name) }
      }
    }
    // The states of documents gone (with outputs or failed) go too: putting the file back reads
    // it afresh.
    if let states = try? fm.contentsOfDirectory(atPath: "\(layout.root)/.state") {
      for file in states where file.hasSuffix(".json") && !current.contains(String(file.dropLast(5))) {
        unlink("\(layout.root)/.state/\(file)")
      }
    }
    return moved.sorted()
  }

  /// The log's lines for the documents moved.
  static func logLines(_ moved: [String], layout: OutputLayout) -> String {
    moved.map { "no longer in the inbox: \($0): its outputs were moved to \(layout.stale)/\n" }.joined()
  }
}
