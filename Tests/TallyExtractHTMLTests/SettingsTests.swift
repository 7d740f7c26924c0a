import TallyCore
import TallyExtractHTML
import Testing

@Suite struct SettingsTests {
  private func node(_ entries: [(String, String)]) -> ConfigNode {
    ConfigNode(
      value: .mapping(entries.enumerated().map { i, e in
        (e.0, ConfigNode(value: .scalar(e.1), line: i + 2, path: "extract.html.\(e.0)"))
      }), line: 1, path: "extract.html")
  }

  @Test func settings_noSection_areTheDefaults() throws {
    #expect(try HTMLTableSettings(config: nil) == HTMLTableSettings())
    #expect(try HTMLTableSettings(config: node([])) == HTMLTableSettings())
  }

  @Test func settings_knownKeys_overrideDefaults() throws {
    let settings = try HTMLTableSettings(
      config: node([("max_table_columns", "40"), ("require_figure", "false"), ("min_run_rows", "3"), ("div_grids", "false")]))
    #expect(!settings.divGrids)
    #expect(settings.maxTableColumns == 40)
    #expect(!settings.requireFigure)
    #expect(settings.minRunRows == 3)
  }

  @Test func settings_unknownKey_isAnErrorWithItsLine() throws {
    #expect {
      try HTMLTableSettings(config: node([("max_table_columns", "40"), ("colspan_max", "3")]))
    } throws: { error in
      (error as? ConfigError)?.line == 3 && "\(error)".contains("colspan_max")
    }
  }

  @Test func settings_spanOutOfRange_isAnError() throws {
    #expect(throws: ConfigError.self) { try HTMLTableSettings(config: node([("max_column_span", "5000")])) }
  }
}
