import TallyCore

/// **balance**: a running balance, opening + in − out = closing, printed two ways:
///
/// - as columns ("Saldo 1/1 | Toevoegingen | Onttrekkingen | Saldo 31/12", one fund or reserve a
///   row): two neighbouring figure columns whose headers hold a `running_balance_words` entry
///   (the opening and the closing balance) with one to four figure columns between them (the
///   movements);
/// - as rows ("Stand per 1 januari", "+ Subsidies", "- Kosten", "Stand per 31 december"): two
///   neighbouring data rows whose labels hold such a word, with one to six rows between them.
///
/// Inference: which movements add and which subtract, the table does not always say. A row label
/// printed after "+" or "−" states its sign; otherwise the arithmetic decides: of the sign choices
/// (columns: at least one movement subtracted, else it is a plain total), the one holding
/// (exactly or within rounding, a closing balance other than zero) in the most rows (columns
/// form) or figure columns (rows form) is taken when it holds in at least two and in at least
/// twice as many as it fails in; two choices holding alike: no check. Signs the labels state
/// need no such support. Empty movement cells count as zero; a row or column missing the closing
/// figure, or with text or a malformed figure among its operands, is not checked.
///
/// Evidence (see `Evidence`): the balance words of both ends, and the places where the same
/// balance holds: a failure corroborated by them is an error; signs stated by the labels and
/// tried nowhere else give the labels' severity. A failure that holds with a figure read the
/// other way its text allows (a footnote marker, `AlternativeReading`) is that reading's (info).
///
/// Message templates: as `RuleContext.reportSum`, with "<what>" = "balance '<closing>' in row
/// '<row>' (= '<opening>' + '<in>' − '<out>')" (columns) or "balance row '<closing>' in column
/// '<column>' (= '<opening>' + …)" (rows); a failure ends with "[evidence: …]".
struct BalanceRule: ReconciliationRule {
  static let kind = RuleKind.balance
  let settings: ReconcileSettings

  init(settings: ReconcileSettings) { self.settings = settings }

  func evaluate(_ document: NormalizedDocument, into context: inout RuleContext) {
    for view in context.views {
      evaluateColumns(view, into: &context)
      evaluateRows(view, into: &context)
    }
  }

  /// One operand of a balance with its sign: the opening (+1) or a movement (±1).
  typealias Term = (index: Int, sign: Int)

  // MARK: columns form

  private func evaluateColumns(_ view: TableView, into context: inout RuleContext) {
    let additive = Self.additiveColumns(view)
    let ends = additive.filter { Self.namesBalance(view.columnPath($0).last ?? "", settings.runningBalanceWords) }
    guard ends.count >= 2 else { return }
    for (open, close) in zip(ends, ends.dropFirst()) {
      let between = additive.filter { $0 > open && $0 < close }
      guard (1...4).contains(between.count) else { continue }
      let choices = Self.signChoices(fixed: Array(repeating: nil, count: between.count)).filter { $0.contains(-1) }
      guard
        let best = Self.best(
          choices, places: view.dataRows,
          status: { signs, row in
            Self.check(view, terms: Self.columnTerms(open, between, signs), closing: close, row: row)?.status
          })
      else { continue }
      let terms = Self.columnTerms(open, between, best.signs)
      let formula = Self.formula(terms.map { ($0.sign, view.columnPath($0.index).last ?? "") })
      let closing = view.columnPath(close).last ?? ""
      for row in view.dataRows {
        guard let (items, stated, empties, status) = Self.check(view, terms: terms, closing: close, row: row) else {
          continue
        }
        var base = Check(
          kind: Self.kind, status: .skipped, table: view.table, page: view.page(row), row: view.rowPath(row),
          column: view.columnPath(close), message: "")
        if status == .fail {
          base.evidence = Evidence(
            labels: ["headers '\(view.columnPath(open).last ?? "")' and '\(closing)'"],
            holdsElsewhere: best.holds, failsElsewhere: best.fails - 1,
            alternative: AlternativeReading.sum(items, stated: stated) ?? Self.markerRead(items + [stated]))
          base.elsewhere = "row"
        }
        let what = "balance '\(closing)' in row '\(view.rows[row].label)' (= \(formula))"
        context.reportSum(base, what: what, items: items, stated: stated, emptyItems: empties)
      }
    }
  }

  private static func columnTerms(_ open: Int, _ between: [Int], _ signs: [Int]) -> [Term] {
    [(open, 1)] + zip(between, signs).map { ($0, $1) }
  }

