"""Mark the words a reader searched for in a speech, when they arrive from a search result.

A result links to the speech in its debate with ``?hl=the+words``; the debate page then wraps
each word of its speeches that shares a stem with a searched word ("firefighter" marks
"firefighters") in ``<mark>``. Stems come from the Snowball English stemmer, the algorithm
PostgreSQL's English search uses, so what is marked is what the search matched. The marks are
added to the parsed tree of the (already sanitised) speech, never by rewriting HTML as text.
"""

from __future__ import annotations

import re

import snowballstemmer
from lxml import etree, html

from .search.query import STOP_WORDS, fold, words_of

MAX_WORDS = 12
WORD = re.compile(r"\w+(?:['’]\w+)*")
_stemmer = snowballstemmer.stemmer("english")


def stems_of(text: str) -> frozenset[str]:
    """The stems of the words in ``text`` worth marking (not "the", "and"...)."""
    words = [word for word in words_of(text) if word not in STOP_WORDS][:MAX_WORDS]
    return frozenset(_stemmer.stemWords([fold(word) for word in words]))


def highlight(markup: str, stems: frozenset[str]) -> str:
    """``markup`` with each word whose stem is in ``stems`` wrapped in ``<mark>``."""
    if not stems or not markup:
        return markup
    container = html.fragment_fromstring(markup, create_parent="div")
    changed = False
    for element in list(container.iter()):
        if element.tag == "mark" or not isinstance(element.tag, str):
            continue
        changed |= _mark_text(element, stems)
        for child in list(element):
            changed |= _mark_tail(child, stems)
    if not changed:
        return markup
    inner = (container.text or "") and html_escape(container.text)
    return inner + "".join(etree.tostring(child, encoding="unicode", method="html") for child in container)


def html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _pieces(text: str, stems: frozenset[str]) -> list[tuple[str, bool]] | None:
    """``text`` cut into (piece, is_match) pairs, or None when nothing in it matches."""
    pieces, last, found = [], 0, False
    for match in WORD.finditer(text):
        if _stemmer.stemWord(fold(match.group(0))) in stems:
            pieces.append((text[last : match.start()], False))
            pieces.append((match.group(0), True))
            last, found = match.end(), True
    if not found:
        return None
    pieces.append((text[last:], False))
    return pieces


def _marks(pieces: list[tuple[str, bool]]) -> tuple[str, list[etree._Element]]:
    """The leading text and the <mark> elements (each carrying the text after it as its tail)."""
    leading, marks = "", []
    for piece, is_match in pieces:
        if is_match:
            mark = etree.Element("mark")
            mark.text = piece
            marks.append(mark)
        elif marks:
            marks[-1].tail = (marks[-1].tail or "") + piece
        else:
            leading += piece
    return leading, marks


def _mark_text(element: etree._Element, stems: frozenset[str]) -> bool:
    pieces = _pieces(element.text or "", stems)
    if pieces is None:
        return False
    element.text, marks = _marks(pieces)
    for offset, mark in enumerate(marks):
        element.insert(offset, mark)
    return True


def _mark_tail(element: etree._Element, stems: frozenset[str]) -> bool:
    pieces = _pieces(element.tail or "", stems)
    if pieces is None:
        return False
    element.tail, marks = _marks(pieces)
    parent = element.getparent()
    position = parent.index(element)
    for offset, mark in enumerate(marks, 1):
        parent.insert(position + offset, mark)
    return True
