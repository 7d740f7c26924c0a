import TallyCore

/// Key figures paired with the detail totals they repeat (a `CrossTableRule` check).
///
/// A key figure is a headline figure printed apart from the tables that detail it, with its unit
/// in the figure itself ("€ 4,07 mln", "1.454 uren"): a card row (figures over their labels), a
/// two-column label/figure list or a small table without a total row (at most
/// `key_figure_max_figures` figures), or a figure of the text printed right after a colon
/// ("omzet: € 12,3 mln", also when several such items ran into one line). Its labels are free ("omzet" for the total of a table of
/// costs and revenues), so a pairing rests on the figures and their units, never on words alone:
///
/// - a key figure that agrees within rounding with exactly one grand total (the bottom figure of
///   a column of another table, same unit after scaling) is paired with it: a pass;
/// - a key figure agreeing with no grand total of its unit, that one single change of its printed
///   digits (one digit wrong, two adjacent digits swapped) would make agree with exactly one grand
///   total of its unit, is paired with that one and fails. Several such totals: no pairing; a
///   key figure printing fewer than `key_figure_min_digits` digits: no pairing (one edit of "7"
///   million reaches anything from 0,5 to 9,5 million); a key figure beyond the first
///   `key_figure_pages` pages: no pairing by an edit (summaries lead a report; deep inside a long
///   one, a changed digit reaches some total by chance).
///
/// A grand total is read as the table printed it and, where the table's scale was likely misread,
/// also at the other scale: an amount read as printed also in thousands and millions (a scale note
/// set apart from the table and missed), hours or FTE read with a scale as printed (a note naming
/// euros does not scale them). A key figure in hours or FTE may also repeat a total of a table
/// that names no unit. A cell's readings count as one candidate.
///
/// Evidence: a failure is corroborated when other key figures of the same block (the same
/// table, or the lines of text on the same page) agree with their detail totals; uncorroborated
/// it is at most a warning.
extension CrossTableRule {
  /// One key figure, with where it was printed.
  struct KeyFigure {
    var operand: Operand
    var unit: UnitKind
    /// The block it belongs to: a table index, or for lines of text `-1 - page`.
    var block: Int
    var page: Int?
    var table: NormalizedTable?
    var row: [String]
    var column: [String]
    /// The index of the statement it was read from (a line of text), for `statements` to skip.
    var statement: Int?
  }

  /// One grand total a key figure may repeat.
  struct DetailTotal {
    var unit: UnitKind
    var view: Int
    var row: Int
    var column: Int
    var operand: Operand
    var interval: DecimalInterval
  }

