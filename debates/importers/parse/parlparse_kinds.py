"""What each kind of ParlParse record adds to the chamber's shape (pure: no database).

Every id names its kind and day; a committee's ids also name the committee sitting
(``uk.org.publicwhip/standing/standing2009-10-20_CHILDPOV_05-0_2009-10-27a.1.0``). Westminster
Hall and committees print who takes the Chair ("[David Taylor in the Chair]"); that member's
words are then the Chair's.
"""

from __future__ import annotations

import datetime
import re

from lxml import etree

from ...kinds import RecordKind
from ..records import CommitteeMemberRecord, DayRecord, ImportFailed
from .parlparse_values import collapse

ID = re.compile(
    r"uk\.org\.publicwhip/(?P<kind>[a-z]+)/"
    r"(?:standing(?P<part>\d{4}-\d{2}-\d{2}_[A-Za-z0-9]+_(?P<number>\d+)-(?P<piece>\d+))_)?"
    r"(?P<date>\d{4}-\d{2}-\d{2})(?P<version>[a-z]*)\."
)
IN_THE_CHAIR = re.compile(r"\[\s*(?P<name>[^\[\]]+?)\s+in\s+the\s+Chair\s*\]", re.IGNORECASE)
# The label a speech by whoever is in the Chair carries, as Hansard prints it beside the name.
CHAIR_LABEL = "in the Chair"
TITLES = re.compile(r"^(?:the\s+)?(?:rt\.?\s+hon\.?\s+)?(?:mr|mrs|ms|miss|dr|sir|dame|rev|prof)\.?\s+", re.I)


def read_id(identifier: str, source: str, line: int | None = None) -> re.Match:
    """The parts of a ParlParse id (kind, date, version; a committee sitting's key), or a refusal
    that says what an id should look like."""
    match = ID.search(identifier or "")
    if not match:
        raise ImportFailed(
            f"the id {identifier[:120]!r} is not a ParlParse id like "
            "uk.org.publicwhip/debate/2009-10-27d.141.0, so the record and its day are unknown",
            line=line,
            source=source,
        )
    if match.group("kind") not in RecordKind.values:
        raise ImportFailed(
            f"records of the kind {match.group('kind')!r} are not among those the archive keeps "
            f"({', '.join(RecordKind.values)}); nothing was imported",
            line=line,
            source=source,
        )
    return match


def new_day_from_id(match: re.Match, source: str, version: str, latest: bool) -> DayRecord:
    try:
        date = datetime.date.fromisoformat(match.group("date"))
    except ValueError as error:
        raise ImportFailed(f"the id {match.group(0)!r} has no real date", source=source) from error
    return DayRecord(
        source=source,
        house="commons",
        date=date,
        kind=match.group("kind"),
        part=match.group("part") or "",
        version=version or match.group("version"),
        latest=latest,
        whole_day=True,
        people_from_labels=False,
    )


def plain_name(name: str) -> str:
    """A name for matching who is in the Chair: "Mrs. Joan Humble" -> "joan humble"."""
    return " ".join(TITLES.sub("", collapse(name)).lower().replace(".", "").split())


def chair_in(text: str) -> tuple[str | None, str]:
    """(who takes the Chair, the text without the marker): "[David Taylor in the Chair] — Biofuels"
    -> ("david taylor", "Biofuels")."""
    match = IN_THE_CHAIR.search(text)
    if not match:
        return None, text
    rest = (text[: match.start()] + text[match.end() :]).strip(" \t\n—–-")
    return plain_name(match.group("name")), collapse(rest)


def committee_members(element: etree._Element) -> list[CommitteeMemberRecord]:
    """The chairs, members and clerks of a committee sitting's ``<committee>``, in printed order."""
    members = []
    for child in element.iter("mpname", "clerk"):
        if child.tag == "clerk":
            members.append(
                CommitteeMemberRecord(collapse("".join(child.itertext())), "clerk", line=child.sourceline)
            )
            continue
        role = "chair" if child.getparent().tag == "chairmen" else "member"
        name = collapse(child.get("membername") or "".join(child.itertext()))
        printed = collapse("".join(child.itertext()))
        members.append(
            CommitteeMemberRecord(
                name=name,
                role=role,
                member_id=(child.get("memberid") or "").strip(),
                description=description_of(printed),
                attending=child.get("attending", "true") != "false",
                line=child.sourceline or 0,
            )
        )
    return members


def description_of(printed: str) -> str:
    """What a committee list prints after a member's name: " Baron, Mr. John (Billericay) (Con)"
    -> "(Billericay) (Con)"."""
    start = printed.find("(")
    return printed[start:].strip() if start >= 0 else ""


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def shape_headings(day: DayRecord, number: str = "", piece: str = "") -> None:
    """Make each kind's headings read as its debates.

    Westminster Hall: a minor heading with no major heading printed before it is a debate of
    its own. A committee sitting: one debate, named after the bill and the sitting, everything
    else under it.
    """
    if day.kind == RecordKind.WESTMINSTER_HALL:
        seen_major = False
        for section in day.sections:
            seen_major |= section.kind == "major"
            if section.kind == "minor" and not seen_major:
                section.kind = "major"
    elif day.kind == RecordKind.BILL_COMMITTEES and day.sections:
        first = day.sections[0]
        sitting = f"{ordinal(int(number))} sitting" if number else "sitting"
        if piece and piece != "0":
            sitting += f", part {int(piece) + 1}"
        first.heading = f"{day.title or first.heading} ({sitting})"
        first.kind = "major"
        for section in day.sections[1:]:
            section.kind = "minor"
