import TallyCore

/// Single changes of a printed figure, for telling a typo from a misread relation: a figure one
/// such change away from agreeing is likelier wrong than the relation (Fellegi–Holt: the
/// cheapest explanation wins).
enum PrintedEdits {
  /// The printed digits of a figure as whole units, and the factor back to its value: "€ 4,07 mln"
  /// (4 070 000 shown to −4 decimals) is 407 × 10 000; "12,50" is 1 250 × 0,01. Nil on overflow.
  static func printed(_ o: Operand) -> (digits: Int128, unit: ExactDecimal)? {
    let shift = o.value.scale - o.decimals
    let digits: Int128
    if shift >= 0 {
      guard let p = ExactDecimal.powerOfTen(shift), o.value.units % p == 0 else { return nil }
      digits = o.value.units / p
    } else {
      guard let p = ExactDecimal.powerOfTen(-shift) else { return nil }
      let (product, overflow) = o.value.units.multipliedReportingOverflow(by: p)
      guard !overflow else { return nil }
      digits = product
    }
    if o.decimals >= 0 { return (digits, ExactDecimal(units: 1, scale: o.decimals)) }
    guard let p = ExactDecimal.powerOfTen(-o.decimals) else { return nil }
    return (digits, ExactDecimal(units: p, scale: 0))
  }

  /// How many digits the figure prints (leading zeros and sign not counted).
  static func significantDigits(_ o: Operand) -> Int {
    guard let (digits, _) = printed(o) else { return 0 }
    return String(digits.magnitude).count
  }

  /// The values one changed digit or two swapped neighbouring digits away, with as many digits
  /// printed as the figure (a digit change is no change of magnitude).
  static func digitChanges(_ o: Operand) -> [ExactDecimal] {
    guard let (digits, unit) = printed(o) else { return [] }
    let count = String(digits.magnitude).count
    return Hints.digitEdits(ExactDecimal(units: digits, scale: 0)).compactMap { edit in
      guard edit.kind == .substitution || edit.kind == .transposition,
        String(edit.value.units.magnitude).count == count
      else { return nil }
      return edit.value.multiplied(by: unit)
    }
  }

  /// `digitChanges`, the sign flipped, and the figure × or ÷ 1000 (a scale slip).
  static func singleChanges(_ o: Operand) -> [ExactDecimal] {
    let thousand = ExactDecimal(1000)
    var out = digitChanges(o)
    out.append(o.value.negated)
    if let up = o.value.multiplied(by: thousand) { out.append(up) }
    if o.value.scale + 3 <= ExactDecimal.maximumScale {
      out.append(ExactDecimal(units: o.value.units, scale: o.value.scale + 3))
    }
    return out
  }
}
