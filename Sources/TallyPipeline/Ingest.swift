import Foundation
import Logging
import TallyCore
import TallyEmit

/// What a run is asked to do.
public struct IngestOptions: Sendable {
  public var inbox: String
  public var out: String
  /// Documents processed at once; each is one task.
  public var jobs: Int
  /// Redo every document even when nothing changed.
  public var force: Bool

  /// List every check in the log (passes, nothing to check, within rounding), not only counts.
  public var verbose = false
  /// The analyst's `accepted.yaml`; nil: the one beside the inbox.
  public var accepted: String? = nil

  public init(inbox: String, out: String, jobs: Int, force: Bool = false) {
    self.inbox = inbox
    self.out = out
    self.jobs = max(1, jobs)
    self.force = force
  }
}

/// How one inbox file fared.
public struct DocumentSummary: Sendable, Codable {
  public enum Status: String, Sendable, Codable {
    case ok
    case failed
    case unchanged
    case skipped
  }

  public var file: String
  /// Other inbox names with the same bytes: processed once, under `file`.
  public var alsoNamed: [String] = []
  public var sha256: String?
  public var format: String?
  public var status: Status
  public var reason: String?
  public var pages: Int?
  public var tables: Int = 0
  public var facts: Int = 0
  public var counts = CheckCounts()
  public var seconds: Double = 0
  public var logSection: String?

  enum CodingKeys: String, CodingKey {
    case file, alsoNamed = "also_named", sha256, format, status, reason, pages, tables, facts, counts,
      seconds, logSection = "log_section"
  }
}

/// What the previous run knew of a document.
struct DocumentState: Codable {
  var version: String
  var config: String
  var summary: DocumentSummary
}

/// Progress reported after each document, for the terminal line.
public struct IngestProgress: Sendable {
  public var done: Int
  public var total: Int
  public var pages: Int
  public var elapsed: Double
  public var current: String
}

/// The whole run's result.
public struct RunSummary: Sendable {
  public var documents: [DocumentSummary]
  public var totals: CheckCounts
  public var seconds: Double
  public var layout: OutputLayout
  /// The review page, accepted findings and crops (nil before the review step ran).
  public var review: ReviewStats? = nil

  public func count(_ status: DocumentSummary.Status) -> Int {
    documents.filter { $0.status == status }.count
  }
}

/// Runs the pipeline over an inbox: recognise, extract, normalise, reconcile, emit; documents in
/// parallel, one task each; unchanged documents skipped; every file written atomically.
public struct IngestRun: Sendable {
  public var options: IngestOptions
  public var config: PipelineConfig

  public init(options: IngestOptions, config: PipelineConfig) {
    self.options = options
    self.config = config
  }

