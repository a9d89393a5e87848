"""Finish a parsed day before anything is written: business, threads, positions.

Parsers call :func:`finish_day` last, so that a :class:`.records.DayRecord` leaves the parse step
complete: every heading knows its kind of business (and business after question time is a
debate of its own), every speech its kind and the speech it replies to, and everything its
position in the day. The writers only store what they are given.
"""

from __future__ import annotations

from .business import classify_business
from .records import NOBODY_KNOWN, DayRecord, KnownPeople
from .replies import infer_threads


def finish_day(day: DayRecord, people: KnownPeople = NOBODY_KNOWN) -> DayRecord:
    classify_business(day, people)
    infer_threads(day, people)
    day.number_positions()
    return day
