/// An exact decimal number: `units × 10^-scale`.
///
/// Figures in reports are decimal and must stay exact: no `Double`, and no Foundation `Decimal`
/// (whose parser reads "6 911 564,92" as 6 and which forgets trailing zeros). The scale is kept as
/// given, so `1,50` stays `150 × 10^-2`; equality compares values, not representations.
/// Arithmetic reports overflow instead of trapping: callers turn it into a skipped check.
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The integer mantissa.
  public let units: Int128
  /// The number of decimal places: the value is `units / 10^scale`. Never negative.
  public let scale: Int

  /// The largest scale any operation produces; beyond it overflow is likely.
  public static let maximumScale = 30

  public init(units: Int128, scale: Int) {
    precondition(scale >= 0 && scale <= ExactDecimal.maximumScale, "scale out of range")
    self.units = units
    self.scale = scale
  }

  public init(_ integer: Int) {
    self.init(units: Int128(integer), scale: 0)
  }

  public static let zero = ExactDecimal(units: 0, scale: 0)

  /// `10^n` as an Int128, or nil when it does not fit.
  public static func powerOfTen(_ n: Int) -> Int128? {
    guard n >= 0, n <= 38 else { return nil }
    var p: Int128 = 1
    for _ in 0..<n { p *= 10 }
    return p
  }

  /// The same value with a larger scale, or nil on overflow. A smaller scale is never produced.
  public func rescaled(to newScale: Int) -> ExactDecimal? {
    if newScale == scale { return self }
    guard newScale > scale, newScale <= ExactDecimal.maximumScale,
      let factor = ExactDecimal.powerOfTen(newScale - scale)
    else { return nil }
    let (product, overflow) = units.multipliedReportingOverflow(by: factor)
    return overflow ? nil : ExactDecimal(units: product, scale: newScale)
  }

  /// Both operands at their common (larger) scale.
  public static func aligned(_ a: ExactDecimal, _ b: ExactDecimal) -> (Int128, Int128, Int)? {
    let s = max(a.scale, b.scale)
    guard let x = a.rescaled(to: s), let y = b.rescaled(to: s) else { return nil }
    return (x.units, y.units, s)
  }

  public func adding(_ other: ExactDecimal) -> ExactDecimal? {
    guard let (x, y, s) = ExactDecimal.aligned(self, other) else { return nil }
    let (sum, overflow) = x.addingReportingOverflow(y)
    return overflow ? nil : ExactDecimal(units: sum, scale: s)
  }

  public func subtracting(_ other: ExactDecimal) -> ExactDecimal? {
    adding(other.negated)
  }

  public func multiplied(by other: ExactDecimal) -> ExactDecimal? {
    let s = scale + other.scale
    guard s <= ExactDecimal.maximumScale else { return nil }
    let (product, overflow) = units.multipliedReportingOverflow(by: other.units)
    return overflow ? nil : ExactDecimal(units: product, scale: s)
  }

  public var negated: ExactDecimal { ExactDecimal(units: -units, scale: scale) }
  public var magnitude: ExactDecimal { units < 0 ? negated : self }
  public var isZero: Bool { units == 0 }
  public var isNegative: Bool { units < 0 }

  /// Half a unit of the last displayed decimal: the rounding radius of a figure shown with
  /// `decimals` places (XBRL Calculations 1.1). `decimals` may be negative ("in duizend euro").
  public static func halfUnit(decimals: Int) -> ExactDecimal {
    if decimals >= 0 {
      return ExactDecimal(units: 5, scale: min(decimals + 1, maximumScale))
    }
    let p = powerOfTen(-decimals) ?? 1
    return ExactDecimal(units: 5 * p, scale: 1)
  }

  /// Rounds half away from zero to `places` decimals (used for display only).
  public func rounded(toPlaces places: Int) -> ExactDecimal {
    guard places < scale, let factor = ExactDecimal.powerOfTen(scale - places) else { return self }
    let q = units / factor
    let r = units % factor
    let twice = (r < 0 ? -r : r) * 2
    var result = q
    if twice >= factor { result += units < 0 ? -1 : 1 }
    return ExactDecimal(units: result, scale: places)
  }

  /// Canonical text with "." as decimal point and exactly `scale` decimals, e.g. "6911564.92".
  public var description: String {
    let negative = units < 0
    let digits = String(negative ? -units : units)
    var out = negative ? "-" : ""
    if scale == 0 { return out + digits }
    let padded = digits.count <= scale ? String(repeating: "0", count: scale - digits.count + 1) + digits : digits
    let cut = padded.index(padded.endIndex, offsetBy: -scale)
    out += padded[..<cut]
    out += "."
    out += padded[cut...]
    return out
  }

  /// The value with trailing fraction zeros removed ("6.50" -> "6.5", "3.00" -> "3").
  public var normalized: ExactDecimal {
    var u = units
    var s = scale
    while s > 0, u % 10 == 0 {
      u /= 10
      s -= 1
    }
    return ExactDecimal(units: u, scale: s)
  }

  /// Parses canonical text ("-12.50", "3", "0.005"): digits with an optional sign and "." only.
  /// This is for configuration values; report text goes through the NumberLexer.
  public init?(canonical text: String) {
    var negative = false
    var units: Int128 = 0
    var scale = 0
    var seenPoint = false
    var digits = 0
    for (i, scalar) in text.unicodeScalars.enumerated() {
      switch scalar {
      case "-" where i == 0: negative = true
      case "+" where i == 0: break
      case "." where !seenPoint: seenPoint = true
      case "0"..."9":
        let d = Int128(scalar.value - 48)
        let (m, o1) = units.multipliedReportingOverflow(by: 10)
        let (a, o2) = m.addingReportingOverflow(d)
        guard !o1, !o2 else { return nil }
        units = a
        digits += 1
        if seenPoint { scale += 1 }
      default: return nil
      }
    }
    guard digits > 0, scale <= ExactDecimal.maximumScale else { return nil }
    self.init(units: negative ? -units : units, scale: scale)
  }

  public static func == (a: ExactDecimal, b: ExactDecimal) -> Bool {
    guard let (x, y, _) = aligned(a, b) else { return false }
    return x == y
  }

  public func hash(into hasher: inout Hasher) {
    let n = normalized
    hasher.combine(n.units)
    hasher.combine(n.scale)
  }

  public static func < (a: ExactDecimal, b: ExactDecimal) -> Bool {
    if let (x, y, _) = aligned(a, b) { return x < y }
    // Overflow while aligning: compare signs, then integer parts.
    if a.isNegative != b.isNegative { return a.isNegative }
    let ai = a.units / (powerOfTen(a.scale) ?? 1)
    let bi = b.units / (powerOfTen(b.scale) ?? 1)
    return ai < bi
  }
}

extension ExactDecimal: Codable {
  /// Encoded as a JSON string in canonical form ("6911564.92"), never as a JSON number.
  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let value = ExactDecimal(canonical: text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "not an exact decimal: \(text)"))
    }
    self = value
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(description)
  }
}
