import CLibXML2

/// The only file that talks to libxml2: parses a page leniently with libxml2's event (SAX) interface
/// and feeds the events straight into an `HTMLTreeBuilder`, so no C tree is built and freed.
///
/// The builder receives exactly what libxml2's own tree builder would: elements with their
/// attributes, text (entities already decoded to UTF-8, runs split by libxml2 joined again) and
/// the contents of script and style; comments, processing instructions and the doctype only tell
/// where a stray element after `</html>` belongs. Blanks are kept (no `HTML_PARSE_NOBLANKS`), so
/// libxml2 reports every whitespace run through `characters` just as its tree kept it; the event
/// path was checked against the former tree copy on the samples, the fuzz seeds and tag-soup cases.
/// One difference, on purpose: libxml2's tree builder stopped the whole parse at nesting depth 256,
/// the event path reads on (`HTMLTreeBuilder` flattens beyond `max_nesting_depth`).
enum LibXMLHTML {
  /// libxml2 wants `xmlInitParser` once before any concurrent parse; a `static let` initialiser runs
  /// exactly once, thread-safely.
  private static let initialized: Bool = {
    xmlInitParser()
    return true
  }()

  /// Recover from tag soup, print nothing, never touch the network, and ignore the page's own
  /// charset label (the bytes were decoded in Swift first).
  private static let options = Int32(
    HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
      | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)

  /// Parses `page` into a tree; an empty tree when libxml2 finds nothing.
  static func parse(_ page: DecodedPage, maxDepth: Int) -> HTMLTree {
    _ = initialized
    // Generic error handlers are per thread in libxml2: silence them on the thread that parses.
    cxml_silence_generic_errors()
    let builder = UnsafeMutablePointer<HTMLTreeBuilder>.allocate(capacity: 1)
    builder.initialize(to: HTMLTreeBuilder(maxDepth: maxDepth, pageBytes: page.bytes.count))
    defer { builder.deinitialize(count: 1).deallocate() }
    guard !page.bytes.isEmpty, page.bytes.count < Int(Int32.max), let ctxt = htmlNewParserCtxt() else {
      return builder.pointee.finish()
    }
    defer { htmlFreeParserCtxt(ctxt) }
    ctxt.pointee.sax.pointee = eventHandlers()
    // libxml2 passes its context to every callback; the builder rides in the context's user field.
    ctxt.pointee._private = UnsafeMutableRawPointer(builder)
    let encoding = page.charset ?? "UTF-8"
    let doc: htmlDocPtr? = page.bytes.withUnsafeBufferPointer { buffer in
      // libxml2 pulls the page in small chunks through `readChunk` (the path `htmlReadFile` takes),
      // where `htmlCtxtReadMemory` would copy the whole page and then convert that copy once more.
      var reader = PageReader(base: buffer.baseAddress!, count: buffer.count, offset: 0)
      return withUnsafeMutablePointer(to: &reader) { context in
        htmlCtxtReadIO(ctxt, LibXMLHTML.readChunk, nil, context, "page.html", encoding, options)
      }
    }
    if let doc { xmlFreeDoc(doc) }  // never: no handler builds a document
    return builder.pointee.finish()
  }

  /// Where libxml2's next chunk of the page starts.
  private struct PageReader {
    let base: UnsafePointer<UInt8>
    let count: Int
    var offset: Int
  }

  /// libxml2's read callback: copies up to `length` bytes of the page into its buffer; 0 at the end.
  private static let readChunk: xmlInputReadCallback = { context, buffer, length in
    guard let context, let buffer, length > 0 else { return 0 }
    let reader = context.assumingMemoryBound(to: PageReader.self)
    let n = min(Int(length), reader.pointee.count - reader.pointee.offset)
    guard n > 0 else { return 0 }
    UnsafeMutableRawPointer(buffer).copyMemory(from: reader.pointee.base + reader.pointee.offset, byteCount: n)
    reader.pointee.offset += n
    return Int32(n)
  }

