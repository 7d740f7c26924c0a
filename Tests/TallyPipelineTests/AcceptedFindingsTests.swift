import Foundation
import Testing
import TallyEmit

@testable import TallyPipeline

/// accepted.yaml: what `tally accept` writes reads back as written; its place beside the inbox.
@Suite struct AcceptedFindingsTests {
  @Test func yaml_roundTrip_keepsNotesWithColonsQuotesAndAccents() throws {
    var list = AcceptedFindings()
    list.accept(.init(id: "0123456789abcdef", source: "a b.pdf", note: "fine: \"see\" p. 3 — één", stated: "635", computed: "642", location: "p. 17 table 21", rule: "row_total", table: 21, row: ["TOTAAL", "a: \"b\""], column: []))
    list.accept(.init(id: "fedcba9876543210", source: "c.html", note: "ok"))
    list.accept(.init(id: "0123456789abcdef", source: "a b.pdf", note: "replaced", stated: "635", computed: "642"))
    let path = NSTemporaryDirectory() + "tally-accepted-\(getpid()).yaml"
    defer { unlink(path) }
    try list.yaml().write(toFile: path, atomically: true, encoding: .utf8)
    let read = try AcceptedFindings.load(path: path)
    #expect(read.entries.count == 2)
    #expect(read.entries.map(\.id) == ["fedcba9876543210", "0123456789abcdef"])
    #expect(read.entries[1].note == "replaced")
    #expect(read.entries[1].stated == "635" && read.entries[1].computed == "642")
    #expect(read.entries[0].stated == nil)
    #expect(read.entries[1].rule == nil)
    let path2 = NSTemporaryDirectory() + "tally-accepted-place-\(getpid()).yaml"
    defer { unlink(path2) }
    var placed = AcceptedFindings()
    placed.accept(.init(id: "0123456789abcdef", source: "a.pdf", note: "n", rule: "row_total", table: 21, row: ["TOTAAL", "a: \"b\""], column: []))
    try placed.yaml().write(toFile: path2, atomically: true, encoding: .utf8)
    let back = try AcceptedFindings.load(path: path2).entries[0]
    #expect(back.rule == "row_total" && back.table == 21 && back.row == ["TOTAAL", "a: \"b\""] && back.column == [])
  }

  @Test func load_missingFile_isEmpty_badFile_throwsNamingIt() throws {
    #expect(try AcceptedFindings.load(path: "/nonexistent/accepted.yaml").entries.isEmpty)
    let path = NSTemporaryDirectory() + "tally-accepted-bad-\(getpid()).yaml"
    defer { unlink(path) }
    try "accepted:\n  - note: no id\n".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: (any Error).self) { try AcceptedFindings.load(path: path) }
  }

  @Test func apply_newIDSamePlaceAndFigures_stillAccepted_changedFigure_isNot() throws {
    let path = NSTemporaryDirectory() + "tally-findings-place-\(getpid()).jsonl"
    defer { unlink(path) }
    let line = { (id: String, stated: String) in
      #"{"schema_version":2,"id":"\#(id)","source":"a.pdf","rule":"row_total","kind":"row_total","status":"fail","severity":"error","table_index":3,"row_path":["TOTAAL"],"column_path":["FTE"],"stated":"\#(stated)","computed":"642","message":"m","hint":null}"#
    }
    try (line("cccccccccccccccc", "635") + "\n" + line("dddddddddddddddd", "636") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    // Accepted under an id of the earlier bytes; the first line is the same check, same figures.
    let list = AcceptedFindings(entries: [
      .init(id: "aaaaaaaaaaaaaaaa", source: "a.pdf", note: "fine", stated: "635", computed: "642",
            rule: "row_total", table: 3, row: ["TOTAAL"], column: ["FTE"])
    ])
    let (findings, met) = try list.apply(toFindingsFile: path)
    #expect(findings.map(\.isAccepted) == [true, false])
    #expect(met["aaaaaaaaaaaaaaaa"] == .some(nil))
    // Only the changed figure: the entry meets it at its place and does not apply.
    try (line("dddddddddddddddd", "636") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    let (changed, met2) = try list.apply(toFindingsFile: path)
    #expect(changed.map(\.isAccepted) == [false])
    #expect((met2["aaaaaaaaaaaaaaaa"] ?? nil)?.contains("figures changed") == true)
  }

  @Test func defaultPath_isBesideTheInboxFolder() {
    #expect(AcceptedFindings.defaultPath(inbox: "inbox") == "accepted.yaml")
    #expect(AcceptedFindings.defaultPath(inbox: "/data/reports/2024/") == "/data/reports/accepted.yaml")
    #expect(AcceptedFindings.defaultPath(inbox: "x/inbox") == "x/accepted.yaml")
  }

  @Test func apply_marksTheMatchingLine_andNotOneWhoseFiguresChanged() throws {
    let path = NSTemporaryDirectory() + "tally-findings-\(getpid()).jsonl"
    defer { unlink(path) }
    let lines = [
      #"{"schema_version":2,"id":"aaaaaaaaaaaaaaaa","source":"a.pdf","status":"fail","severity":"error","stated":"635","computed":"642","message":"m","hint":null}"#,
      #"{"schema_version":2,"id":"bbbbbbbbbbbbbbbb","source":"a.pdf","status":"fail","severity":"error","stated":"201","computed":"204","message":"m","hint":null}"#,
    ]
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    let list = AcceptedFindings(entries: [
      .init(id: "aaaaaaaaaaaaaaaa", source: "a.pdf", note: "fine", stated: "635", computed: "642"),
      .init(id: "bbbbbbbbbbbbbbbb", source: "a.pdf", note: "fine", stated: "200", computed: "204"),
    ])
    let (findings, met) = try list.apply(toFindingsFile: path)
    #expect(findings.map(\.isAccepted) == [true, false])
    #expect(met["aaaaaaaaaaaaaaaa"] == .some(nil))
    #expect((met["bbbbbbbbbbbbbbbb"] ?? nil)?.contains("figures changed") == true)
    let written = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    #expect(written[0].hasSuffix(#","review":{"status":"accepted","note":"fine"}}"#))
    #expect(String(written[1]) == lines[1])
    // Taking the entry away takes the mark away.
    _ = try AcceptedFindings().apply(toFindingsFile: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == lines.joined(separator: "\n") + "\n")
  }
}
