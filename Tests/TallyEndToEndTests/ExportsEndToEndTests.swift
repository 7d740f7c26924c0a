import Foundation
import Testing

/// The spreadsheet exports and the docs/recipes.md recipes on the samples' ingest
/// (`IngestSamplesTests.run`), through LibreOffice Calc, DuckDB, pandas and jq.
@Suite(.serialized) struct ExportsEndToEndTests {
  @Test func tablesWorkbook_openedInLibreOfficeCalc_showsEveryFactExactly() throws {
    _ = try #require(IngestSamplesTests.run.result)
    // Tests/scripts/xlsx_facts.py: soffice --headless --convert-to csv, then every shown figure
    // against the JSONL value as a Decimal, the findings by id and the filled cells.
    let check = try Tally.python(["Tests/scripts/xlsx_facts.py", IngestSamplesTests.run.out])
    #expect(check.status == 0, "\(check.stdout)")
    #expect(check.stdout.contains("; 0 problems"), "\(check.stdout)")
  }

  @Test func recipes_onTheSamplesOutput_printWhatTheDocShows() throws {
    _ = try #require(IngestSamplesTests.run.result)
    let check = try Tally.python(["Tests/scripts/recipes.py", "docs/recipes.md", IngestSamplesTests.run.out])
    #expect(check.status == 0, "\(check.stdout)")
    #expect(check.stdout.contains(" recipes, 0 failed"), "\(check.stdout)")
  }

  @Test func factsCSV_readByPythonCSV_hasOneRowPerFactRecord() throws {
    let out = IngestSamplesTests.run.out
    let script = """
      import csv, glob, sys
      rows = list(csv.DictReader(open(sys.argv[1] + "/facts.csv", encoding="utf-8", newline="")))
      facts = [l for p in glob.glob(sys.argv[1] + "/records/*.jsonl") for l in open(p, encoding="utf-8") if l.strip()]
      print(len(rows) == len(facts) > 0, sorted(rows[0]) == sorted(["source", "page", "table_index", "table_title", "row_path", "column_path", "raw", "value", "decimals", "unit", "unit_word", "role", "note", "grid_row", "grid_column"]))
      """
    let check = try Tally.python(["-c", script, out])
    #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "True True", "\(check.stdout)")
  }
}
