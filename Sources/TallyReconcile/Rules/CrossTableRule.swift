import TallyCore

/// **cross_table**: the same figure printed twice agrees within rounding (XBRL consistent
/// duplicates: the two intervals overlap). A heuristic pairing, so failures are warnings by default.
///
/// Inference:
/// - Between tables: every figure gets a *subject* (its row label without "(incl. ...)" remarks;
///   or, in a table titled after a subject, the title itself for the rows or for the sum of a group's
///   item rows of one unit) and *measure words* (content words of the column path, group heading
///   and title, minus the subject's). Two figures of different tables pair when they have the same
///   subject, the same unit (one of `cross_table_units`) and measure words overlapping by at least
///   `cross_table_min_overlap` percent; per pair of tables, subject and unit only the best-matching
///   pair is checked. Two plain rows pair only when their tables' titles overlap as much and
///   their numbered sections ("2.3.", "2.4.") do not differ. Only a row's total column, or its only figure column of that unit, counts.
///   In a budget document (any table with codes) no table pairs are made: the same labels recur
///   under every code, and the roll-up checks those tables.
/// - Sentences: a figure stated in running text ("in totaal 6 601,50 uren") is checked against the
///   total-row cells of the same unit: a pass when one agrees within rounding (the best-matching
///   by words), otherwise a failure against the best-matching one when its words overlap the
///   sentence enough; otherwise nothing is claimed.
///
/// Message templates:
/// - tables: "'<subject>' in table <i> ('<title>') and table <j>: <a> against <b>" + pass/within/fail suffix
///   as in `RuleContext.reportSum`
/// - sentence: "stated in text (page <p>) '<raw>' against table <i> ('<title>') <place>"
struct CrossTableRule: ReconciliationRule {
  static let kind = RuleKind.crossTable
  let settings: ReconcileSettings

  init(settings: ReconcileSettings) { self.settings = settings }

  /// A figure (one cell, or the sum of a group's rows) with what it is about.
  struct Figure {
    var table: Int
    var subject: String
    var unit: UnitKind
    var measure: [String]
    var operands: [Operand]
    var place: String
    /// A figure of the row itself (not of a table titled after a subject).
    var isRowFigure: Bool = true
    var titleWords: [String] = []
    var section: String? = nil
  }

  func evaluate(_ document: NormalizedDocument, into context: inout RuleContext) {
    let views = document.tables.map { TableView($0, settings: settings) }
    // Budget documents repeat the same row labels under every code; agreement between their
    // tables is the roll-up's job, so their tables give no cross-table figures.
    let coded = document.tables.contains { !$0.codes.isEmpty }
    let figures = coded ? [] : views.flatMap(figures)
    var best: [String: (Figure, Figure, Int)] = [:]
    var order: [String] = []
    for (i, a) in figures.enumerated() {
      for b in figures[(i + 1)...] where a.table < b.table && a.subject == b.subject && a.unit == b.unit {
        // Two rows of the same name in tables about different things are different figures.
        if a.isRowFigure && b.isRowFigure
          && ((!(a.titleWords.isEmpty && b.titleWords.isEmpty)
            && Words.overlapPercent(a.titleWords, b.titleWords) < settings.crossTableMinOverlap)
            || (a.section != nil && b.section != nil && a.section != b.section))
        {
          continue
        }
        let score = Words.overlapPercent(a.measure, b.measure)
        guard score >= settings.crossTableMinOverlap else { continue }
        let key = "\(a.table)|\(b.table)|\(a.subject)|\(a.unit.rawValue)"
        if let current = best[key] {
          if score > current.2 { best[key] = (a, b, score) }
        } else {
          best[key] = (a, b, score)
          order.append(key)
        }
      }
    }
    for key in order {
      guard let (a, b, _) = best[key] else { continue }
      // A single printed figure is the stated one; a group's sum is the computed one.
      let (stated, computed) = a.operands.count == 1 ? (a, b) : (b, a)
      guard stated.operands.count == 1, let statedOperand = stated.operands.first else { continue }
      let sv = views[stated.table]
      let what =
        "'\(stated.subject)' in table \(stated.table) ('\(sv.table.title ?? "")', \(stated.place)) and table \(computed.table) ('\(views[computed.table].table.title ?? "")', \(computed.place))"
      let base = Check(
        kind: Self.kind, status: .skipped, table: sv.table, page: statedOperand.ref?.page,
        row: statedOperand.ref?.row ?? [], column: statedOperand.ref?.column ?? [], message: "")
      context.reportSum(base, what: what, items: computed.operands, stated: statedOperand)
    }
    statements(document, views: views, into: &context)
  }

