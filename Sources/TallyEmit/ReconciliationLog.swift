import TallyCore

/// Counts of one document's checks, by outcome and by severity of what is reported.
public struct CheckCounts: Sendable, Codable, Equatable {
  public var pass = 0
  public var passWithinRounding = 0
  public var fail = 0
  public var skipped = 0
  public var errors = 0
  public var warnings = 0
  public var infos = 0
  /// Printed totals in the document's tables, and how many of them a check reached (`Coverage`).
  public var totalsPrinted = 0
  public var totalsChecked = 0

  public init() {}

  public init(_ findings: [Finding]) {
    for f in findings {
      switch f.status {
      case .pass: pass += 1
      case .passWithinRounding: passWithinRounding += 1
      case .fail: fail += 1
      case .skipped: skipped += 1
      }
      guard f.status != .pass else { continue }
      switch f.severity {
      case .error: errors += 1
      case .warning: warnings += 1
      case .info: infos += 1
      }
    }
  }

  public static func + (a: CheckCounts, b: CheckCounts) -> CheckCounts {
    var c = CheckCounts()
    c.pass = a.pass + b.pass
    c.passWithinRounding = a.passWithinRounding + b.passWithinRounding
    c.fail = a.fail + b.fail
    c.skipped = a.skipped + b.skipped
    c.errors = a.errors + b.errors
    c.warnings = a.warnings + b.warnings
    c.infos = a.infos + b.infos
    c.totalsPrinted = a.totalsPrinted + b.totalsPrinted
    c.totalsChecked = a.totalsChecked + b.totalsChecked
    return c
  }

  /// "12 of 30 printed totals checked": what the summary's counts rest on.
  public var coverage: String {
    "\(totalsChecked) of \(totalsPrinted) printed total\(totalsPrinted == 1 ? "" : "s") checked"
  }

  /// "2 errors, 1 warning, 3 within rounding, 40 passed, 1 skipped".
  public var summary: String {
    func n(_ count: Int, _ one: String, _ many: String) -> String { "\(count) \(count == 1 ? one : many)" }
    return [
      n(errors, "error", "errors"), n(warnings, "warning", "warnings"),
      "\(passWithinRounding) within rounding", "\(pass) passed", "\(skipped) skipped",
    ].joined(separator: ", ")
  }
}

/// The human log: per document and per table, failures and skipped checks first, stated and
/// computed aligned, the page to open. Plain text, readable in a terminal and an editor.
public enum ReconciliationLog {
  /// The section for one document. Deterministic: same findings, same text.
  public static func section(
    source: String, sha256: String, pageCount: Int?, tableCount: Int, factCount: Int,
    findings: [Finding], logPasses: Bool, coverage: (printed: Int, checked: Int)? = nil
  ) -> String {
    var counts = CheckCounts(findings)
    if let coverage { (counts.totalsPrinted, counts.totalsChecked) = coverage }
    var out = "\(source)\n"
    var facts = [String]()
    if let pageCount { facts.append("\(pageCount) page\(pageCount == 1 ? "" : "s")") }
    facts.append("\(tableCount) table\(tableCount == 1 ? "" : "s")")
    facts.append("\(factCount) figure\(factCount == 1 ? "" : "s")")
    out += "  sha256 \(sha256.prefix(12))…  " + facts.joined(separator: ", ") + "\n"
    out += "  " + counts.summary + "\n"
    if coverage != nil { out += "  " + counts.coverage + "\n" }

    let shown = findings.filter { logPasses || $0.status != .pass }
    // Group by table (document-level checks last), tables in document order.
    var byTable: [Int: [Finding]] = [:]
    for f in shown { byTable[f.table ?? Int.max, default: []].append(f) }
    for key in byTable.keys.sorted() {
      let group = byTable[key]!.sorted(by: order)
      let first = group[0]
      out += "\n"
      let page = first.page.map { "p. \($0)" } ?? "web page"
      if key == Int.max {
        out += "  \(page)  document-wide checks\n"
      } else {
        out += "  \(page)  table \(key): \(first.tableTitle ?? "(untitled)")\n"
      }
      for f in group { out += entry(f) }
    }
    if findings.isEmpty {
      out += "\n  nothing to check: no table with figures\n"
    } else if shown.isEmpty {
      out += "\n  every check passed\n"
    }
    return out
  }

