"""Parse ParlParse's members files (Popolo JSON) into a :class:`MembersRecord`; no database.

Two shapes are read, told apart by their keys:

- the **people file** (``people.json``): ``persons``, ``organizations``, ``posts`` and
  ``memberships``. Each membership is one seat-term (``uk.org.publicwhip/member/N``) of a person
  for a post (a constituency, ``uk.org.publicwhip/cons/N``) on behalf of a party. Only the House
  of Commons is imported: memberships of other bodies (the Lords, devolved legislatures) and
  people who never sat in the Commons are listed as skipped, with the reason.
- the **ministers file** (``ministers.json``): ``organizations`` (departments, committees,
  parties) and ``memberships`` whose ids are ``uk.org.publicwhip/moffice/N``: one office each,
  with a ``role`` ("Secretary of State", "PPS (...)", none for a plain committee member). Roles
  that exist only in the Lords are skipped here; offices of people the database does not know
  are skipped by the writer, which alone can tell.

Dates are ``YYYY-MM-DD`` (a bare ``YYYY`` or ``YYYY-MM`` is read as its first or last day);
a missing date or ``9999-12-31`` means open-ended.
"""

from __future__ import annotations

import calendar
import datetime
import json
import re

from .members_records import (
    ConstituencyRecord,
    MembersRecord,
    OfficeRecord,
    PartyRecord,
    PersonRecord,
    SeatRecord,
    SkippedRecord,
)
from .records import ImportFailed

COMMONS = "house-of-commons"
# The chair's "parties": ParlParse seats the Speaker and Deputy Speakers under these ids.
CHAIR_PARTIES = {"speaker": "Speaker", "deputy-speaker": "Deputy Speaker"}
OPEN_ENDED = "9999-12-31"


def looks_like_members_json(data: bytes) -> bool:
    """Whether ``data`` looks like a ParlParse people or ministers file (a cheap sniff, no parse)."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return head == b"{" and b'"memberships"' in data and (b'"persons"' in data or b"/moffice/" in data)


def parse_members_json(data: bytes, source: str = "") -> MembersRecord:
    """Parse a people or ministers file; :class:`ImportFailed` explains anything unreadable."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ImportFailed(f"the file is not UTF-8 (byte {error.start})", source=source) from error
    except json.JSONDecodeError as error:
        raise ImportFailed(
            f"not valid JSON: {error.msg} (column {error.colno})", line=error.lineno, source=source
        ) from error
    if not isinstance(document, dict):
        raise ImportFailed("expected a JSON object with persons or memberships", source=source)
    if "persons" in document:
        return _parse_people(document, source)
    memberships = document.get("memberships")
    if isinstance(memberships, list) and any(
        isinstance(item, dict) and "/moffice/" in str(item.get("id", "")) for item in memberships
    ):
        return _parse_ministers(document, source)
    raise ImportFailed(
        "not a ParlParse members file: expected the people file (persons, organizations, posts, "
        "memberships) or the ministers file (organizations, memberships with moffice ids)",
        source=source,
    )


class _Reader:
    """Checks shapes and reads dates, naming the item at fault in every message."""

    def __init__(self, document: dict, source: str):
        self.document = document
        self.source = source

    def fail(self, message: str) -> ImportFailed:
        return ImportFailed(message, source=self.source)

    def items(self, key: str, required: tuple[str, ...] = ("id",)) -> list[tuple[str, dict]]:
        """The objects under ``key``, each with a "where" for messages; each must have ``required``."""
        value = self.document.get(key)
        if not isinstance(value, list):
            raise self.fail(f"missing the list {key!r}")
        items = []
        for index, item in enumerate(value):
            where = f"{key}[{index}]"
            if not isinstance(item, dict):
                raise self.fail(f"{where} is not an object")
            if "id" in item:
                where += f" ({item['id']})"
            missing = [name for name in required if not item.get(name)]
            if missing:
                raise self.fail(f"{where} has no {', '.join(missing)}")
            items.append((where, item))
        return items

    def date(self, item: dict, key: str, where: str, end: bool = False) -> datetime.date | None:
        """``item[key]`` as a date; None when missing or open-ended."""
        value = item.get(key)
        if value in (None, "", OPEN_ENDED):
            return None
        text = str(value)
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return datetime.date.fromisoformat(text)
            if re.fullmatch(r"\d{4}", text):  # a year alone: its first or last day
                return datetime.date(int(text), 12, 31) if end else datetime.date(int(text), 1, 1)
            if re.fullmatch(r"\d{4}-\d{2}", text):  # a month alone: likewise
                year, month = int(text[:4]), int(text[5:])
                return datetime.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        except ValueError:
            pass
        raise self.fail(f"{where}: {key} {text!r} is not a date (YYYY-MM-DD)")


