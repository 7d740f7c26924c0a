import Testing

@testable import TallyCore

@Suite struct ConfigMapTests {
  private func mapping(_ entries: [(String, String)]) -> ConfigNode {
    ConfigNode(
      value: .mapping(
        entries.enumerated().map { i, e in
          (e.0, ConfigNode(value: .scalar(e.1), line: i + 2, path: "sec.\(e.0)"))
        }), line: 1, path: "sec")
  }

  @Test func finish_unknownKey_namesItsLine() throws {
    var map = try ConfigMap(mapping([("known", "1"), ("typo", "2")]))
    _ = try map.int("known")
    let error = #expect(throws: ConfigError.self) { try map.finish() }
    #expect(error?.line == 3)
    #expect(error?.description.contains("unknown key 'typo'") == true)
  }

  @Test func int_badValue_namesPathAndValue() throws {
    var map = try ConfigMap(mapping([("jobs", "many")]))
    let error = #expect(throws: ConfigError.self) { try map.int("jobs") }
    #expect(error?.description == "line 2: sec.jobs: expected a whole number, got 'many'")
  }

  @Test func decimal_rejectsLocaleFormats() throws {
    var map = try ConfigMap(mapping([("expected", "6 911 564,92")]))
    #expect(throws: ConfigError.self) { try map.decimal("expected") }
  }

  @Test func duplicateKey_isAnError() {
    #expect(throws: ConfigError.self) { try ConfigMap(mapping([("a", "1"), ("a", "2")])) }
  }
}
