"""Mark glossary terms in speech text, once, when the text is stored; pages only show the result.

``rendered_text`` is ``text`` with the first use of each glossary term in its heading marked.
Terms are found in the text nodes of the parsed tree, so markup and character references are
never rewritten, and a term inside a link or already marked is left alone (no nested links).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from django.utils.text import slugify
from lxml import etree
from lxml import html as lxml_html

# Text inside these is never marked: a link inside a link is invalid, and a marked term is done.
NOT_INSIDE = {"a", "abbr"}


class GlossaryMarker:
    """Marks the first use of each term in a run of speeches (one heading's speeches in order)."""

    def __init__(self, terms: Iterable[tuple[str, str]]):
        self.definitions = {term.casefold(): (term, definition) for term, definition in terms}
        ordered = sorted(self.definitions, key=len, reverse=True)  # "Secretary of State" before "State"
        self.pattern = (
            re.compile(r"\b(" + "|".join(re.escape(term) for term in ordered) + r")\b", re.IGNORECASE)
            if ordered
            else None
        )

    def render(self, texts: Sequence[str]) -> list[str]:
        """Each text with the terms not yet used in the run marked at their first use.

        A text in which nothing is marked renders as "" (the page then shows the text itself):
        most speeches use no term, and a second copy of each would double the table.
        """
        used: set[str] = set()
        rendered = [self.mark(text, used) for text in texts]
        return ["" if marked == text else marked for marked, text in zip(rendered, texts, strict=True)]

    def mark(self, text: str, used: set[str]) -> str:
        if self.pattern is None or not text:
            return text
        root = lxml_html.fragment_fromstring(text, create_parent="div")
        changed = False
        for element in list(root.iter()):
            if not isinstance(element.tag, str):
                continue
            if not _inside_link(element, root):
                changed |= self._mark_text(element, used, tail=False)
            # A tail belongs to the parent: " said the Minister" after a link is outside it.
            if element is not root and not _inside_link(element.getparent(), root):
                changed |= self._mark_text(element, used, tail=True)
        if not changed:
            return text
        return html.escape(root.text or "", quote=False) + "".join(
            etree.tostring(child, encoding="unicode", method="html") for child in root
        )

    def _mark_text(self, element: etree._Element, used: set[str], *, tail: bool) -> bool:
        """Mark the first unused term in ``element.text`` (or its tail); True if anything was."""
        text = element.tail if tail else element.text
        if not text:
            return False
        for match in self.pattern.finditer(text):
            key = match.group(1).casefold()
            if key in used or key not in self.definitions:
                continue
            used.add(key)
            term, definition = self.definitions[key]
            abbr = etree.Element("abbr", {"class": "glossary-term", "title": definition})
            link = etree.SubElement(abbr, "a", {"href": f"#glossary-{term_slug(term)}"})
            link.text = match.group(0)
            abbr.tail = text[match.end() :]
            if tail:
                element.tail = text[: match.start()]
                element.addnext(abbr)
            else:
                element.text = text[: match.start()]
                element.insert(0, abbr)
            # The rest of the text now lives in the tail of the new <abbr>: mark on from there.
            self._mark_text(abbr, used, tail=True)
            return True
        return False


def _inside_link(element: etree._Element | None, root: etree._Element) -> bool:
    while element is not None and element is not root:
        if element.tag in NOT_INSIDE:
            return True
        element = element.getparent()
    return False


def term_slug(term: str) -> str:
    """A term's address and the anchor its marks link to: "Secretary of State" -> "secretary-of-state"."""
    return slugify(term)[:200]


MARK = re.compile(r'href="#glossary-([^"]+)"')


def marked_slugs(rendered: Iterable[str]) -> set[str]:
    """The slugs of the glossary terms marked somewhere in these rendered texts (one pass)."""
    return {slug for text in rendered if "glossary-term" in text for slug in MARK.findall(text)}
