import Testing

@testable import TallyCore
@testable import TallyPipeline
@testable import TallyReconcile

/// `documents:` entries: overlays on the global settings, for the files they match.
@Suite struct DocumentSettingsTests {
  private static let yaml = """
    version: 1
    reconcile:
      kinds:
        cross_table: {enabled: true, severity: warning}
      rules:
        - {id: global_rule, kind: row_total, table: "uren", expected: "10"}
    documents:
      - match: "a-*.pdf"
        skip_pages: "1-3, 12"
        extract:
          pdf: {min_rows: 3}
        reconcile:
          kinds:
            ratio: {enabled: false}
          rules:
            - {id: extra_rule, kind: row_total, table: "fte", expected: "2.5"}
      - match: ["b.pdf", "c.pdf"]
        reconcile:
          missing_items: non_null

    """

  @Test func effective_matchingEntry_laysItsSettingsOverTheGlobalOnes() throws {
    let config = try PipelineConfig(yaml: Self.yaml)
    let a = try config.effective(for: "a-2023.pdf")
    #expect(a.reconcile.kind(.ratio).enabled == false)
    #expect(a.reconcile.kind(.crossTable) == KindSettings(enabled: true, severity: .warning))
    #expect(a.pdf.tables.minRows == 3)
    #expect(a.skipPages == [1...3, 12...12])
    // A list of entries is added to the global list: the extra relation, scoped to the document.
    #expect(a.reconcile.rules.map(\.id) == ["global_rule", "extra_rule"])
  }

  @Test func effective_otherDocument_keepsTheGlobalSettings() throws {
    let config = try PipelineConfig(yaml: Self.yaml)
    let other = try config.effective(for: "z.pdf")
    #expect(other.reconcile.kind(.ratio).enabled)
    #expect(other.reconcile.rules.map(\.id) == ["global_rule"])
    #expect(other.skipPages.isEmpty)
    #expect(other.fingerprint == config.fingerprint)
    #expect(try config.effective(for: "c.pdf").reconcile.missingItems == .nonNull)
  }

  @Test func fingerprint_changesOnlyForTheDocumentsAnEditedEntryMatches() throws {
    let before = try PipelineConfig(yaml: Self.yaml)
    let after = try PipelineConfig(yaml: Self.yaml.replacingOccurrences(of: "min_rows: 3", with: "min_rows: 4"))
    #expect(before.fingerprint(for: "a-1.pdf") != after.fingerprint(for: "a-1.pdf"))
    #expect(before.fingerprint(for: "b.pdf") == after.fingerprint(for: "b.pdf"))
    #expect(before.fingerprint(for: "z.pdf") == after.fingerprint(for: "z.pdf"))
    #expect(before.fingerprint(for: "b.pdf") != before.fingerprint(for: "z.pdf"))
  }

  @Test func fingerprint_skipPages_countsForTheMatchingDocument() throws {
    let before = try PipelineConfig(yaml: Self.yaml)
    let after = try PipelineConfig(yaml: Self.yaml.replacingOccurrences(of: "\"1-3, 12\"", with: "\"1-3\""))
    #expect(before.fingerprint(for: "a-1.pdf") != after.fingerprint(for: "a-1.pdf"))
    #expect(before.fingerprint(for: "b.pdf") == after.fingerprint(for: "b.pdf"))
  }

  @Test func fingerprint_ignoresCommentsSpacingAndKeyOrder() throws {
    let a = try PipelineConfig(yaml: "version: 1\nemit: {findings: all, log_passes: false}\n")
    let b = try PipelineConfig(yaml: "# note\nemit:\n  log_passes: false   # why\n  findings: all\nversion: 1\n")
    let c = try PipelineConfig(yaml: "version: 1\nemit: {findings: all, log_passes: true}\n")
    #expect(a.fingerprint == b.fingerprint)
    #expect(a.fingerprint != c.fingerprint)
  }

  @Test func unknownKeyInAnEntry_isAnErrorNamingItsLine() {
    let error = #expect(throws: ConfigError.self) {
      try PipelineConfig(yaml: "documents:\n  - match: \"*.pdf\"\n    skip_page: \"1\"\n")
    }
    #expect(error?.line == 3)
    #expect(error?.description.contains("unknown key 'skip_page'") == true)
  }

  @Test func unknownStageKeyInAnEntry_isAnErrorNamingItsPathAndLine() {
    let error = #expect(throws: ConfigError.self) {
      try PipelineConfig(yaml: "documents:\n  - match: \"*.pdf\"\n    reconcile:\n      kinds: {ratio: {enabeld: false}}\n")
    }
    #expect(error?.line == 4)
    #expect(error?.path.hasPrefix("documents[0].reconcile.kinds.ratio") == true, "\(error?.path ?? "")")
  }

  @Test func runSettingsInAnEntry_areRejected() {
    let error = #expect(throws: ConfigError.self) {
      try PipelineConfig(yaml: "documents:\n  - match: \"*.pdf\"\n    ingest: {memory_limit_mb: 10}\n")
    }
    #expect(error?.description.contains("unknown key 'ingest'") == true)
  }

  @Test func entryWithoutMatch_isAnError() {
    #expect(throws: ConfigError.self) {
      try PipelineConfig(yaml: "documents:\n  - skip_pages: \"1\"\n")
    }
  }

  @Test(arguments: ["0", "3-1", "a", "1-2-3", "1,,2"])
  func skipPages_badValue_isAnError(_ value: String) {
    let error = #expect(throws: ConfigError.self) {
      try PipelineConfig(yaml: "documents:\n  - match: x.pdf\n    skip_pages: \"\(value)\"\n")
    }
    #expect(error?.line == 3)
  }

  @Test func overlay_wordList_replacesTheGlobalList() throws {
    let config = try PipelineConfig(
      yaml: "reconcile: {stop_words: [a, b]}\ndocuments:\n  - match: x.pdf\n    reconcile: {stop_words: [c]}\n")
    #expect(try config.effective(for: "x.pdf").reconcile.stopWords == ["c"])
  }
}

/// The progress line: documents done, speed, and the page within each document being read.
@Suite struct IngestProgressTests {
  @Test func line_documentsBeingRead_showTheirPageOfTheirPageCount() {
    let p = IngestProgress(
      done: 3, total: 10, pages: 90, elapsed: 2, current: "b.pdf",
      reading: [.init(file: "a.pdf", page: 12, of: 200), .init(file: "b.pdf", page: 3, of: 40)])
    #expect(p.line == "[3/10] 45 pages/s  a.pdf page 12/200, b.pdf page 3/40")
  }

  @Test func line_nothingBeingRead_namesTheDocumentThatFinished() {
    let p = IngestProgress(done: 10, total: 10, pages: 0, elapsed: 0, current: "z.html")
    #expect(p.line == "[10/10] 0 pages/s  z.html")
  }
}
