// libFuzzer target: the HTML stage, bytes -> encoding decision -> libxml2 tree -> grids,
// pseudo-tables and key figures (`HTMLExtractor().extract(source, bytes:)`), compiled into the
// TallyExtractHTML module (see fuzz/run.sh).
//
// Checks: never traps, never throws for bytes (the extractor's contract: bytes that are not HTML
// give an empty document), header rows within the rows, column spans >= 1.
import TallyCore

private let extractor = HTMLExtractor()
private let source = SourceDocument(
  fileName: "fuzz.html", path: "/nonexistent/fuzz.html",
  sha256: String(repeating: "0", count: 64), format: .html)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTMLExtract(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let document: ExtractedDocument
  do {
    document = try extractor.extract(source, bytes: bytes)
  } catch {
    fatalError("HTMLExtractor threw for \(size) bytes: \(error)")
  }
  precondition(document.source == source)
  for table in document.tables {
    precondition(table.headerRowCount >= 0 && table.headerRowCount <= table.rows.count, "header rows out of range")
    for row in table.rows {
      for cell in row.cells { precondition(cell.columnSpan >= 1, "column span < 1") }
    }
  }
  return 0
}
