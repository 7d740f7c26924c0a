import TallyCore

/// Figures stated in running text ("in totaal 6 601,50 uren ... georganiseerd").
struct StatedFigureReader: Sendable {
  let settings: NormalizeSettings

  func figures(in blocks: [TextBlock]) -> [StatedFigure] { [] }
}
