import TallyCore

/// Joint error localisation over one table's failed sums (Fellegi–Holt: the fewest changed
/// printed figures that make every check hold).
///
/// Rows and columns cross-foot: a wrong figure breaks every relation it takes part in, by the
/// same amount (its row's total and its column's total; a subtotal's own sum and the grand total
/// or result it is carried into). When two or more failed sums of one table, each with a total
/// of its own, share a printed figure and one change of that figure makes all of them hold
/// (within their rounding), the document itself corroborates the relations, and the figure is
/// the likeliest culprit: the failure is an error however little else supports each relation
/// alone, provided some check of the table holds (relations that hold nowhere in a table are no
/// relations of it). It is reported once, on the failed check whose total that figure is (else the first),
/// with the figure, its place, the value that would fit and the other checks it explains; those
/// other checks become info and point to it. Two figures explaining the same failures alike
/// are a tie the table does not settle: nothing is localised (said rather than picked).
enum Localisation {
  /// The kinds whose failures are sums of printed figures against a printed total.
  static let sumKinds: Set<String> = [
    RuleKind.rowTotal, .columnTotal, .rollup, .result, .balance, .unlabelledRelation, .waarvan,
  ].reduce(into: []) { $0.insert($1.rawValue) }

  /// One failed sum: its index in the findings and what it needs to hold.
  struct Failure {
    var index: Int
    var difference: ExactDecimal
    var tolerance: ExactDecimal
    var cells: [CellReference]
    /// The printed total: the last cell a sum cites.
    var total: CellReference { cells[cells.count - 1] }

    /// The changes of `cell` alone that make this sum hold: its total moved by the difference,
    /// or an item moved against it (either sign: an item may be subtracted).
    func shifts(of cell: CellReference) -> [ExactDecimal] {
      if cell == total { return [difference] }
      return [difference.negated, difference]
    }
  }

  /// A figure whose one change explains several failures.
  struct Culprit {
    var cell: CellReference
    var shift: ExactDecimal
    var explains: [Int]
  }

  /// Localises the failed sums of every table of `findings` in place.
  static func localise(_ findings: inout [Finding], views: [TableView], settings: ReconcileSettings) {
    var byTable: [Int: [Failure]] = [:]
    var passes: [Int: Int] = [:]
    for (i, f) in findings.enumerated() where f.kind != RuleKind.crossTable.rawValue {
      guard let table = f.table else { continue }
      if f.status == .pass || f.status == .passWithinRounding { passes[table, default: 0] += 1 }
      guard f.status == .fail, sumKinds.contains(f.kind), let d = f.difference, let t = f.tolerance, f.cells.count >= 2
      else { continue }
      byTable[table, default: []].append(Failure(index: i, difference: d, tolerance: t, cells: f.cells))
    }
    for table in byTable.keys.sorted() {
      guard let failures = byTable[table], failures.count >= 2 else { continue }
      let view = views.first { $0.table.index == table }
      // The relations are the table's only where some check of it holds (a table of contents'
      // page numbers hold nowhere).
      guard passes[table, default: 0] > 0 else { continue }
      for culprit in culprits(failures) {
        report(culprit, failures: failures, view: view, findings: &findings, settings: settings)
      }
    }
  }

  /// The figures that explain two or more failures with one change, greedily by how many they
  /// explain; ties between figures over the same failures settle nothing.
  static func culprits(_ failures: [Failure]) -> [Culprit] {
    var candidates: [Culprit] = []
    var seen = Set<CellReference>()
    for failure in failures {
      for cell in failure.cells where seen.insert(cell).inserted {
        let containing = failures.filter { $0.cells.contains(cell) }
        guard containing.count >= 2 else { continue }
        var best: Culprit?
        for origin in containing {
          for shift in origin.shifts(of: cell) where !shift.isZero {
            let explained = containing.filter { f in
              f.shifts(of: cell).contains { within($0, shift, f.tolerance, origin.tolerance) }
            }
            // Two checks of one total are one relation read twice, not corroboration.
            guard Set(explained.map(\.total)).count == explained.count, explained.count >= 2 else { continue }
            if best == nil || explained.count > best!.explains.count {
              best = Culprit(cell: cell, shift: shift, explains: explained.map(\.index))
            }
          }
        }
        if let best { candidates.append(best) }
      }
    }
    candidates.sort { $0.explains.count > $1.explains.count }
    var used = Set<Int>()
    var out: [Culprit] = []
    for (i, c) in candidates.enumerated() {
      guard used.isDisjoint(with: c.explains) else { continue }
      let tied = candidates.indices.contains {
        $0 != i && candidates[$0].explains.count == c.explains.count
          && !Set(candidates[$0].explains).isDisjoint(with: c.explains)
      }
      used.formUnion(c.explains)
      if !tied { out.append(c) }
    }
    return out
  }

