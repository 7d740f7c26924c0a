import TallyCore

/// **unlabelled_relation**: a figure column or a data row that no label marks as a total or a
/// difference, but that the table's own arithmetic shows to be one: a column that is the sum of
/// the columns just left of it (Europees + Cofinanciering = Totaal, with the header lost), or one
/// column minus another (raming 2024 − raming 2023 = mutatie); a row that is the sum of the rows
/// just above it (beginsaldo + ontvangsten + uitgaven + desaffectatie = eindsaldo), or one row
/// minus another (eindsaldo − beginsaldo = evolutie).
///
/// Inference: the labels do not say it, so the relation is a hypothesis that the table must
/// corroborate. Targets are item columns that are no total, result, percent or non-additive
/// column, and item rows (or total rows labelled as a result or balance, `balance_words`) that
/// are no breakdown or average. The readings tried for a target are: the runs of two up to
/// `runLimit` neighbouring lines before it or after it (their sum; after it: a total printed
/// first); the ordered pairs of lines among the `pairWindow` before it (their difference); and,
/// for a row, the first one up to `runLimit` labelled total rows among the `totalWindow` rows
/// after it (a heading printing its block's total: "Beleidsdomein X | 1.000.000" over
/// "Totaal : 700.000" and "Totaal : 300.000").
///
/// A reading holds in a place (a row for a column, a figure column for a row) when it equals a
/// printed figure other than zero, exactly or within rounding, with at least two operands other
/// than zero (one for a single labelled total); places repeating another place's figures count
/// once. It fails where it differs beyond rounding. The reading holding in the most places is
/// taken (the first of equals, in the order above) when it holds in at least
/// `minimumColumnHolds` rows (for a column) or `minimumRowHolds` columns (for a row) and fails in
/// at most a quarter as many. Places missing the target's figure, or where a figure is text,
/// malformed or a percentage, are not checked, nor places with fewer operands other than zero
/// than two (one for a single labelled total: one figure against itself is no check), nor a
/// failure with an empty operand (its figure may be printed elsewhere: a row split in two). An
/// empty operand counts as zero, and so does a target printing a dash (a blank states nothing).
///
/// Evidence (see `Evidence`): only the corroboration, so a failure is an error localised on its
/// place, naming the places the same relation holds in. A reading that holds too rarely is no
/// relation of the table and nothing is reported.
///
/// Message templates: as `RuleContext.reportSum`, with "<what>" = "unlabelled column '<column>' in
/// row '<row>' (= '<a>' + '<b>')" or "unlabelled row '<row>' in column '<column>' (= '<a>' − '<b>')";
/// a failure ends with "[evidence: …]".
struct UnlabelledRelationRule: ReconciliationRule {
  static let kind = RuleKind.unlabelledRelation
  let settings: ReconcileSettings

  /// The longest run of neighbouring lines read as the items of a sum.
  static let runLimit = 12
  /// How many lines before a target are paired for a difference.
  static let pairWindow = 6
  /// How many lines after a target are searched for the labelled totals of its block.
  static let totalWindow = 40
  /// The fewest rows a column relation must hold in.
  static let minimumColumnHolds = 3
  /// The fewest columns a row relation must hold in.
  static let minimumRowHolds = 2

  init(settings: ReconcileSettings) { self.settings = settings }

  /// One reading of a target line: the operand lines, each added or subtracted.
  struct Reading {
    var terms: [(line: Int, minus: Bool)]
  }

  /// The lines and places of one direction of a table: columns over rows, or rows over columns.
  struct Axis {
    /// Whether the lines are rows (and the places columns).
    var linesAreRows: Bool
    /// The lines in table order that may be operands.
    var lines: [Int]
    /// The lines that may be targets.
    var targets: Set<Int>
    /// The lines that are labelled totals or subtotals.
    var totals: Set<Int> = []
    var places: [Int]

    func cell(line: Int, place: Int) -> (row: Int, column: Int) {
      linesAreRows ? (line, place) : (place, line)
    }
  }

  func evaluate(_ document: NormalizedDocument, into context: inout RuleContext) {
    for view in context.views {
      for axis in Self.axes(view, settings: settings) where !axis.targets.isEmpty {
        let grid = FigureGrid(view, axis: axis)
        for (position, target) in axis.lines.enumerated() where axis.targets.contains(target) {
          guard let found = Self.bestReading(view, axis: axis, grid: grid, target: target, position: position)
          else { continue }
          report(view, axis: axis, target: target, found: found, into: &context)
        }
      }
    }
  }