def _main_name(person: dict) -> dict | None:
    """The "Main" name in force latest that has a family name.

    Lords' names (lordname/lordofname) have none, so a member who later became a peer keeps the
    name they sat in the Commons under.
    """
    names = [
        name
        for name in person.get("other_names") or []
        if isinstance(name, dict) and name.get("note") == "Main" and name.get("family_name")
    ]
    return max(
        names,
        key=lambda name: (name.get("end_date") or OPEN_ENDED, name.get("start_date") or ""),
        default=None,
    )


def _parse_people(document: dict, source: str) -> MembersRecord:
    reader = _Reader(document, source)
    record = MembersRecord(source=source, kind="people")
    persons = reader.items("persons")
    organizations = reader.items("organizations")
    posts = reader.items("posts")
    memberships = reader.items("memberships", required=("id", "person_id"))

    parties = {
        item["id"]: PartyRecord(
            key=item["id"],
            name=str(item.get("name") or CHAIR_PARTIES.get(item["id"], item["id"])),
            parlparse_id=item["id"],
        )
        for _, item in organizations
        if item.get("classification") == "party" or item["id"] in CHAIR_PARTIES
    }
    posts_by_id: dict[str, ConstituencyRecord] = {}
    for where, item in posts:
        if item.get("organization_id", COMMONS) != COMMONS:
            record.skipped.append(SkippedRecord("constituencies", item["id"], "not a House of Commons seat"))
            continue
        area = item.get("area") if isinstance(item.get("area"), dict) else {}
        name = area.get("name") or str(item.get("label", "")).removeprefix("MP for ").strip()
        if not name:
            raise reader.fail(f"{where} has no area name")
        posts_by_id[item["id"]] = ConstituencyRecord(
            key=item["id"],
            name=name,
            parlparse_id=item["id"],
            start_date=reader.date(item, "start_date", where),
            end_date=reader.date(item, "end_date", where, end=True),
        )

    # Old person ids that ParlParse merged into another person.
    redirects = {item["id"]: str(item["redirect"]) for _, item in persons if item.get("redirect")}
    seats: list[SeatRecord] = []
    for where, item in memberships:
        member_id = item["id"]
        if item.get("redirect"):
            record.skipped.append(SkippedRecord("memberships", member_id, "a redirect to another member id"))
            continue
        post = posts_by_id.get(str(item.get("post_id") or ""))
        if item.get("organization_id", COMMONS) != COMMONS or (item.get("post_id") and not post):
            reason = "not a House of Commons seat"
            if item.get("organization_id"):
                reason += f" ({item['organization_id']})"
            record.skipped.append(SkippedRecord("memberships", member_id, reason))
            continue
        if not post:
            record.skipped.append(SkippedRecord("memberships", member_id, "no constituency (post_id)"))
            continue
        party_id = str(item.get("on_behalf_of_id") or "")
        if party_id and party_id not in parties:
            record.notes.append(("warning", f"{member_id}: party {party_id!r} is not in organizations"))
            party_id = ""
        person_id = str(item["person_id"])
        seats.append(
            SeatRecord(
                person_key=redirects.get(person_id, person_id),
                constituency_key=post.key,
                party_key=party_id,
                parlparse_id=member_id,
                start_date=reader.date(item, "start_date", where),
                end_date=reader.date(item, "end_date", where, end=True),
                start_reason=str(item.get("start_reason") or ""),
                end_reason=str(item.get("end_reason") or ""),
            )
        )

    sitting = {seat.person_key for seat in seats}
    known: set[str] = set()
    for where, item in persons:
        person_id = item["id"]
        if person_id in redirects:
            record.skipped.append(SkippedRecord("people", person_id, f"redirects to {redirects[person_id]}"))
            continue
        if person_id not in sitting:
            record.skipped.append(SkippedRecord("people", person_id, "no House of Commons seat"))
            continue
        name = _main_name(item)
        if name is None:
            raise reader.fail(f"{where} has no Main name with a family_name")
        given, family = str(name.get("given_name") or ""), str(name["family_name"])
        record.persons.append(
            PersonRecord(
                key=person_id,
                name=f"{given} {family}".strip(),
                parlparse_id=person_id,
                given_name=given,
                family_name=family,
                honorific_prefix=str(name.get("honorific_prefix") or ""),
            )
        )
        known.add(person_id)
    for seat in seats:
        if seat.person_key in known:
            record.memberships.append(seat)
        else:
            record.skipped.append(
                SkippedRecord("memberships", seat.parlparse_id, f"person {seat.person_key} is not in persons")
            )
    used_parties = {seat.party_key for seat in record.memberships}
    record.parties = [party for key, party in parties.items() if key in used_parties]
    record.constituencies = list(posts_by_id.values())
    return record


