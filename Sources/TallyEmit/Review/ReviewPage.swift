import TallyCore

/// A rendered part of a PDF page shown with a finding: the PNG beside the review page and where
/// on the page it was cut.
public struct ReviewCrop: Sendable, Equatable {
  /// Path of the PNG relative to the review page ("review/….png").
  public var src: String
  /// The region in page points (top-left origin), on whole pixels at `scale`.
  public var region: BoundingBox
  /// Pixels per point.
  public var scale: Double
  /// The PNG's size in pixels.
  public var width: Int
  public var height: Int

  public init(src: String, region: BoundingBox, scale: Double, width: Int, height: Int) {
    self.src = src
    self.region = region
    self.scale = scale
    self.width = width
    self.height = height
  }
}

/// A table of an HTML source as printed, for a finding whose page has no image.
public struct ReviewTable: Sendable, Equatable {
  public var rows: [[String]]
  public var headerRows: Int

  public init(rows: [[String]], headerRows: Int) {
    self.rows = rows
    self.headerRows = headerRows
  }
}

/// What part a cell plays in a check, and the colour it is outlined in.
public enum CellRole: String, Sendable, CaseIterable {
  /// The printed total (or the figure a check compares against).
  case stated
  /// An item that goes into it.
  case item
  /// The cell the likely cause names.
  case suspect
}

/// One finding as the review page shows it.
public struct ReviewEntry: Sendable {
  public var finding: FindingLine
  public var crop: ReviewCrop?
  public var table: ReviewTable?

  public init(finding: FindingLine, crop: ReviewCrop? = nil, table: ReviewTable? = nil) {
    self.finding = finding
    self.crop = crop
    self.table = table
  }

  /// Each cell of the check with its role: the cell at the finding's own row and column is the
  /// stated figure, the one the first likely cause names is the suspect, the others are items.
  public static func roles(_ f: FindingLine) -> [(cell: FindingLine.Cell, role: CellRole)] {
    let statedIndex =
      f.cells.lastIndex { $0.row == f.row && $0.column == f.column }
      ?? (f.stated == nil ? nil : f.cells.indices.last)
    let suspect = suspectIndex(f, excluding: statedIndex)
    return f.cells.enumerated().map { i, c in
      (c, i == suspect ? .suspect : (i == statedIndex ? .stated : .item))
    }
  }

  /// The cell the first likely cause names: its printed text stands in the cause as a figure of
  /// its own (not part of a longer one), preferring a cell whose row label is named too.
  static func suspectIndex(_ f: FindingLine, excluding stated: Int?) -> Int? {
    guard let cause = f.causes(limit: 1).first else { return nil }
    var named: Int? = nil
    var labelled: Int? = nil
    for (i, c) in f.cells.enumerated() where !c.raw.isEmpty && containsFigure(cause, c.raw) {
      if named == nil { named = i }
      if let label = c.row.last, !label.isEmpty, cause.contains(label), labelled == nil { labelled = i }
    }
    return labelled ?? named
  }

  /// Whether `figure` occurs in `text` with no digit, comma or dot glued to either side.
  static func containsFigure(_ text: String, _ figure: String) -> Bool {
    let t = Array(text.unicodeScalars)
    let n = Array(figure.trimmingSpaces.unicodeScalars)
    guard !n.isEmpty, t.count >= n.count else { return false }
    func glued(_ s: Unicode.Scalar) -> Bool {
      s.properties.numericType != nil || s == "," || s == "."
    }
    var i = 0
    while i + n.count <= t.count {
      if Array(t[i..<(i + n.count)]) == n {
        let before = i == 0 || !glued(t[i - 1]) || (t[i - 1] == "." && (i < 2 || !glued(t[i - 2])))
        let afterIndex = i + n.count
        let after =
          afterIndex == t.count || !glued(t[afterIndex])
          || ((t[afterIndex] == "," || t[afterIndex] == ".")
            && (afterIndex + 1 == t.count || t[afterIndex + 1].properties.numericType == nil))
        if before && after { return true }
      }
      i += 1
    }
    return false
  }
}

/// One document on the review page.
public struct ReviewDocumentView: Sendable {
  public var document: ReviewedDocument
  /// `file://…` of the source, without the `#page=` part; nil when it is not known.
  public var link: String?
  public var entries: [ReviewEntry]

