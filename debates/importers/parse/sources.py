"""The files an import reads, opened one at a time: plain files, and the entries of zips.

Memory stays bounded by the largest single file. A zip is inflated one entry at a time,
counting the bytes that really come out rather than trusting the entry's header. Every way a
zip can fail becomes a failed report line for that entry or zip; the other files still import.

Before anything is imported each file is *sniffed* (read through once, in pieces) for its kind
and real size, and damage is found then. People come first, then offices and seats, then
debates, so that later files resolve against earlier ones.
"""

from __future__ import annotations

import io
import logging
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO

from django.conf import settings

from ..records import ImportFailed
from ..report import FileReport
from . import popolo, seats_csv

logger = logging.getLogger(__name__)

MAX_FILES_IN_ZIP = 5000
ZIP_MAGIC = b"PK\x03\x04"
CHUNK_BYTES = 1024 * 1024
SNIFF_BYTES = 4096
# Everything reading a zip entry is known to raise for damaged or unsupported input: encrypted
# entries (RuntimeError), deflate64 and other methods (NotImplementedError), corrupt deflate data
# (zlib.error), truncated files (EOFError, struct.error), bad headers and checksums (BadZipFile),
# and I/O errors. Fuzzing found the rest.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    RuntimeError,
    NotImplementedError,
    zlib.error,
    EOFError,
    struct.error,
    OSError,
    ValueError,
    KeyError,
    IndexError,
    OverflowError,
    UnicodeDecodeError,
)
# Files that sit beside data in ParlParse folders and zips but are not data: publication-time
# lists, and what archivers add (macOS resource forks, hidden files).
NOT_DATA = {"changedates.txt"}
# Import order by kind: later kinds resolve against earlier ones.
PEOPLE, MEMBERS, DEBATES = 1, 2, 3


@dataclass
class SourceFile:
    """A file handed to the importer: its bytes, a path on disk, or a way to open it (a file in
    the upload storage, which may be another machine's), read when needed."""

    name: str
    data: bytes | None = None
    path: Path | None = None
    key: str = ""  # stable name for the job's record of what is done; the name by default
    opener: Callable[[], BinaryIO] | None = None

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        if self.opener is not None:
            return self.opener()
        return open(self.path, "rb")  # noqa: SIM115


@dataclass
class Entry:
    """One file to import: a plain file, or one entry of an opened zip, with its kind."""

    name: str  # as reports show it: "upload.zip/debates2009-10-27d.xml"
    key: str  # the same for this file in every run of a job
    source: SourceFile
    archive: zipfile.ZipFile | None = None
    info: zipfile.ZipInfo | None = None
    order: int = DEBATES
    size: int = 0  # bytes, as really read when sniffed

    def stream(self) -> BinaryIO:
        if self.archive is None:
            return self.source.open()
        return self.archive.open(self.info)

    def read(self) -> bytes:
        """The whole file, refused (:class:`ImportFailed`) past the size limit or if unreadable."""
        limit = settings.IMPORT_MAX_FILE_BYTES
        if self.archive is None and self.source.data is not None:
            if len(self.source.data) > limit:
                raise ImportFailed(self.too_large(limit))
            return self.source.data
        with self.reading(), self.stream() as stream:
            # At most the limit and a byte, to see that it is over: the real size counts,
            # whatever a zip's header or a storage claims.
            data = stream.read(limit + 1)
        if len(data) > limit:
            raise ImportFailed(self.too_large(limit))
        return data

    def sniff(self) -> None:
        """Read the file through once, in pieces: its real size, its kind; damage is found here."""
        limit = settings.IMPORT_MAX_FILE_BYTES
        head, tail, markers, size = b"", b"", set(), 0
        longest = max(len(marker) for marker in popolo.MARKERS)
        with self.reading(), self.stream() as stream:
            while chunk := stream.read(CHUNK_BYTES):
                size += len(chunk)
                if size > limit:
                    raise ImportFailed(self.too_large(limit))
                if len(head) < SNIFF_BYTES:
                    head += chunk[: SNIFF_BYTES - len(head)]
                window = tail + chunk
                markers.update(marker for marker in popolo.MARKERS if marker in window)
                tail = window[-longest:]
        self.size = size
        if not head.strip():
            raise ImportFailed("the file is empty")
        if self.archive is not None and head.startswith(ZIP_MAGIC):
            raise ImportFailed("a zip inside a zip is not opened: unzip it and upload its files")
        self.order = kind_order(head, frozenset(markers))

    def too_large(self, limit: int) -> str:
        claimed = f" (its zip header claims {self.info.file_size:,})" if self.info is not None else ""
        return f"more than {limit:,} bytes{claimed}; the limit is {limit:,}"

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Turn the errors of a damaged zip entry into :class:`ImportFailed`."""
        try:
            yield
        except ZIP_ERRORS as error:
            if self.archive is None:
                raise
            raise ImportFailed(f"the zip entry cannot be read: {describe(error)}") from error


def describe(error: BaseException) -> str:
    """What went wrong reading a zip, in words: "encrypted", "unsupported compression"..."""
    if isinstance(error, RuntimeError) and "encrypted" in str(error):
        return "it is encrypted (zips with passwords are not read)"
    if isinstance(error, NotImplementedError):
        return f"its compression method is not supported ({error}); zip it again with plain deflate"
    if isinstance(error, zlib.error | EOFError | struct.error):
        return f"the data is corrupt or cut short ({type(error).__name__}: {error})"
    return f"{type(error).__name__}: {error}"


def kind_order(head: bytes, markers: frozenset[bytes]) -> int:
    """People first, then offices and seats, then debates (and anything else, which fails later)."""
    if popolo.looks_like_members_json(head, markers):
        return PEOPLE if popolo.PEOPLE_MARKER in markers else MEMBERS
    if seats_csv.looks_like_seats_csv(head):
        return MEMBERS
    return DEBATES


def is_data_file(name: str) -> bool:
    """Whether a file found in a folder or a zip is one to import."""
    parts = PurePosixPath(name).parts
    return (
        bool(parts)
        and parts[-1] not in NOT_DATA
        and not any(part.startswith(".") or part == "__MACOSX" for part in parts)
    )


def leads_outside(name: str) -> bool:
    """Whether a zip entry's name would lead outside the folder it were unpacked into."""
    for path in (PurePosixPath(name), PureWindowsPath(name)):
        if path.is_absolute() or path.anchor or ".." in path.parts:
            return True
    return False


