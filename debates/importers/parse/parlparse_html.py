"""Turn the body of a ParlParse ``<speech>`` into safe HTML paragraphs: lxml, then the allow-list.

The speech's elements are adjusted on the lxml tree, serialised, and passed once through the
allow-list sanitiser (:mod:`debates.sanitise`), which removes everything else. Elements and
attributes ParlParse is not known to use are reported with their line, never dropped silently.
"""

from __future__ import annotations

import copy
import html
from collections.abc import Callable

from lxml import etree

from ...sanitise import ALLOWED_TAGS, sanitise_html
from .parlparse_values import as_printed

PARAGRAPH_CLASSES = {"italic", "indent"}
# Attributes ParlParse puts on speech markup; those the page does not show are dropped quietly.
KNOWN_ATTRIBUTES = {
    # ``amendmenttext`` marks the words of an amendment (committees), shown like a motion's.
    "p": {"pid", "class", "qnum", "pwmotiontext", "amendmenttext", "amendmentlevel"},
    "span": {"class"},
    "phrase": {"class", "code", "id", "name", "person_id", "pwmotiontext", "title"},
    "a": {"href", "title"},
    "tr": {"pid"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
KNOWN_TAGS = ALLOWED_TAGS | {"phrase"}
# Noted but expected: markup whose words are kept and whose formatting is not (nh3 unwraps it).
QUIETLY_UNWRAPPED = {"font", "small", "big", "center", "div", "col", "colgroup"}

Reporter = Callable[[str, str, int | None], None]


def speech_html(element: etree._Element, note_unknown: Reporter | None = None) -> str:
    """The speech's paragraphs as sanitised HTML; loose text directly inside it becomes a paragraph.

    ``note_unknown(tag, attribute, line)`` hears of each element (attribute "") or attribute
    that ParlParse is not known to use.
    """
    parts = [loose(element.text)]
    for child in element:
        if not isinstance(child.tag, str):
            parts.append(loose(child.tail))
            continue
        body = copy.deepcopy(child)
        body.tail = None
        for node in body.iter():
            if isinstance(node.tag, str):
                adjust(node, note_unknown)
        parts.append(etree.tostring(body, encoding="unicode", method="html"))
        parts.append(loose(child.tail))
    return sanitise_html(as_printed("".join(parts)))


def loose(text: str | None) -> str:
    return f"<p>{html.escape(text.strip(), quote=False)}</p>" if text and text.strip() else ""


def adjust(node: etree._Element, note_unknown: Reporter | None) -> None:
    """Rewrite one element in place into the markup the page shows."""
    tag = node.tag
    if note_unknown is not None:
        if tag not in KNOWN_TAGS and tag not in QUIETLY_UNWRAPPED and tag not in ("script", "style"):
            note_unknown(tag, "", node.sourceline)
        for name in node.attrib:
            if name not in KNOWN_ATTRIBUTES.get(tag, ()):
                note_unknown(tag, name, node.sourceline)
    if tag == "p":
        classes = [name for name in (node.get("class") or "").split() if name in PARAGRAPH_CLASSES]
        if node.get("pwmotiontext") == "yes" or node.get("amendmenttext") == "true":
            classes.append("motion")  # the words of a motion or an amendment, shown as quoted
        node.attrib.clear()
        if classes:
            node.set("class", " ".join(classes))
    elif tag == "span":  # committees print italics as a span of class "italic"
        kind = node.get("class", "")
        node.attrib.clear()
        if kind == "italic":
            node.tag = "i"
    elif tag == "phrase":
        kind = node.get("class", "")
        node.tag = "span"
        node.attrib.clear()
        if kind:
            node.set("class", kind)
