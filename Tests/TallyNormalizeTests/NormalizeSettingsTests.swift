import TallyCore
import Testing

@testable import TallyNormalize

private func scalar(_ value: String, _ line: Int, _ path: String) -> ConfigNode {
  ConfigNode(value: .scalar(value), line: line, path: path)
}

private func mapping(_ entries: [(String, ConfigNode)], line: Int = 1, path: String = "normalize") -> ConfigNode {
  ConfigNode(value: .mapping(entries.map { (key: $0.0, value: $0.1) }), line: line, path: path)
}

@Test func settings_noSection_givesDefaults() throws {
  #expect(try NormalizeSettings(config: nil) == NormalizeSettings())
}

@Test func settings_keysRead_overrideDefaults() throws {
  let node = mapping([
    ("number_style", scalar("english", 2, "normalize.number_style")),
    ("total_words", ConfigNode(value: .sequence([scalar("Totaal", 4, "normalize.total_words[0]")]), line: 3, path: "normalize.total_words")),
    ("code_levels", mapping([("BD", scalar("1", 6, "normalize.code_levels.BD"))], line: 5, path: "normalize.code_levels")),
    ("units", mapping([("hours", scalar("uren", 8, "normalize.units.hours"))], line: 7, path: "normalize.units")),
  ])
  let settings = try NormalizeSettings(config: node)
  #expect(settings.numberStyle == .english)
  #expect(settings.totalWords == ["Totaal"])
  #expect(settings.codeLevels == ["BD": 1])
  #expect(settings.hourWords == ["uren"])
}

@Test func settings_unknownKey_isAnErrorWithItsLine() {
  let node = mapping([("totaal_words", scalar("x", 9, "normalize.totaal_words"))])
  #expect {
    try NormalizeSettings(config: node)
  } throws: { error in
    (error as? ConfigError)?.line == 9 && "\(error)".contains("totaal_words")
  }
}

@Test func settings_badStyle_isAnError() {
  let node = mapping([("number_style", scalar("french", 3, "normalize.number_style"))])
  #expect(throws: ConfigError.self) { try NormalizeSettings(config: node) }
}
