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

/// One document as the log and the review page see it: its findings read back from its JSONL
/// (with the analyst's review), its counts, and the detailed section kept for `--verbose`.
public struct ReviewedDocument: Sendable {
  public var file: String
  /// Where the document was read from (for the review page's link to the PDF).
  public var path: String
  public var format: String?
  public var pages: Int?
  public var tables: Int
  public var facts: Int
  /// Every check, passes included (the findings file may hold only those that did not pass).
  public var counts: CheckCounts
  public var findings: [FindingLine]
  /// The per-table section of every check (`section(…)`), shown with `--verbose`.
  public var detail: String?
  /// Pages not read, each with its reason: always in the log.
  public var pagesNotRead: [String]

  public init(
    file: String, path: String, format: String?, pages: Int?, tables: Int, facts: Int,
    counts: CheckCounts, findings: [FindingLine], detail: String?, pagesNotRead: [String] = []
  ) {
    self.pagesNotRead = pagesNotRead
    self.file = file
    self.path = path
    self.format = format
    self.pages = pages
    self.tables = tables
    self.facts = facts
    self.counts = counts
    self.findings = findings
    self.detail = detail
  }

  /// Findings that did not pass, at `severity`, not accepted: what the analyst still has to read.
  public func open(_ severity: Severity) -> [FindingLine] {
    findings.filter { $0.status != .pass && $0.severity == severity && !$0.isAccepted }
  }

  public var accepted: [FindingLine] { findings.filter(\.isAccepted) }

  /// Checks that compared figures: passed, equal within rounding, or failed.
  public var checksDone: Int { counts.pass + counts.passWithinRounding + counts.fail }

  /// The counts with accepted findings taken out of errors and warnings.
  public var reviewedCounts: CheckCounts {
    var c = counts
    for f in accepted where f.status != .pass {
      switch f.severity {
      case .error: c.errors -= 1
      case .warning: c.warnings -= 1
      case .info: c.infos -= 1
      }
    }
    return c
  }
}

/// An entry of `accepted.yaml` that no longer meets its finding.
public struct StaleAcceptance: Sendable, Equatable {
  public var id: String
  public var source: String
  public var note: String
  /// Why: "the finding is gone" or "its figures changed".
  public var reason: String

  public init(id: String, source: String, note: String, reason: String) {
    self.id = id
    self.source = source
    self.note = note
    self.reason = reason
  }
}

/// The human log. It opens with what matters: a summary per document (errors first), then every
/// error on two or three lines (where, what, likely cause), then the warnings. Passes, checks that
/// found nothing to check and figures equal within rounding are only counted, unless `verbose`
/// asks for every document's full section; they stay in the findings JSONL. Plain text.
public enum ReconciliationLog {
  /// Most causes named per finding.
  public static let causeLimit = 3
  static let rule = String(repeating: "=", count: 78)

  /// The whole log of a run. Deterministic: same inputs, same text.
  public static func render(
    documents: [ReviewedDocument], failed: [(file: String, reason: String)] = [],
    skipped: [(file: String, reason: String)] = [], stale: [StaleAcceptance] = [], verbose: Bool = false
  ) -> String {
    let docs = documents.sorted {
      let (a, b) = ($0.open(.error).count, $1.open(.error).count)
      if a != b { return a > b }
      let (wa, wb) = ($0.open(.warning).count, $1.open(.warning).count)
      if wa != wb { return wa > wb }
      return $0.file < $1.file
    }
    let errors = docs.map { $0.open(.error).count }.reduce(0, +)
    let warnings = docs.map { $0.open(.warning).count }.reduce(0, +)
    let checks = docs.map(\.checksDone).reduce(0, +)
    let accepted = docs.map { $0.accepted.count }.reduce(0, +)
    func n(_ count: Int, _ one: String, _ many: String) -> String { "\(count) \(count == 1 ? one : many)" }

    var out = "tally reconciliation log: \(n(docs.count, "document", "documents")) read, "
    out += "\(n(errors, "error", "errors")), \(n(warnings, "warning", "warnings")), \(n(checks, "check", "checks")) done"
    if accepted > 0 { out += ", \(accepted) accepted" }
    if !failed.isEmpty { out += ", \(failed.count) could not be read" }
    out += "\n" + docs.reduce(CheckCounts()) { $0 + $1.counts }.coverage + " (a printed total is checked when a check states it)\n\n"
    let width = max(8, docs.map { String($0.open(.error).count).count }.max() ?? 0)
    func col(_ v: Int, _ w: Int) -> String {
      let s = String(v)
      return String(repeating: " ", count: max(0, w - s.count)) + s
    }
    // Coverage beside the counts, so "0 errors" never hides "nothing checked".
    out += "    errors  warnings    checks  totals checked  document\n"
    for d in docs {
      let coverage = "\(d.counts.totalsChecked)/\(d.counts.totalsPrinted)"
      out += "  \(col(d.open(.error).count, width))  \(col(d.open(.warning).count, 8))  \(col(d.checksDone, 8))"
      out += "  \(String(repeating: " ", count: max(0, 14 - coverage.count)))\(coverage)  \(d.file)"
      if !d.accepted.isEmpty { out += "  (\(d.accepted.count) accepted)" }
      out += "\n"
    }
    if !failed.isEmpty {
      out += "  could not be read:\n"
      for f in failed { out += "    \(f.file): \(f.reason)\n" }
    }

    // A page that was not read can hide any number of errors: named up front.
    let notRead = docs.filter { !$0.pagesNotRead.isEmpty }
    if !notRead.isEmpty {
      out += "  pages not read:\n"
      for d in notRead {
        for p in d.pagesNotRead { out += "    \(d.file): \(p)\n" }
      }
    }

    out += "\n" + block("ERRORS", docs.map { ($0.file, $0.open(.error)) })
    out += "\n" + block("WARNINGS", docs.map { ($0.file, $0.open(.warning)) })

    if accepted > 0 || !stale.isEmpty {
      out += "\nACCEPTED (\(accepted)): reviewed in accepted.yaml; not counted as errors or warnings\n"
      for d in docs where !d.accepted.isEmpty {
        for f in d.accepted.sorted(by: order) {
          out += "  \(d.file)  \(whereLine(f))\n    note: \(f.review?.note ?? "")\n"
        }
      }
      if !stale.isEmpty {
        out += "  stale (in accepted.yaml, no longer met; remove them or accept the finding again):\n"
        for s in stale { out += "    \(s.id)  \(s.source): \(s.reason)  (note: \(s.note))\n" }
      }
    }

    if !skipped.isEmpty {
      out += "\nNOT REPORTS, NOT READ (\(skipped.count))\n"
      for f in skipped { out += "    \(f.file): \(f.reason)\n" }
    }

    let totals = docs.reduce(CheckCounts()) { $0 + $1.counts }
    out += "\nNot listed: \(totals.pass) passed, \(totals.passWithinRounding) equal within rounding, "
    out += "\(totals.skipped) skipped (nothing to check or a missing operand)"
    if verbose {
      out += "; every check follows, document by document.\n"
      for d in documents.sorted(by: { $0.file < $1.file }) {
        let detail: String = d.detail ?? "\(d.file)\n  (no detail kept)\n"
        out += "\n" + rule + "\n" + detail
      }
    } else {
      out += "; they are in findings/*.jsonl, and `tally ingest --verbose` lists them here.\n"
    }
    return out
  }

