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

  /// A footnote marker printed before a figure and read into it ("18 704" for note 18 and 704):
  /// the figure whose first digit group (one or two digits, set apart by a space) is exactly
  /// what the sum is off by, so that without it the relation holds within rounding. Returns the
  /// figure's raw text and the marker; nil when no figure reads so.
  static func markerReading(_ items: [Operand], stated: Operand) -> (raw: String, marker: String)? {
    guard let total = Arithmetic.total(items), let difference = total.value.subtracting(stated.value),
      !difference.isZero
    else { return nil }
    let tolerance = items.reduce(Optional(stated.radius)) { acc, o in acc?.adding(o.radius) }
    for (operand, isTotal) in items.map({ ($0, false) }) + [(stated, true)] {
      guard let (marker, excess) = leadingGroup(operand) else { continue }
      // An item read too large raises the computed sum; a total read too large lowers the difference.
      guard let signed = isTotal ? ExactDecimal.zero.subtracting(excess) : excess,
        let residual = difference.subtracting(signed), let tolerance, residual.magnitude <= tolerance
      else { continue }
      return (operand.raw, marker)
    }
    return nil
  }

  /// The leading group of a figure printed as "NN ddd…" (a group of one or two digits, a space,
  /// then the rest) and the value that group adds (signed like the figure); nil otherwise.
  private static func leadingGroup(_ operand: Operand) -> (marker: String, excess: ExactDecimal)? {
    let parts = operand.raw.split(separator: " ", omittingEmptySubsequences: true)
    guard parts.count >= 2, let first = parts.first, (1...2).contains(first.count),
      first.allSatisfy({ $0.isASCII && $0.isNumber }), let g = Int(first)
    else { return nil }
    // Integer digits after the first group: the rest up to a decimal comma.
    let rest = parts.dropFirst().joined()
    let integerDigits = rest.prefix { $0 != "," }.filter { $0.isASCII && $0.isNumber }.count
    guard integerDigits >= 1, integerDigits <= 15 else { return nil }
    var scale = ExactDecimal(1)
    for _ in 0..<integerDigits {
      guard let next = scale.multiplied(by: ExactDecimal(10)) else { return nil }
      scale = next
    }
    guard var excess = ExactDecimal(g).multiplied(by: scale) else { return nil }
    if operand.value.isNegative, let negated = ExactDecimal.zero.subtracting(excess) { excess = negated }
    return (String(first), excess)
  }
}
