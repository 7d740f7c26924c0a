import TallyCore

/// Likely causes of a failed sum, most specific first (after Statistics Netherlands'
/// `deductive::correct_typos` and `deducorrect::correctSigns`): each is a single change that would
/// make the check hold within its rounding tolerance. Never applied, only suggested.
enum Hints {
  struct Candidate {
    var rank: Int
    var text: String
    /// The one cell a candidate changes and the value it would need, for candidates that edit a
    /// single cell (a typo, a sign, a factor of 1000): the same edit may explain other checks.
    var edit: Edit? = nil
  }

  /// One cell's corrected value.
  struct Edit: Hashable {
    var table: Int
    var row: [String]
    var column: [String]
    var value: ExactDecimal

    init?(_ operand: Operand, value: ExactDecimal) {
      guard let ref = operand.ref, ref.table >= 0 else { return nil }
      table = ref.table
      row = ref.row
      column = ref.column
      self.value = value
    }
  }

  /// The hint for a failed sum, or nil when no single change explains it.
  /// - Parameters:
  ///   - difference: computed − stated.
  ///   - extraRows: figures in the same column that were not items (a total elsewhere, a Waarvan item).
  ///   - subtotals: subtotals left out of the items.
  static func forSum(
    items: [Operand], stated: Operand, difference: ExactDecimal, extraRows: [Operand] = [],
    subtotals: [Operand] = [], limit: Int = 3
  ) -> String? {
    render(
      candidates(items: items, stated: stated, difference: difference, extraRows: extraRows, subtotals: subtotals),
      limit: limit)
  }

  /// Every single change that would make a failed sum hold, most specific first.
  static func candidates(
    items: [Operand], stated: Operand, difference: ExactDecimal, extraRows: [Operand] = [],
    subtotals: [Operand] = []
  ) -> [Candidate] {
    guard let tolerance = items.reduce(Optional(stated.radius), { acc, o in acc?.adding(o.radius) }),
      !difference.isZero
    else { return [] }
    var found: [Candidate] = []
    func holds(_ residual: ExactDecimal?) -> Bool {
      guard let r = residual else { return false }
      return r.magnitude <= tolerance
    }

    // 1. One-digit typo or adjacent transposition in one cell (Damerau-Levenshtein 1).
    // A whole the rule supplies (the 100 of a breakdown in percent) is not printed: no typo in it.
    let printedTotal = stated.ref != nil || !stated.isExact
    for (operand, isTotal) in items.map({ ($0, false) }) + (printedTotal ? [(stated, true)] : []) {
      // The value this cell would need: an item must shrink by the difference, the total grow by it.
      guard let target = isTotal ? operand.value.adding(difference) : operand.value.subtracting(difference)
      else { continue }
      for edit in digitEdits(operand.value) where holds(edit.value.subtracting(target)) {
        let name = operand.label.isEmpty ? "" : " in \(operand.label)"
        let what: String
        switch edit.kind {
        case .transposition: what = "two adjacent digits swapped"
        case .substitution: what = "a one-digit typo"
        case .deletion: what = "a digit too many"
        case .insertion: what = "a digit missing"
        }
        found.append(
          Candidate(
            rank: edit.kind.rank,
            text: "\(what)\(name): \(operand.raw) read as \(Format.dutch(edit.value)) would make it add up",
            edit: Edit(operand, value: edit.value)))
      }
    }

    // 2. A sign flip: an item counted with the wrong sign.
    for item in items where !item.value.isZero {
      guard let twice = item.value.multiplied(by: ExactDecimal(2)) else { continue }
      if holds(difference.subtracting(twice)) {
        found.append(
          Candidate(
            rank: 4,
            text: "a sign flip: \(item.label) \(item.raw) counted as \(Format.dutch(item.value.negated)) would make it add up",
            edit: Edit(item, value: item.value.negated)))
      }
    }

    // 3. A double-counted or missing row.
    if !difference.isNegative {
      for item in items where holds(difference.subtracting(item.value)) {
        found.append(Candidate(rank: 5, text: "a row counted twice or not part of the total: the items exceed it by exactly \(item.label) (\(item.raw))"))
      }
    } else {
      for sub in subtotals where holds(difference.adding(sub.value)) {
        found.append(Candidate(rank: 5, text: "a double-counted subtotal: the total exceeds the items by exactly \(sub.label) (\(sub.raw))"))
      }
      for extra in extraRows where holds(difference.adding(extra.value)) {
        found.append(Candidate(rank: 6, text: "a row left out of the items: the total exceeds them by exactly \(extra.label) (\(extra.raw))"))
      }
    }

    // 4. A factor of 1000 (a figure in thousands among units, or the reverse).
    let thousand = ExactDecimal(1000)
    let milli = ExactDecimal(units: 1, scale: 3)
    for item in items where !item.value.isZero {
      for (factor, word) in [(thousand, "×1000"), (milli, "÷1000")] {
        guard let scaled = item.value.multiplied(by: factor), let delta = scaled.subtracting(item.value)
        else { continue }
        if holds(difference.adding(delta)) {
          found.append(
            Candidate(
              rank: 7, text: "a factor of 1000: \(item.label) \(item.raw) \(word) would make it add up",
              edit: Edit(item, value: scaled)))
        }
      }
    }
    // The printed total itself in another unit than its items (the total must grow by the difference).
    if printedTotal, !stated.value.isZero {
      for (factor, word) in [(thousand, "×1000"), (milli, "÷1000")] {
        guard let scaled = stated.value.multiplied(by: factor), let target = stated.value.adding(difference)
        else { continue }
        if holds(scaled.subtracting(target)) {
          found.append(
            Candidate(
              rank: 7, text: "a factor of 1000: the total \(stated.raw) \(word) would make it add up",
              edit: Edit(stated, value: scaled)))
        }
      }
    }

    var seen = Set<String>()
    return found.sorted { $0.rank < $1.rank }.filter { seen.insert($0.text).inserted }
  }