  /// "ERRORS (n)" and each document's findings, two or three lines each.
  static func block(_ title: String, _ groups: [(file: String, findings: [FindingLine])]) -> String {
    let total = groups.map { $0.findings.count }.reduce(0, +)
    var out = "\(title) (\(total))\n"
    if total == 0 { return out + "  none\n" }
    for (file, findings) in groups where !findings.isEmpty {
      out += "\(file)\n"
      for f in findings.sorted(by: order) { out += entry(f) }
    }
    return out
  }

  /// Pages and tables in document order; document-wide checks last.
  static func order(_ a: FindingLine, _ b: FindingLine) -> Bool {
    let ka = (a.page ?? Int.max, a.table ?? Int.max)
    let kb = (b.page ?? Int.max, b.table ?? Int.max)
    return ka < kb
  }

  /// Where: "p. 17  table 22 AANTAL …  ·  TOTAAL × KOPPEN  ·  row_total  id 3f2a…".
  static func whereLine(_ f: FindingLine) -> String {
    var parts: [String] = []
    var place = f.page.map { "p. \($0)" } ?? "web page"
    if let t = f.table {
      place += "  table \(t)"
      if let title = f.tableTitle, !title.isEmpty { place += " " + shortened(title, 40) }
    } else {
      place += "  document-wide"
    }
    parts.append(place)
    let loc = f.location
    if !loc.isEmpty { parts.append(shortened(loc, 56)) }
    parts.append("\(f.kind)  id \(f.id)")
    return parts.joined(separator: "  ·  ")
  }

  /// One finding: where, what, likely cause (at most `causeLimit` causes).
  static func entry(_ f: FindingLine) -> String {
    var out = "  \(whereLine(f))\n    \(elided(f.message))\n"
    let causes = f.causes(limit: causeLimit)
    if !causes.isEmpty {
      out += "    likely cause: " + causes.joined(separator: "; or ") + "\n"
    }
    return out
  }

  /// A message of at most `limit` characters: its start and its end (where the figures are),
  /// the middle (a long list of items) elided at word boundaries. The JSONL keeps it whole.
  static func elided(_ s: String, limit: Int = 200) -> String {
    guard s.count > limit else { return s }
    let head = s.prefix(limit * 2 / 5)
    let tail = s.suffix(limit * 3 / 5)
    let cutHead = head.lastIndex(of: " ").map { head[..<$0] } ?? head
    let cutTail = tail.firstIndex(of: " ").map { tail[tail.index(after: $0)...] } ?? tail
    return cutHead + " … " + cutTail
  }

  static func shortened(_ s: String, _ limit: Int) -> String {
    s.count <= limit ? s : String(s.prefix(limit - 1)) + "…"
  }
}

/// The detailed section of one document (every check, per table): `--verbose`.
extension ReconciliationLog {
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
      let group = byTable[key]!.sorted(by: detailOrder)
      let first = group[0]
      out += "\n"
      let page = first.page.map { "p. \($0)" } ?? "web page"
      if key == Int.max {
        out += "  \(page)  document-wide checks\n"
      } else {
        out += "  \(page)  table \(key): \(first.tableTitle ?? "(untitled)")\n"
      }
      for f in group { out += detailEntry(f) }
    }
    if findings.isEmpty {
      out += "\n  nothing to check: no table with figures\n"
    } else if shown.isEmpty {
      out += "\n  every check passed\n"
    }
    return out
  }

  /// Failures first (errors, then warnings), then skipped, then within rounding, then passes.
  static func detailOrder(_ a: Finding, _ b: Finding) -> Bool {
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

  static func detailEntry(_ f: Finding) -> String {
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
}
