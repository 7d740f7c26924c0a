import TallyCore

/// Characters into words and lines: the steps that build a page's `PageLayout`.
public struct PDFLayoutSettings: Sendable, Equatable {
  /// Gap between two characters, in em, above which they belong to different words.
  public var wordGapEm: Double = 0.15
  /// Gap between two words on a line, in em, above which they belong to different cells.
  public var cellGapEm: Double = 0.6
  /// Share of the smaller height two words must overlap vertically to be on one line.
  public var lineOverlap: Double = 0.5
  /// Whether pages turned by /Rotate are detected from the text flow and turned back.
  public var detectRotation: Bool = true
  /// Whether words that left no visible mark on the rendered page (clipped away, painted over or
  /// drawn invisible, e.g. hidden spreadsheet cells) are dropped before they become lines. Only
  /// when the page is rendered (`rules.mode` not `off`).
  public var dropInvisibleText: Bool = true
  /// Smallest grey-level spread (0-255) inside a glyph's box that counts as a visible glyph.
  public var invisibleTextContrast: Int = 24

  public init() {}

  mutating func read(_ map: inout ConfigMap) throws {
    wordGapEm = try map.double("word_gap_em", in: 0...5) ?? wordGapEm
    cellGapEm = try map.double("cell_gap_em", in: 0...20) ?? cellGapEm
    lineOverlap = try map.double("line_overlap", in: 0...1) ?? lineOverlap
    detectRotation = try map.bool("detect_rotation") ?? detectRotation
    dropInvisibleText = try map.bool("drop_invisible_text") ?? dropInvisibleText
    invisibleTextContrast = try map.int("invisible_text_contrast", in: 1...255) ?? invisibleTextContrast
  }
}

/// Finding drawn rules: where the page is rendered and how its pixels are read.
public struct PDFRuleSettings: Sendable, Equatable {
  /// When to look for drawn rules.
  public var mode: RulingMode = .auto
  /// In `auto` mode only the band of lines with two or more cells is scanned for rules, widened by
  /// this many points above and below (for frames, header rules and header lines).
  public var margin: Double = 60
  /// Render resolution for finding rules, in pixels per point.
  public var scale: Double = 1.0
  /// Grey level (0 black, 255 white) at or below which a pixel is ink.
  public var inkLevel: Int = 200
  /// Shortest rule kept, in points.
  public var minLength: Double = 12
  /// Thickest stroke still counted as a rule, in points (thicker is a filled area).
  public var maxThickness: Double = 3.0
  /// Distance in points within which rule ends and crossings snap together.
  public var snap: Double = 3.0

  public init() {}

  mutating func read(_ map: inout ConfigMap) throws {
    mode = try map.choice("mode", as: RulingMode.self) ?? mode
    margin = try map.double("margin", in: 0...2000) ?? margin
    scale = try map.double("scale", in: 0.25...8) ?? scale
    inkLevel = try map.int("ink_level", in: 0...255) ?? inkLevel
    minLength = try map.double("min_length", in: 0...10000) ?? minLength
    maxThickness = try map.double("max_thickness", in: 0...100) ?? maxThickness
    snap = try map.double("snap", in: 0...100) ?? snap
  }
}
