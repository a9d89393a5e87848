"""Arrange a debate's speeches as threads for display, and mark glossary terms in them.

Both run on rows already fetched, so a debate page costs the same number of queries whatever
its length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from .models import GlossaryTerm, Speech


@dataclass
class Node:
    """A speech and the replies nested beneath it, in printed order."""

    speech: Speech
    replies: list[Node] = field(default_factory=list)


def build_threads(speeches: list[Speech]) -> list[Node]:
    """Nest each speech under the speech it replies to (when that is on the same page).

    Speeches come in printed order; a reply to a speech not shown here starts its own thread.
    """
    nodes = {speech.pk: Node(speech) for speech in speeches}
    roots: list[Node] = []
    for speech in speeches:
        parent = nodes.get(speech.reply_to_id)
        if parent is not None and parent.speech.position < speech.position:
            parent.replies.append(nodes[speech.pk])
        else:
            roots.append(nodes[speech.pk])
    return roots


class Glossary:
    """Marks the first use of each glossary term in a page's speeches with its definition."""

    def __init__(self, terms: list[GlossaryTerm]):
        self.terms = {term.term.casefold(): term for term in terms}
        self.used: dict[str, GlossaryTerm] = {}
        ordered = sorted(
            self.terms, key=len, reverse=True
        )  # longest first: "Secretary of State" over "State"
        self.pattern = (
            re.compile(r"\b(" + "|".join(re.escape(term) for term in ordered) + r")\b", re.IGNORECASE)
            if ordered
            else None
        )

    def mark(self, html: str) -> SafeString:
        """``html`` (already sanitised on the way in) with new glossary terms wrapped in <abbr>."""
        if self.pattern is None:
            return mark_safe(html)  # noqa: S308 - speech text is sanitised when stored
        # Split into tags and text so that only text, never markup, is rewritten.
        parts = re.split(r"(<[^>]*>)", html)
        for index, part in enumerate(parts):
            if part.startswith("<") or not part:
                continue
            parts[index] = self.pattern.sub(self._wrap, part)
        return mark_safe("".join(parts))  # noqa: S308 - only our own escaped markup was added

    def _wrap(self, match: re.Match) -> str:
        key = match.group(1).casefold()
        term = self.terms.get(key)
        # A case-insensitive match whose case-folded form is not a term ("DİVISION"): leave it.
        if term is None or key in self.used:
            return match.group(0)
        self.used[key] = term
        return (
            f'<abbr class="glossary-term" title="{escape(term.definition)}">'
            f'<a href="#glossary-{slugify(term.term)}">{match.group(0)}</a></abbr>'
        )
