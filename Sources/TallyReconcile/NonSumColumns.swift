import TallyCore

/// Row-total readings that look at the whole table rather than one block: a figure column that
/// is no sum at all (an index, rate or average column whose header was lost), and an item left
/// out by its unit that belongs in the sum after all.
extension RowTotalRule {
  /// Why a failure in a column that is no sum is not the report's.
  static let noSumReading =
    "every total fails in this column, each by another amount, while the same rows add up in other columns: the column is probably no sum (an index, rate or average whose header was not read)"

  /// The column positions (into each block's outcomes) where every block that was checked fails,
  /// at least two, each by another amount, and every one of those blocks holds in some other
  /// column: the column states something other than a sum. One wrong figure breaks one block in
  /// one column (or, carried, the blocks above it by the same amount), never all alike.
  static func noSumColumns(_ outcomes: [[Outcome]]) -> Set<Int> {
    guard let width = outcomes.first?.count, width >= 2 else { return [] }
    var out = Set<Int>()
    for position in 0..<width {
      var gaps: [ExactDecimal] = []
      var noSum = true
      for row in outcomes {
        guard case .sum(let sum) = row[position] else { continue }
        guard sum.status == .fail, let gap = gap(sum) else {
          noSum = false
          break
        }
        let holdsElsewhere = row.indices.contains { k in
          guard k != position, case .sum(let other) = row[k] else { return false }
          return other.holds
        }
        guard holdsElsewhere else {
          noSum = false
          break
        }
        gaps.append(gap)
      }
      if noSum, gaps.count >= 2, Set(gaps).count == gaps.count { out.insert(position) }
    }
    return out
  }

  /// Whether the figures of `rows` in column `c` add up to `stated` (exactly or within rounding).
  static func addsUp(_ view: TableView, _ rows: [Int], column c: Int, to stated: Operand) -> Bool {
    guard case .items(let operands, _) = view.collect(rows.map { ($0, c) }), operands.count >= 2,
      case .success(let cmp) = Arithmetic.sum(operands, against: stated)
    else { return false }
    return cmp.status != .fail
  }
}
