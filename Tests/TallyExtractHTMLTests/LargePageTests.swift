import Foundation
import TallyCore
import TallyExtractHTML
import Testing

/// Where the opt-in throughput run writes its generated page (`TALLY_HTML_BENCH=/tmp/big.html`).
private let benchPagePath = ProcessInfo.processInfo.environment["TALLY_HTML_BENCH"]

@Suite struct LargePageTests {
  @Test func extract_generatedPage_everyGridHoldsItsRowsAndTotals() throws {
    let (bytes, expected) = LargePage(rows: 2000, tables: 4).generate()
    let document = try extract(bytes: bytes)
    let grids = document.tables(.grid)
    #expect(grids.count == expected.count)
    for (grid, want) in zip(grids, expected) {
      #expect(grid.title == want.caption)
      #expect(grid.headerRowCount == 1)
      #expect(grid.rows.count == want.bodyRows + 2)
      #expect(grid.rows.allSatisfy { $0.cells.count == want.columns })
      #expect(grid.rows.last?.texts == ["TOTAAL"] + want.totals)
    }
    #expect(grids.first?.rows[0].texts.last == "Kolom \(expected[0].columns - 1)")
    #expect(grids.first?.rows[1].texts.first?.hasSuffix("& post 1") == true)
  }

  /// Not a timing assertion: writes the ~20 MB page to `$TALLY_HTML_BENCH` (for `tally tables` under
  /// `/usr/bin/time -v`) and prints the best of `$TALLY_HTML_BENCH_RUNS` (3) extraction CPU times.
  /// Run it in release: `TALLY_HTML_BENCH=/tmp/big.html swift test -c release --filter largePage_benchmark`.
  @Test(.enabled(if: benchPagePath != nil))
  func largePage_benchmark_printsExtractionThroughput() throws {
    let environment = ProcessInfo.processInfo.environment
    let rows = environment["TALLY_HTML_BENCH_ROWS"].flatMap { Int($0) } ?? 50_000
    let runs = environment["TALLY_HTML_BENCH_RUNS"].flatMap { Int($0) } ?? 3
    let (bytes, expected) = LargePage(rows: rows, tables: 10).generate()
    if let benchPagePath { try Data(bytes).write(to: URL(fileURLWithPath: benchPagePath)) }
    var best = Double.infinity
    for _ in 0..<max(1, runs) {
      let start = threadCPUSeconds()
      let document = try extract(bytes: bytes)
      best = min(best, threadCPUSeconds() - start)
      #expect(document.tables(.grid).map(\.rows.count) == expected.map { $0.bodyRows + 2 })
    }
    let megabytes = Double(bytes.count) / 1_000_000
    print("large page: \(rows) rows, \(megabytes) MB, best CPU \(best) s, \(megabytes / best) MB/s")
  }
}

/// CPU time of the calling thread (extraction runs on one thread), in seconds.
private func threadCPUSeconds() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
