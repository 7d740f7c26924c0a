import TallyCore

/// What a cell offers a check.
enum CellValue {
  case number(Operand)
  case empty
  case text
  case malformed(String)
}

/// Read-only helpers over one normalised table: operands, units, paths and references.
///
/// Everything a rule asks per row or column (data rows, figure columns, percent columns, group
/// labels, breakdowns, averages, column keys) is computed once, in one pass, when the view is
/// made: rules ask these per cell, and a scan per question made them quadratic in the rows.
struct TableView {
  let table: NormalizedTable
  let settings: ReconcileSettings
  let rows: [NormalizedRow]
  let columns: [NormalizedColumn]
  /// Columns that hold figures rather than labels.
  let figureColumns: [Int]
  /// Rows with figures (not headers, groups, notes or Waarvan markers).
  let dataRows: [Int]
  /// Per row, its position in `dataRows`; -1 for a row without figures.
  let dataPosition: [Int]
  /// Per column, `columnKey`.
  private let columnKeys: [String]
  private let percentColumns: [Bool]
  private let groupLabels: [String]
  private let breakdowns: [Bool]
  private let averageRows: [Bool]
  /// Per row, `Words.tokens` of its label.
  let rowTokens: [[String]]
  /// Content-word tokens of the stop words.
  let stopTokens: Set<String>
  /// Figure columns the table's arithmetic shows to be ratios of two others (`RatioColumns`),
  /// found once per table: the search is costly and three rules ask for it.
  private(set) var ratioColumns: Set<Int> = []

  init(_ table: NormalizedTable, settings: ReconcileSettings, stopTokens: Set<String>? = nil) {
    self.table = table
    self.settings = settings
    let rows = table.rows
    let columns = table.columns
    self.rows = rows
    self.columns = columns
    self.stopTokens = stopTokens ?? Words.stopTokens(settings.stopWords)
    figureColumns = columns.indices.filter { !columns[$0].isLabel }
    var dataRows: [Int] = []
    var dataPosition = [Int](repeating: -1, count: rows.count)
    for r in rows.indices where rows[r].kind == .data {
      dataPosition[r] = dataRows.count
      dataRows.append(r)
    }
    self.dataRows = dataRows
    self.dataPosition = dataPosition
    columnKeys = columns.map { Words.key($0.path.joined(separator: " ")) }

    // A column of percentages: its unit says so, or every figure in it carries a % sign.
    percentColumns = columns.indices.map { c in
      if columns[c].unit.kind == .percent { return true }
      var figures = 0
      for r in dataRows {
        guard rows[r].cells.indices.contains(c), let n = rows[r].cells[c].number else { continue }
        if !n.isPercent { return false }
        figures += 1
      }
      return figures > 0
    }

    // Group labels: a Waarvan item sits in its parent's group (its path may name the parent as a
    // level); else the path's parent; else the last group row above.
    var groupLabels: [String] = []
    groupLabels.reserveCapacity(rows.count)
    var lastGroup = ""
    for r in rows.indices {
      let row = rows[r]
      if let p = row.parent, p < r, rows.indices.contains(p) {
        groupLabels.append(groupLabels[p])
      } else if row.path.count >= 2 {
        groupLabels.append(row.path[row.path.count - 2])
      } else {
        groupLabels.append(lastGroup)
      }
      if row.kind == .group { lastGroup = row.label }
    }
    self.groupLabels = groupLabels

    // Breakdowns: rows with a parent; when no row has one, data rows after a Waarvan marker up to
    // the next group, header or row that is not an item.
    let anyParent = rows.contains { $0.parent != nil }
    var breakdowns = [Bool](repeating: false, count: rows.count)
    var afterMarker = false
    for r in rows.indices {
      let row = rows[r]
      breakdowns[r] = row.parent != nil || (!anyParent && afterMarker)
      if row.kind == .waarvanMarker {
        afterMarker = true
      } else if row.kind == .group || row.kind == .header || row.role != .item {
        afterMarker = false
      }
    }
    self.breakdowns = breakdowns

    // A row that states an average or a rate ("gemiddeld ... per"), never an item of a sum.
    let averageWords = settings.averageWords
    let perWord = settings.perWord
    let rowTokens = rows.map { Words.tokens($0.label) }
    self.rowTokens = rowTokens
    averageRows = rowTokens.map { words in
      guard let first = words.first else { return false }
      return averageWords.contains(first) && words.contains(perWord)
    }
    ratioColumns = RatioColumns.of(self)
  }

  func rowPath(_ r: Int) -> [String] {
    let row = rows[r]
    return row.path.isEmpty ? [row.label] : row.path
  }

  func columnPath(_ c: Int) -> [String] { columns[c].path }

