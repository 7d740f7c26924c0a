import TallyCore

/// A printed figure taking part in a check, with the interval of true values it stands for.
struct Operand: Sendable {
  var value: ExactDecimal
  /// Decimals as displayed.
  var decimals: Int
  /// An exact count (a whole number of persons): its interval is a point.
  var isExact: Bool
  var ref: CellReference?
  /// The row (or column) label, for messages.
  var label: String
  /// The printed text, for messages and typo hints.
  var raw: String
  /// Another reading of the printed text (`ParsedNumber.alternative`), tried before a failure.
  var alternative: ExactDecimal? = nil

  init(
    value: ExactDecimal, decimals: Int, isExact: Bool = false, ref: CellReference? = nil,
    label: String = "", raw: String? = nil
  ) {
    self.value = value
    self.decimals = decimals
    self.isExact = isExact
    self.ref = ref
    self.label = label
    self.raw = raw ?? Format.dutch(value)
  }

  /// Half a unit of the last displayed decimal; zero for exact counts.
  var radius: ExactDecimal { isExact ? .zero : ExactDecimal.halfUnit(decimals: decimals) }

  /// Calc 1.1 round-to-nearest interval; nil on overflow.
  var interval: DecimalInterval? {
    isExact ? DecimalInterval(exactly: value) : DecimalInterval(rounded: value, decimals: decimals)
  }
}

/// The outcome of comparing a computed figure with a printed one.
struct Comparison: Sendable {
  var status: CheckStatus
  var stated: ExactDecimal
  var computed: ExactDecimal
  /// computed − stated.
  var difference: ExactDecimal
  /// How far apart the two may be from rounding alone.
  var tolerance: ExactDecimal
}

/// Why an arithmetic check could not be completed.
enum ArithmeticFailure: Error {
  case overflow
  case zeroDenominator
}

/// Exact interval arithmetic (XBRL Calculations 1.1); no floating point anywhere.
enum Arithmetic {
  /// Σ items against a printed total: pass when equal, pass_within_rounding when the items'
  /// interval overlaps the total's, fail otherwise.
  static func sum(_ items: [Operand], against stated: Operand) -> Result<Comparison, ArithmeticFailure> {
    guard let total = total(items) else { return .failure(.overflow) }
    return compare(computed: total.value, interval: total.interval, radius: total.radius, with: stated)
  }

  /// The exact sum, its interval and its rounding radius; nil on overflow.
  static func total(_ items: [Operand]) -> (value: ExactDecimal, interval: DecimalInterval, radius: ExactDecimal)? {
    var value = ExactDecimal.zero
    var interval = DecimalInterval(exactly: .zero)
    var radius = ExactDecimal.zero
    for item in items {
      guard let v = value.adding(item.value), let i = item.interval, let s = interval.adding(i),
        let r = radius.adding(item.radius)
      else { return nil }
      value = v
      interval = s
      radius = r
    }
    return (value, interval, radius)
  }

  /// A computed figure with its interval against a printed one.
  static func compare(
    computed: ExactDecimal, interval: DecimalInterval, radius: ExactDecimal, with stated: Operand
  ) -> Result<Comparison, ArithmeticFailure> {
    guard let statedInterval = stated.interval, let difference = computed.subtracting(stated.value),
      let tolerance = radius.adding(stated.radius)
    else { return .failure(.overflow) }
    let status: CheckStatus =
      computed == stated.value ? .pass : interval.overlaps(statedInterval) ? .passWithinRounding : .fail
    return .success(
      Comparison(
        status: status, stated: stated.value, computed: computed, difference: difference,
        tolerance: tolerance))
  }

