import TallyCore

/// The codes open at a point of the document: headings carry one code each, so the hierarchy is
/// built across tables in reading order.
struct BudgetCodeContext: Sendable, Equatable {
  /// Open codes, outermost first, at most one per level.
  var open: [BudgetCode] = []
  /// Per level, the code last closed by a sibling under the same parent (names unnamed actions).
  var lastClosed: [Int: String] = [:]
}

/// Reads the budget code hierarchy (SD > OD/PO > AC/PR) from the headings above each table.
///
/// A code is a configured prefix, optional capitals and digits, as the heading's first word
/// ("SD10021 - Meer ...", "ACD3411 - ...", title "Meer ...") or its second ("Beleidsdoelstelling
/// SD10021"). Headings are read table after table in document order: a code closes every open code
/// of the same or a deeper level and stays open for the tables after it, so a table titled only
/// "AC34819 - ..." still sits under the SD and OD opened before it.
///
/// An unnamed action: a heading with one of `unnamedActionHeadings` ("Acties") that no coded
/// heading follows opens `BudgetCode(code: "", level: unnamedActionLevel, title: ...)` under the
/// open plan, with title "Acties (after AC34976)" naming the sibling action before it (plain
/// "Acties" for the first). A table whose headings repeat the same unnamed heading stays in the
/// same unnamed action (a budget table and its staff table), so two codeless actions in a row
/// merge: nothing printed tells them apart.
struct BudgetCodeReader: Sendable {
  private let levels: [(prefix: String, level: Int)]
  private let unnamedHeadings: Set<String>
  private let unnamedLevel: Int

  init(settings: NormalizeSettings) {
    // Longest prefix first, so "ODX" would beat "OD".
    levels = settings.codeLevels.map { ($0.key.uppercased(), $0.value) }
      .sorted { $0.prefix.count != $1.prefix.count ? $0.prefix.count > $1.prefix.count : $0.prefix < $1.prefix }
    unnamedHeadings = Set(settings.unnamedActionHeadings.map { LabelKey.make($0) })
    unnamedLevel = settings.unnamedActionLevel
  }

  /// The codes of every table, read from the document's text flow: text blocks and tables merged
  /// in reading order by (page, top). Every line that opens with a code (a heading, or a
  /// paragraph whose first word is a code: headings with a side note are often not recognised as
  /// headings) opens it; an unnamed action heading ("Acties") that no coded line follows opens a
  /// new codeless action for the tables after it, up to the next line that opens a code or another
  /// unnamed heading. Nil when a table or text block has no position (HTML) or no line opens a
  /// code: then the headings above each table are read instead (`codes(in:after:)`).
  ///
  /// A code line the extractor took into the top of a table (rows before its first figure whose
  /// text opens with a code: "SD10022 - | Iedere | Gentenaar") counts as a line just above it.
  func codesInFlow(_ document: ExtractedDocument, isFigure: (String) -> Bool) -> [[BudgetCode]]? {
    struct Place: Comparable {
      var page: Int
      var top: Double
      static func < (a: Place, b: Place) -> Bool { a.page != b.page ? a.page < b.page : a.top < b.top }
    }
    var tablePlaces: [Place] = []
    for table in document.tables {
      guard let page = table.pages.first, let box = table.bbox else { return nil }
      tablePlaces.append(Place(page: page, top: box.y0))
    }
    var lines: [(place: Place, code: BudgetCode?, unnamed: String?)] = []
    for block in document.text {
      guard let page = block.page, let box = block.bbox else { return nil }
      let code = code(in: block.text, firstWordOnly: !block.isHeading)
      let unnamed = code == nil && unnamedHeadings.contains(trimmedKey(block.text)) ? LabelKey.collapseSpaces(block.text) : nil
      guard code != nil || unnamed != nil else { continue }
      lines.append((Place(page: page, top: box.y0), code, unnamed))
    }
    guard lines.contains(where: { $0.code != nil }) else { return nil }

    var ctx = BudgetCodeContext()
    var pendingUnnamed: String?
    var out: [[BudgetCode]] = []
    var next = 0
    for (t, place) in tablePlaces.enumerated() {
      while next < lines.count, lines[next].place < place {
        if let code = lines[next].code {
          open(code, in: &ctx)
          pendingUnnamed = nil
        } else if let heading = lines[next].unnamed {
          pendingUnnamed = heading
        }
        next += 1
      }
      for row in document.tables[t].rows {
        let texts = row.cells.map { LabelKey.collapseSpaces($0.text) }
        if texts.dropFirst().contains(where: isFigure) { break }
        var words: [String] = []
        for text in texts where !text.isEmpty && words.last != text { words.append(text) }
        if let code = code(in: words.joined(separator: " "), firstWordOnly: true) {
          open(code, in: &ctx)
          pendingUnnamed = nil
        }
      }
      if let heading = pendingUnnamed, ctx.open.contains(where: { $0.level < unnamedLevel }) {
        openUnnamed(heading, in: &ctx)
        pendingUnnamed = nil
      }
      out.append(ctx.open)
    }
    return out
  }

