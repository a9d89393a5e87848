"""Very long debates are served in pages, each no larger than a normal debate, never splitting
a thread.

A heading's page breaks are worked out when its day is imported or a speech in it is corrected,
and stored on the heading (``Section.page_breaks``). A page is then a range of positions, so
any page of a very long debate costs what a normal debate does.

Threads are nested within a heading (:mod:`debates.threads`). A break may fall only between
threads, so where threads interleave no break falls inside either; one thread longer than a
page is a long page.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

# A debate longer than either of these is served in pages of at most this size.
MAX_SPEECHES = 1000
MAX_CHARACTERS = 2_000_000


@dataclass(frozen=True)
class Outline:
    """What planning needs of a speech: not its words, only their length."""

    pk: int
    section_id: int
    position: int
    reply_to_id: int | None
    size: int


def page_breaks(
    speeches: list[Outline], max_speeches: int | None = None, max_characters: int | None = None
) -> list[int]:
    """Positions at which the second and later pages begin, for speeches in printed order
    (pages of at most ``MAX_SPEECHES`` speeches and ``MAX_CHARACTERS`` characters by default)."""
    max_speeches = max_speeches or MAX_SPEECHES
    max_characters = max_characters or MAX_CHARACTERS
    if len(speeches) <= max_speeches and sum(speech.size for speech in speeches) <= max_characters:
        return []
    breaks: list[int] = []
    count = size = 0
    for block in unbreakable_blocks(speeches):
        block_size = sum(speech.size for speech in block)
        if count and (count + len(block) > max_speeches or size + block_size > max_characters):
            breaks.append(block[0].position)
            count = size = 0
        count += len(block)
        size += block_size
    return breaks


def unbreakable_blocks(speeches: list[Outline]) -> list[list[Outline]]:
    """The speeches cut where no thread is open: each block holds whole threads only."""
    by_pk = {speech.pk: speech for speech in speeches}
    root: dict[int, int] = {}
    last_of_thread: dict[int, int] = {}
    for speech in speeches:
        parent = by_pk.get(speech.reply_to_id)
        joins = (
            parent is not None
            and parent.section_id == speech.section_id
            and parent.position < speech.position
        )
        root[speech.pk] = root[parent.pk] if joins else speech.pk
        last_of_thread[root[speech.pk]] = speech.position
    blocks: list[list[Outline]] = []
    open_until = None
    for speech in speeches:
        if open_until is None or speech.position > open_until:
            blocks.append([])
        blocks[-1].append(speech)
        ends = last_of_thread[root[speech.pk]]
        open_until = ends if open_until is None else max(open_until, ends)
    return blocks


def at_headings(breaks: list[int], speeches: list[Outline], headings: list[int]) -> list[int]:
    """Each break moved back to the heading just before it, where no speech comes between: a
    page then begins with the heading, rather than the page before ending with it.

    ``speeches`` are in printed order; each break is placed by bisection.
    """
    if not breaks:
        return []
    headings = sorted(headings)
    positions = [speech.position for speech in speeches]
    moved = []
    for start in breaks:
        before = bisect.bisect_left(headings, start)
        if not before:
            moved.append(start)
            continue
        heading = headings[before - 1]
        first_after_heading = bisect.bisect_right(positions, heading)
        between = first_after_heading < len(positions) and positions[first_after_heading] < start
        moved.append(start if between else heading)
    return moved


@dataclass(frozen=True)
class Page:
    """One page of a heading: its number, how many there are, and its positions."""

    number: int
    count: int
    first: int | None  # the first position on this page (None: from the start)
    last: int | None  # the first position on the next page (None: to the end)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count

    def holds(self, position: int) -> bool:
        return (self.first is None or position >= self.first) and (self.last is None or position < self.last)


def page_of(breaks: list[int], number: int) -> Page | None:
    """Page ``number`` (from 1) of a heading with these breaks; None if there is no such page."""
    count = len(breaks) + 1
    if not 1 <= number <= count:
        return None
    bounds = [None, *breaks, None]
    return Page(number, count, bounds[number - 1], bounds[number])


def page_holding(breaks: list[int], position: int) -> int:
    return 1 + sum(1 for start in breaks if position >= start)