  /// Checks every key figure against the detail totals; returns the statements it paired.
  func keyFigures(_ document: NormalizedDocument, views: [TableView], into context: inout RuleContext) -> Set<Int> {
    let units = cellUnits(document)
    let blocks = keyFigureBlocks(views)
    let figures = keyFigureCandidates(document, views: views, units: units, blocks: blocks)
    guard !figures.isEmpty else { return [] }
    let byUnit = Dictionary(grouping: detailTotals(views, units: units, blocks: blocks)) { $0.unit }
    // A key figure in hours or FTE may repeat a total whose table names no unit ("Voltijds
    // equivalenten per functie"): those totals are its candidates too.
    var totals: [UnitKind: [DetailTotal]] = [:]
    for (unit, list) in byUnit where unit != .number {
      let untyped = Self.unitlessCandidates.contains(unit) ? byUnit[.number] ?? [] : []
      totals[unit] = (list + untyped).sorted { $0.interval.lower < $1.interval.lower }
    }
    for unit in Self.unitlessCandidates where totals[unit] == nil {
      totals[unit] = (byUnit[.number] ?? []).sorted { $0.interval.lower < $1.interval.lower }
    }
    // Per key figure: the one total it agrees with, or the one a single edit reconciles it with.
    var agreed: [Int: DetailTotal] = [:]
    var edited: [Int: DetailTotal] = [:]
    for (i, figure) in figures.enumerated() {
      guard let sorted = totals[figure.unit], let interval = figure.operand.interval else { continue }
      let others = { (t: DetailTotal) in views[t.view].table.index != figure.table?.index }
      let agreeing = Self.overlapping(interval, in: sorted).filter(others)
      if agreeing.count == 1 {
        agreed[i] = agreeing[0]
        continue
      }
      // A figure of few digits is one edit from too much ("7" in millions is anything from 0,5
      // to 9,5 million): only a precise enough key figure can be paired by an edit.
      guard agreeing.isEmpty, PrintedEdits.significantDigits(figure.operand) >= settings.keyFigureMinDigits else { continue }
      // Summaries lead a report; a figure deep inside one is another table's detail or a remark,
      // and one changed digit reaches some total among hundreds by chance.
      if let page = figure.page, page > settings.keyFigurePages { continue }
      var explained: [Int: DetailTotal] = [:]
      for edit in PrintedEdits.digitChanges(figure.operand) {
        var changed = figure.operand
        changed.value = edit
        guard let editedInterval = changed.interval else { continue }
        for t in Self.overlapping(editedInterval, in: sorted) where others(t) {
          explained[t.view * 1_000_003 + t.row * 1_009 + t.column] = t
        }
        if explained.count > 1 { break }
      }
      if explained.count == 1, let only = explained.values.first { edited[i] = only }
    }
    var paired = Set<Int>()
    for i in figures.indices {
      let figure = figures[i]
      guard let total = agreed[i] ?? edited[i] else { continue }
      if let s = figure.statement { paired.insert(s) }
      let view = views[total.view]
      let holds = agreed.keys.filter { $0 != i && figures[$0].block == figure.block }.count
      var evidence = Evidence(
        labels: ["a key figure and the only grand total of its unit it agrees with, or one changed digit away from"])
      evidence.holdsElsewhere = holds
      // A line of text has no table: the finding names the detail table, as a sentence's does.
      var check = Check(
        kind: Self.kind, status: .skipped, table: figure.table ?? view.table, page: figure.page, row: figure.row,
        column: figure.column, message: "")
      check.evidence = evidence
      check.elsewhere = "key figure"
      // An uncorroborated pairing is a guess from the figures: at most a warning.
      if !evidence.isCorroborated { check.severity = max(settings.kind(Self.kind).severity, .warning) }
      var item = total.operand
      item.label = view.rows[total.row].label
      let name = figure.row.last ?? figure.operand.label
      let what =
        "key figure '\(name)' (page \(figure.page.map(String.init) ?? "?")) '\(figure.operand.raw)' against the total of table \(view.table.index) ('\(view.table.title ?? "")') \(view.place(total.row, total.column))"
      context.reportSum(check, what: what, items: [item], stated: figure.operand)
    }
    return paired
  }