  public init(document: ReviewedDocument, link: String?, entries: [ReviewEntry]) {
    self.document = document
    self.link = link
    self.entries = entries
  }
}

/// `review.html`: one static page for the run. Everything is inline (style, script, the crops are
/// files beside it); a Content-Security-Policy forbids loading anything from elsewhere.
public enum ReviewPage {
  public static func render(_ documents: [ReviewDocumentView], stale: [StaleAcceptance] = []) -> String {
    let docs = documents.sorted {
      let (a, b) = ($0.document.open(.error).count, $1.document.open(.error).count)
      if a != b { return a > b }
      let (wa, wb) = ($0.document.open(.warning).count, $1.document.open(.warning).count)
      if wa != wb { return wa > wb }
      return $0.document.file < $1.document.file
    }
    var kinds = Set<String>()
    for d in docs { for e in d.entries { kinds.insert(e.finding.kind) } }
    let total = docs.map(\.entries.count).reduce(0, +)

    var out = """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src file: 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>tally review</title>
      <style>\(style)</style></head><body>
      <header><h1>tally review</h1>
      <p>\(total) finding\(total == 1 ? "" : "s") in \(docs.count) document\(docs.count == 1 ? "" : "s"). Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous finding, <kbd>o</kbd> open its page. Outlines: <span class="key stated">stated total</span> <span class="key item">items</span> <span class="key suspect">likely cause</span>.</p>
      <form id="filters">
      <label>document <select id="f-doc"><option value="">all</option>
      """
    for d in docs { out += "<option>\(escape(d.document.file))</option>" }
    out += "</select></label>\n<label>severity <select id=\"f-sev\"><option value=\"\">all</option>"
    for s in Severity.allCases { out += "<option>\(s.rawValue)</option>" }
    out += "</select></label>\n<label>kind <select id=\"f-kind\"><option value=\"\">all</option>"
    for k in kinds.sorted() { out += "<option>\(escape(k))</option>" }
    out += """
      </select></label>
      <label>accepted <select id="f-acc"><option value="">shown</option><option value="no">hidden</option><option value="yes">only</option></select></label>
      <output id="f-count"></output></form></header>
      <main>
      <table class="summary"><thead><tr><th>document</th><th>errors</th><th>warnings</th><th>passes</th><th>accepted</th></tr></thead><tbody>

      """
    for d in docs {
      let doc = d.document
      out += "<tr><td>\(escape(doc.file))</td><td class=\"n\">\(doc.open(.error).count)</td>"
      out += "<td class=\"n\">\(doc.open(.warning).count)</td>"
      out += "<td class=\"n\">\(doc.counts.pass + doc.counts.passWithinRounding)</td>"
      out += "<td class=\"n\">\(doc.accepted.count)</td></tr>\n"
    }
    out += "</tbody></table>\n"
    if !stale.isEmpty {
      out += "<section class=\"stale\"><h2>Stale acceptances</h2><ul>"
      for s in stale {
        out += "<li><code>\(escape(s.id))</code> \(escape(s.source)): \(escape(s.reason)) (note: \(escape(s.note)))</li>"
      }
      out += "</ul></section>\n"
    }
    for d in docs {
      out += "<section class=\"doc\" data-doc=\"\(escape(d.document.file))\"><h2>\(escape(d.document.file))</h2>\n"
      let ordered = d.entries.sorted { order($0.finding, $1.finding) }
      for e in ordered { out += entry(e, document: d) }
      if ordered.isEmpty { out += "<p class=\"none\">Nothing to review: every check passed or there was nothing to check.</p>\n" }
      out += "</section>\n"
    }
    out += "<pre id=\"selftest\" hidden></pre></main>\n<script>\(script)</script>\n</body></html>\n"
    return out
  }

  /// Errors, then warnings, then the rest; accepted ones after the open ones; then page order.
  static func order(_ a: FindingLine, _ b: FindingLine) -> Bool {
    func rank(_ f: FindingLine) -> Int {
      (f.isAccepted ? 10 : 0) + (f.status == .fail ? 0 : 3) + (f.severity == .error ? 0 : f.severity == .warning ? 1 : 2)
    }
    let ka = (rank(a), a.page ?? Int.max, a.table ?? Int.max)
    let kb = (rank(b), b.page ?? Int.max, b.table ?? Int.max)
    return ka < kb
  }

