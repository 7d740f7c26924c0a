import TallyCore

/// Items of a failed sum that are no items of it, by what is printed in them: a bare year (a date
/// or the year of a heading read into a figure column: "Toestand op 31/12" beside "2021"), a
/// Waarvan breakdown printed as a row of its own ("waarvan eigen middelen"), or a row without a
/// label among labelled ones (the second line of a header, "< | 30", read as figures). The sum then fails by
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
    // A row without a label among labelled items: a header's second line ("< | 30") or a carried
    // subtotal read as a row of figures.
    let unlabelled = items.indices.filter { items[$0].label.allSatisfy(\.isWhitespace) }
    if addsUp(items, without: unlabelled, to: stated) { return (unlabelled, "a row without a label (a header line or a carried figure)") }
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
      // A run of one item is a group too when it is everything above the group's total (a heading
      // "Baten" over one filled item, then its total "Baten"): empty items were dropped before.
      var runs: [Range<Int>] = []
      if k + 3 <= items.count { runs += ((k + 3)...items.count).map { (k + 1)..<$0 } }
      if k >= 2 { runs += (0...(k - 2)).reversed().map { $0..<k } }
      if k == 1 { runs.append(0..<1) }
      for run in runs where holds(Array(items[run]), items[k]) {
        let marked = [k] + Array(run)
        if addsUp(items, without: marked, to: stated), items.count - marked.count >= 2 { return (k, run) }
      }
    }
    return nil
  }

  /// The items continuing a Waarvan breakdown: the rows right under a row that opens with a
  /// `waarvan_words` entry ("waarvan overige 25", then "nieuwe dossiers 14"), when without them
  /// the other items add up to `stated` and the breakdown does not exceed the item above it
  /// (its parent). `rows` are the items' body rows, in order, `column` their column. Returns the
  /// positions of the continuing items; nil when none fit.
  static func waarvanContinuation(
    _ view: TableView, rows: [Int], items: [Operand], stated: Operand, column c: Int
  ) -> [Int]? {
    guard rows.count == items.count else { return nil }
    let words = view.settings.waarvanWords
    for (k, r) in rows.enumerated() where k >= 1 && r >= 2 && rows[k - 1] == r - 2 {
      guard let first = view.rowTokens[r - 1].first, words.contains(first), let opening = view.operand(r - 1, c)
      else { continue }
      let parent = items[k - 1].value
      var breakdown = opening.value
      var marked: [Int] = []
      // At most three rows continue one breakdown.
      for j in k..<min(k + 3, rows.count) where rows[j] == r + (j - k) {
        guard let next = breakdown.adding(items[j].value), next.magnitude <= parent.magnitude else { break }
        breakdown = next
        marked.append(j)
        if addsUp(items, without: marked, to: stated) { return marked }
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
