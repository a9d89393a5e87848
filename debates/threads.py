"""Arrange a debate's speeches as threads for display.

Runs on rows already fetched, so a debate page costs the same number of queries whatever its
length. :func:`flatten` turns the nested threads into one list that the page template walks
in a single loop, opening and closing the nested lists as it goes: no template is included,
and nothing recurses, once per speech.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Speech


@dataclass
class Node:
    """A speech and the replies nested beneath it, in printed order."""

    speech: Speech
    replies: list[Node] = field(default_factory=list)


@dataclass
class Item:
    """One speech in reading order, with the nesting to close after it.

    A speech with replies leaves its ``<article>`` open and opens a list of replies; a speech
    without ends its own, then ``closes`` the lists of replies (and the speeches holding them)
    that it was the last of.
    """

    speech: Speech
    has_replies: bool
    closes: range


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


def flatten(threads: list[Node]) -> list[Item]:
    """The speeches of ``threads`` in reading order, each with what to close after it."""
    items: list[Item] = []
    # (node, how many enclosing speeches end with this node's last reply)
    stack = [(node, 0) for node in reversed(threads)]
    while stack:
        node, ending = stack.pop()
        if not node.replies:
            items.append(Item(node.speech, False, range(ending)))
            continue
        items.append(Item(node.speech, True, range(0)))
        last = len(node.replies) - 1
        stack.extend(
            (reply, ending + 1 if number == last else 0)
            for number, reply in reversed(list(enumerate(node.replies)))
        )
    return items