  static func entry(_ e: ReviewEntry, document d: ReviewDocumentView) -> String {
    let f = e.finding
    let label = f.status == .fail ? f.severity.rawValue : f.status.rawValue.replacingOccurrences(of: "_", with: " ")
    var out = "<article class=\"finding sev-\(f.severity.rawValue)\(f.isAccepted ? " accepted" : "")\" tabindex=\"-1\""
    out += " id=\"f-\(escape(f.id))\" data-id=\"\(escape(f.id))\" data-doc=\"\(escape(d.document.file))\""
    out += " data-sev=\"\(f.severity.rawValue)\" data-status=\"\(f.status.rawValue)\" data-kind=\"\(escape(f.kind))\""
    out += " data-acc=\"\(f.isAccepted ? "yes" : "no")\">\n"
    out += "<h3><span class=\"badge\">\(escape(label))</span> \(escape(f.kind)) "
    var place = f.page.map { "p. \($0)" } ?? "web page"
    if let t = f.table { place += ", table \(t)" + (f.tableTitle.map { ": " + $0 } ?? "") }
    out += "<span class=\"where\">\(escape(place))</span>"
    if !f.location.isEmpty { out += " · <span class=\"loc\">\(escape(f.location))</span>" }
    out += "</h3>\n<p class=\"msg\">\(escape(f.message))</p>\n<dl>"
    if let s = f.stated { out += "<dt>stated</dt><dd>\(escape(display(s)))</dd>" }
    if let c = f.computed { out += "<dt>computed</dt><dd>\(escape(display(c)))</dd>" }
    if let df = f.difference { out += "<dt>difference</dt><dd>\(escape(display(df, signed: true)))</dd>" }
    if let t = f.tolerance { out += "<dt>tolerance</dt><dd>±\(escape(display(t)))</dd>" }
    out += "</dl>\n"
    let causes = f.causes(limit: ReconciliationLog.causeLimit)
    if !causes.isEmpty {
      out += "<p class=\"cause\">likely cause: " + causes.map(escape).joined(separator: "; or ") + "</p>\n"
    }
    if let r = f.review {
      out += "<p class=\"review\">\(escape(r.status)): \(escape(r.note))</p>\n"
    }
    out += "<p class=\"meta\">id <code>\(escape(f.id))</code>"
    if let link = d.link, let page = f.page {
      out += " · <a class=\"open\" href=\"\(escape(link))#page=\(page)\">open page \(page)</a>"
    }
    out += "</p>\n"
    let roles = ReviewEntry.roles(f)
    if let crop = e.crop {
      out += "<div class=\"crop\" data-x0=\"\(crop.region.x0)\" data-y0=\"\(crop.region.y0)\" data-scale=\"\(crop.scale)\">"
      out += "<img src=\"\(escape(crop.src))\" width=\"\(crop.width)\" height=\"\(crop.height)\" loading=\"lazy\" alt=\"page \(f.page ?? 0)\">"
      for (i, (cell, role)) in roles.enumerated() {
        guard let b = cell.bbox, cell.page == nil || cell.page == f.page else { continue }
        let left = (b.x0 - crop.region.x0) * crop.scale / Double(crop.width) * 100
        let top = (b.y0 - crop.region.y0) * crop.scale / Double(crop.height) * 100
        let w = (b.x1 - b.x0) * crop.scale / Double(crop.width) * 100
        let h = (b.y1 - b.y0) * crop.scale / Double(crop.height) * 100
        out += "<span class=\"o \(role.rawValue)\" data-cell=\"\(i)\" title=\"\(escape(role.rawValue)): \(escape(cell.raw))\""
        out += " style=\"left:\(percent(left));top:\(percent(top));width:\(percent(w));height:\(percent(h))\"></span>"
      }
      out += "</div>\n"
    } else if let table = e.table {
      out += tableHTML(table, roles: roles)
    }
    out += "</article>\n"
    return out
  }

