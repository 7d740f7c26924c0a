import TallyCore

/// Builds an ExtractedTable as the extractors produce it, from seed-like text: one line per row,
/// cells split by tabs, `<b>…</b>` for a bold cell, leading `>` characters for indent levels.
func fixtureTable(
  _ text: String, headerRows: Int, title: String? = nil, headings: [String] = [], page: Int = 1
) -> ExtractedTable {
  let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  let width = lines.map { $0.split(separator: "\t", omittingEmptySubsequences: false).count }.max() ?? 0
  let rows = lines.map { line -> TableRow in
    var body = Substring(line)
    var indent = 0
    while body.first == ">" {
      indent += 1
      body = body.dropFirst()
    }
    var cells = body.split(separator: "\t", omittingEmptySubsequences: false).map { raw -> TableCell in
      let bold = raw.hasPrefix("<b>") && raw.hasSuffix("</b>")
      let inner = bold ? raw.dropFirst(3).dropLast(4) : raw
      return TableCell(text: String(inner), isBold: bold)
    }
    while cells.count < width { cells.append(TableCell(text: "")) }
    return TableRow(cells: cells, page: page, indentLevel: indent)
  }
  return ExtractedTable(
    title: title, headings: headings + (title.map { [$0] } ?? []), pages: [page], headerRowCount: headerRows,
    rows: rows)
}

func fixtureDocument(_ tables: [ExtractedTable], text: [TextBlock] = []) -> ExtractedDocument {
  ExtractedDocument(
    source: SourceDocument(fileName: "fixture.pdf", path: "/fixture.pdf", sha256: "", format: .pdf),
    pageCount: 1, tables: tables, text: text)
}

/// The first row whose label is `label`.
func row(_ table: NormalizedTable, _ label: String) -> NormalizedRow? {
  table.rows.first { $0.label == label }
}

func decimal(_ canonical: String) -> ExactDecimal {
  ExactDecimal(canonical: canonical) ?? .zero
}
