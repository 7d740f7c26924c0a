import TallyCore

/// **malformed_number**: a cell the normaliser marked `.malformed` (it looks like a figure but
/// breaks the grouping rules, such as "3 43,51") is a failure naming the cell; nothing is guessed.
/// Only where it matters: the cell sits in a figure column whose other cells are mostly figures
/// (at least two, and more figures than text), and its text is not a reference: a section or
/// list number ("3.3.1", "12."), a date ("26-6-2023"), or years side by side ("2025 2026").
///
/// A cell of a figure column that prints a spreadsheet error ("#VERW!", "#REF!", "#DEEL/0!",
/// "#DIV/0!", "#WAARDE!", "#N/B", "##########") is a failure by itself: the report printed a
/// formula that broke. Message: "spreadsheet error '<raw>' printed at '<row>' × '<column>'".
///
/// Message template: "malformed figure '<raw>' at '<row>' × '<column>': <reason>".
/// Hint, when the text is digit groups split by spaces: "a number split by a stray space: perhaps
/// '<raw without spaces>'". A cell reading as several figures of one shape side by side ("31 23")
/// or a figure beside a year ("471 2020") is more likely two columns or lines merged by
/// extraction: it takes `side_by_side_severity`
/// (warning) and says so. When at least two cells and half of a column's filled cells are
/// malformed, the column itself was misread (two columns merged): its cells are info.
///
/// A cell the normaliser read after a footnote marker no footnote names (`FigureMarkers`) is
/// tested by the table's relations, so this rule runs after every other: confirmed by a relation
/// that holds with the figure, it is not reported; broken by one, it is malformed as above; with
/// no relation touching it, it is info (the marker is the likelier reading).
struct MalformedNumberRule: ReconciliationRule {
  static let kind = RuleKind.malformedNumber
  let settings: ReconcileSettings

  init(settings: ReconcileSettings) { self.settings = settings }

  func evaluate(_ document: NormalizedDocument, into context: inout RuleContext) {
    for view in context.views {
      let table = view.table
      let misread = Self.misreadColumns(view)
      for r in view.rows.indices {
        for c in view.rows[r].cells.indices {
          if case .text = view.rows[r].cells[c].content, Self.isSpreadsheetError(view.rows[r].cells[c].raw),
            view.columns.indices.contains(c), !view.columns[c].isLabel
          {
            let raw = view.rows[r].cells[c].raw
            context.report(
              Check(
                kind: Self.kind, status: .fail, table: table, page: view.page(r), row: view.rowPath(r),
                column: view.columnPath(c), cells: [view.cellReference(r, c)],
                message: "spreadsheet error '\(raw)' printed at \(view.place(r, c))",
                hint: "a formula in the report's spreadsheet broke; the figure is missing"))
            continue
          }
          if case .number(let n) = view.rows[r].cells[c].content, let reason = n.unexplainedMarker {
            reportUnexplainedMarker(view, r, c, figure: n, reason: reason, into: &context)
            continue
          }
          guard case .malformed(let reason) = view.rows[r].cells[c].content else { continue }
          let raw = view.rows[r].cells[c].raw
          guard Self.isNumericColumn(view, c), !Self.isReference(raw) else { continue }
          let sideBySide = Self.isSideBySideFigures(raw) || Self.isMergedAmounts(raw) || Self.isFigureBesideYear(raw)
          var hint = settings.hints ? Self.straySpaceHint(raw) : nil
          if sideBySide, let h = hint { hint = "figures side by side: two columns or lines merged when the table was read; or \(h)" }
          // Most of the column malformed: one misreading of the column, not a typo in each cell.
          let severity = misread.contains(c) ? Severity.info : sideBySide ? settings.sideBySideSeverity : nil
          if misread.contains(c) {
            hint = "most figures of this column are malformed: the column was misread (columns merged?)" + (hint.map { "; or \($0)" } ?? "")
          }
          context.report(
            Check(
              kind: Self.kind, status: .fail, table: table, page: view.page(r), row: view.rowPath(r),
              column: view.columnPath(c), cells: [view.cellReference(r, c)],
              message: "malformed figure '\(raw)' at \(view.place(r, c)): \(reason)",
              hint: hint, severity: severity))
        }
      }
    }
  }

