import TallyCore

/// The reading of a failed relation in which one printed figure is read another way its text
/// allows (`ParsedNumber.alternative`): a leading footnote marker that no footnote explains left
/// out ("16 244" read as 16 244 breaks its row; read as 244 after marker 16 it holds), or a stray
/// space closed ("3 43,51" read as 43,51 after a marker breaks it; as 343,51 it holds). The
/// relation then holds as printed and the failure is the reading's, not the report's (issue #17:
/// structural alternatives are tried before a failure).
///
/// One figure is re-read, or else every figure that has another reading at once, and only when
/// the whole relation holds exactly or within rounding afterwards; the message names the figures
/// and their other readings.
enum AlternativeReading {
  /// The operand read the other way, nil when its text allows none.
  static func reread(_ o: Operand) -> Operand? {
    guard let value = o.alternative else { return nil }
    var u = o
    u.value = value
    u.alternative = nil
    return u
  }

  /// The reading under which the items add up to the total, re-reading one item or the total;
  /// nil when none does.
  static func sum(_ items: [Operand], stated: Operand) -> String? {
    any(items + [stated]) { o in
      guard case .success(let c) = Arithmetic.sum(Array(o.dropLast()), against: o[o.count - 1]) else { return false }
      return c.status != .fail
    }
  }

  /// How a message names a figure read the other way: "'16 244' reads as".
  static func phrase(_ raw: String) -> String { "'\(raw)' reads as" }

  /// The same for any relation: `holds` tells whether it holds with the given operands, the
  /// stated figure last.
  static func any(_ operands: [Operand], holds: ([Operand]) -> Bool) -> String? {
    for i in operands.indices {
      guard let u = reread(operands[i]) else { continue }
      var changed = operands
      changed[i] = u
      if holds(changed) {
        return "\(phrase(operands[i].raw)) \(Format.dutch(u.value)) (a footnote marker or a stray space), and then the relation holds"
      }
    }
    // Several figures whose first group matches a footnote's number ("1 867 823,35" and
    // "2 241 388,02" beside notes 1 and 2): all of them read the other way.
    // The stated figure (last) as printed, or read the other way too.
    let all = operands.indices.filter { operands[$0].alternative != nil }
    // Two of them ("12 528" a figure, "12 424 173" note 12 before a figure): every pair, few as
    // such figures are, before all at once.
    var subsets: [[Int]] = []
    if all.count >= 3, all.count <= 8 {
      for (n, i) in all.enumerated() { for j in all[(n + 1)...] { subsets.append([i, j]) } }
    }
    subsets += [all.filter { $0 != operands.count - 1 }, all]
    for rereadable in subsets where rereadable.count >= 2 {
      var changed = operands
      for i in rereadable { changed[i] = reread(operands[i]) ?? operands[i] }
      guard holds(changed) else { continue }
      let names = rereadable.map { "\(phrase(operands[$0].raw)) \(Format.dutch(changed[$0].value))" }
      return names.joined(separator: ", ") + " (footnote markers or stray spaces), and then the relation holds"
    }
    return nil
  }
}