  /// The HTML table as printed, header rows and the rows holding a cell of the check (with two
  /// rows of context), each cell of the check marked with its role.
  static func tableHTML(_ t: ReviewTable, roles: [(cell: FindingLine.Cell, role: CellRole)]) -> String {
    var marks: [Int: [Int: CellRole]] = [:]
    for (cell, role) in roles {
      if let (r, c) = locate(cell, in: t) {
        // A suspect or stated mark wins over an item mark on the same cell.
        if marks[r]?[c] == nil || role != .item { marks[r, default: [:]][c] = role }
      }
    }
    let header = min(t.headerRows, t.rows.count)
    var keep = Set(0..<header)
    for r in marks.keys { for k in max(0, r - 2)...min(t.rows.count - 1, r + 2) { keep.insert(k) } }
    if marks.isEmpty { for k in 0..<min(t.rows.count, header + 12) { keep.insert(k) } }
    var out = "<div class=\"htmltable\"><table>"
    var last = -1
    for r in keep.sorted() {
      if r > last + 1 { out += "<tr class=\"gap\"><td colspan=\"\(t.rows[r].count)\">…</td></tr>" }
      last = r
      out += "<tr>"
      for (c, text) in t.rows[r].enumerated() {
        let tag = r < header ? "th" : "td"
        let role = marks[r]?[c]
        out += "<\(tag)" + (role.map { " class=\"m \($0.rawValue)\" data-role=\"\($0.rawValue)\"" } ?? "") + ">"
        out += escape(text) + "</\(tag)>"
      }
      out += "</tr>"
    }
    return out + "</table></div>\n"
  }

  /// The row and column of a check's cell in its printed table: a row whose label cells hold the
  /// cell's row label and a cell holding its text, under a header holding its column label.
  static func locate(_ cell: FindingLine.Cell, in t: ReviewTable) -> (Int, Int)? {
    let raw = cell.raw.trimmingSpaces
    guard !raw.isEmpty else { return nil }
    let header = min(t.headerRows, t.rows.count)
    let label = cell.row.last?.trimmingSpaces ?? ""
    let columnLabel = cell.column.last?.trimmingSpaces ?? ""
    var best: (Int, Int, Int)? = nil
    for r in header..<t.rows.count {
      let row = t.rows[r]
      let rowMatches = label.isEmpty || row.contains { $0.trimmingSpaces == label }
      for (c, text) in row.enumerated() where text.trimmingSpaces == raw {
        var score = rowMatches ? 2 : 0
        if !columnLabel.isEmpty, (0..<header).contains(where: { t.rows[$0].indices.contains(c) && t.rows[$0][c].trimmingSpaces == columnLabel }) {
          score += 1
        }
        if best == nil || score > best!.2 { best = (r, c, score) }
      }
    }
    guard let best, best.2 >= 2 else { return nil }
    return (best.0, best.1)
  }

  static func display(_ decimal: String, signed: Bool = false) -> String {
    guard let d = ExactDecimal(canonical: decimal) else { return decimal }
    return DisplayNumber.format(d, signed: signed)
  }

  static func percent(_ v: Double) -> String {
    // Four decimals of a percent: a thousandth of a pixel on a 4 000-pixel crop.
    let scaled = (v * 10_000).rounded() / 10_000
    return "\(scaled)%"
  }

