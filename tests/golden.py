"""Golden files: a parsed day written out as readable JSON, checked in beside its fixture.

A golden file records what the parser makes of a fixture: each heading with its kind and kind
of business, each speech as "id speaker kind -> id it replies to" in the order and at the depth
a debate page shows it, divisions, and the report's notes. A test compares a fresh parse with it; a change in parsing shows up as a readable diff.
After a deliberate change, rewrite them with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden_days.py``
and read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace

from debates.importers.records import DayRecord
from debates.threads import build_threads


def short_id(source_id: str) -> str:
    """ "uk.org.publicwhip/debate/2009-10-27d.141.9" -> "141.9"."""
    return ".".join(source_id.rsplit(".", 2)[-2:])


def reading_order(day: DayRecord, indexes: list[int]) -> list[tuple[int, int]]:
    """A heading's speeches as a debate page shows them: (speech index, depth) in reading
    order, nested by :func:`debates.threads.build_threads` itself."""
    shown = [
        SimpleNamespace(pk=index, reply_to_id=day.speeches[index].reply_to,
                        position=day.speeches[index].position, kind=day.speeches[index].kind)
        for index in indexes
    ]  # fmt: skip
    order: list[tuple[int, int]] = []

    def walk(nodes, depth):
        for node in nodes:
            order.append((node.speech.pk, depth))
            walk(node.replies, depth + 1)

    walk(build_threads(shown), 0)
    return order


def summarise(day: DayRecord) -> dict:
    """Each heading's speeches in reading order, indented as the page nests them, each with
    the speech it replies to."""
    speeches = day.speeches
    sections = []
    for section in day.sections:
        lines = []
        for index, depth in reading_order(day, section.speeches):
            speech = speeches[index]
            who = speech.speaker_name or "(no speaker)"
            reply = (
                f" -> {short_id(speeches[speech.reply_to].source_id)}" if speech.reply_to is not None else ""
            )
            lines.append(f"{'  ' * depth}{short_id(speech.source_id)} {who}: {speech.kind}{reply}")
        sections.append(
            {
                "heading": section.heading,
                "kind": section.kind,
                "business": section.business,
                "questions": section.is_questions,
                "speeches": lines,
                "divisions": [
                    f"{division.number}: ayes {division.ayes}, noes {division.noes}; "
                    + "; ".join(
                        f"{vote.name} {vote.vote}{' (teller)' if vote.teller else ''}"
                        + (f" by proxy {vote.proxy_person_id}" if vote.proxy_person_id else "")
                        for vote in division.votes
                    )
                    for division in section.divisions
                ],
            }
        )
    record = {"kind": day.kind, "part": day.part, "title": day.title} if day.kind != "debate" else {}
    if day.members:
        record["members"] = [
            f"{member.role}: {member.name} {member.description}".strip()
            + ("" if member.attending else " (not attending)")
            for member in day.members
        ]
    return {
        **record,
        "date": day.date.isoformat(),
        "version": day.version,
        "latest": day.latest,
        "sections": sections,
        "html": {short_id(speech.source_id): speech.html for speech in speeches[:6]},
        "notes": [f"line {line}: {note}" for line, note in day.notes],
    }


def check_golden(day: DayRecord, golden: Path) -> None:
    """Assert that ``day`` reads as ``golden`` says (or rewrite it, with UPDATE_GOLDEN=1)."""
    summary = summarise(day)
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert summary == json.loads(golden.read_text(encoding="utf-8"))
