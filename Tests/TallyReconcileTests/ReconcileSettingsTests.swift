import TallyCore
import Testing

@testable import TallyReconcile

/// A configuration tree as the pipeline builds it from YAML.
private func scalar(_ s: String, line: Int, path: String) -> ConfigNode {
  ConfigNode(value: .scalar(s), line: line, path: path)
}

private func mapping(_ entries: [(String, ConfigNode)], line: Int, path: String) -> ConfigNode {
  ConfigNode(value: .mapping(entries.map { (key: $0.0, value: $0.1) }), line: line, path: path)
}

@Suite struct ReconcileSettingsTests {
  @Test func settings_nilOrEmptyConfig_equalsDefaults() throws {
    #expect(try ReconcileSettings(config: nil) == ReconcileSettings())
    #expect(try ReconcileSettings(config: mapping([], line: 1, path: "reconcile")) == ReconcileSettings())
  }

  @Test func settings_defaults_crossTableWarnsOthersError() {
    let s = ReconcileSettings()
    #expect(s.kind(.crossTable).severity == .warning)
    #expect(s.kind(.rowTotal).severity == .error)
    #expect(s.missingItems == .partialZero)
  }

  @Test func settings_fullSection_read() throws {
    let rule = mapping(
      [
        ("id", scalar("hours_by_service", line: 8, path: "reconcile.rules[0].id")),
        ("kind", scalar("row_total", line: 8, path: "reconcile.rules[0].kind")),
        ("document", scalar("*jaarverslag*", line: 8, path: "reconcile.rules[0].document")),
        ("table", scalar("Uren gepresteerd bij klanten", line: 8, path: "reconcile.rules[0].table")),
        ("expected", scalar("6911564.92", line: 8, path: "reconcile.rules[0].expected")),
      ], line: 8, path: "reconcile.rules[0]")
    let config = mapping(
      [
        ("missing_items", scalar("non_null", line: 2, path: "reconcile.missing_items")),
        ("kinds", mapping([("ratio", mapping([("severity", scalar("warning", line: 4, path: "reconcile.kinds.ratio.severity"))], line: 4, path: "reconcile.kinds.ratio"))], line: 3, path: "reconcile.kinds")),
        ("exact_count_units", ConfigNode(value: .sequence([scalar("persons", line: 5, path: "x")]), line: 5, path: "reconcile.exact_count_units")),
        ("cross_table_min_overlap", scalar("60", line: 6, path: "reconcile.cross_table_min_overlap")),
        ("rules", ConfigNode(value: .sequence([rule]), line: 7, path: "reconcile.rules")),
      ], line: 1, path: "reconcile")
    let s = try ReconcileSettings(config: config)
    #expect(s.missingItems == .nonNull)
    #expect(s.kind(.ratio).severity == .warning)
    #expect(s.kind(.ratio).enabled)
    #expect(s.exactCountUnits == [.persons])
    #expect(s.crossTableMinOverlap == 60)
    #expect(s.rules.count == 1)
    #expect(s.rules[0].table == "uren gepresteerd bij klanten")
    #expect(s.rules[0].expected == ExactDecimal(units: 691_156_492, scale: 2))
    #expect(s.rules[0].line == 8)
  }

  @Test func settings_unknownKey_errorWithLine() {
    let config = mapping([("missing_itemz", scalar("x", line: 3, path: "reconcile.missing_itemz"))], line: 1, path: "reconcile")
    #expect {
      try ReconcileSettings(config: config)
    } throws: { error in
      guard let e = error as? ConfigError else { return false }
      return e.line == 3 && e.message.contains("unknown key 'missing_itemz'")
    }
  }

  @Test func settings_unknownKind_error() {
    let config = mapping(
      [("kinds", mapping([("row_totals", mapping([], line: 4, path: "reconcile.kinds.row_totals"))], line: 3, path: "reconcile.kinds"))],
      line: 1, path: "reconcile")
    #expect(throws: ConfigError.self) { try ReconcileSettings(config: config) }
  }

  @Test func settings_badExpected_error() {
    let rule = mapping(
      [
        ("id", scalar("r", line: 2, path: "p")), ("kind", scalar("sum", line: 2, path: "p")),
        ("table", scalar("t", line: 2, path: "p")), ("expected", scalar("6 911 564,92", line: 2, path: "p")),
      ], line: 2, path: "reconcile.rules[0]")
    let config = mapping([("rules", ConfigNode(value: .sequence([rule]), line: 2, path: "reconcile.rules"))], line: 1, path: "reconcile")
    #expect(throws: ConfigError.self) { try ReconcileSettings(config: config) }
  }

  @Test func settings_expectedValueWithoutRow_error() {
    let rule = mapping(
      [
        ("id", scalar("r", line: 2, path: "p")), ("kind", scalar("expected_value", line: 2, path: "p")),
        ("table", scalar("t", line: 2, path: "p")), ("expected", scalar("1", line: 2, path: "p")),
      ], line: 2, path: "reconcile.rules[0]")
    let config = mapping([("rules", ConfigNode(value: .sequence([rule]), line: 2, path: "reconcile.rules"))], line: 1, path: "reconcile")
    #expect(throws: ConfigError.self) { try ReconcileSettings(config: config) }
  }
}
