"""Arrange a debate's speeches as threads for display.

Runs on rows already fetched, so a debate page costs the same number of queries whatever its
length.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Speech


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