  public func run(
    logger: Logger, progress: (@Sendable (IngestProgress) -> Void)? = nil
  ) async throws -> RunSummary {
    let clock = ContinuousClock()
    let start = clock.now
    let layout = OutputLayout(root: options.out)
    let lock = OutputLock(path: layout.lock)
    try lock.acquire()
    defer { lock.release() }

    IngestRun.removeTemporaryFiles(in: layout)
    // A broken accepted.yaml stops the run before any document is read.
    let accepted = try AcceptedFindings.load(
      path: options.accepted ?? AcceptedFindings.defaultPath(inbox: options.inbox))
    let entries = try Inbox.scan(options.inbox)
    var summaries: [String: DocumentSummary] = [:]
    var work: [(entry: InboxEntry, sha256: String, aliases: [String])] = []
    var firstNameBySHA: [String: String] = [:]

    // Hash every file first, so the same bytes under two names are processed once.
    for entry in entries {
      if let reason = entry.skipReason {
        summaries[entry.name] = DocumentSummary(file: entry.name, status: .skipped, reason: reason)
        continue
      }
      let data: [UInt8]
      switch DocumentProcessor.readBytes(entry.path) {
      case .success(let bytes): data = bytes
      case .failure(let error):
        summaries[entry.name] = DocumentSummary(
          file: entry.name, status: .failed, reason: "cannot read the file: \(error.reason)")
        continue
      }
      let sha = SHA256.hex(of: data)
      if let first = firstNameBySHA[sha] {
        if let i = work.firstIndex(where: { $0.entry.name == first }) { work[i].aliases.append(entry.name) }
        continue
      }
      firstNameBySHA[sha] = entry.name
      work.append((entry, sha, []))
    }

    let total = work.count
    var done = 0
    var pages = 0
    let processor = DocumentProcessor(config: config)
    let emitter = Emitter(settings: config.emit)
    let force = options.force
    let jobs = options.jobs
    try await withThrowingTaskGroup(of: DocumentSummary.self) { group in
      var next = 0
      func launch() {
        let (entry, sha256, aliases) = work[next]
        next += 1
        group.addTask {
          var s = IngestRun.processOne(
            entry: entry, sha256: sha256, processor: processor, emitter: emitter, layout: layout,
            force: force, clock: clock)
          s.alsoNamed = aliases
          return s
        }
      }
      while next < min(jobs, work.count) { launch() }
      while let s = try await group.next() {
        summaries[s.file] = s
        done += 1
        pages += s.status == .ok ? (s.pages ?? 0) : 0
        switch s.status {
        case .failed: logger.warning("\(s.file): \(s.reason ?? "failed")")
        case .unchanged: logger.debug("\(s.file): unchanged")
        default: logger.debug("\(s.file): \(s.status.rawValue)")
        }
        progress?(
          IngestProgress(
            done: done, total: total, pages: pages,
            elapsed: IngestRun.seconds(clock.now - start), current: s.file))
        if next < work.count { launch() }
      }
    }

    var ordered = entries.compactMap { summaries[$0.name] }
    let read = ordered.filter { $0.status == .ok || $0.status == .unchanged }
    let failed = ordered.filter { $0.status == .failed }
      .map { (file: $0.file, reason: $0.reason ?? "failed") }
    let skipped = ordered.filter { $0.status == .skipped }
      .map { (file: $0.file, reason: $0.reason ?? "skipped") }
    // The findings read back with the analyst's review: accepted ones stop counting.
    let review = try ReviewStep(layout: layout, accepted: accepted, verbose: options.verbose).run(
      read: read, paths: Dictionary(entries.map { ($0.name, $0.path) }, uniquingKeysWith: { a, _ in a }),
      failed: failed, skipped: skipped, clock: clock)
    let reviewed = Dictionary(review.documents.map { ($0.file, $0.reviewedCounts) }, uniquingKeysWith: { a, _ in a })
    for i in ordered.indices { if let c = reviewed[ordered[i].file] { ordered[i].counts = c } }
    let totals = ordered.reduce(CheckCounts()) { $0 + $1.counts }
    try AtomicFile.write(review.log, to: layout.log)
    var summary = RunSummary(
      documents: ordered, totals: totals, seconds: IngestRun.seconds(clock.now - start),
      layout: layout)
    summary.review = review.stats
    try AtomicFile.write(RunManifest.render(summary, options: options, config: config), to: layout.manifest)
    return summary
  }

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
  }

  /// One document, start to finish; never throws: a failure is the summary's reason.
  static func processOne(
    entry: InboxEntry, sha256: String, processor: DocumentProcessor, emitter: Emitter,
    layout: OutputLayout, force: Bool, clock: ContinuousClock
  ) -> DocumentSummary {
    let start = clock.now
    // Unchanged bytes and configuration: nothing is read again.
    if !force, let previous = loadState(layout.state(entry.name)),
      previous.version == TallyVersion.current, previous.config == processor.config.fingerprint,
      previous.summary.sha256 == sha256,
      [layout.records(entry.name), layout.findings(entry.name), layout.tables(entry.name)]
        .allSatisfy({ FileManager.default.fileExists(atPath: $0) })
    {
      var s = previous.summary
      s.status = .unchanged
      s.seconds = seconds(clock.now - start)
      return s
    }
    var summary = DocumentSummary(file: entry.name, status: .failed)
    do {
      // The input's bytes are needed by extraction only: read them in a scope of their own so
      // they are freed before normalising and emitting.
      let processed = try { () throws -> ProcessedDocument in
        let (source, bytes) = try DocumentProcessor.read(path: entry.path, knownSHA256: sha256)
        summary.sha256 = source.sha256
        summary.format = source.format.rawValue
        return try processor.process(source, bytes: bytes)
      }()
      let pages = processed.extracted.pageCount
      // Findings and tables are rendered (and validated) first; the records, the large output,
      // then go to their file in chunks instead of one buffer of the whole file.
      let outputs = try emitter.render(
        extracted: processed.extracted, normalized: processed.normalized,
        findings: processed.findings, includeRecords: false)
      try emitter.writeRecords(
        source: processed.extracted.source, facts: processed.normalized.facts, to: layout.records(entry.name))
      try AtomicFile.write(outputs.findings, to: layout.findings(entry.name))
      try AtomicFile.write(outputs.tables, to: layout.tables(entry.name))
      summary.status = .ok
      summary.pages = pages
      summary.tables = outputs.tableCount
      summary.facts = outputs.factCount
      summary.counts = outputs.counts
      summary.logSection = outputs.logSection
      let state = DocumentState(
        version: TallyVersion.current, config: processor.config.fingerprint, summary: summary)
      // The state goes last: if we die before it, the next run redoes the document.
      try AtomicFile.write(encodeState(state), to: layout.state(entry.name))
    } catch let e as DocumentError {
      // Not a report at all (a .docx, a README) is skipped; a report that broke has failed.
      summary.status = e.code == "unsupported_type" ? .skipped : .failed
      summary.reason = e.reason
      removeOutputs(of: entry.name, layout: layout)
    } catch {
      summary.reason = "internal error: \(error)"
      removeOutputs(of: entry.name, layout: layout)
    }
    summary.seconds = seconds(clock.now - start)
    return summary
  }

  /// A document that now fails has no outputs: stale ones from an earlier version would mislead.
  static func removeOutputs(of name: String, layout: OutputLayout) {
    for p in [layout.state(name), layout.records(name), layout.findings(name), layout.tables(name)] {
      unlink(p)
    }
  }

  /// Temporary files of a run that was killed before it could rename them.
  static func removeTemporaryFiles(in layout: OutputLayout) {
    for folder in ["", "/records", "/findings", "/tables", "/.state"] {
      let dir = layout.root + folder
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
      for name in names where name.hasPrefix(".") && name.contains(".tmp-") { unlink("\(dir)/\(name)") }
    }
  }

  static func loadState(_ path: String) -> DocumentState? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return try? JSONDecoder().decode(DocumentState.self, from: data)
  }

  static func encodeState(_ state: DocumentState) throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return [UInt8](try encoder.encode(state)) + [0x0A]
  }
}
