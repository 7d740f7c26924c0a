import Foundation
import TallyCore
import TallyEmit
import TallyExtractPDF

/// What the review step did: for run.json and the bench.
public struct ReviewStats: Sendable {
  public var page: String
  public var accepted = 0
  public var stale: [StaleAcceptance] = []
  /// Crops shown on the page, and how many of them were rendered by this run (the others were
  /// kept from an earlier run of the same bytes).
  public var crops = 0
  public var cropsRendered = 0
  public var cropSeconds: Double = 0
}

/// The end of a run: reads every read document's findings back, applies `accepted.yaml` to them,
/// renders the crops of their pages and writes `review.html` and `reconciliation.log`.
struct ReviewStep {
  /// Crops are rendered at this many pixels per point (108 dpi: figures read as well as on screen).
  static let cropScale = 1.5
  /// The findings shown with a crop of their page: errors and warnings. The many checks with
  /// nothing to check and figures equal within rounding (severity info) get the page link only:
  /// cropping their pages too cost several times the ingest itself on the samples.
  static let croppedSeverities: Set<Severity> = [.error, .warning]
  /// Room around the table and the cells of a check, in points.
  static let cropMargin = 6.0

  var layout: OutputLayout
  var accepted: AcceptedFindings
  var verbose: Bool

  struct Result {
    var log: String
    var documents: [ReviewedDocument]
    var stats: ReviewStats
  }

  func run(
    read: [DocumentSummary], paths: [String: String], failed: [(file: String, reason: String)],
    skipped: [(file: String, reason: String)], clock: ContinuousClock
  ) throws -> Result {
    var documents: [ReviewedDocument] = []
    var met: [String: String?] = [:]
    for s in read {
      let applied = try accepted.apply(toFindingsFile: layout.findings(s.file))
      // An entry applied in one document stays applied whatever another says.
      met.merge(applied.met) { a, b in a == nil ? a : b }
      documents.append(
        ReviewedDocument(
          file: s.file, path: paths[s.file] ?? s.file, format: s.format, pages: s.pages, tables: s.tables,
          facts: s.facts, counts: s.counts, findings: applied.findings, detail: s.logSection,
          pagesNotRead: s.pagesNotRead ?? []))
    }
    var stats = ReviewStats(page: layout.review)
    for e in accepted.entries {
      switch met[e.id] {
      case .none: stats.stale.append(StaleAcceptance(id: e.id, source: e.source, note: e.note, reason: "the finding is gone"))
      case .some(.some(let why)): stats.stale.append(StaleAcceptance(id: e.id, source: e.source, note: e.note, reason: why))
      case .some(.none): stats.accepted += 1
      }
    }

    var views: [ReviewDocumentView] = []
    var used = Set<String>()
    for d in documents {
      views.append(try view(of: d, stats: &stats, used: &used, clock: clock))
    }
    removeUnused(crops: used)
    try AtomicFile.write(ReviewPage.render(views, stale: stats.stale), to: layout.review)
    let log = ReconciliationLog.render(
      documents: documents, failed: failed, skipped: skipped, stale: stats.stale, verbose: verbose)
    return Result(log: log, documents: documents, stats: stats)
  }