  /// The two directions of a table, with their operand lines, targets and places.
  static func axes(_ view: TableView, settings: ReconcileSettings) -> [Axis] {
    // A column the arithmetic shows to be a ratio of two others is neither a sum nor an item.
    let ratios = view.ratioColumns
    let columns = view.figureColumns.filter { !view.isPercentColumn($0) && !view.isNonAdditiveColumn($0) && !ratios.contains($0) }
    let results = Set(ResultRule.resultColumns(view, words: settings.differenceWords))
    let columnTargets = columns.filter { view.columns[$0].role == .item && !results.contains($0) }
    let rows = view.dataRows.filter { view.hasFigure($0) }
    // A total row whose label names a result ("Resultaat", "Saldo") is no sum of the rows above:
    // row_total tries it as one, this rule reads it as the difference it states.
    let rowTargets = rows.filter { r in
      (view.rows[r].role == .item || RowTotalRule.isBalanceLabel(view, r, settings: settings))
        && !view.isBreakdown(r) && !view.isAverageRow(r)
    }
    let totalRows = rows.filter { view.rows[$0].role != .item }
    return [
      Axis(linesAreRows: false, lines: columns, targets: Set(columnTargets), places: rows),
      Axis(linesAreRows: true, lines: rows, targets: Set(rowTargets), totals: Set(totalRows), places: columns),
    ]
  }

  /// The readings tried for the line at `position`: runs of neighbours before it, then after it
  /// (shortest first), then differences of pairs (nearest first), then the first labelled totals
  /// after it (a heading printing its block's total).
  static func readings(_ axis: Axis, position: Int) -> [Reading] {
    var out: [Reading] = []
    let lines = axis.lines
    if position >= 2 {
      for k in 2...min(position, runLimit) {
        out.append(Reading(terms: lines[(position - k)..<position].map { ($0, false) }))
      }
    }
    let after = lines.count - position - 1
    if after >= 2 {
      for k in 2...min(after, runLimit) {
        out.append(Reading(terms: lines[(position + 1)...(position + k)].map { ($0, false) }))
      }
    }
    let before = Array(lines[max(0, position - pairWindow)..<position]).reversed()
    for a in before {
      for b in before where b != a {
        out.append(Reading(terms: [(a, false), (b, true)]))
      }
    }
    // The block's items lie between the heading and its first total: at least two of them (a
    // row right above a total is its item, not its heading).
    let window = lines[(position + 1)...].prefix(totalWindow)
    let totalsAfter = window.filter { axis.totals.contains($0) }
    let itemsBefore = window.prefix { !axis.totals.contains($0) }.count
    for m in 1...max(1, min(totalsAfter.count, runLimit)) where m <= totalsAfter.count && itemsBefore >= 2 {
      out.append(Reading(terms: totalsAfter.prefix(m).map { ($0, false) }))
    }
    return out
  }

  /// One place of a reading: the signed operands and the stated figure, or nil when the place is
  /// not checked.
  static func operands(_ view: TableView, axis: Axis, reading: Reading, target: Int, place: Int) -> (
    items: [Operand], stated: Operand, empty: Int
  )? {
    let (tr, tc) = axis.cell(line: target, place: place)
    var stated: Operand
    var dash = false
    switch view.value(tr, tc) {
    case .number(let o):
      guard !isPercent(view, tr, tc) else { return nil }
      stated = o
    case .empty:
      // A printed dash states zero; a blank cell or another null marker (n.v.t.) states nothing.
      let raw = view.rows[tr].cells.indices.contains(tc) ? view.rows[tr].cells[tc].raw : ""
      let marks = raw.filter { !$0.isWhitespace }
      guard !marks.isEmpty, marks.allSatisfy({ "-–—−".contains($0) }) else { return nil }
      stated = Operand(value: .zero, decimals: 0, ref: view.cellReference(tr, tc), label: "", raw: raw)
      dash = true
    case .text, .malformed: return nil
    }
    stated.isExact = false
    var items: [Operand] = []
    var empty = 0
    for (line, minus) in reading.terms {
      let (r, c) = axis.cell(line: line, place: place)
      switch view.value(r, c) {
      case .number(var o):
        guard !isPercent(view, r, c) else { return nil }
        o.isExact = false
        o.label = name(view, isRow: axis.linesAreRows, line: line)
        if minus {
          guard let negated = ExactDecimal.zero.subtracting(o.value) else { return nil }
          o.value = negated
          o.alternative = o.alternative.flatMap { ExactDecimal.zero.subtracting($0) }
          o.label = "− " + o.label
        }
        items.append(o)
      case .empty: empty += 1
      case .text, .malformed: return nil
      }
    }
    guard let decimals = items.map(\.decimals).max() else { return nil }
    // A dash is as precise as the figures it is compared with.
    if dash { stated.decimals = decimals }
    return (items, stated, empty)
  }

