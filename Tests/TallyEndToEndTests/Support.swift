import Foundation

/// Runs the real `tally` binary built next to the test bundle (or `TALLY_BIN`).
enum Tally {
  static let repoRoot: String = String(#filePath).components(separatedBy: "/Tests/")[0]

  static var binary: String {
    if let env = ProcessInfo.processInfo.environment["TALLY_BIN"] { return env }
    let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var dir = exe.deletingLastPathComponent()
    // The XCTest bundle is a folder on some platforms: walk up to the products folder.
    for _ in 0..<4 {
      let candidate = dir.appendingPathComponent("tally").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    return repoRoot + "/.build/debug/tally"
  }

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  @discardableResult
  static func run(_ arguments: [String], cwd: String? = nil) throws -> Result {
    try launch(binary, arguments, cwd: cwd ?? repoRoot, mergeErrors: false)
  }

  /// Runs another program (stderr merged into stdout) in the repository root.
  static func launchTool(_ executable: String, _ arguments: [String]) throws -> Result {
    try launch(executable, arguments, cwd: repoRoot, mergeErrors: true)
  }

  /// Runs python3 with a script and arguments; returns status and output.
  static func python(_ arguments: [String]) throws -> Result {
    try launch("/usr/bin/env", ["python3"] + arguments, cwd: repoRoot, mergeErrors: true)
  }

  /// Output goes to files, read once the child has exited: reading pipes raced with the
  /// SIGCHLD of other tests' children (an interrupted read aborted the test process), and a child
  /// filling its stderr pipe while stdout was being drained would have blocked forever.
  private static func launch(_ executable: String, _ arguments: [String], cwd: String, mergeErrors: Bool) throws
    -> Result
  {
    let stem = NSTemporaryDirectory() + "tally-e2e-io-\(getpid())-\(UUID().uuidString)"
    let outPath = stem + ".out"
    let errPath = stem + ".err"
    FileManager.default.createFile(atPath: outPath, contents: nil)
    FileManager.default.createFile(atPath: errPath, contents: nil)
    defer {
      try? FileManager.default.removeItem(atPath: outPath)
      try? FileManager.default.removeItem(atPath: errPath)
    }
    let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
    let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    p.currentDirectoryURL = URL(fileURLWithPath: cwd)
    p.standardOutput = out
    p.standardError = mergeErrors ? out : err
    try p.run()
    p.waitUntilExit()
    try out.close()
    try err.close()
    let o = FileManager.default.contents(atPath: outPath) ?? Data()
    let e = FileManager.default.contents(atPath: errPath) ?? Data()
    return Result(
      status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
      stderr: String(decoding: e, as: UTF8.self))
  }

  static func temporaryFolder(_ name: String) -> String {
    let path = NSTemporaryDirectory() + "tally-e2e-\(name)-\(getpid())"
    try? FileManager.default.removeItem(atPath: path)
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static func lines(_ path: String) -> [[String: Any]] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
  }
}
