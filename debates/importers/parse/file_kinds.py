"""What a file that is not XML, JSON, CSV or text is, told by its first bytes, so that an import
refuses it saying so ("a PNG image") rather than "the text is not UTF-8 (byte 0)". Office
documents are zips, told apart by their names when the zip is opened (:mod:`.sources`)."""

from __future__ import annotations

# (the bytes a kind of file starts with, at which offset, what to call it)
SIGNATURES = (
    (b"PK\x03\x04", 0, "a ZIP archive"),  # zips are opened before this (sources.plan); one inside a zip
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image"),
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"GIF87a", 0, "a GIF image"),
    (b"GIF89a", 0, "a GIF image"),
    (b"WEBP", 8, "a WebP image"),
    (b"%PDF", 0, "a PDF document"),
    (b"{\\rtf", 0, "an RTF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "an old Microsoft Office document (.doc, .xls)"),
    (b"\x1f\x8b", 0, "a gzip archive"),
    (b"BZh", 0, "a bzip2 archive"),
    (b"\xfd7zXZ\x00", 0, "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "a RAR archive"),
    (b"SQLite format 3\x00", 0, "an SQLite database"),
    (b"\x7fELF", 0, "a program (ELF)"),
    (b"MZ", 0, "a Windows program"),
    (b"ID3", 0, "an MP3 recording"),
    (b"ftyp", 4, "a video or audio file (MP4)"),
    (b"\xff\xfe", 0, "text in UTF-16 (save it as UTF-8)"),
    (b"\xfe\xff", 0, "text in UTF-16 (save it as UTF-8)"),
)


def binary_kind(data: bytes) -> str | None:
    """What ``data`` is if it is a known kind of file that is not text, "binary data" for other
    bytes no text holds (NUL), or None for what may be text."""
    head = data[:2048]
    for signature, offset, kind in SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return kind
    if b"\x00" in head:
        return "binary data, not text"
    return None
