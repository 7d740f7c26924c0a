import TallyCore

/// When to look for drawn rules (table borders) on a page.
public enum RulingMode: String, Sendable, CaseIterable {
  /// Never: tables from text alignment only (fastest).
  case off
  /// Only on pages whose text suggests a table (several lines with two or more cells).
  case auto
  /// On every page.
  case always
}

/// Every tunable of the PDF extractor, with its default, grouped by the part it tunes. Read from
/// `extract.pdf.<group>` in pipeline.yaml (`extract.pdf.layout.word_gap_em`, …). Distances are in
/// em (multiples of the font size) unless the name says points.
public struct PDFTableSettings: Sendable, Equatable {
  /// Characters into words and lines (`extract.pdf.layout`).
  public var layout = PDFLayoutSettings()
  /// Finding drawn rules on the rendered page (`extract.pdf.rules`).
  public var rules = PDFRuleSettings()
  /// Shaping rows, columns and headers, shared by every finder (`extract.pdf.tables`).
  public var tables = PDFTableShapeSettings()
  /// `RuledGridFinder` (`extract.pdf.ruled_grid`).
  public var ruledGrid = RuledGridSettings()
  /// `RuledRowsFinder` (`extract.pdf.ruled_rows`).
  public var ruledRows = RuledRowsSettings()
  /// `StreamFinder` (`extract.pdf.stream`).
  public var stream = StreamSettings()
  /// Headings outside tables, which title the tables under them (`extract.pdf.headings`).
  public var headings = PDFHeadingSettings()
  /// Running headers and footers, left out before tables are looked for (`extract.pdf.running`).
  public var running = PDFRunningTextSettings()
  /// Steps over the whole document (`extract.pdf.document`).
  public var document = PDFDocumentSettings()
  /// Table areas named for `AreaFinder` (`extract.pdf.areas`); none by default.
  public var areas: [TableArea] = []

  public init() {}

  /// Starts from the defaults and reads the groups of `extract.pdf`; unknown keys are errors, and
  /// a key of the old flat layout (`extract.pdf.word_gap_em`) names the key it became.
  public init(config: ConfigNode?) throws {
    self.init()
    guard let config else { return }
    var map = try ConfigMap(config)
    for key in map.keys {
      guard let group = Self.movedKeys[key] else { continue }
      let node = map.node(key) ?? map.node
      let leaf = group.leaf ?? key
      throw ConfigError(node, "'\(key)' is now 'extract.pdf.\(group.group).\(leaf)' (settings are grouped by the part they tune)")
    }
    try Self.group(&map, "layout") { try layout.read(&$0) }
    try Self.group(&map, "rules") { try rules.read(&$0) }
    try Self.group(&map, "tables") { try tables.read(&$0) }
    try Self.group(&map, "ruled_grid") { try ruledGrid.read(&$0) }
    try Self.group(&map, "ruled_rows") { try ruledRows.read(&$0) }
    try Self.group(&map, "stream") { try stream.read(&$0) }
    try Self.group(&map, "headings") { try headings.read(&$0) }
    try Self.group(&map, "running") { try running.read(&$0) }
    try Self.group(&map, "document") { try document.read(&$0) }
    areas = try map.list("areas")?.map(TableArea.init(node:)) ?? areas
    try map.finish()
  }

  /// Reads the mapping at `key` (when present) with `read`, then rejects its unknown keys.
  private static func group(_ map: inout ConfigMap, _ key: String, _ read: (inout ConfigMap) throws -> Void) throws {
    guard var inner = try map.map(key) else { return }
    try read(&inner)
    try inner.finish()
  }

  /// The flat keys of the settings before they were grouped: the group each went to, and its new
  /// name there when it changed.
  private static let movedKeys: [String: (group: String, leaf: String?)] = [
    "word_gap_em": ("layout", nil), "cell_gap_em": ("layout", nil), "line_overlap": ("layout", nil),
    "detect_rotation": ("layout", nil), "drop_invisible_text": ("layout", nil),
    "invisible_text_contrast": ("layout", nil),
    "rulings": ("rules", "mode"), "ruling_margin": ("rules", "margin"), "ruling_scale": ("rules", "scale"),
    "ruling_ink_level": ("rules", "ink_level"), "ruling_min_length": ("rules", "min_length"),
    "ruling_max_thickness": ("rules", "max_thickness"), "ruling_snap": ("rules", "snap"),
    "min_rows": ("tables", nil), "min_columns": ("tables", nil), "max_row_gap_em": ("tables", nil),
    "max_cell_words": ("tables", nil), "max_header_rows": ("tables", nil), "header_gap_em": ("tables", nil),
    "join_wrapped_cells": ("tables", nil), "wrap_gap_ratio": ("tables", nil), "header_band_gap_em": ("tables", nil),
    "span_centre_tolerance_em": ("tables", nil), "span_centre_share": ("tables", nil),
    "tight_line_gap_em": ("tables", nil), "indent_step_em": ("tables", nil),
    "lattice_split_share": ("ruled_grid", "split_share"),
    "ruled_row_tables": ("ruled_rows", "enabled"), "ruled_table_min_width": ("ruled_rows", "min_width"),
    "ruled_band_max_height": ("ruled_rows", "band_max_height"), "ruled_row_gap_em": ("ruled_rows", "row_gap_em"),
    "justified_min_words": ("stream", nil), "justified_gap_spread_em": ("stream", nil),
    "prose_cell_words": ("stream", nil), "prose_row_share": ("stream", nil), "footnote_gap_em": ("stream", nil),
    "heading_size_ratio": ("headings", "size_ratio"), "heading_max_words": ("headings", "max_words"),
    "heading_min_main_words": ("headings", "min_main_words"),
    "heading_note_max_chunks": ("headings", "note_max_chunks"),
    "heading_note_max_words": ("headings", "note_max_words"), "bold_headings": ("headings", "bold"),
    "running_share": ("running", "share"), "running_min_pages": ("running", "min_pages"),
    "running_tolerance": ("running", "tolerance"), "running_band": ("running", "band"),
    "merge_continuations": ("document", nil), "contents_min_entries": ("document", nil),
  ]
}

extension PDFTableSettings {
  /// The rule-scan thresholds, as plain values for `Raster/` (which knows no settings).
  var ruleScan: RuleScanParameters {
    RuleScanParameters(inkLevel: rules.inkLevel, minLength: rules.minLength, maxThickness: rules.maxThickness)
  }
}
