import Foundation
import Testing

@testable import TallyCore
@testable import TallyPipeline

/// Issue 19: the worker's deadline (per page, with a floor and a cap) and memory cap.
@Suite struct IngestSettingsTests {
  @Test func defaults_deadlineGrowsPerPageBetweenFloorAndCap() throws {
    let s = try PipelineConfig(yaml: "").ingest
    #expect(s.deadline(pages: 1, bytes: 0) == s.deadlineFloorSeconds)
    let pages = 200
    #expect(s.deadline(pages: pages, bytes: 0) == s.deadlineSecondsPerPage * Double(pages))
    #expect(s.deadline(pages: 1_000_000, bytes: 0) == s.deadlineCapSeconds)
  }

  @Test func htmlFile_countsOnePagePerHtmlPageKB() throws {
    let s = try PipelineConfig(yaml: "ingest:\n  deadline_floor_seconds: 1\n  deadline_seconds_per_page: 3\n  html_page_kb: 10\n").ingest
    // 25 KB is three started pages of 10 KB.
    #expect(s.deadline(pages: nil, bytes: 25 * 1024) == 9)
    #expect(s.deadline(pages: nil, bytes: 0) == 3)
  }

  @Test func capBelowFloor_isAnErrorNamingItsLine() {
    let error = #expect(throws: ConfigError.self) {
      try PipelineConfig(yaml: "ingest:\n  deadline_floor_seconds: 60\n  deadline_cap_seconds: 30\n")
    }
    #expect(error?.line == 3)
    #expect(error?.description.contains("must not be below deadline_floor_seconds") == true)
  }

  @Test func floorAboveDefaultCap_raisesTheCap() throws {
    let s = try PipelineConfig(yaml: "ingest:\n  deadline_floor_seconds: 4000\n").ingest
    #expect(s.deadlineCapSeconds == 4000)
    #expect(s.deadline(pages: 1, bytes: 0) == 4000)
  }

  @Test func memoryLimit_belowItsMinimum_isRejected() {
    #expect(throws: ConfigError.self) { try PipelineConfig(yaml: "ingest:\n  memory_limit_mb: 10\n") }
  }
}