# Roles that exist only in the House of Lords ("Spokesperson in the Lords", "Lords in Waiting",
# "Chief Whip (House of Lords)", "Shadow Minister (... (Lords))"). "Lords Commissioner" is a
# Commons whip (of the Treasury), so a bare "Lords" is not enough.
LORDS_ROLE = re.compile(r"\bin the (house of )?lords\b|\bin waiting\b|\bhouse of lords\b|\(lords\)", re.I)
LORDS_ORGANIZATIONS = {"house-of-lords", "leader-of-the-house-of-lords"}
PPS = re.compile(r"\bPPS\b|parliamentary private secretar", re.I)
# The ministerial ranks whose qualifier ("Minister of State (Trade)") Hansard leaves out of the label.
MINISTER_HEAD = re.compile(
    r"(Secretary of State|Minister of State|Parliamentary Under-Secretary(?: of State)?|"
    r"Parliamentary Secretary)\s*(\(|$)"
)
# How Hansard names a department's subject after "Secretary of State for".
DEPARTMENT_SUBJECTS = {
    "Home Office": "the Home Department",
    "Foreign & Commonwealth Office": "Foreign and Commonwealth Affairs",
    "Foreign and Commonwealth Office": "Foreign and Commonwealth Affairs",
    "Scotland Office": "Scotland",
    "Scottish Office": "Scotland",
    "Wales Office": "Wales",
    "Welsh Office": "Wales",
    "Office of the Secretary of State for Wales": "Wales",
    "Northern Ireland Office": "Northern Ireland",
}
DEPARTMENT_PREFIXES = ("Department for ", "Department of ", "Ministry of ", "Ministry for ")
TREASURY_SECRETARIES = {"Chief Secretary", "Financial Secretary", "Economic Secretary"}
# Offices whose name needs no department after it: "The Attorney General".
STANDALONE = {
    "Prime Minister",
    "Deputy Prime Minister",
    "Attorney General",
    "Solicitor General",
    "Lord Chancellor",
    "Lord Privy Seal",
    "Lord President of the Council",
    "President of the Council",
    "Paymaster General",
    "Chief Whip",
    "Lord Advocate",
    "Minister without Portfolio",
}


def department_subject(department: str) -> str | None:
    """ "Ministry of Defence" → "Defence"; None for bodies not named after a subject (HM Treasury)."""
    if department in DEPARTMENT_SUBJECTS:
        return DEPARTMENT_SUBJECTS[department]
    for prefix in DEPARTMENT_PREFIXES:
        if department.startswith(prefix):
            return department[len(prefix) :].replace(" & ", " and ")
    return None