  public static func escape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for ch in s.unicodeScalars {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.unicodeScalars.append(ch)
      }
    }
    return out
  }

  static let style = """
    body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
    header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ccc;padding:.5em 1em;z-index:2}
    h1{font-size:1.2em;margin:0}header p{margin:.2em 0}
    #filters label{margin-right:1em}main{padding:0 1em 4em}
    table.summary{border-collapse:collapse;margin:1em 0}table.summary td,table.summary th{border:1px solid #ddd;padding:.2em .6em}
    td.n{text-align:right}
    section.doc h2{font-size:1.1em;border-bottom:2px solid #999;margin-top:2em}
    article.finding{background:#fff;border:1px solid #ddd;border-left:6px solid #999;margin:.8em 0;padding:.5em .8em}
    article.sev-error{border-left-color:#c00}article.sev-warning{border-left-color:#e90}article.sev-info{border-left-color:#69c}
    article.accepted{opacity:.45;filter:grayscale(1)}article:focus{outline:3px solid #06c}
    article[hidden]{display:none}
    h3{font-size:1em;margin:.2em 0}.badge{text-transform:uppercase;font-size:.8em;padding:0 .4em;border-radius:3px;background:#eee}
    .sev-error .badge{background:#c00;color:#fff}.sev-warning .badge{background:#e90;color:#fff}
    dl{display:flex;flex-wrap:wrap;gap:.2em 1em;margin:.3em 0}dt{color:#666}dd{margin:0 0 0 -.6em;font-variant-numeric:tabular-nums}
    .cause{color:#704}.review{color:#070;font-style:italic}.meta{font-size:.85em;color:#666}
    .crop{position:relative;display:inline-block;max-width:100%;border:1px solid #ccc;line-height:0}
    .crop img{display:block;max-width:100%;height:auto}
    .o{position:absolute;box-sizing:border-box;pointer-events:none}
    .o.stated{outline:2px solid #d00;outline-offset:1px}.o.item{outline:2px solid #07c;outline-offset:1px}
    .o.suspect{outline:3px solid #e0a;outline-offset:2px}
    .key{padding:0 .3em}.key.stated{border:2px solid #d00}.key.item{border:2px solid #07c}.key.suspect{border:3px solid #e0a}
    .htmltable{overflow:auto;max-height:30em}.htmltable table{border-collapse:collapse}
    .htmltable td,.htmltable th{border:1px solid #ddd;padding:.1em .4em}
    td.m.stated{outline:2px solid #d00}td.m.item{outline:2px solid #07c}td.m.suspect{outline:3px solid #e0a}
    tr.gap td{color:#999;text-align:center}
    """

  static let script = #"""
    (function(){
    var violations=[];
    document.addEventListener('securitypolicyviolation',function(e){violations.push(e.blockedURI+' '+e.violatedDirective);});
    var all=Array.prototype.slice.call(document.querySelectorAll('article.finding'));
    var sel={doc:document.getElementById('f-doc'),sev:document.getElementById('f-sev'),kind:document.getElementById('f-kind'),acc:document.getElementById('f-acc')};
    var count=document.getElementById('f-count');
    function apply(){
      var d=sel.doc.value,s=sel.sev.value,k=sel.kind.value,a=sel.acc.value,n=0;
      for(var i=0;i<all.length;i++){var e=all[i],ds=e.dataset;
        var show=(!d||ds.doc===d)&&(!s||ds.sev===s)&&(!k||ds.kind===k)&&(!a||ds.acc===a);
        if(e.hidden===show)e.hidden=!show; if(show)n++;}
      count.textContent=n+' of '+all.length+' shown';
      return n;
    }
    for(var key in sel)sel[key].addEventListener('change',apply);
    apply();
    var cur=-1;
    function visible(){return all.filter(function(e){return !e.hidden;});}
    function go(step){var v=visible();if(!v.length)return;var i=v.indexOf(all[cur]);
      i=i<0?(step>0?0:v.length-1):Math.max(0,Math.min(v.length-1,i+step));
      cur=all.indexOf(v[i]);v[i].focus();v[i].scrollIntoView({block:'start'});}
    document.addEventListener('keydown',function(ev){
      if(ev.target&&/^(SELECT|INPUT|TEXTAREA)$/.test(ev.target.tagName))return;
      if(ev.key==='j'||ev.key==='n'||ev.key==='ArrowDown'&&ev.altKey){go(1);ev.preventDefault();}
      else if(ev.key==='k'||ev.key==='p'||ev.key==='ArrowUp'&&ev.altKey){go(-1);ev.preventDefault();}
      else if(ev.key==='o'&&cur>=0){var a=all[cur].querySelector('a.open');if(a)a.click();}
    });
    window.tallyReview={apply:apply,go:go,select:function(name,value){sel[name].value=value;return apply();},
      current:function(){return cur<0?null:all[cur].dataset.id;}};
    if(!/[?&]selftest\b/.test(location.search))return;
    // Test mode (tally's browser test): measure what the page shows and write it into #selftest.
    // Every crop loads now, not when scrolled to: the load event waits for them, and the
    // measurements run synchronously in it (the browser dumps the page right after).
    Array.prototype.slice.call(document.querySelectorAll('.crop img')).forEach(function(i){i.loading='eager';});
    window.addEventListener('load',function(){
      var canvases={};
      function pixels(img){var c=canvases[img.src];if(c!==undefined)return c;
        try{var cv=document.createElement('canvas');cv.width=img.naturalWidth;cv.height=img.naturalHeight;
          var cx=cv.getContext('2d');cx.drawImage(img,0,0);c=cx.getImageData(0,0,cv.width,cv.height);}catch(e){c=null;}
        canvases[img.src]=c;return c;}
      function ink(data,b){if(!data)return null;var n=0;
        for(var y=Math.max(0,Math.round(b[1]));y<Math.min(data.height,Math.round(b[3]));y++)
          for(var x=Math.max(0,Math.round(b[0]));x<Math.min(data.width,Math.round(b[2]));x++){
            var p=(y*data.width+x)*4;if(data.data[p]*0.3+data.data[p+1]*0.59+data.data[p+2]*0.11<128)n++;}
        return n;}
      var result={findings:[],filters:{},resources:[],keyboard:[]};
      all.forEach(function(e){
        var r={id:e.dataset.id,doc:e.dataset.doc,sev:e.dataset.sev,kind:e.dataset.kind,acc:e.dataset.acc,outlines:[],marks:[]};
        var img=e.querySelector('.crop img');
        if(img){var box=img.getBoundingClientRect(),cr=img.parentNode;
          r.crop={src:img.getAttribute('src'),loaded:img.complete&&img.naturalWidth>0,nw:img.naturalWidth,nh:img.naturalHeight,
            x0:+cr.dataset.x0,y0:+cr.dataset.y0,scale:+cr.dataset.scale};
          var data=pixels(img),fx=img.naturalWidth/box.width,fy=img.naturalHeight/box.height;
          e.querySelectorAll('.o').forEach(function(o){var b=o.getBoundingClientRect();
            var px=[(b.left-box.left)*fx,(b.top-box.top)*fy,(b.right-box.left)*fx,(b.bottom-box.top)*fy];
            r.outlines.push({cell:+o.dataset.cell,role:o.classList[1],box:px,ink:ink(data,px)});});}
        e.querySelectorAll('[data-role]').forEach(function(m){r.marks.push({role:m.dataset.role,text:m.textContent});});
        result.findings.push(r);});
      result.timing={loadMs:Math.round(performance.now())};
      var t0=performance.now();
      result.filters.all=window.tallyReview.select('sev','');
      result.filters.error=window.tallyReview.select('sev','error');
      result.filters.errorShownSev=visible().map(function(e){return e.dataset.sev;}).filter(function(v,i,a){return a.indexOf(v)===i;});
      window.tallyReview.select('sev','');
      var firstDoc=sel.doc.options.length>1?sel.doc.options[1].value:'';
      result.filters.doc=firstDoc;result.filters.docCount=window.tallyReview.select('doc',firstDoc);
      window.tallyReview.select('doc','');
      result.filters.acceptedOnly=window.tallyReview.select('acc','yes');
      result.filters.acceptedHidden=window.tallyReview.select('acc','no');
      window.tallyReview.select('acc','');
      result.timing.sevenFiltersMs=Math.round(performance.now()-t0);
      function press(k){document.dispatchEvent(new KeyboardEvent('keydown',{key:k,bubbles:true}));result.keyboard.push(window.tallyReview.current());}
      press('j');press('j');press('j');press('k');
      result.resources=performance.getEntriesByType('resource').map(function(e){return e.name;});
      result.violations=violations;
      result.urls=[];
      document.querySelectorAll('[src],[href],[srcset],[style*="url("]').forEach(function(el){
        ['src','href','srcset'].forEach(function(a){var v=el.getAttribute(a);if(v!==null)result.urls.push(el.tagName+' '+a+' '+(el[a]||v));});
        if(el.getAttribute('style')&&/url\(/.test(el.getAttribute('style')))result.urls.push(el.tagName+' style '+el.getAttribute('style'));});
      var out=document.getElementById('selftest');out.textContent=JSON.stringify(result);out.dataset.done='1';
    });
    })();
    """#
}

extension String {
  fileprivate var trimmingSpaces: String {
    var s = Substring(self)
    while let f = s.first, f.isWhitespace { s.removeFirst() }
    while let l = s.last, l.isWhitespace { s.removeLast() }
    return String(s)
  }
}
