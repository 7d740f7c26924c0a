import TallyCore

/// Tiny inline tables for rule tests. Cells are written as printed: "6 911 564,92", "69,81%",
/// "" (empty), "-" (empty), "#text" (text). A cell whose digit groups break the grouping rules
/// ("3 43,51") becomes `.malformed`, as the normaliser would make it.
enum Fixture {
  enum Col {
    case label(String)
    case figure([String], UnitKind = .number, Role = .item)
  }

  struct Row {
    var kind: RowKind = .data
    var role: Role = .item
    var label: String
    var cells: [String] = []
    var parent: Int? = nil
    var unit: UnitKind? = nil
    var path: [String]? = nil

    static func item(_ label: String, _ cells: String..., unit: UnitKind? = nil) -> Row {
      Row(label: label, cells: cells, unit: unit)
    }
    static func total(_ label: String, _ cells: String...) -> Row {
      Row(role: .total, label: label, cells: cells)
    }
    static func subtotal(_ label: String, _ cells: String...) -> Row {
      Row(role: .subtotal, label: label, cells: cells)
    }
    static func waarvan(_ label: String, parent: Int, _ cells: String..., unit: UnitKind? = nil) -> Row {
      Row(label: label, cells: cells, parent: parent, unit: unit)
    }
    static func group(_ label: String) -> Row { Row(kind: .group, label: label) }
    static func marker(_ label: String = "Waarvan:") -> Row { Row(kind: .waarvanMarker, label: label) }
  }

  static func parse(_ text: String) -> CellContent {
    if text.isEmpty || text == "-" { return .empty }
    if text.hasPrefix("#") { return .text }
    var s = text
    var percent = false
    if s.hasSuffix("%") {
      percent = true
      s = String(s.dropLast()).trimmingCharacters()
    }
    var negative = false
    if s.hasPrefix("-") || s.hasPrefix("−") {
      negative = true
      s = String(s.dropFirst())
    }
    let parts = s.split(separator: ",", omittingEmptySubsequences: false)
    guard parts.count <= 2 else { return .malformed(reason: "two decimal commas") }
    let groups = parts[0].split(separator: " ").map(String.init)
    for (i, g) in groups.enumerated() where i > 0 && g.count != 3 {
      return .malformed(reason: "digit group '\(g)' does not have three digits")
    }
    if groups.count > 1 && (groups[0].count > 3 || groups[0].isEmpty) {
      return .malformed(reason: "leading digit group too long")
    }
    let decimals = parts.count == 2 ? parts[1].count : 0
    let canonical = (negative ? "-" : "") + groups.joined() + (decimals > 0 ? "." + parts[1] : "")
    guard let value = ExactDecimal(canonical: canonical) else { return .text }
    return .number(ParsedNumber(value: value, decimals: decimals, isPercent: percent))
  }

  static func table(
    _ index: Int = 0, title: String?, headings: [String] = [], page: Int = 1, columns: [Col],
    rows: [Row], codes: [String] = [], unit: UnitKind? = nil
  ) -> NormalizedTable {
    let cols: [NormalizedColumn] = columns.map {
      switch $0 {
      case .label(let name): NormalizedColumn(path: [name], isLabel: true, role: .item, unit: Unit(kind: .number))
      case .figure(let path, let unit, let role): NormalizedColumn(path: path, isLabel: false, role: role, unit: Unit(kind: unit))
      }
    }
    let labelColumns = cols.filter(\.isLabel).count
    var group: String?
    var out: [NormalizedRow] = []
    for (i, row) in rows.enumerated() {
      if row.kind == .group { group = row.label }
      var cells = [NormalizedCell](repeating: NormalizedCell(raw: "", content: .empty), count: cols.count)
      if labelColumns > 0 { cells[0] = NormalizedCell(raw: row.label, content: .text) }
      for (j, text) in row.cells.enumerated() where labelColumns + j < cells.count {
        cells[labelColumns + j] = NormalizedCell(raw: text, content: parse(text))
      }
      let path = row.path ?? ((group != nil && row.kind != .group) ? [group!, row.label] : [row.label])
      out.append(
        NormalizedRow(
          index: i, kind: row.kind, role: row.role, label: row.label, key: LabelKey.make(row.label),
          path: path, parent: row.parent, cells: cells, page: page, isBold: row.role != .item,
          unit: row.unit.map { Unit(kind: $0) }))
    }
    let budget = codes.enumerated().map { BudgetCode(code: $1, level: $0 + 1) }
    return NormalizedTable(
      index: index, title: title, headings: headings, pages: [page], bbox: nil, headerRowCount: 1,
      columns: cols, rows: out, codes: budget, unit: unit.map { Unit(kind: $0) })
  }

  static func document(
    _ tables: [NormalizedTable], fileName: String = "test-jaarverslag.pdf", statements: [StatedFigure] = []
  ) -> NormalizedDocument {
    var numbered = tables
    for i in numbered.indices { numbered[i].index = i }
    return NormalizedDocument(
      source: SourceDocument(fileName: fileName, path: "in/" + fileName, sha256: "0", format: .pdf),
      pageCount: 10, tables: numbered, facts: [], statements: statements)
  }

  static func statement(_ sentence: String, _ raw: String, unit: UnitKind, page: Int = 1) -> StatedFigure {
    guard case .number(let n) = parse(raw) else { fatalError("not a figure: \(raw)") }
    return StatedFigure(sentence: sentence, raw: raw, number: n, unit: Unit(kind: unit), page: page)
  }

  /// The exact sum of printed figures, each with its sign: what a check must compute from them.
  static func sum(_ printed: String...) -> ExactDecimal? {
    printed.reduce(ExactDecimal(0) as ExactDecimal?) { acc, text in acc?.adding(decimal(text)) }
  }

  static func decimal(_ text: String) -> ExactDecimal {
    guard case .number(let n) = parse(text) else { fatalError("not a figure: \(text)") }
    return n.value
  }
}

extension String {
  fileprivate func trimmingCharacters() -> String { LabelKey.collapseSpaces(self) }
}

extension Array where Element == Finding {
  func of(_ kind: String) -> [Finding] { filter { $0.kind == kind } }
  var failures: [Finding] { filter { $0.status == .fail } }
}
