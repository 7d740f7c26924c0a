import TallyCore

/// Every rule kind, in the order the reconciler runs them (and so the order of findings).
/// A test checks that every file in `Rules/` is listed here.
enum Registry {
  static let rules: [any ReconciliationRule.Type] = [
    RowTotalRule.self,
    ColumnTotalRule.self,
    PercentSumRule.self,
    RatioRule.self,
    WaarvanRule.self,
    RollupRule.self,
    ResultRule.self,
    BalanceRule.self,
    ProductRule.self,
    UnlabelledRelationRule.self,
    CrossTableRule.self,
    ExpectedValueRule.self,
    // Last: it reads the other rules' findings to test figures read after a footnote marker.
    MalformedNumberRule.self,
  ]
}