  /// One document's entries: crops of its PDF pages (rendered when missing), or its HTML tables.
  func view(
    of d: ReviewedDocument, stats: inout ReviewStats, used: inout Set<String>, clock: ContinuousClock
  ) throws -> ReviewDocumentView {
    let tables = TableInfo.read(layout.tables(d.file), rows: d.format == "html")
    let isPDF = d.format == "pdf"
    var entries: [ReviewEntry] = []
    var wanted: [String: PageCropRequest] = [:]
    var cropOf: [Int: ReviewCrop] = [:]
    for (i, f) in d.findings.enumerated() {
      var entry = ReviewEntry(finding: f)
      if isPDF, Self.croppedSeverities.contains(f.severity), let page = f.page, let region = Self.region(f, table: f.table.flatMap { tables[$0] }, page: page) {
        let sha = d.findings.first?.sha256 ?? ""
        let key = "\(sha)|\(page)|\(region.x0)|\(region.y0)|\(region.x1)|\(region.y1)|\(Self.cropScale)|1"
        let name = "\(sha.prefix(12))-p\(page)-\(SHA256.hex(of: Array(key.utf8)).prefix(12)).png"
        let request = PageCropRequest(page: page, region: region, scale: Self.cropScale, path: layout.reviewFolder + "/" + name)
        let (w, h) = request.pixelSize
        cropOf[i] = ReviewCrop(src: "review/" + name, region: region, scale: Self.cropScale, width: w, height: h)
        wanted[name] = request
      } else if !isPDF, let t = f.table, let info = tables[t], let rows = info.rows {
        entry.table = ReviewTable(rows: rows, headerRows: info.headerRows)
      }
      entries.append(entry)
    }
    var missing = wanted.filter { !FileManager.default.fileExists(atPath: $0.value.path) }
    if !missing.isEmpty {
      try FileManager.default.createDirectory(atPath: layout.reviewFolder, withIntermediateDirectories: true)
      let start = clock.now
      let written = (try? PageCrops.render(pdf: d.path, requests: Array(missing.values))) ?? []
      stats.cropSeconds += IngestRun.seconds(clock.now - start)
      stats.cropsRendered += written.count
      for r in written { missing.removeValue(forKey: String(r.path.split(separator: "/").last ?? "")) }
    }
    var shown = Set<String>()
    for (i, crop) in cropOf {
      let name = String(crop.src.dropFirst("review/".count))
      guard missing[name] == nil else { continue }
      entries[i].crop = crop
      shown.insert(name)
    }
    stats.crops += shown.count
    used.formUnion(shown)
    let link = d.path.isEmpty ? nil : URL(fileURLWithPath: d.path).standardizedFileURL.absoluteString
    return ReviewDocumentView(document: d, link: link, entries: entries)
  }

  /// The part of the page a finding is shown on: its table (when printed on that page alone) and
  /// the cells of the check on that page, with a margin, on whole pixels at the crop scale.
  static func region(_ f: FindingLine, table: TableInfo?, page: Int) -> BoundingBox? {
    var boxes = f.cells.filter { $0.page == nil || $0.page == page }.compactMap(\.bbox)
    if let t = table, let b = t.bbox, t.pages == [page] { boxes.append(b) }
    guard var u = boxes.first else { return nil }
    for b in boxes.dropFirst() {
      u = BoundingBox(x0: min(u.x0, b.x0), y0: min(u.y0, b.y0), x1: max(u.x1, b.x1), y1: max(u.y1, b.y1))
    }
    let s = cropScale
    let x0 = (max(0, u.x0 - cropMargin) * s).rounded(.down) / s
    let y0 = (max(0, u.y0 - cropMargin) * s).rounded(.down) / s
    let x1 = ((u.x1 + cropMargin) * s).rounded(.up) / s
    let y1 = ((u.y1 + cropMargin) * s).rounded(.up) / s
    guard x1 > x0, y1 > y0 else { return nil }
    return BoundingBox(x0: x0, y0: y0, x1: x1, y1: y1)
  }

  /// Crops of earlier runs that no finding shows any more.
  func removeUnused(crops used: Set<String>) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: layout.reviewFolder) else { return }
    for name in names where !used.contains(name) && (name.hasSuffix(".png") || name.contains(".tmp-")) {
      unlink(layout.reviewFolder + "/" + name)
    }
  }
}

/// What the review needs of a table in `tables/<name>.jsonl`.
struct TableInfo {
  var pages: [Int]?
  var bbox: BoundingBox?
  var headerRows: Int
  var rows: [[String]]?

  /// The tables of a document by index; their rows only when `rows` (HTML sources).
  static func read(_ path: String, rows: Bool) -> [Int: TableInfo] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
    var out: [Int: TableInfo] = [:]
    for line in text.split(separator: "\n") {
      guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let index = o["table_index"] as? Int
      else { continue }
      let b = (o["bbox"] as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue }
      out[index] = TableInfo(
        pages: o["pages"] as? [Int],
        bbox: b.flatMap { $0.count == 4 ? BoundingBox(x0: $0[0], y0: $0[1], x1: $0[2], y1: $0[3]) : nil },
        headerRows: o["header_rows"] as? Int ?? 0,
        rows: rows ? (o["rows"] as? [[Any]])?.map { $0.map { ($0 as? String) ?? "" } } : nil)
    }
    return out
  }
}