  private func figures(_ view: TableView) -> [Figure] {
    let stops = settings.stopWords
    var out: [Figure] = []
    let usableRows = view.dataRows.filter { !view.isBreakdown($0) && !view.isAverageRow($0) }
    let titleWords = Words.content(view.table.title ?? "", stopWords: stops)
    // Row figures: subject = row label.
    for r in usableRows {
      for c in primaryColumns(view, row: r) {
        guard let o = view.operand(r, c), view.rows[r].cells[c].number?.isPercent != true else { continue }
        let subject = Words.subjectKey(view.rows[r].label, exclusionWords: settings.exclusionWords)
        let subjectWords = Words.tokens(subject)
        let measure = (Words.content(view.columnPath(c).joined(separator: " "), stopWords: stops)
          + Words.content(view.groupLabel(r), stopWords: stops) + titleWords)
          .filter { w in !subjectWords.contains { Words.sameStem($0, w) } }
        out.append(Figure(table: view.table.index, subject: subject, unit: view.unit(r, c), measure: measure, operands: [o], place: view.place(r, c), titleWords: titleWords, section: view.sectionKey))
      }
    }
    // Title-subject figures: the table is about one subject; its groups and rows measure it.
    let subject = view.titleKey
    let subjectWords = Words.tokens(subject)
    guard !subject.isEmpty, subjectWords.count <= 4 else { return out }
    let groups = Dictionary(grouping: usableRows.filter { view.rows[$0].role == .item }) { view.groupLabel($0) }
    for group in groups.keys.sorted() {
      let rows = groups[group] ?? []
      for c in view.figureColumns where !view.isPercentColumn(c) {
        let units = Set(rows.map { view.unit($0, c) })
        let operands = rows.compactMap { view.operand($0, c) }.filter { !$0.raw.contains("%") }
        if !group.isEmpty, units.count == 1, let unit = units.first, operands.count == rows.count {
          let measure = Words.content(group, stopWords: stops).filter { w in !subjectWords.contains { Words.sameStem($0, w) } }
          out.append(Figure(table: view.table.index, subject: subject, unit: unit, measure: measure, operands: operands, place: "group '\(group)'", isRowFigure: false))
        } else {
          for r in rows {
            guard let o = view.operand(r, c), view.rows[r].cells[c].number?.isPercent != true else { continue }
            let measure = Words.content(view.rows[r].label, stopWords: stops).filter { w in !subjectWords.contains { Words.sameStem($0, w) } }
            out.append(Figure(table: view.table.index, subject: subject, unit: view.unit(r, c), measure: measure, operands: [o], place: view.place(r, c), isRowFigure: false))
          }
        }
      }
    }
    return out.filter { settings.crossTableUnits.contains($0.unit) && !$0.measure.isEmpty }
  }

  /// The columns whose figure stands for the row: the total column, else each figure column that
  /// is the only one of its unit in the row.
  private func primaryColumns(_ view: TableView, row r: Int) -> [Int] {
    let figure = view.figureColumns.filter { !view.isPercentColumn($0) }
    if let total = figure.first(where: { view.columns[$0].role == .total }) { return [total] }
    let units = figure.map { view.unit(r, $0) }
    return figure.enumerated().filter { i, _ in units.filter { $0 == units[i] }.count == 1 }.map(\.1)
  }

  private func statements(_ document: NormalizedDocument, views: [TableView], into context: inout RuleContext) {
    for s in document.statements where settings.crossTableUnits.contains(s.unit.kind) {
      let stated = Operand(
        value: s.number.value, decimals: s.number.decimals,
        isExact: s.number.decimals == 0 && settings.exactCountUnits.contains(s.unit.kind),
        ref: CellReference(table: -1, page: s.page, row: [s.sentence], column: [], raw: s.raw, bbox: nil),
        label: "stated in text", raw: s.raw)
      let sentenceWords = Words.content(s.sentence, stopWords: settings.stopWords)
      var candidates: [(TableView, Int, Int, Operand, Int)] = []
      for view in views {
        for r in view.dataRows where view.rows[r].role == .total {
          for c in view.figureColumns where view.unit(r, c) == s.unit.kind {
            guard let o = view.operand(r, c) else { continue }
            let words = Words.content((view.table.title ?? "") + " " + view.columnPath(c).joined(separator: " "), stopWords: settings.stopWords)
            candidates.append((view, r, c, o, Words.overlapPercent(words, sentenceWords)))
          }
        }
      }
      guard let statedInterval = stated.interval else { continue }
      let agreeing = candidates.filter { $0.3.interval.map(statedInterval.overlaps) ?? false }
      let pool = agreeing.isEmpty ? candidates.filter { $0.4 >= settings.crossTableMinOverlap } : agreeing
      guard let (view, r, c, o, _) = pool.max(by: { $0.4 < $1.4 }) else { continue }
      let what = "stated in text (page \(s.page.map(String.init) ?? "?")) '\(s.raw)' against table \(view.table.index) ('\(view.table.title ?? "")') \(view.place(r, c))"
      let base = Check(
        kind: Self.kind, status: .skipped, table: view.table, page: s.page, row: view.rowPath(r),
        column: view.columnPath(c), message: "")
      var item = o
      item.label = view.rows[r].label
      context.reportSum(base, what: what, items: [item], stated: stated)
    }
  }
}
