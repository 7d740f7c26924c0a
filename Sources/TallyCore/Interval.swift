/// A closed interval of exact decimals: the true values a printed, rounded figure stands for.
///
/// XBRL Calculations 1.1: a figure `v` shown with `d` decimals stands for `[v − ½·10^−d, v + ½·10^−d]`;
/// a sum is consistent when the interval of its items overlaps the interval of its total.
public struct DecimalInterval: Sendable, Hashable, CustomStringConvertible {
  public let lower: ExactDecimal
  public let upper: ExactDecimal

  public init(lower: ExactDecimal, upper: ExactDecimal) {
    self.lower = lower
    self.upper = upper
  }

  /// The exact point interval.
  public init(exactly value: ExactDecimal) {
    self.init(lower: value, upper: value)
  }

  /// The interval a figure shown with `decimals` places was rounded from; nil on overflow.
  public init?(rounded value: ExactDecimal, decimals: Int) {
    let h = ExactDecimal.halfUnit(decimals: decimals)
    guard let lo = value.subtracting(h), let hi = value.adding(h) else { return nil }
    self.init(lower: lo, upper: hi)
  }

  public func adding(_ other: DecimalInterval) -> DecimalInterval? {
    guard let lo = lower.adding(other.lower), let hi = upper.adding(other.upper) else { return nil }
    return DecimalInterval(lower: lo, upper: hi)
  }

  public func subtracting(_ other: DecimalInterval) -> DecimalInterval? {
    guard let lo = lower.subtracting(other.upper), let hi = upper.subtracting(other.lower) else {
      return nil
    }
    return DecimalInterval(lower: lo, upper: hi)
  }

  public func overlaps(_ other: DecimalInterval) -> Bool {
    !(upper < other.lower || other.upper < lower)
  }

  public func contains(_ value: ExactDecimal) -> Bool {
    !(value < lower || upper < value)
  }

  /// Half the width: the tolerance this interval allows around its midpoint.
  public var radius: ExactDecimal? {
    guard let w = upper.subtracting(lower) else { return nil }
    return w.multiplied(by: ExactDecimal(units: 5, scale: 1))
  }

  /// The distance between two disjoint intervals; zero when they overlap.
  public func gap(to other: DecimalInterval) -> ExactDecimal? {
    if overlaps(other) { return .zero }
    return upper < other.lower ? other.lower.subtracting(upper) : lower.subtracting(other.upper)
  }

  public var description: String { "[\(lower), \(upper)]" }
}
