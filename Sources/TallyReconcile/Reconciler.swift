import TallyCore

/// Rules -> findings.
///
/// Runs every enabled rule kind of `Registry.rules` over the document and returns every check,
/// passes included, in a deterministic order: by rule kind (registry order), then by table, row
/// and column as each rule walks them. The emitter decides what to show.
public struct Reconciler: Sendable {
  public var settings: ReconcileSettings

  public init(settings: ReconcileSettings = ReconcileSettings()) {
    self.settings = settings
  }

  /// Every check on the document, passes included; the emitter filters.
  public func reconcile(_ document: NormalizedDocument) -> [Finding] {
    var context = RuleContext(settings: settings, document: document)
    for type in Registry.rules where settings.kind(type.kind).enabled {
      type.init(settings: settings).evaluate(document, into: &context)
    }
    context.rankSharedCauses()
    var findings = context.findings
    // One misprinted figure breaks every sum it is in: reported once, where it is (Fellegi–Holt).
    Localisation.localise(&findings, views: context.views, settings: settings)
    return findings
  }
}
