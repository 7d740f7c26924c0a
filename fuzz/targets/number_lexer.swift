// libFuzzer target: the number lexer of TallyNormalize (compiled into the module, see fuzz/run.sh).
//
// Input: byte 0 picks the style (auto/dutch/english), a context scale 0...12 and the currency
// flag; the rest is the cell text (UTF-8, invalid sequences repaired as String does).
// Checks: lex never traps; it is deterministic; a number keeps a scale within ExactDecimal's
// range; styleEvidence and detectStyle never trap on the same text split into cells.
import TallyCore

private let lexer = NumberLexer()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNumberLexer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard size > 0 else { return 0 }
  let bytes = UnsafeBufferPointer(start: data, count: size)
  let control = bytes[0]
  let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
  let style: NumberStyle = [.auto, .dutch, .english][Int(control % 3)]
  let scale = Int((control / 3) % 13)
  let currency = control & 0x80 != 0

  let first = lexer.lex(text, style: style, scale: scale, currency: currency)
  let again = lexer.lex(text, style: style, scale: scale, currency: currency)
  precondition(first == again, "lex is not deterministic for \(text.debugDescription)")
  if case .number(let n) = first {
    precondition(n.value.scale >= 0 && n.value.scale <= ExactDecimal.maximumScale)
    _ = n.value.description
  }
  _ = lexer.lex(text)
  _ = lexer.styleEvidence(text)
  let cells = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
  let column = lexer.detectStyle(cells)
  for cell in cells.prefix(64) { _ = lexer.lex(cell, style: column, scale: scale, currency: currency) }
  return 0
}