  private static func isPercent(_ view: TableView, _ r: Int, _ c: Int) -> Bool {
    view.rows[r].cells.indices.contains(c) && (view.rows[r].cells[c].number?.isPercent ?? false)
  }

  /// A line's name for messages: the row label or the last header level, else its position.
  static func name(_ view: TableView, isRow: Bool, line: Int) -> String {
    let text = isRow ? view.rows[line].label : (view.columnPath(line).last ?? "")
    return text.isEmpty ? "\(isRow ? "row" : "column") \(line + 1)" : text
  }

  /// One place of a reading compared, or nil when the place is not checked: besides the cases of
  /// `operands`, fewer operands other than zero than the reading needs (one figure against itself
  /// is no check), or a failure with an empty operand (its figure may be printed elsewhere, a row
  /// split in two).
  static func check(_ view: TableView, axis: Axis, reading: Reading, target: Int, place: Int) -> (
    items: [Operand], stated: Operand, comparison: Comparison
  )? {
    guard let (items, stated, empty) = operands(view, axis: axis, reading: reading, target: target, place: place),
      items.filter({ !$0.value.isZero }).count >= min(2, reading.terms.count),
      case .success(let c) = Arithmetic.sum(items, against: stated), c.status != .fail || empty == 0
    else { return nil }
    return (items, stated, c)
  }

  struct Found {
    var reading: Reading
    var holds: Int
    var fails: Int
  }

  /// The reading of `target` that holds in the most places, when it holds often enough and fails
  /// rarely enough; nil otherwise. Read from `grid` when there is one (see `FigureGrid`), else
  /// cell by cell.
  static func bestReading(_ view: TableView, axis: Axis, grid: FigureGrid?, target: Int, position: Int) -> Found? {
    let minimum = axis.linesAreRows ? minimumRowHolds : minimumColumnHolds
    guard axis.places.count >= minimum else { return nil }
    guard let grid else { return bestReadingByCells(view, axis: axis, target: target, position: position) }
    return grid.bestReading(axis, position: position, minimum: minimum)
  }

  /// `bestReading` cell by cell, each reading of each place summed with `check`: for the tables
  /// whose figures `FigureGrid` cannot hold.
  static func bestReadingByCells(_ view: TableView, axis: Axis, target: Int, position: Int) -> Found? {
    let minimum = axis.linesAreRows ? minimumRowHolds : minimumColumnHolds
    var best: Found?
    for reading in readings(axis, position: position) {
      var holds = 0
      var fails = 0
      // Places printing the same figures as another (a year column repeating the last) are no
      // new evidence.
      var seen: Set<[ExactDecimal]> = []
      for place in axis.places {
        guard let (items, stated, c) = check(view, axis: axis, reading: reading, target: target, place: place)
        else { continue }
        if c.status == .fail {
          fails += 1
        } else if !stated.value.isZero, seen.insert(items.map(\.value) + [stated.value]).inserted {
          holds += 1
        }
      }
      guard holds >= minimum, fails * 4 <= holds else { continue }
      if best == nil || holds > best!.holds || (holds == best!.holds && fails < best!.fails) {
        best = Found(reading: reading, holds: holds, fails: fails)
      }
    }
    return best
  }

