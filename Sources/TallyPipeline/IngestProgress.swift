import Foundation

/// Progress of a run, for the terminal line: reported after each document and before each PDF
/// page of the documents being read.
public struct IngestProgress: Sendable {
  /// A document being read: the page about to be read and its page count.
  public struct Reading: Sendable, Equatable {
    public var file: String
    public var page: Int
    public var of: Int
  }

  public var done: Int
  public var total: Int
  /// Pages of the documents finished so far.
  public var pages: Int
  public var elapsed: Double
  /// The document that just finished, or whose page was just started.
  public var current: String
  /// The documents being read, with their page, in the order they started.
  public var reading: [Reading] = []
  /// True when the report is for a document that finished (false: a page was started).
  public var documentFinished = true

  /// "[3/10] 45 pages/s  a.pdf page 12/200, b.pdf page 3/40": documents done of total, speed, and
  /// the page within each document being read (or the document that just finished).
  public var line: String {
    guard !reading.isEmpty else { return finishedLine }
    return head + reading.map { "\($0.file) page \($0.page)/\($0.of)" }.joined(separator: ", ")
  }

  /// "[3/10] 45 pages/s  a.pdf": the document the report is about, for a log file's one line per
  /// document.
  public var finishedLine: String { head + current }

  private var head: String {
    let rate = elapsed > 0 ? Int(Double(pages) / elapsed) : 0
    return "[\(done)/\(total)] \(rate) pages/s  "
  }
}

/// The pages of the documents in flight, fed from the workers' `page` lines (several threads) and
/// handed to the progress callback one report at a time.
final class ProgressTracker: @unchecked Sendable {
  private let lock = NSLock()
  private var reading: [IngestProgress.Reading] = []
  private var last: (done: Int, pages: Int) = (0, 0)
  private let total: Int
  private let elapsed: @Sendable () -> Double
  private let report: (@Sendable (IngestProgress) -> Void)?

  init(total: Int, elapsed: @escaping @Sendable () -> Double, report: (@Sendable (IngestProgress) -> Void)?) {
    self.total = total
    self.elapsed = elapsed
    self.report = report
  }

  /// A document's worker is about to read `page` of `of`.
  func page(_ file: String, _ page: Int, of: Int) {
    guard let report else { return }
    lock.lock()
    defer { lock.unlock() }
    let entry = IngestProgress.Reading(file: file, page: page, of: of)
    if let i = reading.firstIndex(where: { $0.file == file }) { reading[i] = entry } else { reading.append(entry) }
    var p = snapshot(current: file)
    p.documentFinished = false
    report(p)
  }

  /// A document finished; `done` and `pages` are the run's counts so far.
  func finished(_ file: String, done: Int, pages: Int) {
    guard let report else { return }
    lock.lock()
    defer { lock.unlock() }
    reading.removeAll { $0.file == file }
    last = (done, pages)
    report(snapshot(current: file))
  }

  private func snapshot(current: String) -> IngestProgress {
    IngestProgress(
      done: last.done, total: total, pages: last.pages, elapsed: elapsed(), current: current, reading: reading)
  }
}