  /// The joined header path as a LabelKey.
  func columnKey(_ c: Int) -> String { columnKeys[c] }

  func page(_ r: Int) -> Int? { rows[r].page ?? table.pages.first }

  /// The label of the group a row sits under: its path's parent, else the last group row above.
  func groupLabel(_ r: Int) -> String { groupLabels[r] }

  /// A Waarvan item: it has a parent row. When the normaliser set no parent anywhere in the table,
  /// a data row following a Waarvan marker (before the next group or total) counts as one.
  func isBreakdown(_ r: Int) -> Bool { breakdowns[r] }

  func cellReference(_ r: Int, _ c: Int) -> CellReference {
    let cell = rows[r].cells.indices.contains(c) ? rows[r].cells[c] : nil
    return CellReference(
      table: table.index, page: page(r), row: rowPath(r), column: columnPath(c), raw: cell?.raw ?? "",
      bbox: cell?.bbox)
  }

  /// The unit of one cell: the row's, else the column's, else the table's, else from the figure.
  func unit(_ r: Int, _ c: Int) -> UnitKind {
    if let u = rows[r].unit?.kind, u != .number { return u }
    if columns.indices.contains(c), columns[c].unit.kind != .number { return columns[c].unit.kind }
    if let u = table.unit?.kind, u != .number { return u }
    if let n = rows[r].cells.indices.contains(c) ? rows[r].cells[c].number : nil, n.isPercent {
      return .percent
    }
    return .number
  }

  func value(_ r: Int, _ c: Int) -> CellValue {
    guard rows[r].cells.indices.contains(c) else { return .empty }
    switch rows[r].cells[c].content {
    case .empty: return .empty
    case .text: return .text
    case .malformed(let reason): return .malformed(reason)
    case .number(let n):
      let exact = n.decimals == 0 && settings.exactCountUnits.contains(unit(r, c))
      var o = Operand(
        value: n.value, decimals: n.decimals, isExact: exact, ref: cellReference(r, c),
        label: rows[r].label, raw: rows[r].cells[c].raw)
      o.alternative = n.alternative
      return .number(o)
    }
  }

  /// What kind of content a cell holds, without building an operand.
  func isNumber(_ r: Int, _ c: Int) -> Bool {
    guard rows[r].cells.indices.contains(c), case .number = rows[r].cells[c].content else { return false }
    return true
  }

  func operand(_ r: Int, _ c: Int) -> Operand? {
    if case .number(let o) = value(r, c) { return o }
    return nil
  }

  /// A column of percentages: its unit says so, or every figure in it carries a % sign.
  func isPercentColumn(_ c: Int) -> Bool { percentColumns[c] }

  /// A column whose header names a figure that does not add up (`non_additive_words`: an
  /// average, ratio, index, figure per unit, growth rate); "per" only before a word that is no
  /// number or date.
  func isNonAdditiveColumn(_ c: Int) -> Bool {
    if let last = columns[c].path.last, settings.referenceWords.contains(LabelKey.make(last)) { return true }
    let words = Words.tokens(columns[c].path.joined(separator: " "))
    let vocabulary = settings.nonAdditiveWords
    for (i, word) in words.enumerated() where vocabulary.contains(word) {
      if word == settings.perWord {
        guard i + 1 < words.count, words[i + 1].contains(where: \.isLetter) else { continue }
        let next = words[i + 1]
        // "per 31 december", "per ultimo": a date, not a rate.
        if ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december", "ultimo", "einde", "eind", "balansdatum"].contains(next) { continue }
      }
      return true
    }
    return false
  }

  /// The title with its section number dropped ("2.7. Oppashulp" -> "oppashulp").
  var titleKey: String { Words.withoutNumbering(Words.key(table.title ?? "")) }

  /// The deepest numbered section heading ("2.4. poetshulp") among the headings and the title.
  var sectionKey: String? {
    ([table.title ?? ""] + table.headings.reversed()).map(Words.key).first {
      guard let first = $0.first, first.isNumber else { return false }
      return $0.contains(".") && $0.contains(where: \.isLetter)
    }
  }

  /// Title and headings, for vocabulary tests.
  var contextKey: String {
    Words.key(([table.title ?? ""] + table.headings).joined(separator: " "))
  }
}

/// Word-level label matching: tokens, stems, overlap.
enum Words {
  /// The matching key of a label (TallyCore's `LabelKey.make`, whose common path needs no
  /// Foundation).
  static func key(_ text: String) -> String {
    LabelKey.make(text)
  }