  /// Opens a codeless action under the open plan, titled after the sibling before it.
  private func openUnnamed(_ heading: String, in ctx: inout BudgetCodeContext) {
    let current = ctx.open.first { $0.level == unnamedLevel }
    let sibling = current.map { $0.code.isEmpty ? ($0.title ?? "") : $0.code } ?? ctx.lastClosed[unnamedLevel]
    let title = sibling.map { "\(heading) (after \($0))" } ?? heading
    open(BudgetCode(code: "", level: unnamedLevel, title: title), in: &ctx)
  }

  /// The codes of a table with these headings (outermost first), and the context after it.
  func codes(in headings: [String], after context: BudgetCodeContext) -> (codes: [BudgetCode], context: BudgetCodeContext) {
    var ctx = context
    var pendingUnnamed: String?
    for heading in headings {
      if let code = code(in: heading) {
        open(code, in: &ctx)
        pendingUnnamed = nil
      } else if unnamedHeadings.contains(trimmedKey(heading)) {
        pendingUnnamed = LabelKey.collapseSpaces(heading)
      }
    }
    if let heading = pendingUnnamed, ctx.open.contains(where: { $0.level < unnamedLevel }) {
      let current = ctx.open.first { $0.level == unnamedLevel }
      let continues = current.map { $0.code.isEmpty && ($0.title ?? "").hasPrefix(heading) } ?? false
      if !continues { openUnnamed(heading, in: &ctx) }
    }
    return (ctx.open, ctx)
  }

  /// Opens a code: closes the open ones of its level and deeper, remembering the sibling it ends.
  private func open(_ code: BudgetCode, in ctx: inout BudgetCodeContext) {
    let current = ctx.open.first { $0.level == code.level }
    if current?.code != code.code || code.code.isEmpty {
      if let current { ctx.lastClosed[code.level] = current.code.isEmpty ? current.title : current.code }
      ctx.lastClosed = ctx.lastClosed.filter { $0.key <= code.level }
    }
    ctx.open.removeAll { $0.level >= code.level }
    ctx.open.append(code)
  }

  /// The code a heading opens, with the title printed after it; with `firstWordOnly` only a code
  /// as the first word counts (a line of running text).
  func code(in heading: String, firstWordOnly: Bool = false) -> BudgetCode? {
    // Only the first two words can hold the code: the rest of a long text block is not split
    // into words (the title is the rest with its spaces collapsed, as the words joined).
    let pieces = heading.split(maxSplits: 2, whereSeparator: { $0.unicodeScalars.allSatisfy(LabelKey.isSpace) })
    let words = pieces.prefix(2)
    for (position, word) in words.prefix(firstWordOnly ? 1 : 2).enumerated() {
      let token = word.trimmingTrailing { ":-–.,".contains($0) }
      guard let level = level(of: token) else { continue }
      let rest = pieces.dropFirst(position + 1).map { LabelKey.collapseSpaces(String($0)) }.filter { !$0.isEmpty }
        .joined(separator: " ")
      let title = rest.drop { " -–:".contains($0) }
      return BudgetCode(code: String(token), level: level, title: title.isEmpty ? nil : String(title))
    }
    return nil
  }

  private func level(of token: Substring) -> Int? {
    let upper = token.uppercased()
    for (prefix, level) in levels where upper.hasPrefix(prefix) {
      // "OD10039", "ACD3411": capitals may sit between the prefix and the digits.
      let afterPrefix = upper.dropFirst(prefix.count)
      let rest = afterPrefix.drop { $0.isUppercase && $0.isASCII }
      guard afterPrefix.count - rest.count <= 2, rest.count >= 2 else { continue }
      if rest.unicodeScalars.allSatisfy(isDigit) { return level }
    }
    return nil
  }

  private func trimmedKey(_ heading: String) -> String {
    String(LabelKey.make(heading).trimmingTrailing { ":*".contains($0) })
  }
}

extension StringProtocol {
  /// The text without the trailing characters that match.
  func trimmingTrailing(while matches: (Character) -> Bool) -> SubSequence {
    var end = endIndex
    while end > startIndex {
      let before = index(before: end)
      guard matches(self[before]) else { break }
      end = before
    }
    return self[startIndex..<end]
  }
}
