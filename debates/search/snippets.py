"""Turn an engine's marked fragment of a speech into safe HTML with ``<mark>`` around matches.

Both engines return the speech's words with each match between two private-use characters
(which no speech contains). Whatever else the fragment holds is escaped here, so a snippet can
never carry markup from the speech into the results page; only our own ``<mark>`` survives.
"""

from __future__ import annotations

import html

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from .schema import html_text

MARK_START = "\ue000"
MARK_END = "\ue001"


def marked_html(fragment: str) -> SafeString:
    """``fragment`` (plain text, HTML entities allowed) as escaped HTML with ``<mark>``s."""
    text = html.escape(html.unescape(fragment or ""), quote=False)
    text = text.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(" ".join(text.split()))  # noqa: S308 - escaped above; only <mark> added


def opening_words(markup: str, words: int = 40) -> SafeString:
    """The first ``words`` words of speech HTML, as escaped text (for searches without words)."""
    text = " ".join(html_text(markup).split())
    return marked_html(html.escape(Truncator(text).words(words, truncate="…"), quote=False))