  private func report(_ view: TableView, axis: Axis, target: Int, found: Found, into context: inout RuleContext) {
    let formula = found.reading.terms.enumerated().map { i, term in
      (i == 0 ? "" : term.minus ? " − " : " + ") + "'\(Self.name(view, isRow: axis.linesAreRows, line: term.line))'"
    }.joined()
    let targetName = Self.name(view, isRow: axis.linesAreRows, line: target)
    for place in axis.places {
      guard let (items, stated, comparison) = Self.check(view, axis: axis, reading: found.reading, target: target, place: place)
      else { continue }
      let (r, c) = axis.cell(line: target, place: place)
      let placeName = Self.name(view, isRow: !axis.linesAreRows, line: place)
      let what =
        axis.linesAreRows
        ? "unlabelled row '\(targetName)' in column '\(placeName)' (= \(formula))"
        : "unlabelled column '\(targetName)' in row '\(placeName)' (= \(formula))"
      var base = Check(
        kind: Self.kind, status: .skipped, table: view.table, page: view.page(r), row: view.rowPath(r),
        column: view.columnPath(c), message: "")
      if comparison.status == .fail {
        base.evidence = Evidence(holdsElsewhere: found.holds, failsElsewhere: found.fails - 1)
        // A figure with another reading (a footnote marker before it) that makes it hold.
        base.evidence?.alternative = AlternativeReading.sum(items, stated: stated)
        base.elsewhere = axis.linesAreRows ? "column" : "row"
      }
      context.reportSum(base, what: what, items: items, stated: stated)
    }
  }
}

extension UnlabelledRelationRule {
  /// The cells of one axis read once, every figure as an integer at one common scale. A target
  /// has about 60 readings of up to `runLimit` operands on each place; reading them through
  /// `check` built an operand (references, labels) per cell per reading and summed every run from
  /// scratch. Here a place's runs grow one line at a time, and the outcome of each reading is
  /// the one `check` gives: the same places checked, holding, failing and counted once.
  struct FigureGrid {
    enum Cell {
      /// A figure other than a percentage: its units and rounding radius at the grid's scale.
      case figure(units: Int128, radius: Int128)
      /// No figure: an operand counting as zero; as a target, a blank states nothing.
      case blank
      /// A printed dash: an operand counting as zero; as a target, a zero as precise as its operands.
      case dash
      /// Text, a malformed figure or a percentage: the place is not checked.
      case blocked
    }

    /// `cells[i][j]`: the cell of `axis.lines[i]` at `axis.places[j]`.
    let cells: [[Cell]]
    /// A line's position in `axis.lines`, by line number.
    let positions: [Int: Int]

    /// The largest scale and magnitude read as integers: sums of `runLimit` of them stay far
    /// inside Int128, where `check`'s exact arithmetic cannot overflow either.
    static let maximumScale = 18
    static let maximumUnits = ExactDecimal.powerOfTen(30)!

    /// Nil when a figure is too precise or too large to be sure of the same outcome as `check`.
    init?(_ view: TableView, axis: Axis) {
      var figures: [(line: Int, place: Int, value: ExactDecimal, radius: ExactDecimal)] = []
      var scale = 0
      var cells = [[Cell]](repeating: [Cell](repeating: .blank, count: axis.places.count), count: axis.lines.count)
      for (i, line) in axis.lines.enumerated() {
        for (j, place) in axis.places.enumerated() {
          let (r, c) = axis.cell(line: line, place: place)
          guard view.rows[r].cells.indices.contains(c) else { continue }
          let cell = view.rows[r].cells[c]
          switch cell.content {
          case .number(let n):
            guard !n.isPercent else {
              cells[i][j] = .blocked
              continue
            }
            guard n.decimals >= -20 else { return nil }
            let radius = ExactDecimal.halfUnit(decimals: n.decimals)
            scale = max(scale, n.value.scale, radius.scale)
            figures.append((i, j, n.value, radius))
          case .empty:
            let marks = cell.raw.filter { !$0.isWhitespace }
            if !marks.isEmpty, marks.allSatisfy({ "-–—−".contains($0) }) { cells[i][j] = .dash }
          case .text, .malformed: cells[i][j] = .blocked
          }
        }
      }
      guard scale <= Self.maximumScale else { return nil }
      func units(_ d: ExactDecimal) -> Int128? {
        guard let scaled = d.rescaled(to: scale)?.units ?? (d.scale == scale ? d.units : nil),
          scaled.magnitude <= Self.maximumUnits.magnitude
        else { return nil }
        return scaled
      }
      for f in figures {
        guard let u = units(f.value), let r = units(f.radius) else { return nil }
        cells[f.line][f.place] = .figure(units: u, radius: r)
      }
      self.cells = cells
      self.positions = Dictionary(uniqueKeysWithValues: axis.lines.enumerated().map { ($1, $0) })
    }

