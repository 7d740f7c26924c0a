import TallyCore

/// **malformed_number**: every cell the normaliser marked `.malformed` (it looks like a figure but
/// breaks the grouping rules, such as "3 43,51") is a failure naming the cell; nothing is guessed.
///
/// Message template: "malformed figure '<raw>' at '<row>' × '<column>': <reason>".
/// Hint, when the text is digit groups split by spaces: "a number split by a stray space: perhaps
/// '<raw without spaces>'". A cell reading as several figures of one shape side by side ("31 23")
/// is more likely two columns or lines merged by extraction: it takes `side_by_side_severity`
/// (warning) and says so.
struct MalformedNumberRule: ReconciliationRule {
  static let kind = RuleKind.malformedNumber
  let settings: ReconcileSettings

  init(settings: ReconcileSettings) { self.settings = settings }

  func evaluate(_ document: NormalizedDocument, into context: inout RuleContext) {
    for view in context.views {
      let table = view.table
      for r in view.rows.indices {
        for c in view.rows[r].cells.indices {
          guard case .malformed(let reason) = view.rows[r].cells[c].content else { continue }
          let raw = view.rows[r].cells[c].raw
          let sideBySide = Self.isSideBySideFigures(raw)
          var hint = settings.hints ? Self.straySpaceHint(raw) : nil
          if sideBySide, let h = hint { hint = "figures side by side: two columns or lines merged when the table was read; or \(h)" }
          context.report(
            Check(
              kind: Self.kind, status: .fail, table: table, page: view.page(r), row: view.rowPath(r),
              column: view.columnPath(c), cells: [view.cellReference(r, c)],
              message: "malformed figure '\(raw)' at \(view.place(r, c)): \(reason)",
              hint: hint, severity: sideBySide ? settings.sideBySideSeverity : nil))
        }
      }
    }
  }

  /// Whether `raw` is two or more plain figures of one shape separated by spaces: each an optional
  /// sign, one to three digits with no separator, and the same number of decimals ("31 23",
  /// "31 20 21 21", "1,5 2,0"). "3 43,51" is not (the parts differ in decimals): a stray space.
  static func isSideBySideFigures(_ raw: String) -> Bool {
    let parts = LabelKey.collapseSpaces(raw).split(whereSeparator: { $0.unicodeScalars.allSatisfy(LabelKey.isSpace) })
    guard parts.count >= 2 else { return false }
    var decimals: Int? = nil
    for part in parts {
      var u = Substring(part).unicodeScalars[...]
      if let f = u.first, f == "-" || f == "\u{2212}" || f == "+" { u = u.dropFirst() }
      var whole = 0
      var fraction = -1
      for x in u {
        if x.value >= 0x30 && x.value <= 0x39 {
          if fraction >= 0 { fraction += 1 } else { whole += 1 }
        } else if (x == "," || x == ".") && fraction < 0 {
          fraction = 0
        } else {
          return false
        }
      }
      guard whole >= 1, whole <= 3, fraction != 0 else { return false }
      let d = max(fraction, 0)
      if let expected = decimals, expected != d { return false }
      decimals = d
    }
    return true
  }

  /// "3 43,51" -> "a number split by a stray space: perhaps '343,51'".
  static func straySpaceHint(_ raw: String) -> String? {
    let trimmed = LabelKey.collapseSpaces(raw)
    guard trimmed.unicodeScalars.contains(where: LabelKey.isSpace) else { return nil }
    let joined = String(trimmed.unicodeScalars.filter { !LabelKey.isSpace($0) }.map(Character.init))
    let allowed = Set("0123456789,.-−%€")
    guard joined.contains(where: \.isNumber), joined.allSatisfy({ allowed.contains($0) }) else {
      return nil
    }
    return "a number split by a stray space: perhaps '\(joined)' (or a group of digits lost)"
  }
}