  /// The totals in `sorted` (by lower bound) whose interval overlaps `interval`.
  static func overlapping(_ interval: DecimalInterval, in sorted: [DetailTotal]) -> [DetailTotal] {
    // The first total whose lower bound is above the interval's upper one: none from there on.
    var lo = 0
    var hi = sorted.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if interval.upper < sorted[mid].interval.lower { hi = mid } else { lo = mid + 1 }
    }
    return sorted[..<lo].filter { !($0.interval.upper < interval.lower) }
  }

  /// Per table, the unit of each figure cell (`row * cellKey + column`) as the normaliser read it,
  /// the figure's own unit word included ("€ 4,07 mln", "1.454,5 uren").
  func cellUnits(_ document: NormalizedDocument) -> [Int: [Int: UnitKind]] {
    var out: [Int: [Int: UnitKind]] = [:]
    for fact in document.facts { out[fact.table, default: [:]][fact.rowIndex * Self.cellKey + fact.columnIndex] = fact.unit.kind }
    return out
  }

  static let cellKey = 1 << 20

  /// A cell's unit: the view's, else the one its figure states.
  func unit(_ view: TableView, _ r: Int, _ c: Int, _ units: [Int: [Int: UnitKind]]) -> UnitKind {
    let u = view.unit(r, c)
    guard u == .number else { return u }
    return units[view.table.index]?[r * Self.cellKey + c] ?? u
  }

  /// Per figure column of every table that is no key-figure block, its grand total: the bottom
  /// figure of a column of at least two figures (not a percentage, average or breakdown). The
  /// row's role is not required: a "Saldo" or "Algemeen totaal" closing a table is its result
  /// whether or not the layout marked it.
  func detailTotals(_ views: [TableView], units: [Int: [Int: UnitKind]], blocks: Set<Int>) -> [DetailTotal] {
    var out: [DetailTotal] = []
    for (v, view) in views.enumerated() where !blocks.contains(view.table.index) {
      let rows = view.dataRows.filter { !view.isBreakdown($0) && !view.isAverageRow($0) }
      for c in view.figureColumns where !view.isPercentColumn(c) && !view.isNonAdditiveColumn(c) {
        let figures = rows.filter { view.isNumber($0, c) }
        guard figures.count >= 2, let r = figures.last else { continue }
        let u = self.unit(view, r, c, units)
        guard settings.crossTableUnits.contains(u) || u == .number, view.rows[r].cells[c].number?.isPercent != true,
          let o = view.operand(r, c), let interval = o.interval
        else { continue }
        out.append(DetailTotal(unit: u, view: v, row: r, column: c, operand: o, interval: interval))
        // A scale note names amounts ("in duizend euro"); hours, FTE and heads under it are
        // printed as they are: such a total also stands for its figure as printed.
        if u != .eur, let plain = Self.unscaled(o), let plainInterval = plain.interval {
          out.append(DetailTotal(unit: u, view: v, row: r, column: c, operand: plain, interval: plainInterval))
        }
        // An amount read as printed may be in thousands or millions of a scale note the reader
        // missed ("(x € 1.000)" set apart from the table): a key figure's own scale word says.
        if u == .eur, o.decimals == Self.printedDecimals(o.raw) {
          for k in Self.missedScales {
            guard let factor = ExactDecimal.powerOfTen(k), let value = o.value.multiplied(by: ExactDecimal(units: factor, scale: 0))
            else { continue }
            var scaled = o
            scaled.value = value
            scaled.decimals = o.decimals - k
            if let interval = scaled.interval {
              out.append(DetailTotal(unit: u, view: v, row: r, column: c, operand: scaled, interval: interval))
            }
          }
        }
      }
    }
    return out
  }

  /// The powers of ten of the scale notes a table may carry (thousands, millions).
  static let missedScales = [3, 6]

  /// The units whose key figures may repeat a total of a table naming no unit.
  static let unitlessCandidates: Set<UnitKind> = [.hours, .fte]

  /// A figure read with a scale it does not print (791893130 read from "791893,13" under "in
  /// duizend euro"), as printed: nil when it was read as printed.
  static func unscaled(_ o: Operand) -> Operand? {
    let printed = o.raw.unicodeScalars.filter { $0.properties.numericType == .decimal }
    func digits<S: Sequence>(_ s: S) -> String where S.Element == Character {
      String(String(s).drop { $0 == "0" }.reversed().drop { $0 == "0" }.reversed())
    }
    let printedDigits = digits(String(String.UnicodeScalarView(printed)))
    guard !printedDigits.isEmpty else { return nil }
    for k in Self.missedScales + [9] {
      let value = ExactDecimal(units: o.value.units, scale: o.value.scale + k)
      guard value.scale <= ExactDecimal.maximumScale, digits(String(o.value.units.magnitude)) == printedDigits else { continue }
      var plain = o
      plain.value = value
      plain.decimals = o.decimals + k
      // Only a reading that prints as the raw figure does: "1.038,54" not from 1038,54 × 1000.
      if plain.decimals >= 0 && plain.decimals == Self.printedDecimals(o.raw) { return plain }
    }
    return nil
  }

  /// Decimal places printed in a figure (Dutch style): the digits after its comma.
  static func printedDecimals(_ raw: String) -> Int {
    guard let comma = raw.lastIndex(of: ",") else { return 0 }
    return raw[raw.index(after: comma)...].prefix { $0.isNumber }.count
  }

  /// The tables that are key-figure blocks: no total row or column, at most
  /// `key_figure_max_figures` figures (percentages aside).
  func keyFigureBlocks(_ views: [TableView]) -> Set<Int> {
    var out = Set<Int>()
    for view in views {
      let rows = view.dataRows
      guard !rows.contains(where: { view.rows[$0].role != .item }), !view.columns.contains(where: { $0.role != .item })
      else { continue }
      var count = 0
      for r in rows {
        for c in view.columns.indices where view.isNumber(r, c) && view.rows[r].cells[c].number?.isPercent != true {
          count += 1
        }
      }
      if count > 0 && count <= settings.keyFigureMaxFigures { out.insert(view.table.index) }
    }
    return out
  }

  /// The key figures of the document: those of the key-figure blocks, and short lines of text
  /// stating one figure.
  func keyFigureCandidates(
    _ document: NormalizedDocument, views: [TableView], units cellUnits: [Int: [Int: UnitKind]], blocks: Set<Int>
  ) -> [KeyFigure] {
    var out: [KeyFigure] = []
    let units = settings.crossTableUnits
    for view in views where blocks.contains(view.table.index) {
      for r in view.dataRows {
        // Every column: a card row's first figure sits in what reads as the label column.
        for c in view.columns.indices where view.isNumber(r, c) && view.rows[r].cells[c].number?.isPercent != true {
          // A headline figure states its own unit ("€ 4,07 mln", "1.454 uren"); a bare figure in a
          // small table is a detail of that table.
          let raw = view.rows[r].cells[c].raw
          // Its own unit word first: "€ 3,4 miljoen" in a table headed in hours is in euros.
          let unit = cellUnits[view.table.index]?[r * Self.cellKey + c] ?? view.unit(r, c)
          guard raw.unicodeScalars.contains(where: { $0 == "€" || $0.properties.isAlphabetic }), units.contains(unit),
            let o = view.operand(r, c)
          else { continue }
          out.append(
            KeyFigure(
              operand: o, unit: unit, block: view.table.index, page: view.page(r), table: view.table,
              row: [keyFigureLabel(view, r, c)], column: view.columnPath(c), statement: nil))
        }
      }
    }
    // Lines of text: "omzet: € 12,3 mln".
    for (i, s) in document.statements.enumerated() where units.contains(s.unit.kind) {
      // A "label: figure" item, alone on its line or run into one line with others; a figure in a
      // sentence ("in totaal 512 uren georganiseerd") is checked as a sentence.
      // A card's figure alone with its unit word ("1.454,5 uren") is one too.
      guard FigurePlacement.followsColon(s.raw, in: s.sentence)
        || FigurePlacement.standsAlone(s.raw, in: s.sentence)
      else { continue }
      let operand = Operand(
        value: s.number.value, decimals: s.number.decimals,
        isExact: s.number.decimals == 0 && settings.exactCountUnits.contains(s.unit.kind), ref: nil,
        label: s.sentence, raw: s.raw)
      out.append(
        KeyFigure(
          operand: operand, unit: s.unit.kind, block: -1 - (s.page ?? 0), page: s.page, table: nil,
          row: [s.sentence], column: [], statement: i))
    }
    return out
  }

  /// A key figure's label: its row's, else the text printed in its column just below or above it
  /// (a card: the figure over its label).
  func keyFigureLabel(_ view: TableView, _ r: Int, _ c: Int) -> String {
    let own = view.rows[r].label
    if !own.isEmpty { return own }
    for other in [r + 1, r - 1] where view.rows.indices.contains(other) {
      let cells = view.rows[other].cells
      // A label is words: a neighbouring card's figure with its unit ("963,4 uren") reads as text.
      guard cells.indices.contains(c), case .text = cells[c].content,
        !cells[c].raw.unicodeScalars.contains(where: { $0.properties.numericType != nil })
      else { continue }
      return cells[c].raw
    }
    return ""
  }
}