  static func within(_ a: ExactDecimal, _ b: ExactDecimal, _ t1: ExactDecimal, _ t2: ExactDecimal) -> Bool {
    guard let gap = a.subtracting(b), let allowed = t1.adding(t2) else { return false }
    return !(allowed < gap.magnitude)
  }

  private static func report(
    _ culprit: Culprit, failures: [Failure], view: TableView?, findings: inout [Finding], settings: ReconcileSettings
  ) {
    let cell = culprit.cell
    let owner =
      failures.first { culprit.explains.contains($0.index) && $0.total == cell }?.index ?? culprit.explains.min()!
    let others = culprit.explains.filter { $0 != owner }.sorted()
    let place = describe(cell)
    let printed = operand(of: cell, in: view)
    let fitValue = printed.flatMap { $0.value.adding(culprit.shift) }
    // A figure whose other reading (a footnote marker before it, a stray space) is the value
    // that fits was misread, not misprinted: that reading's rules say so.
    if let printed, let fitValue, isOtherReading(printed, fit: fitValue) { return }
    let fit = fitValue.map { Format.dutch($0) }
    let change = fit.map { "\($0) would fit" } ?? "a change of \(Format.signed(culprit.shift)) would fit"
    let explained = others.map { "the failed \(findings[$0].kind) at \(describe(findings[$0]))" }
    var f = findings[owner]
    let configured = RuleKind(rawValue: f.kind).map { settings.kind($0).severity } ?? .error
    f.severity = min(f.severity, configured)
    f.message +=
      " [localised: '\(cell.raw)' at \(place) is the one figure that explains \(culprit.explains.count) failed checks of this table: \(change), and it also makes \(explained.joined(separator: ", ")) hold]"
    findings[owner] = f
    for o in others {
      findings[o].severity = .info
      findings[o].message += " [explained by the figure '\(cell.raw)' at \(place), localised in the failed \(f.kind) at \(describe(f))]"
    }
  }

  /// The figure of a cell, found in its table's view.
  static func operand(of cell: CellReference, in view: TableView?) -> Operand? {
    guard let view else { return nil }
    for r in view.rows.indices {
      for c in view.rows[r].cells.indices where view.rows[r].cells[c].raw == cell.raw {
        if view.cellReference(r, c) == cell { return view.operand(r, c) }
      }
    }
    return nil
  }

  /// The fitting value is the figure read another way its text allows: its parsed alternative,
  /// or its digits without a leading group of one or two digits ("19 624": note 19, 624).
  static func isOtherReading(_ o: Operand, fit: ExactDecimal) -> Bool {
    if let alternative = o.alternative, alternative == fit || alternative.negated == fit { return true }
    let groups = o.raw.split { $0 == " " || $0 == "\u{00A0}" || $0 == "\u{202F}" || $0 == "\u{2009}" }
    guard groups.count >= 2, let first = groups.first, (1...2).contains(first.count), first.allSatisfy(\.isNumber)
    else { return false }
    let rest = significant(groups.dropFirst().joined())
    return !rest.isEmpty && rest == significant(Format.dutch(fit.magnitude))
  }

  /// The digits of a printed figure without trailing zeros (a decimal comma's zeros aside).
  static func significant(_ text: String) -> String {
    var digits = String(text.filter(\.isNumber))
    while digits.hasSuffix("0") { digits.removeLast() }
    return digits
  }

  private static func describe(_ cell: CellReference) -> String {
    let at = [cell.row.joined(separator: " › "), cell.column.joined(separator: " › ")].filter { !$0.isEmpty }
    return "'" + at.joined(separator: "' × '") + "'" + (cell.page.map { " (page \($0))" } ?? "")
  }

  private static func describe(_ f: Finding) -> String {
    let at = [f.row.joined(separator: " › "), f.column.joined(separator: " › ")].filter { !$0.isEmpty }
    return "'" + at.joined(separator: "' × '") + "'"
  }
}
