import TallyCore

/// What `CrossTableRule` matches: pairs of figures, the vocabulary of their labels' content words,
/// and the columns a row's figure is read from.
extension CrossTableRule {
  struct Pair: Hashable {
    var a: Int
    var b: Int
    init(_ a: Int, _ b: Int) {
      self.a = a
      self.b = b
    }
  }

  /// Words as ids, and which ids share a stem (`Words.sameStem`).
  struct Vocabulary {
    private(set) var words: [String] = []
    private var idOf: [String: Int] = [:]

    /// The distinct words of a list as ids (the overlap counts distinct words).
    mutating func ids(_ list: [String]) -> [Int] {
      var out: [Int] = []
      for w in list {
        let id: Int
        if let known = idOf[w] {
          id = known
        } else {
          id = words.count
          idOf[w] = id
          words.append(w)
        }
        if !out.contains(id) { out.append(id) }
      }
      return out
    }

    /// For every id, the ids of the words with the same stem: the same word, or one a prefix of
    /// the other with at least four letters.
    func stemRelation() -> [[Int]] {
      var byPrefix: [String: [Int]] = [:]
      let chars = words.map { Array($0) }
      for (id, cs) in chars.enumerated() where cs.count >= 4 {
        for k in 4...cs.count { byPrefix[String(cs[0..<k]), default: []].append(id) }
      }
      return chars.enumerated().map { id, cs in
        var out: Set<Int> = [id]
        if cs.count >= 4 {
          for other in byPrefix[words[id]] ?? [] { out.insert(other) }
          for k in 4..<cs.count {
            if let shorter = idOf[String(cs[0..<k])] { out.insert(shorter) }
          }
        }
        return out.sorted().filter { Words.sameStem(words[id], words[$0]) }
      }
    }
  }

  // MARK: Figures

  /// The figures of every table, in document order.
  func figures(_ views: [TableView], stops: Set<String>) -> [Figure] {
    views.flatMap { figures($0, stops: stops) }
  }

  /// The columns whose figure stands for the row: the total column, else each figure column that
  /// is the only one of its unit in the row.
  func primaryColumns(_ view: TableView, _ figure: [Int], row r: Int) -> [Int] {
    if let total = figure.first(where: { view.columns[$0].role == .total }) { return [total] }
    let units = figure.map { view.unit(r, $0) }
    return figure.enumerated().filter { i, _ in units.filter { $0 == units[i] }.count == 1 }.map(\.1)
  }

}