  /// The signed operands of one row against its closing column.
  private static func check(_ view: TableView, terms: [Term], closing: Int, row: Int)
    -> (items: [Operand], stated: Operand, empties: Int, status: CheckStatus)?
  {
    guard case .number(var stated) = view.value(row, closing) else { return nil }
    stated.isExact = false
    var items: [Operand] = []
    var empties = 0
    for term in terms {
      switch view.value(row, term.index) {
      case .number(var o):
        o.isExact = false
        o.label = (term.sign < 0 ? "− " : "") + (view.columnPath(term.index).last ?? o.label)
        if term.sign < 0 {
          o.value = o.value.negated
          o.alternative = o.alternative?.negated
        }
        items.append(o)
      case .empty: empties += 1
      case .text, .malformed: return nil
      }
    }
    // The closing balance and at least two operands, one of them printed (a dash is a zero).
    guard !items.isEmpty, items.count + empties >= 2, case .success(let c) = Arithmetic.sum(items, against: stated)
    else { return nil }
    return (items, stated, empties, c.status)
  }

  // MARK: rows form

  private func evaluateRows(_ view: TableView, into context: inout RuleContext) {
    let ends = view.dataRows.filter { Self.namesBalance(view.rows[$0].label, settings.runningBalanceWords) }
    for (open, close) in zip(ends, ends.dropFirst()) {
      let movements = view.dataRows.filter { $0 > open && $0 < close }
      guard (1...6).contains(movements.count) else { continue }
      evaluateRows(view, open: open, movements: movements, close: close, into: &context)
    }
  }

  /// One balance printed as rows: `open` + movements = `close`, in every figure column.
  private func evaluateRows(
    _ view: TableView, open: Int, movements: [Int], close: Int, into context: inout RuleContext
  ) {
    let stated = movements.map { Self.statedSign(view.rows[$0].label) }
    let columns = Self.additiveColumns(view).filter { view.isNumber(close, $0) }
    let rows = Rows(open: open, movements: movements, close: close, stated: stated)
    var signs = stated.map { $0 ?? 1 }
    var holds = 0
    var fails = 0
    if stated.contains(where: { $0 == nil }) {
      guard
        let best = Self.best(
          Self.signChoices(fixed: stated), places: columns,
          status: { signs, c in Self.rowCheck(view, rows, signs, c)?.status })
      else { return }
      signs = best.signs
      holds = best.holds
      fails = best.fails
    } else {
      for c in columns {
        guard let status = Self.rowCheck(view, rows, signs, c)?.status else { continue }
        if status == .fail { fails += 1 } else { holds += 1 }
      }
    }
    let formula = Self.formula(
      [(1, view.rows[open].label)] + zip(signs, movements.map { view.rows[$0].label }).map { ($0, $1) })
    for c in columns {
      guard let (items, total, empties, status) = Self.rowCheck(view, rows, signs, c) else { continue }
      var base = Check(
        kind: Self.kind, status: .skipped, table: view.table, page: view.page(close), row: view.rowPath(close),
        column: view.columnPath(c), message: "")
      if status == .fail {
        var evidence = Evidence(
          labels: ["labels '\(view.rows[open].label)' and '\(view.rows[close].label)'"],
          holdsElsewhere: holds, failsElsewhere: fails - 1)
        if !stated.contains(where: { $0 == nil }) { evidence.labels.append("signs printed before the movements") }
        evidence.alternative = AlternativeReading.sum(items, stated: total) ?? Self.markerRead(items + [total])
        base.evidence = evidence
      }
      let what =
        "balance row '\(view.rows[close].label)' in column '\(view.columnPath(c).joined(separator: " / "))' (= \(formula))"
      context.reportSum(base, what: what, items: items, stated: total, emptyItems: empties)
    }
  }

  /// The rows of one balance, and the signs their labels print.
  struct Rows {
    var open: Int
    var movements: [Int]
    var close: Int
    var stated: [Int?]
  }

  /// The signed operands of one column against its closing row. A minus sign applies to the
  /// figure as printed; a figure printed negative after a "−" label may be signed already (a
  /// cost printed "(30)"), so that reading is tried when the first fails.
  private static func rowCheck(_ view: TableView, _ rows: Rows, _ signs: [Int], _ c: Int)
    -> (items: [Operand], stated: Operand, empties: Int, status: CheckStatus)?
  {
    let plain = rowCheck(view, rows, signs, c, signedAlready: false)
    guard plain?.status == .fail, let signed = rowCheck(view, rows, signs, c, signedAlready: true),
      signed.status != .fail
    else { return plain }
    return signed
  }

