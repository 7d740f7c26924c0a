import TallyCore

/// What the emitter writes. Read from `emit` in pipeline.yaml.
public struct EmitSettings: Sendable, Equatable {
  /// Which checks go to `findings/<name>.jsonl`.
  public enum FindingsScope: String, Sendable, CaseIterable {
    /// Every check that did not simply pass: fail, pass_within_rounding and skipped.
    case failures
    /// Every check, passes included.
    case all
  }

  /// `findings`: `failures` (default) or `all`.
  public var findings: FindingsScope = .failures
  /// `log_passes`: in the full per-table sections `--verbose` adds to reconciliation.log, list
  /// passed checks too, one line each after the failures of their table (default true; false
  /// counts them only).
  public var logPasses = true
  /// `xlsx`: write `tables.xlsx` and `findings.xlsx` at the end of a run (default true).
  public var xlsx = true
  /// `csv`: write `facts.csv` and `findings.csv` at the end of a run (default true).
  public var csv = true

  public init() {}

  public init(config: ConfigNode?) throws {
    self.init()
    guard let config else { return }
    var map = try ConfigMap(config)
    findings = try map.choice("findings", as: FindingsScope.self) ?? findings
    logPasses = try map.bool("log_passes") ?? logPasses
    xlsx = try map.bool("xlsx") ?? xlsx
    csv = try map.bool("csv") ?? csv
    try map.finish()
  }
}
