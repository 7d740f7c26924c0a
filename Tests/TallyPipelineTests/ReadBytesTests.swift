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