  private static func rowCheck(_ view: TableView, _ rows: Rows, _ signs: [Int], _ c: Int, signedAlready: Bool)
    -> (items: [Operand], stated: Operand, empties: Int, status: CheckStatus)?
  {
    guard case .number(var stated) = view.value(rows.close, c) else { return nil }
    stated.isExact = false
    var items: [Operand] = []
    var empties = 0
    let terms = [(rows.open, 1, false)] + rows.movements.indices.map { (rows.movements[$0], signs[$0], rows.stated[$0] != nil) }
    for (r, sign, printed) in terms {
      switch view.value(r, c) {
      case .number(var o):
        o.isExact = false
        if sign < 0 && !(signedAlready && printed && o.value.isNegative) {
          o.value = o.value.negated
          o.alternative = o.alternative?.negated
          o.label = "− " + o.label
        }
        items.append(o)
      case .empty: empties += 1
      case .text, .malformed: return nil
      }
    }
    guard !items.isEmpty, items.count + empties >= 2, case .success(let cmp) = Arithmetic.sum(items, against: stated)
    else { return nil }
    return (items, stated, empties, cmp.status)
  }

  /// +1 for a label printed after "+", −1 after a minus sign or dash, nil otherwise.
  static func statedSign(_ label: String) -> Int? {
    guard let first = label.first, label.dropFirst().first == " " else { return nil }
    switch first {
    case "+": return 1
    case "-", "−", "–": return -1
    default: return nil
    }
  }

  // MARK: shared

  /// A figure read without the first digit group it prints ("12 528" read as 528 after a
  /// footnote marker): the reading of such a table is uncertain, so its failure is the reading's.
  static func markerRead(_ operands: [Operand]) -> String? {
    for o in operands {
      let printed = Localisation.significant(o.raw)
      let read = Localisation.significant(Format.dutch(o.value.magnitude))
      guard printed != read, printed.hasSuffix(read) else { continue }
      return "'\(o.raw)' was read as \(Format.dutch(o.value)) after a footnote marker: the table's figures may be misread"
    }
    return nil
  }

  /// Figure columns that may take part in a balance: no percentages, no averages or ratios.
  private static func additiveColumns(_ view: TableView) -> [Int] {
    view.figureColumns.filter { !view.isPercentColumn($0) && !view.isNonAdditiveColumn($0) }
  }

  /// A header or label holding a balance word, as a word or the end of a compound ("Eindsaldo").
  static func namesBalance(_ text: String, _ words: [String]) -> Bool {
    Words.tokens(text).contains { t in words.contains { t == $0 || (t.hasSuffix($0) && $0.count >= 4) } }
  }

  /// Every sign vector agreeing with the signs already fixed.
  static func signChoices(fixed: [Int?]) -> [[Int]] {
    fixed.reduce([[]]) { partial, sign in
      let options = sign.map { [$0] } ?? [1, -1]
      return partial.flatMap { prefix in options.map { prefix + [$0] } }
    }
  }

  /// The sign choice holding in the most places (at least two, and twice as many as it fails
  /// in); nil when none does or two hold alike.
  static func best<Place>(
    _ choices: [[Int]], places: [Place], status: ([Int], Place) -> CheckStatus?
  ) -> (signs: [Int], holds: Int, fails: Int)? {
    var best: (signs: [Int], holds: Int, fails: Int)?
    var tie = false
    for signs in choices {
      var holds = 0
      var fails = 0
      for place in places {
        guard let s = status(signs, place) else { continue }
        if s == .fail { fails += 1 } else if s != .skipped { holds += 1 }
      }
      guard holds >= 2, holds >= 2 * fails else { continue }
      if let current = best, holds < current.holds || (holds == current.holds && fails > current.fails) { continue }
      if let current = best, holds == current.holds && fails == current.fails {
        tie = true
        continue
      }
      best = (signs, holds, fails)
      tie = false
    }
    return tie ? nil : best
  }

  /// "'Saldo 1/1' + 'Toevoegingen' − 'Onttrekkingen'".
  private static func formula(_ terms: [(Int, String)]) -> String {
    terms.enumerated().map { i, term in
      let name = "'\(term.1)'"
      return i == 0 ? name : (term.0 < 0 ? "− " : "+ ") + name
    }.joined(separator: " ")
  }
}
