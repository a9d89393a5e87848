"""Arrange a debate's speeches as threads for display, on rows already fetched.

:func:`flatten` turns the nested threads into one list that the page walks in a single loop,
opening and closing the nested lists as it goes, so nothing recurses per speech.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Speech, SpeechKind


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
    """Nest each speech under the speech it replies to (when that is on the same page), keeping
    Hansard's reading order for what stands outside threads.

    A reply to a speech not shown here starts its own thread. The Chair's words, stage
    directions and collective interjections reply to nobody, but were said at one moment of an
    exchange: each is placed right after the speech printed before it (as the first of its
    replies when replies to it follow), so a thread never carries them past later words.
    """
    outside = set(SpeechKind.outside_threads())
    nodes = {speech.pk: Node(speech) for speech in speeches}
    answered = {
        speech.reply_to_id
        for speech in speeches
        if speech.reply_to_id in nodes and nodes[speech.reply_to_id].speech.position < speech.position
    }
    roots: list[Node] = []
    holder: dict[int, list[Node]] = {}  # the list each node was placed in
    previous: Node | None = None
    for speech in speeches:
        node = nodes[speech.pk]
        parent = nodes.get(speech.reply_to_id)
        if parent is not None and parent.speech.position < speech.position:
            place = parent.replies
        elif speech.kind in outside and speech.reply_to_id is None and previous is not None:
            place = previous.replies if previous.speech.pk in answered else holder[previous.speech.pk]
        else:
            place = roots
        place.append(node)
        holder[speech.pk] = place
        previous = node
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
