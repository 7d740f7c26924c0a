import TallyCore

/// Every tunable of the reconcile stage and the declarative rules. Read from `reconcile`.
public struct ReconcileSettings: Sendable {
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

/// Rules -> findings.
public struct Reconciler: Sendable {
  public var settings: ReconcileSettings

  public init(settings: ReconcileSettings = ReconcileSettings()) {
    self.settings = settings
  }

  /// Every check on the document, passes included; the emitter filters.
  public func reconcile(_ document: NormalizedDocument) -> [Finding] {
    []
  }
}
