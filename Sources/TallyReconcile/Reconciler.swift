import TallyCore

/// Every tunable of the reconcile stage and the declarative rules. Read from `reconcile`.
public struct ReconcileSettings: Sendable {
  public init() {}
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
