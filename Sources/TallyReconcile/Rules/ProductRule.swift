import TallyCore

/// **product**: a figure column states, in every data row, the product of two figure columns to
/// its left, possibly in another scale (volume × unit price = amount, the amount in thousands).
///
/// Inference: the table does not say which columns multiply; the arithmetic does. For each figure
/// column (no percent or non-additive column) and each pair of figure columns to its left, with a
/// factor of 1, 10⁻³, 10³, 10⁻⁶ or 10⁶, the rows in which the product agrees with the printed
/// figure within the rounding of all three (XBRL Calculations intervals), with a product other than
/// zero, are counted. The combination agreeing in the most rows is taken when it agrees in at least
/// two rows and in at least twice as many as it disagrees in; two combinations alike: no check.
/// Only item rows are checked, and not those missing one of the three figures, with a factor of
/// zero, or whose rounded factors bound the product to less than a hundredth of it.
///
/// Evidence (see `Evidence`): the rows in which the same product holds (corroboration): a failure
/// is an error, localised on its row, unless one of its figures opening with a footnote marker
/// read without it makes the row hold (`AlternativeReading`). A combination agreeing in too few rows is no relation of the
/// table and nothing is reported.
///
/// Message templates:
/// - pass: "product '<column>' in row '<row>' (= '<a>' × '<b>'[ × factor]): <computed>, as printed"
/// - pass_within_rounding / fail: "… : <computed>, printed <stated> (difference <d>, rounding
///   allows ±<t>)"; a failure ends with "[evidence: …]".
struct ProductRule: ReconciliationRule {
  static let kind = RuleKind.product
  let settings: ReconcileSettings

  init(settings: ReconcileSettings) { self.settings = settings }

  static let factors: [ExactDecimal] = [
    ExactDecimal(1), ExactDecimal(units: 1, scale: 3), ExactDecimal(1000), ExactDecimal(units: 1, scale: 6),
    ExactDecimal(1_000_000),
  ]
  /// The powers of ten of `factors`, in the same order.
  static let factorExponents = [0, -3, 3, -6, 6]

  struct Combination {
    var a: Int
    var b: Int
    var factor: ExactDecimal
    var holds: Int
    var fails: Int
  }

  func evaluate(_ document: NormalizedDocument, into context: inout RuleContext) {
    for view in context.views {
      for c in view.figureColumns where !view.isPercentColumn(c) && !view.isNonAdditiveColumn(c) {
        guard let best = Self.bestCombination(view, product: c) else { continue }
        for row in view.dataRows {
          guard let (operands, stated, comparison) = Self.check(view, row: row, product: c, a: best.a, b: best.b, factor: best.factor)
          else { continue }
          let factorText = best.factor == ExactDecimal(1) ? "" : " × \(Format.dutch(best.factor))"
          let what =
            "product '\(view.columnPath(c).joined(separator: " / "))' in row '\(view.rows[row].label)' (= '\(view.columnPath(best.a).last ?? "")' × '\(view.columnPath(best.b).last ?? "")'\(factorText))"
          var check = Check(
            kind: Self.kind, status: comparison.status, table: view.table, page: view.page(row), row: view.rowPath(row),
            column: view.columnPath(c), comparison: comparison,
            cells: operands.compactMap(\.ref) + (stated.ref.map { [$0] } ?? []), message: "")
          switch comparison.status {
          case .pass:
            check.message = "\(what): \(Format.dutch(comparison.computed)), as printed"
          default:
            check.message =
              "\(what): \(Format.dutch(comparison.computed)), printed \(stated.raw) (difference \(Format.signed(comparison.difference)), rounding allows ±\(Format.dutch(comparison.tolerance)))"
          }
          if comparison.status == .fail {
            check.evidence = Evidence(holdsElsewhere: best.holds, failsElsewhere: best.fails - 1)
            // A figure opening with a footnote marker no footnote names: read without it.
            check.evidence?.alternative = AlternativeReading.any(operands + [stated]) { o in
              guard let row = RowOperands(x: o[0], y: o[1], stated: o[2]), let (_, _, c) = row.compared(at: best.factor)
              else { return false }
              return c.status != .fail
            }
            check.elsewhere = "row"
          }
          context.report(check)
        }
      }
    }
  }

  /// The two factors and the printed product of one row, compared; nil when a figure is missing
  /// or the arithmetic overflows.
  static func check(_ view: TableView, row: Int, product c: Int, a: Int, b: Int, factor: ExactDecimal)
    -> ([Operand], Operand, Comparison)?
  {
    guard let operands = RowOperands(view, row: row, product: c, a: a, b: b) else { return nil }
    return operands.compared(at: factor)
  }