    /// `bestReading` for the line at `position`.
    func bestReading(_ axis: Axis, position: Int, minimum: Int) -> Found? {
      let stated = cells[position]
      // A reading holds only where the target prints a figure other than zero.
      let printed = stated.filter {
        if case .figure(let u, _) = $0 { return u != 0 }
        return false
      }
      guard printed.count >= minimum else { return nil }
      let readings = UnlabelledRelationRule.readings(axis, position: position)
      var tallies = [Tally](repeating: Tally(), count: readings.count)
      let runLimit = UnlabelledRelationRule.runLimit
      let afterCount = axis.lines.count - position - 1
      let runsBefore = position >= 2 ? min(position, runLimit) - 1 : 0
      let runsAfter = afterCount >= 2 ? min(afterCount, runLimit) - 1 : 0
      for (p, target) in stated.enumerated() {
        switch target {
        case .figure, .dash: break
        case .blank, .blocked: continue
        }
        // The runs before and after the target, grown away from it: the run of k lines is
        // reading k − 2 of its side.
        var sum = PartialSum()
        for k in stride(from: 1, through: min(position, runLimit), by: 1) {
          guard sum.add(cells[position - k][p], minus: false) else { break }
          if k >= 2 { tallies[k - 2].record(sum, terms: k, target: target) }
        }
        sum = PartialSum()
        for k in stride(from: 1, through: min(afterCount, runLimit), by: 1) {
          guard sum.add(cells[position + k][p], minus: false) else { break }
          if k >= 2 { tallies[runsBefore + k - 2].record(sum, terms: k, target: target) }
        }
        // Differences and labelled totals: few operands each.
        for i in (runsBefore + runsAfter)..<readings.count {
          sum = PartialSum()
          var checked = true
          for term in readings[i].terms where checked {
            checked = sum.add(cells[positions[term.line]!][p], minus: term.minus)
          }
          if checked { tallies[i].record(sum, terms: readings[i].terms.count, target: target) }
        }
      }
      var best: Found?
      for (reading, tally) in zip(readings, tallies) {
        let (holds, fails) = (tally.holds, tally.fails)
        guard holds >= minimum, fails * 4 <= holds else { continue }
        if best == nil || holds > best!.holds || (holds == best!.holds && fails < best!.fails) {
          best = Found(reading: reading, holds: holds, fails: fails)
        }
      }
      return best
    }
  }

  /// The operands of one reading at one place, added one at a time.
  struct PartialSum {
    var units: Int128 = 0
    var radius: Int128 = 0
    /// The radius of the most precise operand: a dash target is compared at its decimals.
    var finest = Int128.max
    var nonZero = 0
    var empty = 0
    /// The operands' figures in the order added: with the target's, what makes a place the same
    /// evidence as another.
    var figures: [Int128] = []

    /// Adds one operand; false when its cell keeps the place from being checked.
    mutating func add(_ cell: FigureGrid.Cell, minus: Bool) -> Bool {
      switch cell {
      case .figure(let u, let r):
        let signed = minus ? -u : u
        units += signed
        radius += r
        finest = min(finest, r)
        if u != 0 { nonZero += 1 }
        figures.append(signed)
        return true
      case .blank, .dash:
        empty += 1
        return true
      case .blocked: return false
      }
    }
  }

  /// How one reading fares over the places: as `bestReadingByCells` counts.
  struct Tally {
    var holds = 0
    var fails = 0
    var seen: Set<[Int128]> = []

    mutating func record(_ sum: PartialSum, terms: Int, target: FigureGrid.Cell) {
      guard !sum.figures.isEmpty, sum.nonZero >= min(2, terms) else { return }
      let (stated, statedRadius): (Int128, Int128)
      switch target {
      case .figure(let u, let r): (stated, statedRadius) = (u, r)
      case .dash: (stated, statedRadius) = (0, sum.finest)
      case .blank, .blocked: return
      }
      // Closed intervals around both: they overlap unless the difference exceeds both radii.
      let difference = sum.units - stated
      let fails = difference.magnitude > (sum.radius + statedRadius).magnitude
      if fails {
        // A failure with an empty operand may be a row split in two: not checked.
        if sum.empty == 0 { self.fails += 1 }
      } else if stated != 0, seen.insert(sum.figures + [stated]).inserted {
        holds += 1
      }
    }
  }
}
