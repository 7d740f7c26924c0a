/// Where a run writes, relative to the output folder.
public struct OutputLayout: Sendable {
  public var root: String

  public init(root: String) {
    self.root = root
  }

  public func records(_ name: String) -> String { "\(root)/records/\(name).jsonl" }
  public func findings(_ name: String) -> String { "\(root)/findings/\(name).jsonl" }
  public func tables(_ name: String) -> String { "\(root)/tables/\(name).jsonl" }
  /// What the last run knew of a document, to skip it when nothing changed.
  public func state(_ name: String) -> String { "\(root)/.state/\(name).json" }
  public var log: String { "\(root)/reconciliation.log" }
  /// The analyst's review page, and the folder of its page crops beside it.
  public var review: String { "\(root)/review.html" }
  public var reviewFolder: String { "\(root)/review" }
  public var manifest: String { "\(root)/run.json" }
  /// The run lock: `flock(2)` on this file (see `OutputLock`).
  public var lock: String { "\(root)/.tally.lock" }
  /// Outputs of documents no longer in the inbox (see `StaleOutputs`).
  public var stale: String { "\(root)/stale" }
}