  /// A figure read after a leading marker no footnote names ("3 17,59" as 17,59): the relations
  /// of the table test the reading, so this rule runs after them. A relation holding with the
  /// figure confirms the marker: nothing is reported. A relation failing with it (an alarm, or a
  /// failure its stray-space reading explains; none holding) makes the cell malformed as before.
  /// No relation testing it: the marker is the likelier reading, reported as info.
  private func reportUnexplainedMarker(
    _ view: TableView, _ r: Int, _ c: Int, figure: ParsedNumber, reason: String, into context: inout RuleContext
  ) {
    guard Self.isNumericColumn(view, c) else { return }
    let ref = view.cellReference(r, c)
    let citing = context.findings.filter { $0.cells.contains(ref) }
    // An equality confirms the figure; a Waarvan bound ("does not exceed") does not.
    let bound = RuleKind.waarvan.rawValue
    if citing.contains(where: { ($0.status == .pass || $0.status == .passWithinRounding) && $0.kind != bound }) { return }
    let raw = view.rows[r].cells[c].raw
    // Broken by a relation: an alarm citing it, or a failure its other reading (a stray space)
    // explains. A failure another reading of the table explains (info) says nothing of the cell.
    let tested = citing.contains {
      $0.status == .fail && ($0.severity != .info || $0.message.contains(AlternativeReading.phrase(raw)))
    }
    let marker = figure.note.map { " '\($0)'" } ?? ""
    var hint = "a footnote marker\(marker) no footnote names, before \(Format.dutch(figure.value))"
    if settings.hints, let stray = Self.straySpaceHint(raw) { hint += "; or \(stray)" }
    context.report(
      Check(
        kind: Self.kind, status: .fail, table: view.table, page: view.page(r), row: view.rowPath(r),
        column: view.columnPath(c), cells: [ref],
        message: "malformed figure '\(raw)' at \(view.place(r, c)): \(reason)"
          + (tested ? "; read after a footnote marker it breaks a relation" : "; no relation tests it read after a footnote marker"),
        hint: hint, severity: tested ? nil : .info))
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

  /// A figure column whose cells are mostly figures: at least two figures and more figures than
  /// text or malformed cells; or, with no text cell at all, a column whose header names a
  /// measure (FTE, euro, uren).
  static func isNumericColumn(_ view: TableView, _ c: Int) -> Bool {
    guard view.columns.indices.contains(c), !view.columns[c].isLabel else { return false }
    var figures = 0
    var other = 0
    for row in view.rows where row.cells.indices.contains(c) {
      switch row.cells[c].content {
      case .number: figures += 1
      case .text, .malformed: other += 1
      case .empty: break
      }
    }
    if figures >= 2 && figures > other { return true }
    let unit = view.columns[c].unit.kind
    return unit != .number && !view.rows.contains { row in
      guard row.cells.indices.contains(c), case .text = row.cells[c].content else { return false }
      return true
    }
  }

  /// A reference, not a figure: a section or list number ("3.3.1", "2.", "12."; groups after the
  /// first of one or two digits), a date ("26-6-2023", "1/7/2022"), or four-digit years side by
  /// side ("2025 2026").
  static func isReference(_ raw: String) -> Bool {
    let text = LabelKey.collapseSpaces(raw)
    let scalars = Array(text.unicodeScalars)
    guard let first = scalars.first, first.properties.numericType != nil else { return false }
    func groups(_ separator: Unicode.Scalar) -> [Substring]? {
      let parts = text.split(separator: Character(separator), omittingEmptySubsequences: false)
      guard parts.count >= 2, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) || $0.isEmpty }) else { return nil }
      return parts
    }
    // "3.3.1", "2.", "12.": every group after the first one or two digits, or a trailing dot.
    if let parts = groups("."), !parts[0].isEmpty, parts[0].count <= 3 {
      let rest = parts.dropFirst()
      if rest.count == 1 && rest[rest.startIndex].isEmpty { return true }
      if rest.allSatisfy({ !$0.isEmpty && $0.count <= 2 }) && (rest.count >= 2 || rest.allSatisfy { $0.count == 1 }) {
        return true
      }
    }
    // Dates: day, month and year.
    for separator: Unicode.Scalar in ["-", "/"] {
      if let parts = groups(separator), parts.count == 3, parts[0].count <= 2, parts[1].count <= 2,
        parts[2].count == 2 || parts[2].count == 4
      {
        return true
      }
    }
    // Years side by side.
    let words = text.split(separator: " ")
    if words.count >= 2, words.allSatisfy({ w in
      w.count == 4 && w.allSatisfy(\.isNumber) && (w.hasPrefix("19") || w.hasPrefix("20"))
    }) {
      return true
    }
    return false
  }

  /// The error values spreadsheets print in Dutch and English, or a cell of hashes (a column too
  /// narrow for its figure).
  static func isSpreadsheetError(_ raw: String) -> Bool {
    let text = LabelKey.collapseSpaces(raw).uppercased()
    guard text.hasPrefix("#") else { return false }
    if text.count >= 3 && text.allSatisfy({ $0 == "#" }) { return true }
    let errors = [
      "#VERW!", "#REF!", "#DEEL/0!", "#DIV/0!", "#WAARDE!", "#VALUE!", "#N/B", "#N/A", "#NAAM?", "#NAME?",
      "#GETAL!", "#NUM!", "#LEEG!", "#NULL!", "#OVERLOOP!", "#SPILL!",
    ]
    return errors.contains(text)
  }

  /// Figure columns where at least two cells, and at least half of the cells printing anything,
  /// are malformed (references and side-by-side figures aside): the column itself was misread.
  static func misreadColumns(_ view: TableView) -> Set<Int> {
    var out: Set<Int> = []
    for c in view.figureColumns {
      var filled = 0
      var malformed = 0
      for r in view.dataRows where view.rows[r].cells.indices.contains(c) {
        let cell = view.rows[r].cells[c]
        switch cell.content {
        case .empty: continue
        case .malformed:
          filled += 1
          if !isReference(cell.raw), !isSideBySideFigures(cell.raw), !isMergedAmounts(cell.raw) { malformed += 1 }
        default: filled += 1
        }
      }
      if malformed >= 2, 2 * malformed >= filled { out.insert(c) }
    }
    return out
  }

  /// A figure and a year in one cell ("471 2020", "1.132 2022"): a label column of years merged
  /// into the figures when the table was read.
  static func isFigureBesideYear(_ raw: String) -> Bool {
    let words = LabelKey.collapseSpaces(raw).split(separator: " ")
    guard words.count == 2, NonItems.isBareYear(String(words[1])) else { return false }
    let figure = words[0]
    return figure.contains(where: \.isNumber) && figure.allSatisfy { $0.isNumber || $0 == "." || $0 == "," }
  }

  /// Several amounts in one cell ("€ - € 95.000 € 80.000"): rows merged when the table was read.
  static func isMergedAmounts(_ raw: String) -> Bool {
    raw.filter { $0 == "€" }.count >= 2
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