  /// "likely cause: a; or b; or c (n more single-cell explanations)"; nil without candidates.
  static func render(_ ordered: [Candidate], limit: Int) -> String? {
    guard !ordered.isEmpty else { return nil }
    let shown = ordered.prefix(limit).map(\.text)
    let more = ordered.count > limit ? " (\(ordered.count - limit) more single-cell explanations)" : ""
    return "likely cause: " + shown.joined(separator: "; or ") + more
  }

  enum EditKind {
    case transposition, substitution, deletion, insertion
    var rank: Int {
      switch self {
      case .transposition: 0
      case .substitution: 1
      case .deletion: 2
      case .insertion: 3
      }
    }
  }

  /// Every value one Damerau-Levenshtein edit away on the printed digits (same decimals).
  static func digitEdits(_ value: ExactDecimal) -> [(kind: EditKind, value: ExactDecimal)] {
    let negative = value.isNegative
    let digits = Array(String(negative ? -value.units : value.units)).compactMap { $0.wholeNumberValue }
    var out: [(EditKind, ExactDecimal)] = []
    func make(_ ds: [Int]) -> ExactDecimal? {
      guard !ds.isEmpty, ds.count <= 36 else { return nil }
      var u: Int128 = 0
      for d in ds { u = u * 10 + Int128(d) }
      return ExactDecimal(units: negative ? -u : u, scale: value.scale)
    }
    if digits.count >= 2 {
      for i in 0..<(digits.count - 1) where digits[i] != digits[i + 1] {
        var ds = digits
        ds.swapAt(i, i + 1)
        if let v = make(ds) { out.append((.transposition, v)) }
      }
    }
    for i in digits.indices {
      for d in 0...9 where d != digits[i] {
        var ds = digits
        ds[i] = d
        if let v = make(ds) { out.append((.substitution, v)) }
      }
      if digits.count > 1 {
        var ds = digits
        ds.remove(at: i)
        if let v = make(ds) { out.append((.deletion, v)) }
      }
    }
    for i in 0...digits.count {
      for d in 0...9 {
        var ds = digits
        ds.insert(d, at: i)
        if let v = make(ds) { out.append((.insertion, v)) }
      }
    }
    return out
  }
}
