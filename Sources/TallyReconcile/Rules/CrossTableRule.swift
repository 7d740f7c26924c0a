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
///   their numbered sections ("2.3.", "2.4.") do not differ. Two figures that both take their
///   subject from a title never pair (two tables titled "Autofinancieringsmarge" in two chapters
///   are two tables of one kind). Of the tables a table pairs with under one subject and unit,
///   only the nearest in document order is checked (a figure repeated in every chapter is checked
///   against its neighbour, not against every chapter), so the checks grow with the tables.
///   Only a row's total column, or its only figure column of that unit, counts.
///   In a budget document (any table with codes) no table pairs are made: the same labels recur
///   under every code, and the roll-up checks those tables.
/// - Sentences: a figure stated in running text ("in totaal 6 601,50 uren") is checked against the
///   total-row cells of the same unit: a pass when one agrees within rounding (the best-matching
///   by words, then the nearest), otherwise a failure against the nearest one (by page, then the
///   best-matching) whose words overlap the sentence enough and that is at most
///   `cross_table_text_pages` pages away; otherwise nothing is claimed.
/// - Key figures (a small table without a total, a "label: figure" item of the text): paired with the
///   only grand total of another table that agrees with them within rounding, or, failing that,
///   with the only one a single changed or swapped digit would make agree (see
///   `KeyFigurePairing.swift`); such a line is not checked again as a sentence.
///
/// Evidence: a disagreement between two tables is corroborated when other figures the same two
/// tables share agree; when none of several agrees, the tables are probably different (another
/// year, scheme or region) and it is not reported.
///
/// Message templates:
/// - tables: "'<subject>' in table <i> ('<title>') and table <j>: <a> against <b>" + pass/within/fail suffix
///   as in `RuleContext.reportSum`
/// - sentence: "stated in text (page <p>) '<raw>' against table <i> ('<title>') <place>"
/// - key figure: "key figure '<label>' (page <p>) '<raw>' against the total of table <i> ('<title>') <place>"
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
    /// Where it is, for messages: a cell (row, column) or a group's label.
    var row: Int? = nil
    var column: Int = 0
    var group: String = ""
    /// A figure of the row itself (not of a table titled after a subject).
    var isRowFigure: Bool = true
    var titleWords: [String] = []
    var section: String? = nil

    func place(_ view: TableView) -> String {
      guard let row else { return "group '\(group)'" }
      return view.place(row, column)
    }
  }

  func evaluate(_ document: NormalizedDocument, into context: inout RuleContext) {
    let views = context.views
    // Budget documents repeat the same row labels under every code; agreement between their
    // tables is the roll-up's job, so their tables give no cross-table figures.
    let coded = document.tables.contains { !$0.codes.isEmpty }
    let figures = coded ? [] : self.figures(views, stops: context.stopTokens)
    let pairs = Self.pairs(figures, minOverlap: settings.crossTableMinOverlap).pairs
    // Per pair of tables, how many of their pairs agree and disagree: agreement corroborates a
    // disagreement; two tables none of whose shared labels agree are probably two different
    // tables (another year, scheme or region), not one figure printed twice.
    func holds(_ i: Int, _ j: Int) -> Bool? {
      let (a, b) = (figures[i], figures[j])
      let (stated, computed) = a.operands.count == 1 ? (a, b) : (b, a)
      guard stated.operands.count == 1, let s = stated.operands.first,
        case .success(let c) = Arithmetic.sum(computed.operands, against: s)
      else { return nil }
      return c.status != .fail
    }
    var agreement: [[Int]: (holds: Int, fails: Int)] = [:]
    for (i, j) in pairs {
      guard let h = holds(i, j) else { continue }
      let key = [figures[i].table, figures[j].table].sorted()
      var tally = agreement[key] ?? (0, 0)
      if h { tally.holds += 1 } else { tally.fails += 1 }
      agreement[key] = tally
    }
    for (i, j) in pairs {
      let (a, b) = (figures[i], figures[j])
      // A single printed figure is the stated one; a group's sum is the computed one.
      let (stated, computed) = a.operands.count == 1 ? (a, b) : (b, a)
      guard stated.operands.count == 1, let statedOperand = stated.operands.first else { continue }
      let sv = views[stated.table]
      let cv = views[computed.table]
      let what =
        "'\(stated.subject)' in table \(stated.table) ('\(sv.table.title ?? "")', \(stated.place(sv))) and table \(computed.table) ('\(cv.table.title ?? "")', \(computed.place(cv)))"
      var base = Check(
        kind: Self.kind, status: .skipped, table: sv.table, page: statedOperand.ref?.page,
        row: statedOperand.ref?.row ?? [], column: statedOperand.ref?.column ?? [], message: "")
      let tally = agreement[[a.table, b.table].sorted()] ?? (0, 0)
      var evidence = Evidence(labels: ["the same label '\(stated.subject)' and measure words in both tables"])
      evidence.holdsElsewhere = tally.holds
      evidence.failsElsewhere = max(0, tally.fails - 1)
      if tally.holds == 0 && tally.fails > 1 {
        evidence.alternative = "none of the \(tally.fails) figures these two tables share agrees: probably two different tables (another year, scheme or region)"
      }
      base.evidence = evidence
      base.elsewhere = "pair"
      context.reportSum(base, what: what, items: computed.operands, stated: statedOperand)
    }
    let paired = keyFigures(document, views: views, into: &context)
    statements(document, views: views, skipping: paired, into: &context)
  }

  // MARK: Pairing

  /// The pairs to check, as indices into `figures`, in the order to report them; and how many
  /// comparisons it took (pairs of tables looked at and pairs of figures scored; for tests: it
  /// grows with the pairs that can match, not with the square of the figures).
  ///
  /// The pairs are those of the plain definition: for every two figures of different tables
  /// with the same subject and unit, scored by the overlap of their measure words (row figures
  /// of both tables also need overlapping titles and no different numbered sections; two title
  /// figures never pair); per pair of tables, subject and unit the first best-scoring pair, kept
  /// when either table is the other's nearest such partner (by table index, the earlier of two as
  /// near), reported in the order in which a pair of that key first passes when the figures are
  /// walked pair by pair. They are found without
  /// walking every pair: figures are grouped by subject and unit; two tables are only compared
  /// when they share a measure word stem (an index from word to tables) and their sections do not
  /// rule them out; within two tables a figure is only scored against the figures that share one
  /// of its stems, and the search stops at the first full overlap (nothing scores higher).
  static func pairs(_ figures: [Figure], minOverlap: Int) -> (pairs: [(Int, Int)], evaluations: Int) {
    var vocabulary = Vocabulary()
    let measures = figures.map { vocabulary.ids($0.measure) }
    let titles = figures.map { vocabulary.ids($0.titleWords) }
    let related = vocabulary.stemRelation()
    // Per figure: every word id that shares a stem with one of its measure words.
    let reach = measures.map { ids in Array(Set(ids.flatMap { related[$0] })).sorted() }

    struct BucketKey: Hashable {
      var subject: String
      var unit: UnitKind
    }
    var bucketOf: [BucketKey: Int] = [:]
    var buckets: [[Int]] = []
    for (i, f) in figures.enumerated() {
      let key = BucketKey(subject: f.subject, unit: f.unit)
      if let b = bucketOf[key] {
        buckets[b].append(i)
      } else {
        bucketOf[key] = buckets.count
        buckets.append([i])
      }
    }

    var found: [(first: (Int, Int), best: (Int, Int))] = []
    var evaluations = 0
    var comparisons = 0
    var titleCompatible: [Pair: Bool] = [:]

    func overlap(_ a: [Int], _ b: [Int]) -> Int {
      let smaller = min(a.count, b.count)
      guard smaller > 0 else { return 0 }
      var m = 0
      for w in a where related[w].contains(where: { x in b.contains(x) }) { m += 1 }
      return min(100, m * 100 / smaller)
    }

    for bucket in buckets where bucket.count >= 2 {
      // The bucket's tables in document order, each with its figures.
      var tables: [(table: Int, figures: [Int])] = []
      for i in bucket {
        if tables.last?.table == figures[i].table {
          tables[tables.count - 1].figures.append(i)
        } else {
          tables.append((figures[i].table, [i]))
        }
      }
      guard tables.count >= 2 else { continue }
      // Per table: measure word id -> its figures with that word.
      var postings: [[Int: [Int]]] = []
      // Per word id: the tables (positions in `tables`) with a figure using it; and those of them
      // with a row figure (a title's figure pairs only with a row's).
      var tablesWith: [Int: [Int]] = [:]
      var rowTablesWith: [Int: [Int]] = [:]
      var hasRowFigure: [Bool] = []
      // Tables with a figure that is not a row's: such a figure pairs whatever the titles.
      var mixed: [Bool] = []
      var mixedTables: [Int] = []
      // Tables of row figures only pair with each other only when their titles overlap (an index
      // from title word to tables; untitled ones with untitled ones) and their numbered sections
      // agree (an index from section to tables; those without one pair with any).
      var byTitleWord: [Int: [Int]] = [:]
      var untitled: [Int] = []
      var bySection: [String: [Int]] = [:]
      var unsectioned: [Int] = []
      for (x, t) in tables.enumerated() {
        var posting: [Int: [Int]] = [:]
        for i in t.figures {
          for w in measures[i] { posting[w, default: []].append(i) }
        }
        postings.append(posting)
        let isMixed = !t.figures.allSatisfy { figures[$0].isRowFigure }
        for w in posting.keys { tablesWith[w, default: []].append(x) }
        let rowFigures = t.figures.contains(where: { figures[$0].isRowFigure })
        hasRowFigure.append(rowFigures)
        if rowFigures { for w in posting.keys { rowTablesWith[w, default: []].append(x) } }
        mixed.append(isMixed)
        if isMixed {
          mixedTables.append(x)
          continue
        }
        let f = t.figures[0]
        if titles[f].isEmpty { untitled.append(x) }
        for w in titles[f] { byTitleWord[w, default: []].append(x) }
        if let section = figures[f].section { bySection[section, default: []].append(x) } else { unsectioned.append(x) }
      }

      var mark = [Int](repeating: -1, count: tables.count)
      // Pairs of tables (positions in `tables`) with a pair of figures that match.
      var candidates: [(x: Int, y: Int, first: (Int, Int), best: (Int, Int))] = []
      for x in tables.indices {
        // The later tables that share a measure stem with this one and are not ruled out.
        var partners: [Int] = []
        let words = Set(tables[x].figures.flatMap { reach[$0] })
        func consider(_ y: Int) {
          guard y > x, mark[y] != x else { return }
          mark[y] = x
          comparisons += 1
          if words.contains(where: { postings[y][$0] != nil }) { partners.append(y) }
        }
        if mixed[x] {
          let index = hasRowFigure[x] ? tablesWith : rowTablesWith
          for w in words { for y in index[w] ?? [] { consider(y) } }
        } else {
          for y in mixedTables { consider(y) }
          // Row-only tables: from the smaller of the two indexes, then checked against the other.
          let f = tables[x].figures[0]
          var byTitle: [Int] = []
          if titles[f].isEmpty {
            byTitle = untitled
          } else {
            for w in Set(titles[f].flatMap { related[$0] }) { byTitle += byTitleWord[w] ?? [] }
          }
          let section = figures[f].section
          let bySectionList = section.map { (bySection[$0] ?? []) + unsectioned }
          for y in bySectionList.map({ $0.count < byTitle.count ? $0 : byTitle }) ?? byTitle where y > x && !mixed[y] {
            let g = tables[y].figures[0]
            if let section, let other = figures[g].section, section != other { continue }
            let key = Pair(figures[f].table, figures[g].table)
            let compatible: Bool
            if let known = titleCompatible[key] {
              compatible = known
            } else {
              compatible = (titles[f].isEmpty && titles[g].isEmpty) || overlap(titles[f], titles[g]) >= minOverlap
              titleCompatible[key] = compatible
            }
            if compatible { consider(y) }
          }
        }
        partners.sort()

        for y in partners {
          var first: (Int, Int)?
          var best: (pair: (Int, Int), score: Int)?
          search: for i in tables[x].figures {
            var candidates: [Int] = []
            for w in reach[i] { candidates += postings[y][w] ?? [] }
            guard !candidates.isEmpty else { continue }
            for j in Set(candidates).sorted() {
              let a = figures[i]
              let b = figures[j]
              if !a.isRowFigure && !b.isRowFigure { continue }
              if a.isRowFigure && b.isRowFigure {
                // Two rows of the same name in tables about different things are different figures.
                if let sa = a.section, let sb = b.section, sa != sb { continue }
                let key = Pair(a.table, b.table)
                let compatible: Bool
                if let known = titleCompatible[key] {
                  compatible = known
                } else {
                  compatible =
                    (titles[i].isEmpty && titles[j].isEmpty) || overlap(titles[i], titles[j]) >= minOverlap
                  titleCompatible[key] = compatible
                }
                if !compatible { continue }
              }
              evaluations += 1
              let score = overlap(measures[i], measures[j])
              guard score >= minOverlap else { continue }
              if first == nil { first = (i, j) }
              if best == nil || score > best!.score { best = ((i, j), score) }
              if score >= 100 { break search }
            }
          }
          if let first, let best { candidates.append((x, y, first, best.pair)) }
        }
      }
      // Per table, only its nearest partner in document order (the earlier of two as near): a
      // figure repeated in every chapter is checked against its neighbour, once, not against
      // every other chapter, so the checks grow with the tables.
      var nearest = [Int](repeating: -1, count: tables.count)
      func closer(_ x: Int, _ y: Int) -> Bool {
        let current = nearest[x]
        if current < 0 { return true }
        let (d, e) = (abs(tables[y].table - tables[x].table), abs(tables[current].table - tables[x].table))
        return d < e || (d == e && y < current)
      }
      for c in candidates {
        if closer(c.x, c.y) { nearest[c.x] = c.y }
        if closer(c.y, c.x) { nearest[c.y] = c.x }
      }
      for c in candidates where nearest[c.x] == c.y || nearest[c.y] == c.x { found.append((c.first, c.best)) }
    }
    found.sort { $0.first.0 != $1.first.0 ? $0.first.0 < $1.first.0 : $0.first.1 < $1.first.1 }
    return (found.map(\.best), evaluations + comparisons)
  }

  func figures(_ view: TableView, stops: Set<String>) -> [Figure] {
    var out: [Figure] = []
    let units = settings.crossTableUnits
    let usableRows = view.dataRows.filter { !view.isBreakdown($0) && !view.isAverageRow($0) }
    let titleWords = Words.content(view.table.title ?? "", stops: stops)
    let section = view.sectionKey
    let plainColumns = view.figureColumns.filter { !view.isPercentColumn($0) }
    var columnWords: [Int: [String]] = [:]
    var groupWords: [String: [String]] = [:]
    // A total row's label ("Totaal:") names no subject of its own: it totals what the label
    // column is about, so that column's header ("Inkomsten:" against "Uitgaven:") is part of it.
    let labelHeader = view.columns.first(where: \.isLabel).map {
      Words.subjectKey($0.path.joined(separator: " "), exclusionWords: settings.exclusionWords)
    } ?? ""
    // Row figures: subject = row label.
    for r in usableRows {
      // Only cells that can be figures: the label's words are read for those rows only.
      let columns = primaryColumns(view, plainColumns, row: r).filter { c in
        units.contains(view.unit(r, c)) && view.isNumber(r, c) && view.rows[r].cells[c].number?.isPercent != true
      }
      guard !columns.isEmpty else { continue }
      var subject = Words.subjectKey(view.rows[r].label, exclusionWords: settings.exclusionWords)
      let subjectWords = Words.tokens(subject)
      if view.rows[r].role != .item && !labelHeader.isEmpty { subject += " / " + labelHeader }
      let group = view.groupLabel(r)
      let inGroup: [String]
      if let known = groupWords[group] {
        inGroup = known
      } else {
        inGroup = Words.content(group, stops: stops)
        groupWords[group] = inGroup
      }
      for c in columns {
        let unit = view.unit(r, c)
        guard units.contains(unit), view.isNumber(r, c), view.rows[r].cells[c].number?.isPercent != true
        else { continue }
        let header: [String]
        if let known = columnWords[c] {
          header = known
        } else {
          header = Words.content(view.columnPath(c).joined(separator: " "), stops: stops)
          columnWords[c] = header
        }
        let measure = (header + inGroup + titleWords).filter { w in !subjectWords.contains { Words.sameStem($0, w) } }
        guard !measure.isEmpty, let o = view.operand(r, c) else { continue }
        out.append(
          Figure(
            table: view.table.index, subject: subject, unit: unit, measure: measure, operands: [o], row: r, column: c,
            titleWords: titleWords, section: section))
      }
    }
    // Title-subject figures: the table is about one subject; its groups and rows measure it.
    let subject = view.titleKey
    let subjectWords = Words.tokens(subject)
    guard !subject.isEmpty, subjectWords.count <= 4 else { return out }
    let groups = Dictionary(grouping: usableRows.filter { view.rows[$0].role == .item }) { view.groupLabel($0) }
    var rowMeasure: [Int: [String]] = [:]
    for group in groups.keys.sorted() {
      let rows = groups[group] ?? []
      let groupMeasure = Words.content(group, stops: stops).filter { w in !subjectWords.contains { Words.sameStem($0, w) } }
      for c in plainColumns {
        let rowUnits = Set(rows.map { view.unit($0, c) })
        let figures = rows.filter { view.isNumber($0, c) && !view.rows[$0].cells[c].raw.utf8.contains(UInt8(ascii: "%")) }
        if !group.isEmpty, rowUnits.count == 1, let unit = rowUnits.first, figures.count == rows.count {
          guard units.contains(unit), !groupMeasure.isEmpty else { continue }
          out.append(
            Figure(
              table: view.table.index, subject: subject, unit: unit, measure: groupMeasure,
              operands: rows.compactMap { view.operand($0, c) }, group: group, isRowFigure: false))
        } else {
          for r in rows {
            let unit = view.unit(r, c)
            guard units.contains(unit), view.isNumber(r, c), view.rows[r].cells[c].number?.isPercent != true
            else { continue }
            let measure: [String]
            if let known = rowMeasure[r] {
              measure = known
            } else {
              measure = view.contentWords(r).filter { w in !subjectWords.contains { Words.sameStem($0, w) } }
              rowMeasure[r] = measure
            }
            guard !measure.isEmpty, let o = view.operand(r, c) else { continue }
            out.append(
              Figure(
                table: view.table.index, subject: subject, unit: unit, measure: measure, operands: [o], row: r,
                column: c, isRowFigure: false))
          }
        }
      }
    }
    return out
  }
}