  /// Failures first (errors, then warnings), then skipped, then within rounding, then passes.
  static func order(_ a: Finding, _ b: Finding) -> Bool {
    func rank(_ f: Finding) -> Int {
      switch f.status {
      case .fail: f.severity == .error ? 0 : 1
      case .skipped: 2
      case .passWithinRounding: 3
      case .pass: 4
      }
    }
    let (ra, rb) = (rank(a), rank(b))
    if ra != rb { return ra < rb }
    return false
  }

  static func entry(_ f: Finding) -> String {
    if f.status == .pass { return passLine(f) }
    let label: String
    switch f.status {
    case .fail: label = f.severity.rawValue.uppercased()
    case .skipped: label = "SKIPPED"
    case .passWithinRounding: label = "ROUNDING"
    case .pass: label = "PASS"
    }
    let pad = String(repeating: " ", count: 4)
    let head = label.padding(toLength: 9, withPad: " ", startingAt: 0)
    var out = "\(pad)\(head)\(f.kind)  \(location(f))" + (f.page.map { "  (p. \($0))" } ?? "") + "\n"
    let indent = String(repeating: " ", count: 13)
    out += "\(indent)\(f.message)\n"
    if let stated = f.stated, let computed = f.computed {
      let s = DisplayNumber.format(stated)
      let c = DisplayNumber.format(computed)
      let width = max(s.count, c.count)
      out += "\(indent)stated    \(String(repeating: " ", count: width - s.count))\(s)\n"
      out += "\(indent)computed  \(String(repeating: " ", count: width - c.count))\(c)"
      if let d = f.difference {
        out += "   difference \(DisplayNumber.format(d, signed: true))"
      }
      if let t = f.tolerance { out += "   tolerance ±\(DisplayNumber.format(t))" }
      out += "\n"
    }
    if let hint = f.hint {
      // Rules phrase their hints as "likely cause: …"; others get the label here.
      out += indent + (hint.hasPrefix("likely") ? hint : "likely cause: \(hint)") + "\n"
    }
    return out
  }

  /// A passed check takes one line: what was checked and the figure that holds.
  static func passLine(_ f: Finding) -> String {
    let figure = f.stated.map { "  = \(DisplayNumber.format($0))" } ?? ""
    return "    pass     \(f.kind)  \(location(f))\(figure)\n"
  }

  /// "row › path × column › path": where in its table a check sits.
  static func location(_ f: Finding) -> String {
    let row = f.row.joined(separator: " › ")
    guard !f.column.isEmpty else { return row }
    return (row.isEmpty ? "" : row + " × ") + f.column.joined(separator: " › ")
  }

  /// The whole log: a header, each document's section, and the run's summary.
  public static func render(
    sections: [String], failed: [(file: String, reason: String)],
    skipped: [(file: String, reason: String)] = [], totals: CheckCounts, documents: Int
  ) -> String {
    var out = "tally reconciliation log\n"
    out += "Failures and skipped checks first; each line names the page to open.\n"
    out += "ERROR: does not add up beyond rounding.  WARNING: could not be completed or heuristic.\n"
    out += "ROUNDING: differs only within the displayed precision (passes).\n"
    for s in sections {
      out += "\n" + String(repeating: "=", count: 78) + "\n" + s
    }
    if !failed.isEmpty {
      out += "\n" + String(repeating: "=", count: 78) + "\n"
      out += "Documents that could not be read\n"
      for f in failed { out += "  \(f.file): \(f.reason)\n" }
    }
    if !skipped.isEmpty {
      out += "\nNot documents, not read\n"
      for f in skipped { out += "  \(f.file): \(f.reason)\n" }
    }
    out += "\n" + String(repeating: "=", count: 78) + "\n"
    out += "run: \(documents) document\(documents == 1 ? "" : "s") read, \(failed.count) could not be read; \(totals.summary); \(totals.coverage)\n"
    return out
  }
}
