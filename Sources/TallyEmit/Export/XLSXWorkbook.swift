import CXLSXWriter

/// The one file that calls libxlsxwriter: a workbook written row by row and closed once.
///
/// The workbook runs in libxlsxwriter's constant-memory mode, so a sheet of 200 000 facts costs
/// one row of memory; rows must therefore be written top to bottom within each sheet (sheets may
/// interleave). Cells are addressed from 0, as in the C API.
final class XLSXWorkbook {
  /// How a cell looks; each distinct style is one libxlsxwriter format, made on first use.
  struct Style: Hashable {
    /// Decimals shown for a number (`#,##0.00` for 2); nil for text.
    var decimals: Int? = nil
    var bold = false
    /// Filled in the highlight colour: a cell a finding points at.
    var highlighted = false
    /// Blue and underlined, as a hyperlink.
    var link = false
  }

  /// Excel's limits: longer text is cut, later URLs are written as text.
  static let maxRows = 1_048_576
  static let maxTextLength = 32_767
  static let maxURLsPerSheet = 65_530
  static let maxURLLength = 2_079
  static let highlightColour: UInt32 = 0xFFE08A

  private let workbook: UnsafeMutablePointer<lxw_workbook>
  private let path: String
  private var formats: [Style: UnsafeMutablePointer<lxw_format>] = [:]
  private var closed = false

  /// Starts a workbook that `close()` writes to `path`.
  init(path: String) throws {
    var options = lxw_workbook_options(constant_memory: 1, tmpdir: nil, use_zip64: 1)
    guard let wb = workbook_new_opt(path, &options) else {
      throw XLSXFailure(path: path, reason: "cannot start the workbook")
    }
    workbook = wb
    self.path = path
  }

  deinit {
    // A workbook given up on (an error before close) still frees its memory; its file is a
    // temporary name the caller removes.
    if !closed { workbook_close(workbook) }
  }

  /// Adds a sheet named `name` (at most 31 characters, none of `[]:*?/\`, unique: see
  /// `SheetNames`).
  func addSheet(_ name: String) throws -> Sheet {
    guard let ws = workbook_add_worksheet(workbook, name) else {
      throw XLSXFailure(path: path, reason: "cannot add the sheet \"\(name)\"")
    }
    return Sheet(worksheet: ws, book: self)
  }

  /// Writes the file; the workbook cannot be used afterwards.
  func close() throws {
    closed = true
    let err = workbook_close(workbook)
    guard err == LXW_NO_ERROR else {
      throw XLSXFailure(path: path, reason: String(cString: lxw_strerror(err)))
    }
  }

  fileprivate func format(_ style: Style) -> UnsafeMutablePointer<lxw_format>? {
    if style == Style() { return nil }
    if let f = formats[style] { return f }
    guard let f = workbook_add_format(workbook) else { return nil }
    if let d = style.decimals {
      let pattern = d > 0 ? "#,##0." + String(repeating: "0", count: d) : "#,##0"
      format_set_num_format(f, pattern)
    }
    if style.bold { format_set_bold(f) }
    if style.highlighted { format_set_bg_color(f, Self.highlightColour) }
    if style.link {
      format_set_font_color(f, 0x0563C1)
      format_set_underline(f, UInt8(LXW_UNDERLINE_SINGLE.rawValue))
    }
    formats[style] = f
    return f
  }

  /// One sheet of the workbook.
  struct Sheet {
    fileprivate let worksheet: UnsafeMutablePointer<lxw_worksheet>
    fileprivate unowned let book: XLSXWorkbook

    func text(_ row: Int, _ column: Int, _ value: String, _ style: Style = Style()) throws {
      let cut = value.utf16.count > XLSXWorkbook.maxTextLength ? String(value.prefix(XLSXWorkbook.maxTextLength / 2)) : value
      try check(worksheet_write_string(worksheet, cell(row), col(column), cut, book.format(style)))
    }

    func number(_ row: Int, _ column: Int, _ value: Double, _ style: Style = Style()) throws {
      try check(worksheet_write_number(worksheet, cell(row), col(column), value, book.format(style)))
    }

    /// A hyperlink shown as `text`; `url` may be relative to the workbook ("review.html#f-…").
    func link(_ row: Int, _ column: Int, url: String, text: String) throws {
      var style = Style()
      style.link = true
      try check(
        worksheet_write_url_opt(worksheet, cell(row), col(column), url, book.format(style), text, nil))
    }

    /// Column widths in characters, from the first column on.
    func widths(_ widths: [Double]) throws {
      for (c, w) in widths.enumerated() {
        try check(worksheet_set_column(worksheet, col(c), col(c), w, nil))
      }
    }

    /// Keeps the first row in view and puts filter buttons on the header of `columns` columns.
    func headerRow(columns: Int, lastRow: Int) throws {
      worksheet_freeze_panes(worksheet, 1, 0)
      try check(worksheet_autofilter(worksheet, 0, 0, cell(max(lastRow, 0)), col(max(columns - 1, 0))))
    }

    private func cell(_ r: Int) -> lxw_row_t { lxw_row_t(r) }
    private func col(_ c: Int) -> lxw_col_t { lxw_col_t(c) }

    private func check(_ err: lxw_error) throws {
      guard err == LXW_NO_ERROR else {
        throw XLSXFailure(path: book.path, reason: String(cString: lxw_strerror(err)))
      }
    }
  }
}

/// libxlsxwriter refused a step: the workbook and the library's reason.
struct XLSXFailure: Error, CustomStringConvertible {
  var path: String
  var reason: String
  var description: String { "cannot write \(path): \(reason)" }
}