  /// The callbacks: elements, text, script/style contents, and the three kinds of top-level nodes
  /// that decide where a stray element goes. Everything else (entities, DTD declarations, errors,
  /// warnings) is left unset, which libxml2 takes as "ignore".
  private static func eventHandlers() -> htmlSAXHandler {
    var handlers = htmlSAXHandler()
    handlers.initialized = 1  // a SAX1-style handler, as libxml2's own HTML handler is
    handlers.startElement = { context, name, attributes in
      guard let builder = LibXMLHTML.builderOf(context) else { return }
      builder.pointee.start(LibXMLHTML.tagOf(name), attributes: LibXMLHTML.attributesOf(attributes))
    }
    handlers.endElement = { context, _ in
      LibXMLHTML.builderOf(context)?.pointee.close()
    }
    handlers.characters = { context, bytes, count in
      guard let builder = LibXMLHTML.builderOf(context), let bytes, count > 0 else { return }
      builder.pointee.characters(UnsafeBufferPointer(start: bytes, count: Int(count)))
    }
    handlers.cdataBlock = { context, bytes, count in
      guard let builder = LibXMLHTML.builderOf(context), let bytes, count > 0 else { return }
      builder.pointee.characters(UnsafeBufferPointer(start: bytes, count: Int(count)))
    }
    handlers.comment = { context, _ in
      LibXMLHTML.builderOf(context)?.pointee.noteTopLevelNonElement(isDoctype: false)
    }
    handlers.processingInstruction = { context, _, _ in
      LibXMLHTML.builderOf(context)?.pointee.noteTopLevelNonElement(isDoctype: false)
    }
    handlers.internalSubset = { context, _, _, _ in
      LibXMLHTML.builderOf(context)?.pointee.noteTopLevelNonElement(isDoctype: true)
    }
    return handlers
  }

  /// The builder of the parse whose context libxml2 passed to a callback.
  @inline(__always)
  private static func builderOf(_ context: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<HTMLTreeBuilder>? {
    guard let context, let builder = context.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private else {
      return nil
    }
    return builder.assumingMemoryBound(to: HTMLTreeBuilder.self)
  }

  private static func tagOf(_ name: UnsafePointer<xmlChar>?) -> HTMLTag {
    guard let name else { return .other }
    return HTMLTag(name: localName(UnsafeBufferPointer(start: name, count: Int(xmlStrlen(name)))))
  }

  /// Reads rowspan, colspan, style, class, hidden and aria-hidden from the parser's NULL-terminated
  /// name/value list (a value is NULL when the attribute has none); nil when none is present.
  private static func attributesOf(_ list: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) -> HTMLAttributes? {
    guard let list, list[0] != nil else { return nil }
    var result = HTMLAttributes()
    var i = 0
    while let name = list[i] {
      let value = list[i + 1]
      i += 2
      switch attributeName(name) {
      case .rowspan: result.rowSpan = stringOf(value)
      case .colspan: result.colSpan = stringOf(value)
      case .style: result.style = stringOf(value)
      case .hidden: result.hidden = true
      case .ariaHidden: result.ariaHidden = stringOf(value)
      case .className: result.className = stringOf(value)
      case .none: break
      }
    }
    return result.isEmpty ? nil : result
  }

  private static func stringOf(_ value: UnsafePointer<xmlChar>?) -> String {
    value.map { String(cString: $0) } ?? ""
  }

  /// An element name without its prefix, as libxml2's tree names it: "o:p" (Word's empty
  /// paragraphs) is a `p`; a name that starts or ends with the colon keeps it.
  static func localName(_ name: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    guard let colon = name.firstIndex(of: UInt8(ascii: ":")), colon > 0, colon < name.count - 1 else { return name }
    return UnsafeBufferPointer(rebasing: name[(colon + 1)...])
  }

  private enum AttributeName { case rowspan, colspan, style, hidden, ariaHidden, className }

  private static func attributeName(_ name: UnsafePointer<xmlChar>) -> AttributeName? {
    let n = Int(xmlStrlen(name))
    func equals(_ literal: StaticString) -> Bool {
      guard literal.utf8CodeUnitCount == n else { return false }
      let l = literal.utf8Start
      for i in 0..<n where (name[i] | 0x20) != l[i] { return false }
      return true
    }
    switch n {
    case 5: return equals("style") ? .style : equals("class") ? .className : nil
    case 6: return equals("hidden") ? .hidden : nil
    case 7: return equals("rowspan") ? .rowspan : equals("colspan") ? .colspan : nil
    case 11: return equals("aria-hidden") ? .ariaHidden : nil
    default: return nil
    }
  }
}
