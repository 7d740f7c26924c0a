import TallyCore

/// How `tally ingest` guards the batch against one document: each document is read in a worker
/// process with a wall-clock deadline and a memory cap. Read from `ingest` in pipeline.yaml.
public struct IngestSettings: Sendable, Equatable {
  /// `deadline_seconds_per_page`: a document's deadline grows by this many seconds per page (an
  /// HTML page counts one page per `html_page_kb`)…
  public var deadlineSecondsPerPage = 2.0
  /// `deadline_floor_seconds`: …but is never shorter than this…
  public var deadlineFloorSeconds = 120.0
  /// `deadline_cap_seconds`: …nor longer than this. A worker past its deadline is killed and its
  /// document `failed` ("took longer than 120 s").
  public var deadlineCapSeconds = 1800.0
  /// `html_page_kb`: kilobytes of an HTML file counted as one page for its deadline.
  public var htmlPageKB = 100
  /// `memory_limit_mb`: resident memory, in MB, a worker may use; past it the worker is killed and
  /// its document `failed` ("used more than 2048 MB"). Its address space is limited (setrlimit) to
  /// twice this plus 1024 MB, so a runaway allocation stops even between two looks at its memory.
  public var memoryLimitMB = 2048

  public init() {}

  public init(config: ConfigNode?) throws {
    self.init()
    guard let config else { return }
    var map = try ConfigMap(config)
    deadlineSecondsPerPage = try map.double("deadline_seconds_per_page", in: 0...3600) ?? deadlineSecondsPerPage
    deadlineFloorSeconds = try map.double("deadline_floor_seconds", in: 0.1...86_400) ?? deadlineFloorSeconds
    deadlineCapSeconds = try map.double("deadline_cap_seconds", in: 0.1...604_800) ?? deadlineCapSeconds
    htmlPageKB = try map.int("html_page_kb", in: 1...1_000_000) ?? htmlPageKB
    memoryLimitMB = try map.int("memory_limit_mb", in: 64...1_048_576) ?? memoryLimitMB
    if deadlineCapSeconds < deadlineFloorSeconds {
      if let n = map.node("deadline_cap_seconds") {
        throw ConfigError(n, "must not be below deadline_floor_seconds (\(deadlineFloorSeconds))")
      }
      deadlineCapSeconds = deadlineFloorSeconds
    }
    try map.finish()
  }

  /// The wall-clock deadline of a document of `pages` pages (PDF) or `bytes` bytes (HTML, when
  /// `pages` is nil), in seconds.
  public func deadline(pages: Int?, bytes: Int) -> Double {
    let counted = pages ?? max(1, (bytes + htmlPageKB * 1024 - 1) / (htmlPageKB * 1024))
    return min(deadlineCapSeconds, max(deadlineFloorSeconds, deadlineSecondsPerPage * Double(counted)))
  }

  /// The resident-memory cap in bytes.
  public var memoryLimitBytes: Int { memoryLimitMB << 20 }
}
