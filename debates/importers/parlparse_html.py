"""Turn the body of a ParlParse ``<speech>`` into HTML paragraphs.

ParlParse marks paragraphs with ``<p pid=… class=…>``, inline emphasis and tables as HTML, and
references with ``<phrase class=…>``. This keeps the markup readers need (``phrase`` becomes a
``span`` with its class), unwraps anything else to its words, and drops script and style with
their content. The result is not yet safe: the writer passes every speech through the one
allow-list sanitiser (:mod:`debates.sanitise`) when it stores it.
"""

from __future__ import annotations

import html

from lxml import etree

PARAGRAPH_CLASSES = {"italic", "indent"}
KEPT_TAGS = {
    "i", "b", "em", "strong", "u", "sup", "sub", "br", "a", "ul", "ol", "li", "blockquote",
    "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
}  # fmt: skip
KEPT_ATTRIBUTES = {
    "a": ("href", "title"),
    "td": ("colspan", "rowspan"),
    "th": ("colspan", "rowspan", "scope"),
}
DROPPED_WITH_CONTENT = {"script", "style"}  # their text is code, not words spoken in the House


def speech_html(element: etree._Element) -> str:
    """The speech's paragraphs as HTML; loose text directly inside the speech becomes a paragraph."""

    def loose(text: str | None) -> str:
        return f"<p>{html.escape(text.strip(), quote=False)}</p>" if text and text.strip() else ""

    parts = [loose(element.text)]
    for child in element:
        parts.append(render(child, with_tail=False))
        parts.append(loose(child.tail))
    return "".join(parts)


def render(element: etree._Element, with_tail: bool = True) -> str:
    """One element as HTML: known markup kept, ``phrase`` made a ``span``, unknown tags unwrapped."""
    tail = html.escape(element.tail or "", quote=False) if with_tail else ""
    tag = element.tag
    if not isinstance(tag, str) or tag in DROPPED_WITH_CONTENT:
        return tail
    inner = html.escape(element.text or "", quote=False) + "".join(render(child) for child in element)
    if tag == "p":
        classes = [name for name in (element.get("class") or "").split() if name in PARAGRAPH_CLASSES]
        attributes = [("class", " ".join(classes))] if classes else []
    elif tag == "phrase":
        tag, attributes = "span", [("class", element.get("class", ""))] if element.get("class") else []
    elif tag in KEPT_TAGS:
        attributes = [(name, element.get(name)) for name in KEPT_ATTRIBUTES.get(tag, ()) if element.get(name)]
    else:
        return inner + tail  # pid-only wrappers and future markup: keep the words
    opening = "<" + tag + "".join(f' {name}="{html.escape(value)}"' for name, value in attributes) + ">"
    return opening + tail if tag == "br" else f"{opening}{inner}</{tag}>{tail}"
