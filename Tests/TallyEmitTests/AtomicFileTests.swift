import Foundation
import Testing

@testable import TallyEmit

@Suite struct AtomicFileTests {
  private func temporaryPath(_ name: String) -> String {
    let dir = NSTemporaryDirectory() + "tally-atomic-\(UUID().uuidString)"
    return dir + "/" + name
  }

  @Test func stream_overSeveralChunks_writesExactlyTheAppendedBytes() throws {
    let path = temporaryPath("out.jsonl")
    var expected: [UInt8] = []
    try AtomicFile.stream(to: path) { out in
      // Lines of varying length, past two chunk boundaries.
      for i in 0..<60_000 {
        let line = Array("{\"n\":\(i),\"pad\":\"\(String(repeating: "x", count: i % 53))\"}\n".utf8)
        expected += line
        out.buffer += line
        try out.flushIfFull()
      }
    }
    #expect(expected.count > 2 * AtomicFile.Stream.chunk)
    #expect(FileManager.default.contents(atPath: path).map { [UInt8]($0) } == expected)
  }

  @Test func stream_whenTheBodyThrows_keepsTheOldFileAndNoTemporary() throws {
    struct Stop: Error {}
    let path = temporaryPath("out.jsonl")
    try AtomicFile.write(Array("old\n".utf8), to: path)
    #expect(throws: Stop.self) {
      try AtomicFile.stream(to: path) { out in
        out.buffer += Array(repeating: UInt8(ascii: "y"), count: AtomicFile.Stream.chunk + 1)
        try out.flushIfFull()
        throw Stop()
      }
    }
    #expect(FileManager.default.contents(atPath: path) == Data("old\n".utf8))
    let dir = String(path[..<path.lastIndex(of: "/")!])
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.jsonl"])
  }
}
