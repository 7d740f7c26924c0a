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

  /// A table split in two where its header was printed again (or a page break fell): the block
  /// reaches up to the top of the table, its items fall short of the total, and the shortfall is
  /// exactly (within rounding) the figures of the last one to three rows of the table before it,
  /// on the same page or the page before, in the column of the same header (else the same
  /// position). Those rows are the block's first items; nil when no such rows exist.
  static func splitFromAbove(_ view: TableView, previous: TableView?, block: Block, sum: Sum, column c: Int) -> String? {
    guard let previous, let first = sum.rows.first, isOpenAbove(view, row: first),
      let page = view.table.pages.first, let before = previous.table.pages.last, before == page || before == page - 1,
      let gap = gap(sum), gap.isNegative
    else { return nil }
    let path = view.columnPath(c)
    let position = view.figureColumns.firstIndex(of: c)
    guard let pc = previous.figureColumns.first(where: { previous.columnPath($0) == path })
      ?? position.flatMap({ previous.figureColumns.indices.contains($0) ? previous.figureColumns[$0] : nil })
    else { return nil }
    // The previous table's last rows, bottom-up, up to its last total.
    var carried: [Operand] = []
    for r in previous.dataRows.reversed().prefix(3) {
      guard previous.rows[r].role == .item else { break }
      guard let o = previous.operand(r, pc) else { continue }
      carried.append(o)
      var stated = sum.stated
      guard let shortfall = ExactDecimal.zero.subtracting(gap) else { return nil }
      stated.value = shortfall
      guard case .success(let cmp) = Arithmetic.sum(carried, against: stated), cmp.status != .fail else { continue }
      let names = carried.reversed().map { "'\($0.label)' (\($0.raw))" }.joined(separator: ", ")
      return "the table seems split from the one above it: the items fall short by exactly \(names), its last rows"
    }
    return nil
  }

  /// Whether the figures of `rows` in column `c` add up to `stated` (exactly or within rounding).
  static func addsUp(_ view: TableView, _ rows: [Int], column c: Int, to stated: Operand) -> Bool {
    guard case .items(let operands, _) = view.collect(rows.map { ($0, c) }), operands.count >= 2,
      case .success(let cmp) = Arithmetic.sum(operands, against: stated)
    else { return false }
    return cmp.status != .fail
  }
}