  /// Lower-case tokens of letters and digits; punctuation splits.
  static func tokens(_ text: String) -> [String] {
    let key = key(text)
    if let fast = latinTokens(key) { return fast }
    var out: [String] = []
    var current = ""
    for ch in key {
      if ch.isLetter || ch.isNumber {
        current.append(ch)
      } else if !current.isEmpty {
        out.append(current)
        current = ""
      }
    }
    if !current.isEmpty { out.append(current) }
    return out
  }

  /// `tokens` of a key of ASCII, Latin-1 letters and "€" (nil for other text): letters are a-z, A-Z and
  /// U+00C0...U+00FF but × and ÷, digits 0-9; "€", × and ÷ split like punctuation.
  private static func latinTokens(_ key: String) -> [String]? {
    var out: [String] = []
    var current: [UInt8] = []
    func flush() {
      if !current.isEmpty {
        out.append(String(decoding: current, as: UTF8.self))
        current.removeAll(keepingCapacity: true)
      }
    }
    var it = key.utf8.makeIterator()
    while let b = it.next() {
      if b < 0x80 {
        let isLetterOrDigit = (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
        if isLetterOrDigit { current.append(b) } else { flush() }
      } else if b == 0xC3, let b1 = it.next() {
        if b1 == 0x97 || b1 == 0xB7 {
          flush()
        } else {
          current.append(b)
          current.append(b1)
        }
      } else if b == 0xE2, let b1 = it.next(), let b2 = it.next(), b1 == 0x82, b2 == 0xAC {
        flush()
      } else {
        return nil
      }
    }
    flush()
    return out
  }

  /// The tokens of the stop words, for `content(_:stops:)`.
  static func stopTokens(_ stopWords: [String]) -> Set<String> {
    Set(stopWords.flatMap { tokens($0) })
  }

  /// Content words: tokens minus stop words and pure numbers.
  static func content(_ text: String, stopWords: [String]) -> [String] {
    content(text, stops: stopTokens(stopWords))
  }

  /// Content words: tokens minus the stop tokens and pure numbers.
  static func content(_ text: String, stops: Set<String>) -> [String] {
    tokens(text).filter { !stops.contains($0) && !$0.allSatisfy(\.isNumber) }
  }

  /// Same word, or one a prefix of the other with at least four letters ("klant", "klanten").
  static func sameStem(_ a: String, _ b: String) -> Bool {
    if a == b { return true }
    let (short, long) = a.count <= b.count ? (a, b) : (b, a)
    return short.count >= 4 && long.hasPrefix(short)
  }

  /// How many words of `a` have a stem match in `b`.
  static func matches(_ a: [String], in b: [String]) -> Int {
    a.filter { w in b.contains { sameStem(w, $0) } }.count
  }

  /// Overlap coefficient in percent: shared words over the smaller set.
  static func overlapPercent(_ a: [String], _ b: [String]) -> Int {
    let smaller = min(Set(a).count, Set(b).count)
    guard smaller > 0 else { return 0 }
    return min(100, Words.matches(Array(Set(a)), in: Array(Set(b))) * 100 / smaller)
  }

  /// Drops a leading section number ("2.7.", "1.5.2").
  static func withoutNumbering(_ key: String) -> String {
    var s = Substring(key)
    while let ch = s.first, ch.isNumber || ch == "." { s = s.dropFirst() }
    return LabelKey.collapseSpaces(String(s))
  }

  /// The label without parenthesised remarks that do not change its meaning ("(incl. ...)").
  static func subjectKey(_ label: String, exclusionWords: [String]) -> String {
    let key = Words.key(label)
    var out = ""
    var depth = 0
    var inner = ""
    for ch in key {
      if ch == "(" {
        depth += 1
        inner = ""
        continue
      }
      if ch == ")" && depth > 0 {
        depth -= 1
        let words = tokens(inner)
        if let first = words.first, exclusionWords.contains(where: { tokens($0).first == first }) {
          out += "(" + inner + ")"
        }
        continue
      }
      if depth > 0 { inner.append(ch) } else { out.append(ch) }
    }
    return LabelKey.collapseSpaces(out.replacingStars())
  }

  /// "x (excl. y)" -> ("x", "y"); nil when the label holds no exclusion.
  static func exclusion(_ label: String, exclusionWords: [String]) -> (base: String, excluded: String)? {
    let key = Words.key(label)
    guard let open = key.firstIndex(of: "("), let close = key[open...].firstIndex(of: ")") else {
      return nil
    }
    let inner = LabelKey.collapseSpaces(String(key[key.index(after: open)..<close]))
    for word in exclusionWords.sorted(by: { $0.count > $1.count }) where inner.hasPrefix(word + " ") {
      let excluded = LabelKey.collapseSpaces(String(inner.dropFirst(word.count)))
      let base = LabelKey.collapseSpaces(String(key[..<open]).replacingStars())
      guard !excluded.isEmpty, !base.isEmpty else { return nil }
      return (base, excluded)
    }
    return nil
  }

  /// Pattern match on a LabelKey: a glob when it holds `*` or `?`, else a substring.
  static func matches(pattern: String, _ key: String) -> Bool {
    if pattern.contains("*") || pattern.contains("?") { return glob(pattern, key) }
    return key.contains(pattern)
  }

  /// Shell-style glob (`*`, `?`) over the whole text.
  static func glob(_ pattern: String, _ text: String) -> Bool {
    let p = Array(pattern)
    let t = Array(text)
    var pi = 0
    var ti = 0
    var star = -1
    var mark = 0
    while ti < t.count {
      if pi < p.count && (p[pi] == "?" || p[pi] == t[ti]) {
        pi += 1
        ti += 1
      } else if pi < p.count && p[pi] == "*" {
        star = pi
        mark = ti
        pi += 1
      } else if star >= 0 {
        pi = star + 1
        mark += 1
        ti = mark
      } else {
        return false
      }
    }
    while pi < p.count && p[pi] == "*" { pi += 1 }
    return pi == p.count
  }
}

extension String {
  /// Footnote stars dropped ("omkadering*" -> "omkadering").
  fileprivate func replacingStars() -> String { String(filter { $0 != "*" }) }
}

/// The items of a sum, read under the missing-item mode.
enum CollectedItems {
  case items([Operand], empty: Int)
  /// The check cannot run; the reason is the log's.
  case skip(String)
}

extension TableView {
  /// Reads the item cells of a sum. Empty items count as zero under `partial_zero` (and skip the
  /// check under `non_null`); a text or malformed item skips it; all-empty items skip it.
  func collect(_ cells: [(row: Int, column: Int)]) -> CollectedItems {
    var items: [Operand] = []
    var empty = 0
    for (r, c) in cells {
      switch value(r, c) {
      case .number(let o): items.append(o)
      case .empty:
        if settings.missingItems == .nonNull {
          return .skip("item '\(rows[r].label)' / '\(columnPath(c).last ?? "")' is empty (missing_items: non_null)")
        }
        empty += 1
      case .text:
        return .skip("item '\(rows[r].label)' / '\(columnPath(c).last ?? "")' holds text, not a figure")
      case .malformed(let reason):
        return .skip("item '\(rows[r].label)' / '\(columnPath(c).last ?? "")' is malformed (\(reason))")
      }
    }
    if items.isEmpty { return .skip("no item is printed") }
    return .items(items, empty: empty)
  }

