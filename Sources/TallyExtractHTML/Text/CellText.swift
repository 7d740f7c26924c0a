import TallyCore

/// `LabelKey.collapseSpaces`, skipped when the text is already in printed form (plain ASCII with
/// single inner spaces), which most cells are: saves a scalar-by-scalar copy per cell.
func collapsedText(_ text: String) -> String {
  var clean = true
  var previousSpace = true  // a leading space needs trimming
  for byte in text.utf8 {
    if byte == 0x20 {
      if previousSpace { clean = false; break }
      previousSpace = true
    } else if byte < 0x20 || byte >= 0x80 {
      clean = false
      break
    } else {
      previousSpace = false
    }
  }
  if clean && !previousSpace { return text }
  if clean && text.isEmpty { return text }
  return LabelKey.collapseSpaces(text)
}
