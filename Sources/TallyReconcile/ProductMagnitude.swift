import TallyCore

/// Where a row's printed product could lie, from the leading digits of its figures: the cheap test
/// that bounds `ProductRule`'s search over pairs of columns and factors.
///
/// A row holds at a combination only when the product interval of its factors overlaps the
/// printed figure's interval and that product is pinned down to a hundredth of itself (see
/// `ProductRule.RowOperands.compared`). With p the exact product times the factor, s the printed
/// figure and h its rounding radius: |p − s| ≤ 0.02·|p| + h, so 0.98·|p| ≤ |s| + h and
/// 1.02·|p| ≥ |s| − h. Each figure is bracketed by its first nine significant digits
/// (m·10^k ≤ |v| < (m + 1)·10^k, integers), so the test costs a few integer products; it uses
/// 0.97 and 1.03 for slack and so admits every row that can hold (and a few that cannot).
struct MagnitudeBounds {
  /// |s| + h < (upper.digits + 1)·10^upper.exponent.
  var upper: Leading
  /// lower.digits·10^lower.exponent ≤ |s| − h; nil when |s| ≤ h (no lower bound).
  var lower: Leading?

  /// A positive value's first nine significant digits and the power of ten they stand at.
  struct Leading: Equatable {
    var digits: UInt128
    var exponent: Int

    /// nil for zero.
    init?(_ v: ExactDecimal) {
      var m = v.units.magnitude
      guard m != 0 else { return nil }
      var exponent = -v.scale
      while m >= MagnitudeBounds.tenToTheNinth {
        m /= 10
        exponent += 1
      }
      (digits, self.exponent) = (m, exponent)
    }

    init(digits: UInt128, exponent: Int) {
      (self.digits, self.exponent) = (digits, exponent)
    }
  }

  /// The bounds of a row's printed product; nil when the row cannot hold at any combination: no
  /// item row, no printed figure, or zero.
  static func of(_ view: TableView, row: Int, product c: Int) -> MagnitudeBounds? {
    guard view.rows[row].role == .item, case .number(let stated) = view.value(row, c) else { return nil }
    return MagnitudeBounds(stated: stated.value, decimals: stated.decimals)
  }

  /// The bounds of a printed figure read with the rounding of its decimals; nil for zero.
  init?(stated value: ExactDecimal, decimals: Int) {
    guard !value.isZero else { return nil }
    let s = value.magnitude
    let h = ExactDecimal.halfUnit(decimals: decimals)
    guard let high = s.adding(h), let low = s.subtracting(h), let top = Leading(high) else {
      // Overflow: no bound at all (every product admitted).
      (upper, lower) = (Leading(digits: 1, exponent: Int.max / 4), nil)
      return
    }
    upper = top
    lower = low.isNegative ? nil : Leading(low)
  }

  /// The leading digits of a factor's figure in a row, nil when it is no figure or zero (such a row
  /// is no product row).
  static func leading(_ view: TableView, row: Int, column: Int) -> Leading? {
    guard case .number(let o) = view.value(row, column) else { return nil }
    return Leading(o.value)
  }

  /// Whether x·y·10^e could hold against the printed figure.
  func admits(_ x: Leading, _ y: Leading, exponent e: Int) -> Bool {
    let k = x.exponent + y.exponent + e
    // 0.97·|p| ≤ |s| + h, with |p| ≥ mx·my·10^k.
    guard Self.atMost(97 * x.digits * y.digits, k, 100 * (upper.digits + 1), upper.exponent) else { return false }
    // 1.03·|p| ≥ |s| − h, with |p| < (mx + 1)(my + 1)·10^k.
    if let lower, !Self.atMost(100 * lower.digits, lower.exponent, 103 * (x.digits + 1) * (y.digits + 1), k) {
      return false
    }
    return true
  }

  /// Per factor of `ProductRule.factors`, how many rows could hold at it with the given columns'
  /// leading digits (per data row, nil for no figure or zero).
  static func possibleHolds(_ bounds: [MagnitudeBounds?], _ a: [Leading?], _ b: [Leading?]) -> [Int] {
    var counts = [Int](repeating: 0, count: ProductRule.factorExponents.count)
    for (r, bound) in bounds.enumerated() {
      guard let bound, r < a.count, r < b.count, let x = a[r], let y = b[r] else { continue }
      for (f, e) in ProductRule.factorExponents.enumerated() where bound.admits(x, y, exponent: e) { counts[f] += 1 }
    }
    return counts
  }

  /// a·10^i ≤ b·10^j for a and b below 10²¹ (three nine-digit factors at most).
  static func atMost(_ a: UInt128, _ i: Int, _ b: UInt128, _ j: Int) -> Bool {
    if a == 0 { return true }
    if b == 0 { return false }
    let (da, db) = (digitCount(a) + i, digitCount(b) + j)
    if da != db { return da < db }
    // Same order of magnitude: i − j is at most 21 digits either way, so the aligned values fit.
    return i >= j ? a * power(i - j) <= b : a <= b * power(j - i)
  }

  static func digitCount(_ v: UInt128) -> Int {
    var n = 1
    var v = v
    while v >= 10 {
      v /= 10
      n += 1
    }
    return n
  }

  static func power(_ n: Int) -> UInt128 {
    var p: UInt128 = 1
    for _ in 0..<n { p *= 10 }
    return p
  }

  static let tenToTheNinth: UInt128 = 1_000_000_000
}
