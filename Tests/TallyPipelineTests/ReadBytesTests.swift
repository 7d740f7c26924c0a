import Foundation
import Testing

@testable import TallyCore
@testable import TallyPipeline

@Suite struct ReadBytesTests {
  @Test func aFile_isReadWhole() throws {
    let path = "samples/imens-jaarverslag-2023.html"
    let expected = try #require(FileManager.default.contents(atPath: path))
    let bytes = try DocumentProcessor.readBytes(path).get()
    #expect(bytes == [UInt8](expected))
  }

  @Test func aMissingFile_failsWithTheSystemsReason() {
    let result = DocumentProcessor.readBytes("samples/no-such-report.pdf")
    #expect(result == .failure(DocumentProcessor.ReadFailure(errno: ENOENT)))
  }

  @Test func aDirectory_failsAsADirectory() {
    #expect(DocumentProcessor.readBytes("samples") == .failure(DocumentProcessor.ReadFailure(errno: EISDIR)))
  }

  @Test func aReadFailure_namesTheReasonInTheDocumentError() {
    let error = #expect(throws: DocumentError.self) {
      _ = try DocumentProcessor.read(path: "samples/no-such-report.pdf")
    }
    #expect(error?.code == "unreadable")
    #expect(error?.reason == "cannot read the file: No such file or directory")
  }
}

/// Issue 19: inbox entries that could block a reader are refused without blocking.
@Suite struct HostileEntryReadTests {
  @Test func aFIFOWithNoWriter_isRefusedAtOnce() throws {
    let path = NSTemporaryDirectory() + "tally-readbytes-fifo-\(getpid())"
    unlink(path)
    #expect(mkfifo(path, 0o644) == 0)
    defer { unlink(path) }
    let result = DocumentProcessor.readBytes(path)
    #expect(result == .failure(DocumentProcessor.ReadFailure(reason: "not a regular file: a named pipe (FIFO)")))
  }

  @Test func aDevice_isRefused() {
    #expect(
      DocumentProcessor.readBytes("/dev/zero") == .failure(DocumentProcessor.ReadFailure(reason: "not a regular file: a device")))
  }

  @Test func aSizeOtherThanTheOneHashed_isAChangedFile() throws {
    let path = "samples/imens-jaarverslag-2023.html"
    let size = try #require(FileManager.default.contents(atPath: path)).count
    let error = #expect(throws: DocumentError.self) {
      _ = try DocumentProcessor.read(path: path, knownSize: size + 1)
    }
    #expect(error?.reason == "cannot read the file: the file changed while it was read (is it still being written?)")
  }
}
