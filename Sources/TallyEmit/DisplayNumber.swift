import TallyCore

/// Figures in the log are shown as the reports print them: space-grouped thousands and a decimal
/// comma ("6 911 564,92"), so an analyst can search the PDF for them.
public enum DisplayNumber {
  public static func format(_ value: ExactDecimal, signed: Bool = false) -> String {
    let text = value.description
    var digits = Substring(text)
    var sign = ""
    if digits.hasPrefix("-") {
      sign = "-"
      digits = digits.dropFirst()
    } else if signed, !value.isZero {
      sign = "+"
    }
    let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
    let whole = Array(parts[0])
    var grouped = ""
    for (i, ch) in whole.enumerated() {
      if i > 0, (whole.count - i) % 3 == 0 { grouped += " " }
      grouped.append(ch)
    }
    return sign + grouped + (parts.count > 1 ? "," + parts[1] : "")
  }
}
