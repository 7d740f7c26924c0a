import TallyCore

/// Finds long thin dark runs in a rendered page: horizontal and vertical rules, in points.
func imageToRulings(_ image: GrayImage, settings: PDFTableSettings) -> [Ruling] {
  []
}

/// Tables from ruled grids; returns them and the words outside them.
func wordsToLatticeTables(_ words: [Word], rulings: [Ruling], page: Int, settings: PDFTableSettings)
  -> (tables: [PageTable], remaining: [Word])
{
  ([], words)
}
