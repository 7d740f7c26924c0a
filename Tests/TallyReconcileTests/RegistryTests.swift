import Foundation
import TallyCore
import Testing

@testable import TallyReconcile

@Suite struct RegistryTests {
  private var rulesFolder: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../Sources/TallyReconcile/Rules").standardized
  }

  @Test func registry_everyRuleFile_isListed() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: rulesFolder.path)
      .filter { $0.hasSuffix(".swift") && $0 != "Registry.swift" }
      .map { String($0.dropLast(".swift".count)) }.sorted()
    let listed = Registry.rules.map { String(describing: $0) }.sorted()
    #expect(!files.isEmpty)
    #expect(files == listed)
  }

  @Test func registry_everyRule_hasATestFile() throws {
    let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Rules")
    let names = Set(try FileManager.default.contentsOfDirectory(atPath: tests.path))
    for rule in Registry.rules {
      #expect(names.contains("\(rule)Tests.swift"), "no test file for \(rule)")
    }
  }

  @Test func registry_kinds_coverEveryRuleKindOnce() {
    let kinds = Registry.rules.map { $0.kind }
    #expect(Set(kinds) == Set(RuleKind.allCases))
    #expect(kinds.count == RuleKind.allCases.count)
  }

  @Test func reconciler_disabledKind_producesNoFindingsOfIt() {
    var settings = ReconcileSettings()
    settings.kinds[.rowTotal] = KindSettings(enabled: false)
    let t = Fixture.table(
      title: "T", columns: [.label(""), .figure(["N"], .count)], rows: [.item("A", "1"), .item("B", "1"), .total("TOTAAL", "2")])
    #expect(Reconciler(settings: settings).reconcile(Fixture.document([t])).of("row_total").isEmpty)
    #expect(Reconciler().reconcile(Fixture.document([t])).of("row_total").count == 1)
  }

  @Test func reconciler_sameInput_sameOrder() {
    let t = Fixture.table(
      title: "T", columns: [.label(""), .figure(["A"], .count), .figure(["B"], .count), .figure(["TOTAAL"], .count, .total)],
      rows: [.item("x", "1", "2", "3"), .item("y", "4", "5", "9"), .total("TOTAAL", "5", "7", "12")])
    let a = Reconciler().reconcile(Fixture.document([t]))
    let b = Reconciler().reconcile(Fixture.document([t]))
    #expect(a == b)
    #expect(a.count == 6)
  }
}
