import Testing

@testable import TallyCore
@testable import TallyPipeline

@Suite struct PipelineConfigTests {
  @Test func emptyText_givesDefaults() throws {
    let config = try PipelineConfig(yaml: "")
    #expect(config.version == PipelineConfig.supportedVersion)
    #expect(config.emit == PipelineConfig().emit)
  }

  @Test func unknownTopLevelKey_isAnErrorNamingItsLine() {
    let error = #expect(throws: ConfigError.self) {
      try PipelineConfig(yaml: "version: 1\n\nrecon: {}\n")
    }
    #expect(error?.line == 3)
    #expect(error?.description.contains("unknown key 'recon'") == true)
  }

  @Test func unknownNestedKey_isAnErrorNamingItsPath() {
    let error = #expect(throws: ConfigError.self) {
      try PipelineConfig(yaml: "emit:\n  findings: all\n  colour: red\n")
    }
    #expect(error?.line == 3)
    #expect(error?.path == "emit.colour")
  }

  @Test func badChoice_listsTheAllowedValues() {
    let error = #expect(throws: ConfigError.self) {
      try PipelineConfig(yaml: "emit:\n  findings: some\n")
    }
    #expect(error?.description.contains("expected one of: failures, all") == true)
  }

  @Test func newerVersion_isRejected() {
    #expect(throws: ConfigError.self) { try PipelineConfig(yaml: "version: 2\n") }
  }

  @Test func yamlSyntaxError_namesTheLine() {
    let error = #expect(throws: ConfigError.self) {
      try PipelineConfig(yaml: "version: 1\nemit: [unclosed\n")
    }
    #expect((error?.line ?? 0) >= 2)
  }

  @Test func fingerprint_changesWithTheSettingsNotTheComments() throws {
    let a = try PipelineConfig(yaml: "version: 1\n")
    let b = try PipelineConfig(yaml: "version: 1 # comment\n")
    let c = try PipelineConfig(yaml: "version: 1\nemit: {findings: all}\n")
    #expect(a.fingerprint == b.fingerprint)
    #expect(a.fingerprint != c.fingerprint)
  }

  @Test func shippedPipelineYaml_isValid() throws {
    let root = String(#filePath).components(separatedBy: "/Tests/")[0]
    let config = try PipelineConfig.load(path: root + "/pipeline.yaml", required: true)
    #expect(config.version == 1)
  }
}

@Suite struct DocumentRecognizerTests {
  @Test(arguments: [
    ("pdf header", "%PDF-1.7\n...", "x.bin", DocumentRecognizer.Verdict.supported(.pdf)),
    ("html doctype", "\u{FEFF}  <!DOCTYPE html><html>", "page", .supported(.html)),
    ("html fragment", "<table><tr><td>1</td></tr></table>", "t.htm", .supported(.html)),
    ("random bytes named pdf", "\u{01}\u{02}garbage", "report.pdf", .unsupported("damaged: named .pdf but has no %PDF- header")),
    ("plain text", "Totaal 12", "notes.txt", .unsupported("unsupported type: plain text")),
  ])
  func recognize_byContent(id: String, text: String, name: String, expected: DocumentRecognizer.Verdict) {
    #expect(DocumentRecognizer.recognize(Array(text.utf8), fileName: name) == expected, "\(id)")
  }

  @Test func recognize_docx_isUnsupportedByName() {
    let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0, 0]
    #expect(
      DocumentRecognizer.recognize(zip, fileName: "jaarverslag.docx")
        == .unsupported("unsupported type: Word document (.docx)"))
  }

  @Test func recognize_empty_isUnsupported() {
    #expect(DocumentRecognizer.recognize([], fileName: "a.pdf") == .unsupported("empty file"))
  }
}
