"""Finish a parsed day before anything is written: business, threads, positions.

Parsers call :func:`finish_day` last, so that a day leaves the parse step complete. It also
refuses a day that names one id twice: storing both would fail on the unique constraint or, on
a reissue, silently keep only one.
"""

from __future__ import annotations

from ..records import NOBODY_KNOWN, DayRecord, ImportFailed, KnownPeople
from .business import classify_business
from .replies import infer_threads


def finish_day(day: DayRecord, people: KnownPeople = NOBODY_KNOWN) -> DayRecord:
    check_unique_ids(day)
    classify_business(day, people)
    infer_threads(day, people)
    day.number_positions()
    return day


def check_unique_ids(day: DayRecord) -> None:
    """Raise :class:`ImportFailed` naming both lines when an id is given twice in one file."""
    for what, items in (
        ("speech", day.speeches),
        ("heading", day.sections),
        ("division", [division for section in day.sections for division in section.divisions]),
    ):
        first_line: dict[str, int] = {}
        for item in items:
            if not item.source_id:
                continue
            if item.source_id in first_line:
                raise ImportFailed(
                    f"the {what} id {item.source_id} is given twice (first on line "
                    f"{first_line[item.source_id]}); each id must be unique, so nothing was imported",
                    line=item.line or None,
                    source=day.source,
                )
            first_line[item.source_id] = item.line
