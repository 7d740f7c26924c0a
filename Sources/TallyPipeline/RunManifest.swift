import TallyCore
import TallyEmit

/// `run.json`: what the run did with each inbox file, and the totals.
enum RunManifest {
  static func render(_ run: RunSummary, options: IngestOptions, config: PipelineConfig) -> String {
    var docs: [String] = []
    for d in run.documents {
      var w = JSONObjectWriter()
      w.string("file", d.file)
      w.strings("also_named", d.alsoNamed)
      w.string("sha256", d.sha256)
      w.string("format", d.format)
      w.string("status", d.status.rawValue)
      w.string("reason", d.reason)
      w.int("pages", d.pages)
      w.int("tables", d.tables)
      w.int("facts", d.facts)
      w.raw("findings", countsJSON(d.counts))
      w.raw("seconds", String(format: "%.3f", d.seconds))
      if d.status == .ok || d.status == .unchanged {
        var o = JSONObjectWriter()
        o.string("records", run.layout.records(d.file))
        o.string("findings", run.layout.findings(d.file))
        o.string("tables", run.layout.tables(d.file))
        w.raw("outputs", o.finish())
      } else {
        w.raw("outputs", "null")
      }
      docs.append("    " + w.finish())
    }
    var totals = JSONObjectWriter()
    totals.int("documents", run.documents.count)
    totals.int("ok", run.count(.ok))
    totals.int("unchanged", run.count(.unchanged))
    totals.int("failed", run.count(.failed))
    totals.int("skipped", run.count(.skipped))
    totals.int("pages", run.documents.compactMap(\.pages).reduce(0, +))
    totals.int("tables", run.documents.map(\.tables).reduce(0, +))
    totals.int("facts", run.documents.map(\.facts).reduce(0, +))
    totals.raw("findings", countsJSON(run.totals))
    totals.raw("seconds", String(format: "%.3f", run.seconds))

    var root = "{\n"
    root += "  \"schema\": 1,\n"
    root += "  \"tally_version\": \"\(TallyVersion.current)\",\n"
    root += "  \"config_sha256\": \"\(config.fingerprint)\",\n"
    var io = JSONObjectWriter()
    io.string("inbox", options.inbox)
    io.string("out", options.out)
    io.int("jobs", options.jobs)
    root += "  \"run\": \(io.finish()),\n"
    root += "  \"log\": \"\(run.layout.log)\",\n"
    if let r = run.review {
      var o = JSONObjectWriter()
      o.string("page", r.page)
      o.int("accepted", r.accepted)
      o.strings("stale", r.stale.map(\.id))
      o.int("crops", r.crops)
      o.int("crops_rendered", r.cropsRendered)
      o.raw("crop_seconds", String(format: "%.3f", r.cropSeconds))
      root += "  \"review\": \(o.finish()),\n"
    }
    root += "  \"documents\": [\n" + docs.joined(separator: ",\n") + "\n  ],\n"
    root += "  \"totals\": \(totals.finish())\n}\n"
    return root
  }

  static func countsJSON(_ c: CheckCounts) -> String {
    var w = JSONObjectWriter()
    w.int("error", c.errors)
    w.int("warning", c.warnings)
    w.int("info", c.infos)
    w.int("pass", c.pass)
    w.int("pass_within_rounding", c.passWithinRounding)
    w.int("fail", c.fail)
    w.int("skipped", c.skipped)
    w.int("totals_printed", c.totalsPrinted)
    w.int("totals_checked", c.totalsChecked)
    return w.finish()
  }
}