def office_rank(role: str) -> int:
    """Seniority, lower first: PM 0, Cabinet 10, Minister of State 20, junior 30, whips 40,
    shadows and spokespeople 45, others 50, PPSs 90 (Treasury secretaries count as junior)."""
    lowered = role.split(";")[0].lower()
    if PPS.search(lowered):
        return 90
    if lowered == "prime minister":
        return 0
    if any(word in lowered for word in ("shadow", "spokesperson", "spokesman", "opposition")):
        return 45
    if "whip" in lowered or lowered.startswith(
        ("lords commissioner", "vice chamberlain", "comptroller", "treasurer of her majesty")
    ):
        return 40
    if lowered.startswith(
        (
            "secretary of state",
            "chancellor",
            "leader of the house",
            "chief secretary",
            "deputy prime minister",
            "lord chancellor",
        )
    ):
        return 10
    if lowered.startswith(("minister of state", "minister for")):
        return 20
    if lowered.startswith(
        (
            "parliamentary under-secretary",
            "parliamentary secretary",
            "financial secretary",
            "economic secretary",
        )
    ):
        return 30
    return 50


def office_title(role: str, department: str) -> tuple[str, int, bool]:
    """The label a speaker holding this office carries, its rank, and whether it labels at all.

    "Secretary of State" + "Ministry of Defence" → "The Secretary of State for Defence";
    "Minister of State" + "HM Treasury" → "The Minister of State, HM Treasury"; no role (a plain
    committee member) → "Member, Defence Committee", not a label; PPSs and committee posts are
    not labels either, since Hansard never prints them beside a speaker's name.
    """
    role = role.strip().lstrip("-").strip()
    where = department.replace(" & ", " and ")
    if not role:
        return f"Member, {department}", 50, False
    rank = office_rank(role)
    if rank == 90 or "committee" in department.lower():
        return f"{role}, {department}", rank, False
    head = MINISTER_HEAD.match(role)
    subject = department_subject(department)
    if head:
        name = head.group(1)
        if name.startswith("Parliamentary Under-Secretary"):
            name = "Parliamentary Under-Secretary of State"
        if subject and name in ("Secretary of State", "Parliamentary Under-Secretary of State"):
            return f"The {name} for {subject}", rank, True
        return f"The {name}, {where}", rank, True
    if role in TREASURY_SECRETARIES and department == "HM Treasury":
        return f"The {role} to the Treasury", rank, True
    names_itself = role in STANDALONE or any(word in role for word in (" for ", " of the ", " to the "))
    if rank == 45:  # opposition posts: no "The", as they are not offices of state
        return (role if names_itself else f"{role}, {department}"), rank, True
    return (f"The {role}" if names_itself else f"The {role}, {where}"), rank, True


def _parse_ministers(document: dict, source: str) -> MembersRecord:
    reader = _Reader(document, source)
    record = MembersRecord(source=source, kind="ministers")
    departments = {
        item["id"]: str(item.get("name") or item["id"]) for _, item in reader.items("organizations")
    }
    for where, item in reader.items("memberships", required=("id", "person_id")):
        office_id, role = item["id"], " ".join(str(item.get("role") or "").split())
        organization_id = str(item.get("organization_id") or "")
        department = departments.get(organization_id, organization_id)
        if LORDS_ROLE.search(role) or organization_id in LORDS_ORGANIZATIONS:
            record.skipped.append(SkippedRecord("offices", office_id, "a House of Lords role"))
            continue
        title, rank, is_label = office_title(role, department)
        record.offices.append(
            OfficeRecord(
                parlparse_id=office_id,
                person_key=str(item["person_id"]),
                title=title[:250],
                role=role[:200],
                department=department[:200],
                rank=rank,
                is_label=is_label,
                start_date=reader.date(item, "start_date", where),
                end_date=reader.date(item, "end_date", where, end=True),
            )
        )
    return record