def failed(name: str, message: str, key: str = "") -> FileReport:
    report = FileReport(name, key=key or name)
    report.fail(f"{name}: {message}")
    return report


def plan(files: Iterable[SourceFile], stack: ExitStack) -> list[Entry | FileReport]:
    """Every file to import, sniffed and in import order; what cannot be read, as failed reports.

    Zips stay open on ``stack`` until the caller has imported their entries.
    """
    items: list[Entry | FileReport] = []
    for source in files:
        key = source.key or source.name
        try:
            with source.open() as stream:
                is_zip = stream.read(4) == ZIP_MAGIC
        except OSError as error:
            items.append(failed(source.name, f"cannot be read ({error})", key))
            continue
        entries = zip_entries(source, key, stack, items) if is_zip else [Entry(source.name, key, source)]
        for entry in entries:
            try:
                entry.sniff()
            except ImportFailed as error:
                items.append(failed(entry.name, error.message, entry.key))
            else:
                items.append(entry)
    return sorted(items, key=lambda item: 0 if isinstance(item, FileReport) else item.order)


def office_kind(names: set[str]) -> str:
    """What an office document is, from the names in it (.docx, .xlsx, .odt are zips)."""
    if "[Content_Types].xml" in names:
        for folder, kind in (("word/", "a Word document (.docx)"), ("xl/", "an Excel workbook (.xlsx)"),
                             ("ppt/", "a PowerPoint presentation (.pptx)")):  # fmt: skip
            if any(name.startswith(folder) for name in names):
                return kind
        return "a Microsoft Office document"
    if "mimetype" in names and "META-INF/manifest.xml" in names:
        return "an OpenDocument file (.odt, .ods)"
    return ""


def zip_entries(source: SourceFile, key: str, stack: ExitStack, items: list) -> Iterator[Entry]:
    """The data files of a zip, in name order, checked for names and sizes as they are listed.

    The unpacked total is counted as entries are sniffed (their real sizes, not the headers'):
    past the limit the remaining entries fail.
    """
    try:
        archive = stack.enter_context(zipfile.ZipFile(stack.enter_context(source.open())))
        infos = [info for info in archive.infolist() if not info.is_dir()]
    except ZIP_ERRORS as error:
        items.append(failed(source.name, f"not a readable zip: {describe(error)}", key))
        return
    office = office_kind({info.filename for info in infos})
    if office:
        message = f"this is {office}, not a zip of files the archive imports; save the text as plain text"
        items.append(failed(source.name, message, key))
        return
    if len(infos) > MAX_FILES_IN_ZIP:
        items.append(
            failed(source.name, f"the zip holds {len(infos):,} files; at most {MAX_FILES_IN_ZIP:,}", key)
        )
        return
    limit, total = settings.IMPORT_MAX_ZIP_BYTES, 0
    claimed = sum(info.file_size for info in infos)
    if claimed > limit:
        items.append(
            failed(source.name, f"it unpacks to {claimed:,} bytes; the limit is {limit:,}: split it")
        )
        return
    for info in sorted(infos, key=lambda info: info.filename):
        name, entry_key = f"{source.name}/{info.filename}", f"{key}/{info.filename}"
        if leads_outside(info.filename):
            message = "refused: the entry's name leads outside the zip (path traversal)"
            items.append(failed(name, message, entry_key))
            continue
        if not is_data_file(info.filename):
            continue
        if total > limit:
            message = f"not read: the zip unpacks to more than {limit:,} bytes; split it"
            items.append(failed(name, message, entry_key))
            continue
        entry = Entry(name, entry_key, source, archive, info)
        yield entry  # the caller sniffs it before asking for the next: its real size is known
        total += entry.size