  /// What a row's check needs whatever the factor: its three figures read with their rounding,
  /// the product interval and the exact product. Worked out once per row and pair of columns, so
  /// trying the factors costs only the scaling.
  struct RowOperands {
    var x: Operand
    var y: Operand
    var stated: Operand
    var product: DecimalInterval
    var exact: ExactDecimal

    init?(_ view: TableView, row: Int, product c: Int, a: Int, b: Int) {
      // Item rows only (a total of products is no product of totals); a factor of zero says nothing.
      guard view.rows[row].role == .item, case .number(let stated) = view.value(row, c),
        case .number(let x) = view.value(row, a), case .number(let y) = view.value(row, b)
      else { return nil }
      self.init(x: x, y: y, stated: stated)
    }

    /// The three figures of a row, however read.
    init?(x: Operand, y: Operand, stated: Operand) {
      var (x, y, stated) = (x, y, stated)
      guard !x.value.isZero, !y.value.isZero else { return nil }
      // Amounts, prices and volumes are read with the rounding of their printed figures.
      stated.isExact = false
      x.isExact = false
      y.isExact = false
      guard let xi = x.interval, let yi = y.interval, let p = Arithmetic.product(xi, yi),
        let exact = x.value.multiplied(by: y.value)
      else { return nil }
      (self.x, self.y, self.stated, self.product, self.exact) = (x, y, stated, p, exact)
    }

    /// The row compared at one factor; nil when the arithmetic overflows or the printed figures
    /// bound the product too loosely.
    func compared(at factor: ExactDecimal) -> ([Operand], Operand, Comparison)? {
      guard let interval = Arithmetic.scale(product, by: factor),
        let exact = exact.multiplied(by: factor),
        let width = interval.upper.subtracting(interval.lower),
        let radius = width.multiplied(by: ExactDecimal(units: 5, scale: 1))
      else { return nil }
      // The printed figures must pin the product down to a hundredth of it (rounded factors
      // scaled by a million bound nothing).
      guard let hundredfold = radius.multiplied(by: ExactDecimal(100)), hundredfold <= exact.magnitude else { return nil }
      let computed = exact.rounded(toPlaces: max(stated.decimals, 0) + 2)
      guard case .success(let comparison) = Arithmetic.compare(computed: computed, interval: interval, radius: radius, with: stated)
      else { return nil }
      return ([x, y], stated, comparison)
    }
  }

  /// The pair of columns and factor whose product the column states, when corroborated and unique.
  ///
  /// The search is bounded: a combination is worked out in exact arithmetic only when at least two
  /// rows could hold at it by the leading digits of their figures (`MagnitudeBounds`); any other agrees in
  /// fewer than two rows and could not be taken, so the result is that of the full search.
  static func bestCombination(_ view: TableView, product c: Int) -> Combination? {
    let candidates = view.figureColumns.filter { $0 < c && !view.isPercentColumn($0) }
    let bounds = view.dataRows.map { MagnitudeBounds.of(view, row: $0, product: c) }
    let leading = Dictionary(
      uniqueKeysWithValues: candidates.map { col in (col, view.dataRows.map { MagnitudeBounds.leading(view, row: $0, column: col) }) })
    var best: Combination?
    var tie = false
    for (i, a) in candidates.enumerated() {
      for b in candidates[(i + 1)...] {
        let possible = MagnitudeBounds.possibleHolds(bounds, leading[a] ?? [], leading[b] ?? [])
        guard possible.contains(where: { $0 >= 2 }) else { continue }
        let rows = view.dataRows.compactMap { RowOperands(view, row: $0, product: c, a: a, b: b) }
        guard rows.count >= 2 else { continue }
        for (f, factor) in factors.enumerated() where possible[f] >= 2 {
          var holds = 0
          var fails = 0
          for operands in rows {
            guard let (_, stated, comparison) = operands.compared(at: factor) else { continue }
            if comparison.status == .fail { fails += 1 } else if !stated.value.isZero { holds += 1 }
          }
          guard holds >= 2, holds >= 2 * fails else { continue }
          let found = Combination(a: a, b: b, factor: factor, holds: holds, fails: fails)
          if let current = best {
            if holds > current.holds || (holds == current.holds && fails < current.fails) {
              best = found
              tie = false
            } else if holds == current.holds && fails == current.fails {
              tie = true
            }
          } else {
            best = found
          }
        }
      }
    }
    return tie ? nil : best
  }
}
