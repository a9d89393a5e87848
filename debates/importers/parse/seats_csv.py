"""Parse the seats table an editor keeps in a spreadsheet into a :class:`MembersRecord`; no database.

The format is described in docs/importing.md: one row per person per seat-term, columns named
on the first line in any order (matched ignoring case and spaces). A file that is not UTF-8 is
read as Windows-1252, which is what Excel writes. Blank lines are ignored; any other problem
stops the import with the line and the column at fault.
"""

from __future__ import annotations

import csv
import datetime
import io
import re

from ..members_records import (
    ConstituencyRecord,
    MembersRecord,
    PartyRecord,
    PersonRecord,
    SeatRecord,
    name_key,
)
from ..records import ImportFailed
from . import limits
from .limits import check_line_count

REQUIRED_COLUMNS = ("person_id", "name", "constituency", "party", "start_date", "end_date")
OPTIONAL_COLUMNS = ("member_id",)
PERSON_PREFIX = "uk.org.publicwhip/person/"
MEMBER_PREFIX = "uk.org.publicwhip/member/"
MAX_LENGTHS = {"name": 200, "constituency": 150, "party": 100}  # the database's limits


def _header(line: str) -> list[str]:
    return [cell.strip().lower().replace(" ", "_") for cell in next(csv.reader([line]), [])]


def looks_like_seats_csv(data: bytes) -> bool:
    """Whether the first line of ``data`` is a seats-table header (all the required columns)."""
    lines = data[:4096].lstrip(b"\xef\xbb\xbf").decode("utf-8", errors="replace").splitlines()
    try:
        return bool(lines) and set(REQUIRED_COLUMNS) <= set(_header(lines[0]))
    except csv.Error:  # not CSV at all (a stray NUL, an unclosed quote): some other format
        return False


def _decode(data: bytes) -> tuple[str, str]:
    """The text, and a note when it was not UTF-8."""
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "the file is not UTF-8; read it as Windows-1252"


def _identifier(value: str, prefix: str, column: str, fail) -> str:
    """ "24691" or "uk.org.publicwhip/person/24691" → the full id; anything else is an error."""
    if not value:
        return ""
    if re.fullmatch(r"\d+", value):
        return prefix + value
    if re.fullmatch(re.escape(prefix) + r"\d+", value):
        return value
    raise fail(f"{column} {value!r} is not a ParlParse id ({prefix}N or N)")


def _date(value: str, column: str, fail) -> datetime.date | None:
    if not value:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    raise fail(f"{column} {value!r} is not a date (YYYY-MM-DD)")


def parse_seats_csv(data: bytes, source: str = "") -> MembersRecord:
    """Parse a seats table; :class:`ImportFailed` names the line and column of the first bad cell."""
    check_line_count(data, source, limits.MAX_CSV_ROWS, "table")
    text, note = _decode(data)
    record = MembersRecord(source=source, kind="seats")
    if note:
        record.notes.append(("warning", note))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip().lower().replace(" ", "_") for cell in next(reader)]
    except StopIteration:
        raise ImportFailed("the file is empty", source=source) from None
    except csv.Error as error:
        raise ImportFailed(f"not readable as CSV: {error}", line=1, source=source) from error
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    unknown = [column for column in header if column not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        problems = [f"missing {', '.join(missing)}"] if missing else []
        problems += [f"unknown {', '.join(repr(column) for column in unknown)}"] if unknown else []
        problems += ["a column is named twice"] if len(set(header)) != len(header) else []
        raise ImportFailed(
            f"the header must name the columns {','.join(REQUIRED_COLUMNS)} (and optionally "
            f"member_id): {'; '.join(problems)}",
            line=1,
            source=source,
        )

    persons: dict[str, PersonRecord] = {}
    parties: dict[str, PartyRecord] = {}
    constituencies: dict[str, ConstituencyRecord] = {}
    seen: dict[tuple, int] = {}
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ImportFailed(
                f"not readable as CSV: {error}", line=reader.line_num, source=source
            ) from error
        line = reader.line_num

        def fail(message: str, line: int = line) -> ImportFailed:
            return ImportFailed(message, line=line, source=source)

        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise fail(f"expected {len(header)} columns, found {len(cells)}")
        row = {column: cell.strip() for column, cell in zip(header, cells, strict=True)}
        for column in ("name", "constituency", "start_date"):
            if not row[column]:
                raise fail(f"{column} is empty")
        for column, longest in MAX_LENGTHS.items():
            if len(row[column]) > longest:
                raise fail(f"{column} is longer than {longest} characters")
        person_id = _identifier(row["person_id"], PERSON_PREFIX, "person_id", fail)
        member_id = _identifier(row.get("member_id", ""), MEMBER_PREFIX, "member_id", fail)
        start = _date(row["start_date"], "start_date", fail)
        end = _date(row["end_date"], "end_date", fail)
        if end and start and end < start:
            raise fail(f"end_date {row['end_date']} is before start_date {row['start_date']}")

        name = " ".join(row["name"].split())
        person_key = person_id or name_key(name)
        known = persons.setdefault(
            person_key, PersonRecord(key=person_key, name=name, parlparse_id=person_id)
        )
        if known.name != name:
            raise fail(f"person_id {person_id} is named {known.name!r} on an earlier line, {name!r} here")
        constituency = " ".join(row["constituency"].split())
        constituencies.setdefault(
            constituency.lower(), ConstituencyRecord(name_key(constituency), constituency)
        )
        party_key = ""
        if row["party"]:
            party = " ".join(row["party"].split())
            party_key = parties.setdefault(party.lower(), PartyRecord(name_key(party), party)).key

        identity = (member_id,) if member_id else (person_key, constituency.lower(), start)
        if identity in seen:
            raise fail(f"repeats the seat-term on line {seen[identity]}")
        seen[identity] = line
        record.memberships.append(
            SeatRecord(
                person_key=person_key,
                constituency_key=constituencies[constituency.lower()].key,
                party_key=party_key,
                parlparse_id=member_id,
                start_date=start,
                end_date=end,
                line=line,
            )
        )
    if not record.memberships:
        raise ImportFailed("the table has a header but no rows", line=line, source=source)
    record.persons = list(persons.values())
    record.parties = list(parties.values())
    record.constituencies = list(constituencies.values())
    return record
