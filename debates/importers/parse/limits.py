"""How much one file may hold, so that an import's memory is bounded by the largest real day.

Each limit is far above what real files hold (a sitting day's XML has a few thousand elements,
about 10 deep) and far below what would exhaust memory. The parsers check cheap upper bounds
(every element starts with ``<``; every JSON value but the first follows a comma) before
building anything, so a file of junk is refused before it costs memory.
"""

from __future__ import annotations

from lxml import etree

from ..records import ImportFailed

MAX_XML_ELEMENTS = 500_000
MAX_XML_DEPTH = 40
MAX_JSON_VALUES = 2_000_000
MAX_TEXT_LINES = 200_000
MAX_CSV_ROWS = 200_000


def check_xml_size(data: bytes, source: str) -> None:
    """Refuse XML with more elements (counted as ``<``, an upper bound) than any day needs."""
    bound = data.count(b"<")
    if bound > MAX_XML_ELEMENTS:
        raise ImportFailed(
            f"the file has up to {bound:,} elements; a sitting day needs far fewer, and at most "
            f"{MAX_XML_ELEMENTS:,} are read",
            source=source,
        )


def check_json_size(data: bytes, source: str) -> None:
    """Refuse JSON with more values (an upper bound from commas and brackets) than any file needs."""
    bound = data.count(b",") + data.count(b"[") + data.count(b"{") + 1
    if bound > MAX_JSON_VALUES:
        raise ImportFailed(
            f"the file has up to {bound:,} values; at most {MAX_JSON_VALUES:,} are read", source=source
        )


# Everything ``str.splitlines`` breaks at (a CR LF pair counts twice: an upper bound).
LINE_BREAKS = ("\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def check_line_count(data: bytes | str, source: str, limit: int, what: str) -> None:
    """Refuse text or CSV with more lines than ``limit`` (counted before anything is split)."""
    if isinstance(data, bytes):
        lines = data.count(b"\n") + data.count(b"\r") + 1
    else:
        lines = sum(data.count(mark) for mark in LINE_BREAKS) + 1
    if lines > limit:
        raise ImportFailed(f"the {what} has {lines:,} lines; at most {limit:,} are read", source=source)


def check_xml_depth(root: etree._Element, source: str) -> None:
    """Refuse a document nested deeper than any day is (libxml2 itself stops at 256)."""
    depth = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > MAX_XML_DEPTH:
            raise ImportFailed(
                f"elements are nested more than {MAX_XML_DEPTH} deep; a sitting day is about 10 deep",
                line=element.sourceline,
                source=source,
            )
