import TallyCore

// Drawn rules as geometry: joined where they touch, grouped where they cross, positions snapped.
// Shared by the ruled finders.

/// Joins rules on the same line whose ends touch or overlap (within `snap` points).
func mergeRulings(_ rulings: [Ruling], snap: Double) -> [Ruling] {
  var out: [Ruling] = []
  for axis in [Ruling.Axis.horizontal, .vertical] {
    let sorted = rulings.filter { $0.axis == axis }.sorted { ($0.position, $0.start) < ($1.position, $1.start) }
    var merged: [Ruling] = []
    for r in sorted {
      // Merged positions never decrease: looking back stops at the first rule too far above.
      var found: Int? = nil
      var k = merged.count - 1
      while k >= 0, abs(merged[k].position - r.position) <= snap {
        if r.start <= merged[k].end + snap && r.end >= merged[k].start - snap {
          found = k
          break
        }
        k -= 1
      }
      if let k = found {
        merged[k].start = min(merged[k].start, r.start)
        merged[k].end = max(merged[k].end, r.end)
      } else {
        merged.append(r)
      }
    }
    out.append(contentsOf: merged)
  }
  return out
}

/// Groups of rules that touch or cross each other: one group per drawn grid.
func rulingsToGroups(_ rulings: [Ruling], snap: Double) -> [[Ruling]] {
  var parent = Array(rulings.indices)
  func find(_ i: Int) -> Int {
    var i = i
    while parent[i] != i {
      parent[i] = parent[parent[i]]
      i = parent[i]
    }
    return i
  }
  // Vertical rules sorted by position: each horizontal one looks only at those within its
  // extent (comparing every pair was quadratic in the rules of a page).
  let verticals = rulings.indices.filter { rulings[$0].axis == .vertical }.sorted {
    (rulings[$0].position, $0) < (rulings[$1].position, $1)
  }
  for i in rulings.indices where rulings[i].axis == .horizontal {
    let h = rulings[i]
    // First vertical at or right of the horizontal's start.
    var lo = 0
    var hi = verticals.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if rulings[verticals[mid]].position >= h.start - snap { hi = mid } else { lo = mid + 1 }
    }
    var m = lo
    while m < verticals.count, rulings[verticals[m]].position <= h.end + snap {
      let j = verticals[m]
      let v = rulings[j]
      if h.position >= v.start - snap && h.position <= v.end + snap { parent[find(i)] = find(j) }
      m += 1
    }
  }
  // Groups in order of their first rule, then by top position: a dictionary's order would make
  // two groups at the same position come out in a different order from run to run.
  var slot: [Int: Int] = [:]
  var groups: [[Ruling]] = []
  for i in rulings.indices {
    let root = find(i)
    if let k = slot[root] {
      groups[k].append(rulings[i])
    } else {
      slot[root] = groups.count
      groups.append([rulings[i]])
    }
  }
  let tops = groups.map { $0.map(\.position).min() ?? 0 }
  return groups.indices.sorted { (tops[$0], $0) < (tops[$1], $1) }.map { groups[$0] }
}

/// Sorted distinct positions, those closer than `snap` merged to their mean.
func clusterPositions(_ values: [Double], snap: Double) -> [Double] {
  let sorted = values.sorted()
  var out: [[Double]] = []
  for v in sorted {
    if let last = out.last?.last, v - last <= snap {
      out[out.count - 1].append(v)
    } else {
      out.append([v])
    }
  }
  return out.map { $0.reduce(0, +) / Double($0.count) }
}

extension BoundingBox {
  /// Strictly inside.
  func contains(x: Double, y: Double) -> Bool { x > x0 && x < x1 && y > y0 && y < y1 }
}