  /// A printed ratio `stated ≈ factor · numerator / denominator`, checked by cross-multiplication:
  /// consistent when `factor·N` overlaps the interval product `A ⊗ D` (A the printed ratio's
  /// interval, N and D the operands' intervals). Pass when the exact ratio rounds to the printed
  /// figure at its decimals; pass_within_rounding when only the intervals overlap.
  static func ratio(
    numerator: (value: ExactDecimal, interval: DecimalInterval),
    denominator: (value: ExactDecimal, interval: DecimalInterval),
    stated: Operand, factor: ExactDecimal
  ) -> Result<Comparison, ArithmeticFailure> {
    if denominator.value.isZero { return .failure(.zeroDenominator) }
    let d = denominator.interval
    // A denominator interval holding zero (a printed 0) cannot bound the ratio.
    if !(d.lower.isNegative == d.upper.isNegative && !d.lower.isZero && !d.upper.isZero) {
      return .failure(.zeroDenominator)
    }
    guard let a = stated.interval,
      let kn = scale(numerator.interval, by: factor),
      let ad = product(a, d),
      let knExact = factor.multiplied(by: numerator.value),
      let adExact = stated.value.multiplied(by: denominator.value),
      let gap = knExact.subtracting(adExact),
      let slack = stated.radius.multiplied(by: denominator.value.magnitude)
    else { return .failure(.overflow) }
    // Reported at the printed decimals, rounded half up (what a reader would print).
    let places = max(stated.decimals, 0) + 2
    guard let computed = divide(knExact, by: denominator.value, places: max(stated.decimals, 0)),
      let difference = computed.subtracting(stated.value)
    else { return .failure(.overflow) }
    // Tolerance: the half-width of the operands' ratio interval plus the printed radius.
    var tolerance = stated.radius
    if let corners = ratioCorners(kn, d, places: places), let lo = corners.min(), let hi = corners.max(),
      let width = hi.subtracting(lo), let half = width.multiplied(by: ExactDecimal(units: 5, scale: 1)),
      let t = half.adding(stated.radius)
    {
      tolerance = t.rounded(toPlaces: places + 1)
    }
    let status: CheckStatus
    // A pass needs the exact quotient to round (half up) to the printed figure: one exactly half
    // a unit off (8 915 / 10 000 = 89,15 printed 89,1) only agrees within rounding.
    if gap.magnitude < slack || (gap.magnitude == slack && difference.isZero) {
      status = .pass
    } else if kn.overlaps(ad) {
      status = .passWithinRounding
    } else {
      status = .fail
    }
    return .success(
      Comparison(
        status: status, stated: stated.value, computed: computed, difference: difference,
        tolerance: tolerance))
  }

  static func scale(_ i: DecimalInterval, by k: ExactDecimal) -> DecimalInterval? {
    guard let a = i.lower.multiplied(by: k), let b = i.upper.multiplied(by: k) else { return nil }
    return DecimalInterval(lower: min(a, b), upper: max(a, b))
  }

  /// The interval product: every `x·y` with x in `a` and y in `b`.
  static func product(_ a: DecimalInterval, _ b: DecimalInterval) -> DecimalInterval? {
    var corners: [ExactDecimal] = []
    for x in [a.lower, a.upper] {
      for y in [b.lower, b.upper] {
        guard let p = x.multiplied(by: y) else { return nil }
        corners.append(p)
      }
    }
    guard let lo = corners.min(), let hi = corners.max() else { return nil }
    return DecimalInterval(lower: lo, upper: hi)
  }

  private static func ratioCorners(_ n: DecimalInterval, _ d: DecimalInterval, places: Int) -> [ExactDecimal]? {
    var out: [ExactDecimal] = []
    for x in [n.lower, n.upper] {
      for y in [d.lower, d.upper] {
        guard let q = divide(x, by: y, places: places + 1) else { return nil }
        out.append(q)
      }
    }
    return out
  }

  /// `a / b` rounded half away from zero to `places` decimals, by integer division (for display
  /// and differences only; checks never divide). Nil on overflow or division by zero.
  static func divide(_ a: ExactDecimal, by b: ExactDecimal, places: Int) -> ExactDecimal? {
    guard !b.isZero, places >= 0, places <= ExactDecimal.maximumScale,
      let up = ExactDecimal.powerOfTen(b.scale + places), let down = ExactDecimal.powerOfTen(a.scale)
    else { return nil }
    let (num, o1) = a.units.multipliedReportingOverflow(by: up)
    let (den, o2) = b.units.multipliedReportingOverflow(by: down)
    guard !o1, !o2 else { return nil }
    var q = num / den
    let r = num % den
    let twice = (r < 0 ? -r : r) * 2
    if twice >= (den < 0 ? -den : den) { q += (num < 0) != (den < 0) ? -1 : 1 }
    return ExactDecimal(units: q, scale: places)
  }
}

/// Figures as Flemish and Dutch readers print them: "6 911 564,92".
enum Format {
  static func dutch(_ value: ExactDecimal) -> String {
    let text = value.description
    let negative = text.hasPrefix("-")
    let body = negative ? String(text.dropFirst()) : text
    let parts = body.split(separator: ".", omittingEmptySubsequences: false)
    let integer = Array(parts[0])
    var grouped = ""
    for (i, ch) in integer.enumerated() {
      if i > 0 && (integer.count - i) % 3 == 0 { grouped.append(" ") }
      grouped.append(ch)
    }
    var out = (negative ? "−" : "") + grouped
    if parts.count > 1 { out += "," + parts[1] }
    return out
  }

  /// A difference with an explicit sign: "+7", "−0,01".
  static func signed(_ value: ExactDecimal) -> String {
    value.isNegative ? dutch(value) : "+" + dutch(value)
  }
}
