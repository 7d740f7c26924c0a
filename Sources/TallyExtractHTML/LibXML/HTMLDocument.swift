import CLibXML2

/// The only file that talks to libxml2: parses a page leniently and copies its tree into an
/// `HTMLTree` of plain Swift values, then frees the C document.
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
    var builder = HTMLTreeBuilder(maxDepth: maxDepth)
    guard !page.bytes.isEmpty, page.bytes.count < Int(Int32.max) else { return builder.finish() }
    let encoding = page.charset ?? "UTF-8"
    let doc: htmlDocPtr? = page.bytes.withUnsafeBufferPointer { buffer in
      buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { base in
        htmlReadMemory(base, Int32(buffer.count), "page.html", encoding, options)
      }
    }
    guard let doc else { return builder.finish() }
    defer { xmlFreeDoc(doc) }
    copyTree(from: doc, into: &builder)
    return builder.finish()
  }

  /// Walks the libxml2 tree without recursion (tag soup can nest deeply) and without allocating
  /// getters: names, text and attribute values are read straight from the node structs.
  private static func copyTree(from doc: htmlDocPtr, into builder: inout HTMLTreeBuilder) {
    var node: xmlNodePtr? = doc.pointee.children
    var depth = 0
    while let current = node {
      var descend = false
      switch current.pointee.type {
      case XML_ELEMENT_NODE:
        let tag = tagOf(current)
        builder.open(tag, attributes: attributesOf(current))
        if current.pointee.children != nil {
          descend = true
        } else {
          builder.close()
        }
      case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
        if let content = current.pointee.content {
          builder.text(String(cString: content))
        }
      default:
        break  // comments, processing instructions, DTD nodes: never text
      }
      if descend {
        depth += 1
        node = current.pointee.children
        continue
      }
      // Next sibling, or climb until an ancestor has one, closing the elements we leave.
      var climb: xmlNodePtr? = current
      node = nil
      while let c = climb {
        if let next = c.pointee.next {
          node = next
          break
        }
        guard depth > 0, let parent = c.pointee.parent else { break }
        depth -= 1
        builder.close()
        climb = parent
      }
    }
  }

  private static func tagOf(_ node: xmlNodePtr) -> HTMLTag {
    guard let name = node.pointee.name else { return .other }
    return HTMLTag(name: UnsafeBufferPointer(start: name, count: Int(xmlStrlen(name))))
  }

  /// Reads rowspan, colspan, style, class, hidden and aria-hidden; nil when none is present.
  private static func attributesOf(_ node: xmlNodePtr) -> HTMLAttributes? {
    var attr = node.pointee.properties
    guard attr != nil else { return nil }
    var result = HTMLAttributes()
    while let a = attr {
      defer { attr = a.pointee.next }
      guard let name = a.pointee.name else { continue }
      switch attributeName(name) {
      case .rowspan: result.rowSpan = valueOf(a) ?? ""
      case .colspan: result.colSpan = valueOf(a) ?? ""
      case .style: result.style = valueOf(a) ?? ""
      case .hidden: result.hidden = true
      case .ariaHidden: result.ariaHidden = valueOf(a) ?? ""
      case .className: result.className = valueOf(a) ?? ""
      case .none: break
      }
    }
    return result.isEmpty ? nil : result
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

  private static func valueOf(_ attr: xmlAttrPtr) -> String? {
    guard let child = attr.pointee.children, let content = child.pointee.content else { return nil }
    return String(cString: content)
  }
}
