/// The outcome of one check.
public enum CheckStatus: String, Sendable, Hashable, Codable, CaseIterable {
  case pass
  /// The exact figures differ but their rounding intervals overlap.
  case passWithinRounding = "pass_within_rounding"
  case fail
  /// The check could not be completed (a missing cell, a malformed operand); `message` says why.
  case skipped
}

public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
  case error
  case warning
  case info

  private var rank: Int {
    switch self {
    case .error: 0
    case .warning: 1
    case .info: 2
    }
  }

  /// Errors sort first.
  public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A cell that took part in a check.
public struct CellReference: Sendable, Hashable {
  public var table: Int
  public var page: Int?
  public var row: [String]
  public var column: [String]
  public var raw: String
  public var bbox: BoundingBox?

  public init(
    table: Int, page: Int?, row: [String], column: [String], raw: String, bbox: BoundingBox?
  ) {
    self.table = table
    self.page = page
    self.row = row
    self.column = column
    self.raw = raw
    self.bbox = bbox
  }
}

/// The result of one check, with everything an analyst needs to find the figure and judge it.
public struct Finding: Sendable, Hashable {
  /// The rule's stable id, e.g. "row_total" for an inferred rule or the id given in pipeline.yaml.
  public var rule: String
  /// The rule kind: row_total, column_total, percent_sum, ratio, cross_table, rollup, waarvan,
  /// malformed_number, expected_value.
  public var kind: String
  public var status: CheckStatus
  public var severity: Severity
  public var page: Int?
  public var table: Int?
  public var tableTitle: String?
  public var row: [String]
  public var column: [String]
  /// The figure as printed (the total, the ratio, the expected value).
  public var stated: ExactDecimal?
  /// What the items compute to.
  public var computed: ExactDecimal?
  /// computed − stated.
  public var difference: ExactDecimal?
  /// How far apart the two may be from rounding alone.
  public var tolerance: ExactDecimal?
  public var cells: [CellReference]
  /// One line for the log.
  public var message: String
  /// The likely cause, when one fits ("a transposition: 3 543 496 read as 3 534 496 would hold").
  public var hint: String?

  public init(
    rule: String, kind: String, status: CheckStatus, severity: Severity, page: Int?, table: Int?,
    tableTitle: String?, row: [String] = [], column: [String] = [], stated: ExactDecimal? = nil,
    computed: ExactDecimal? = nil, difference: ExactDecimal? = nil, tolerance: ExactDecimal? = nil,
    cells: [CellReference] = [], message: String, hint: String? = nil
  ) {
    self.rule = rule
    self.kind = kind
    self.status = status
    self.severity = severity
    self.page = page
    self.table = table
    self.tableTitle = tableTitle
    self.row = row
    self.column = column
    self.stated = stated
    self.computed = computed
    self.difference = difference
    self.tolerance = tolerance
    self.cells = cells
    self.message = message
    self.hint = hint
  }
}
