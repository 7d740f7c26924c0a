import TallyCore

/// **malformed_number**: every cell the normaliser marked `.malformed` (it looks like a figure but
/// breaks the grouping rules, such as "3 43,51") is a failure naming the cell; nothing is guessed.
///
/// Message template: "malformed figure '<raw>' at '<row>' × '<column>': <reason>".
/// Hint, when the text is digit groups split by spaces: "a number split by a stray space: perhaps
/// '<raw without spaces>'".
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
          context.report(
            Check(
              kind: Self.kind, status: .fail, table: table, page: view.page(r), row: view.rowPath(r),
              column: view.columnPath(c), cells: [view.cellReference(r, c)],
              message: "malformed figure '\(raw)' at \(view.place(r, c)): \(reason)",
              hint: settings.hints ? Self.straySpaceHint(raw) : nil))
        }
      }
    }
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