  /// A row that states an average or a rate, never an item of a sum.
  func isAverageRow(_ r: Int) -> Bool { averageRows[r] }

  /// `Words.content` of a row's label.
  func contentWords(_ r: Int) -> [String] {
    rowTokens[r].filter { !stopTokens.contains($0) && !$0.allSatisfy(\.isNumber) }
  }

  /// A short name for messages: "TOTAAL / FTE".
  func place(_ r: Int, _ c: Int) -> String {
    let col = columnPath(c).filter { !$0.isEmpty }.joined(separator: " / ")
    return "'\(rows[r].label)'" + (col.isEmpty ? "" : " × '\(col)'")
  }
}

extension TableView {
  /// False for a row whose figure columns hold more text than figures (a header row read as data,
  /// "ZOEKENDEN | 3030 | GKUNDIGEN (INCL. 3030) | 3030'ERS", is never an item); a row of empty
  /// cells still counts (its blanks follow `missing_items`).
  func hasFigure(_ r: Int) -> Bool {
    var text = 0
    var figures = 0
    for c in figureColumns where rows[r].cells.indices.contains(c) {
      switch rows[r].cells[c].content {
      case .number, .malformed: figures += 1
      case .text: text += 1
      case .empty: break
      }
    }
    return figures > 0 ? figures >= text : text == 0
  }

  /// Whether a total row's own label names a measure the items do not share: "Totaal aantal
  /// bereikte gezinnen" under rows of activities is a figure of its own, not their sum. The head
  /// word (last content word) of a total label of two or more content words must occur in every item label (as a word, a
  /// stem or the end of a compound: "kosten" in "personeelskosten"); a bare "TOTAAL" names nothing,
  /// and neither does a one-letter token ("Totaal programma's" is one word, "programma", and the
  /// "s" an apostrophe split off).
  func totalNamesOtherMeasure(_ total: Int, items: [Int]) -> Bool {
    let words = contentWords(total).filter { $0.count >= 2 }
    guard words.count >= 2, let head = words.last else { return false }
    return !items.allSatisfy { i in
      rowTokens[i].contains { Words.sameStem($0, head) || ($0.hasSuffix(head) && head.count >= 4) }
    }
  }
}
