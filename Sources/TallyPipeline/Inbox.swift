import Foundation
import TallyCore

/// One entry of the inbox folder.
public struct InboxEntry: Sendable, Hashable {
  public var name: String
  public var path: String
  /// Why the entry is not read at all (a sub-folder, a broken link), or nil.
  public var skipReason: String?
}

/// Lists the inbox: the files directly in it, sorted by name. Sub-folders are not searched (so
/// `samples/` with its `src/` folder can be an inbox); hidden files are ignored; a link is
/// followed to the file it points at.
public enum Inbox {
  public static func scan(_ folder: String) throws -> [InboxEntry] {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
      throw DocumentError(code: "no_inbox", reason: "inbox folder \(folder) does not exist")
    }
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
    var entries: [InboxEntry] = []
    for name in names.sorted() where !name.hasPrefix(".") {
      let path = folder.hasSuffix("/") ? folder + name : "\(folder)/\(name)"
      var st = stat()
      guard stat(path, &st) == 0 else {
        entries.append(InboxEntry(name: name, path: path, skipReason: "broken link or unreadable entry"))
        continue
      }
      switch st.st_mode & S_IFMT {
      case S_IFREG: entries.append(InboxEntry(name: name, path: path, skipReason: nil))
      case S_IFDIR:
        entries.append(
          InboxEntry(name: name, path: path, skipReason: "sub-folder: not read (the inbox is not searched recursively)"))
      default:
        entries.append(InboxEntry(name: name, path: path, skipReason: notRegularReason(st.st_mode)))
      }
    }
    return entries
  }

  /// Why an entry that is neither a file nor a folder is not read; it is never opened for reading
  /// by the scan, so a FIFO or a device cannot block the run.
  static func notRegularReason(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFIFO: "not a regular file: a named pipe (FIFO)"
    case S_IFCHR, S_IFBLK: "not a regular file: a device"
    case S_IFSOCK: "not a regular file: a socket"
    default: "not a regular file"
    }
  }
}
