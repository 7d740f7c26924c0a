import TallyCore

/// Every tunable of the normalise stage. Read from `normalize` in pipeline.yaml.
public struct NormalizeSettings: Sendable, Equatable {
  public init() {}
  /// The defaults, overridden by the keys of this stage's section of pipeline.yaml.
  /// Unknown keys are errors naming their line.
  public init(config: ConfigNode?) throws {
    self.init()
    guard let config else { return }
    let map = try ConfigMap(config)
    try map.finish()
  }
}

/// Cells -> exact numbers, units, row and column paths, roles -> facts.
public struct Normalizer: Sendable {
  public var settings: NormalizeSettings

  public init(settings: NormalizeSettings = NormalizeSettings()) {
    self.settings = settings
  }

  public func normalize(_ document: ExtractedDocument) -> NormalizedDocument {
    NormalizedDocument(
      source: document.source, pageCount: document.pageCount, tables: [], facts: [], statements: [])
  }
}
