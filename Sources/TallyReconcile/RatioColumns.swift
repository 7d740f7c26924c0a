import TallyCore

/// Figure columns that the table's own arithmetic shows to be ratios of two other columns of the
/// same row (× 1 or × 100: "Verhouding", "Index", "% realisatie"), whatever their header says or
/// when the header was not read. Such a column is no sum and no item of one (issue #17, item 2:
/// the column is a ratio, not an amount).
enum RatioColumns {
  /// A column is a ratio when one reading N / D holds within rounding in at least this many rows.
  static let minimumRows = 3

  /// The ratio columns of `view`: columns where some N / D (× 1 or × 100) of two other figure
  /// columns (neither a percentage nor headed as a non-additive figure) holds in at least `minimumRows` rows and in at least half of the rows printing a
  /// figure in it, failing in at most a quarter as many rows as it holds in.
  static func of(_ view: TableView) -> Set<Int> {
    let figure = view.figureColumns
    guard figure.count >= 3, figure.count <= 16 else { return [] }
    let rows = view.dataRows
    // Operands are amounts: a ratio column read as one would make its own operand a ratio of it
    // (I = N / U × 100 gives U = N / I × 100).
    let operands = figure.filter { !view.isPercentColumn($0) && !view.isNonAdditiveColumn($0) }
    // × 1 or × 100, and the same times the table's scale (a ratio printed in a table "in
    // miljoen euro" is read scaled like the amounts).
    let factors = [1, 100, 1_000, 100_000, 1_000_000, 100_000_000].map { ExactDecimal($0) }
    var found: [Int: Set<Int>] = [:]
    for r in figure where view.columns[r].role == .item && !view.isPercentColumn(r) {
      let printed = rows.filter { view.operand($0, r) != nil }
      guard printed.count >= minimumRows else { continue }
      search: for n in operands where n != r {
        for d in operands where d != r && d != n {
          for factor in factors where holds(view, printed, r, n, d, factor) {
            found[r] = [n, d]
            break search
          }
        }
      }
    }
    // Two columns read as ratios of each other (I = N / U × 100, so U = N / I × 100, when I's
    // header was not read): the one with the smaller figures is the ratio, the other an amount.
    var out = Set<Int>()
    for (r, uses) in found {
      let mutual = uses.filter { found[$0]?.contains(r) ?? false }
      if mutual.contains(where: { typical(view, $0, rows) < typical(view, r, rows) }) { continue }
      out.insert(r)
    }
    return out
  }

  /// Whether N / D × factor gives the printed figure of `r` within rounding in at least
  /// `minimumRows` of the rows printing one, at least half of them, failing in at most a quarter
  /// as many as it holds in.
  private static func holds(_ view: TableView, _ printed: [Int], _ r: Int, _ n: Int, _ d: Int, _ factor: ExactDecimal) -> Bool {
    var holds = 0
    var fails = 0
    for x in printed {
      guard let stated = view.operand(x, r), let a = view.operand(x, n), let b = view.operand(x, d),
        let ai = a.interval, let bi = b.interval,
        case .success(let c) = Arithmetic.ratio(numerator: (a.value, ai), denominator: (b.value, bi), stated: stated, factor: factor)
      else { continue }
      if c.status == .fail { fails += 1 } else if !stated.value.isZero { holds += 1 }
      if fails * 4 > printed.count { return false }
    }
    return holds >= minimumRows && holds * 2 >= printed.count && fails * 4 <= holds
  }

  /// The median magnitude of the figures in column `c`.
  private static func typical(_ view: TableView, _ c: Int, _ rows: [Int]) -> ExactDecimal {
    let values = rows.compactMap { view.operand($0, c)?.value.magnitude }.sorted()
    return values.isEmpty ? .zero : values[values.count / 2]
  }
}
