import TallyCore

/// Items of a failed sum that are no items of it, by what is printed in them: a bare year (a date
/// or the year of a heading read into a figure column: "Toestand op 31/12" beside "2021") or a
/// Waarvan breakdown printed as a row of its own ("waarvan eigen middelen"). The sum then fails by
/// exactly those figures; without them the items add up, which is a reading of the table, not an
/// error in it.
enum NonItems {
  /// Why the items at the returned positions are no items, and where they are, when without them
  /// the other items add up to `stated` (exactly or within rounding); nil otherwise.
  static func reading(_ items: [Operand], stated: Operand, waarvanWords: [String]) -> (positions: [Int], reason: String)? {
    let years = items.indices.filter { isBareYear(items[$0].raw) }
    if addsUp(items, without: years, to: stated) { return (years, "a year, not an amount") }
    let breakdowns = items.indices.filter { k in
      Words.tokens(items[k].label).first.map { first in waarvanWords.contains(first) } ?? false
    }
    if addsUp(items, without: breakdowns, to: stated) { return (breakdowns, "a breakdown of another item (waarvan)") }
    return nil
  }

  /// Another group inside the block: an item that is the total of a run of items next to it (a
  /// heading printed with its group's total, above or below the group's rows), when without it and
  /// its run the other items add up to `stated` (exactly or within rounding). The block then
  /// reached into a neighbouring group. Returns the group total's position and its run; nil when
  /// no such group exists or there are too many items to try (`limit`).
  static func otherGroup(_ items: [Operand], stated: Operand, limit: Int = 40) -> (total: Int, run: Range<Int>)? {
    guard items.count >= 4, items.count <= limit else { return nil }
    for k in items.indices where !items[k].value.isZero {
      var runs: [Range<Int>] = []
      if k + 3 <= items.count { runs += ((k + 3)...items.count).map { (k + 1)..<$0 } }
      if k >= 2 { runs += (0...(k - 2)).reversed().map { $0..<k } }
      for run in runs where holds(Array(items[run]), items[k]) {
        let marked = [k] + Array(run)
        if addsUp(items, without: marked, to: stated), items.count - marked.count >= 2 { return (k, run) }
      }
    }
    return nil
  }

  /// "2021", not "2.021", "2021,0" or "12021".
  static func isBareYear(_ raw: String) -> Bool {
    let text = String(raw.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    guard text.count == 4, text.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(text) else { return false }
    return (1900...2099).contains(n)
  }

  private static func addsUp(_ items: [Operand], without marked: [Int], to stated: Operand) -> Bool {
    guard !marked.isEmpty, marked.count < items.count else { return false }
    return holds(items.indices.filter { !marked.contains($0) }.map { items[$0] }, stated)
  }

  private static func holds(_ parts: [Operand], _ whole: Operand) -> Bool {
    guard case .success(let c) = Arithmetic.sum(parts, against: whole) else { return false }
    return c.status != .fail
  }
}
