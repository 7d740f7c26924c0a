import Crypto

/// SHA-256 hex digests, so that output records can name the exact bytes they came from. The
/// hashing is swift-crypto's (`Crypto.SHA256`); this wrapper only keeps tally's small API
/// (`SHA256.hex(of:)`, streaming `update` / `finalizeHex`) so that no caller imports Crypto.
/// Not Sendable, as Crypto's hasher is not: a digest in progress stays on one thread.
public struct SHA256 {
  private var hasher = Crypto.SHA256()

  public init() {}

  /// Hex digest of `bytes`.
  public static func hex<C: Collection>(of bytes: C) -> String where C.Element == UInt8 {
    var h = SHA256()
    h.update(bytes)
    return h.finalizeHex()
  }

  /// Adds `bytes` to the digest; contiguous input is hashed in place, without a copy.
  public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
    if bytes.withContiguousStorageIfAvailable({ hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }) == nil {
      Array(bytes).withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }
  }

  /// The lowercase hex digest of everything added so far.
  public mutating func finalizeHex() -> String {
    let digits: [Character] = Array("0123456789abcdef")
    var out = ""
    out.reserveCapacity(64)
    for byte in hasher.finalize() {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0xf)])
    }
    return out
  }
}
