#!/usr/bin/env python3
"""A tiny PDF writer for the bad-input tests (no dependencies).

    make_pdf.py OUT --pages N        N pages, each a heading and a small table in Helvetica
    make_pdf.py OUT --pages 0        a well-formed PDF with an empty page tree
    make_pdf.py OUT --image-only     one page holding only an image (a "scan": no text layer)
"""
import sys
import zlib


def write_pdf(path, objects):
    """objects: list of bytes bodies, numbered 1..n; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    with open(path, "wb") as f:
        f.write(out)


def stream(data, extra=b""):
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_page(n):
    rows = [("Omschrijving", "2023", "2024"), ("Uren", "%d" % (1000 + n), "1.234"),
            ("Kosten", "12", "14"), ("Totaal", "%d" % (1000 + n + 12), "1.248")]
    ops = [b"BT /F1 14 Tf 56 780 Td (Hoofdstuk %d) Tj ET" % n]
    y = 740
    for label, a, b in rows:
        ops.append(b"BT /F1 10 Tf 56 %d Td (%s) Tj ET" % (y, label.encode()))
        ops.append(b"BT /F1 10 Tf 300 %d Td (%s) Tj ET" % (y, a.encode()))
        ops.append(b"BT /F1 10 Tf 420 %d Td (%s) Tj ET" % (y, b.encode()))
        y -= 16
    return b"\n".join(ops)


def main():
    path = sys.argv[1]
    args = sys.argv[2:]
    if "--image-only" in args:
        pixels = bytes((x * 31 + y * 17) % 256 for y in range(32) for x in range(32))
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
            stream(b"q 400 0 0 400 97 300 cm /Im1 Do Q"),
            stream(zlib.compress(pixels),
                   b"/Type /XObject /Subtype /Image /Width 32 /Height 32 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode "),
        ]
        write_pdf(path, objects)
        return
    pages = int(args[args.index("--pages") + 1])
    # 1 catalog, 2 pages, 3 font, then (page, content) pairs.
    kids = " ".join("%d 0 R" % (4 + 2 * i) for i in range(pages)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i))
        objects.append(stream(text_page(i + 1)))
    write_pdf(path, objects)


if __name__ == "__main__":
    main()
