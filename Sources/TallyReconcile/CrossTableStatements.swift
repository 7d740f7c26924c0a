import TallyCore

/// Figures stated in running text, checked against the total rows of the tables (see
/// `CrossTableRule`).
extension CrossTableRule {
  /// `skipping`: statements already checked as key figures.
  func statements(
    _ document: NormalizedDocument, views: [TableView], skipping: Set<Int>, into context: inout RuleContext
  ) {
    let stops = context.stopTokens
    let statements = document.statements.enumerated().filter {
      !skipping.contains($0.offset) && settings.crossTableUnits.contains($0.element.unit.kind)
    }.map(\.element)
    guard !statements.isEmpty else { return }
    // Every total-row cell of a cross-table unit, with its words, once for all sentences.
    struct Candidate {
      var view: Int
      var row: Int
      var column: Int
      var unit: UnitKind
      var operand: Operand
      var interval: DecimalInterval?
      var words: [String]
      var page: Int?
    }
    var candidates: [Candidate] = []
    for (v, view) in views.enumerated() {
      for r in view.dataRows where view.rows[r].role == .total {
        for c in view.figureColumns {
          let unit = view.unit(r, c)
          guard settings.crossTableUnits.contains(unit), let o = view.operand(r, c) else { continue }
          let words = Words.content((view.table.title ?? "") + " " + view.columnPath(c).joined(separator: " "), stops: stops)
          candidates.append(
            Candidate(view: v, row: r, column: c, unit: unit, operand: o, interval: o.interval, words: words, page: view.page(r)))
        }
      }
    }
    for s in statements {
      let stated = Operand(
        value: s.number.value, decimals: s.number.decimals,
        isExact: s.number.decimals == 0 && settings.exactCountUnits.contains(s.unit.kind),
        // Not a table cell: the finding's page and message say where the sentence is (a cell
        // reference needs a table, and the schema holds every line to that).
        ref: nil,
        label: "stated in text", raw: s.raw)
      guard let statedInterval = stated.interval else { continue }
      let sentenceWords = Words.content(s.sentence, stops: stops)
      let sameUnit = candidates.filter { $0.unit == s.unit.kind }
      let agreeing = sameUnit.filter { $0.interval.map(statedInterval.overlaps) ?? false }
      // The best-matching by words (the nearest, then the first of equals): among the agreeing
      // cells; else the nearest of those whose words overlap the sentence enough (a figure in the
      // text speaks of a table near it, not of one a hundred pages on).
      var chosen: (Candidate, Int, Int)?
      var qualifying = 0
      for candidate in agreeing.isEmpty ? sameUnit : agreeing {
        // The page distance first: it is cheap, and most cells are too far from the sentence.
        let distance = s.page.flatMap { p in candidate.page.map { abs($0 - p) } } ?? 0
        if agreeing.isEmpty && distance > settings.crossTableTextPages { continue }
        let score = Words.overlapPercent(candidate.words, sentenceWords)
        if agreeing.isEmpty && score < settings.crossTableMinOverlap { continue }
        qualifying += 1
        guard let (_, best, near) = chosen else {
          chosen = (candidate, score, distance)
          continue
        }
        let better = agreeing.isEmpty ? (distance < near || (distance == near && score > best)) : (score > best || (score == best && distance < near))
        if better { chosen = (candidate, score, distance) }
      }
      guard let (candidate, _, _) = chosen else { continue }
      let view = views[candidate.view]
      let (r, c) = (candidate.row, candidate.column)
      let what = "stated in text (page \(s.page.map(String.init) ?? "?")) '\(s.raw)' against table \(view.table.index) ('\(view.table.title ?? "")') \(view.place(r, c))"
      let base = Check(
        kind: Self.kind, status: .skipped, table: view.table, page: s.page, row: view.rowPath(r),
        column: view.columnPath(c), message: "")
      var item = candidate.operand
      item.label = view.rows[r].label
      // Evidence for a disagreement: the sentence names the total row's own words and no other
      // total of that unit nearby qualifies. A sentence that merely shares words with a table
      // is no evidence (prose speaks of many figures).
      var evidence = Evidence()
      let rowWords = view.contentWords(r)
      if qualifying == 1, !rowWords.isEmpty, Words.matches(rowWords, in: sentenceWords) == rowWords.count {
        evidence.labels.append("the sentence names '\(view.rows[r].label)', the only total of its unit nearby")
      }
      var check = base
      check.evidence = evidence
      context.reportSum(check, what: what, items: [item], stated: stated)
    }
  }
}
