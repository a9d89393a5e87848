"""Parse ParlParse's members files (Popolo JSON) into a :class:`MembersRecord`; no database.

Three shapes are read, told apart by their keys and ids:

- the **people file**: each membership is one seat-term (``uk.org.publicwhip/member/N``) of a
  person for a constituency on behalf of a party. Only the House of Commons is imported; the
  rest is listed as skipped, with the reason.
- the two **offices files**, read by :mod:`.offices_json`.
"""

from __future__ import annotations

import json
import re

from ..members_records import (
    ConstituencyRecord,
    MembersRecord,
    OfficeRecord,
    PartyRecord,
    PersonRecord,
    SeatRecord,
    SkippedRecord,
)
from ..records import ImportFailed
from .json_reader import OPEN_ENDED, Reader
from .limits import check_json_size
from .offices_json import looks_like_offices, parse_offices

COMMONS = "house-of-commons"
# The Chair's "parties": ParlParse seats the Speaker and Deputy Speakers under these ids. They
# are offices (title, rank), not parties.
CHAIR_OFFICES = {"speaker": ("Speaker of the House of Commons", 1), "deputy-speaker": ("Deputy Speaker", 2)}


# What a people or offices file always holds somewhere: the sniff looks for these.
MEMBERSHIPS_MARKER = b'"memberships"'
PEOPLE_MARKER = b'"persons"'
MARKERS = (MEMBERSHIPS_MARKER, PEOPLE_MARKER, b"/moffice/", b"uk.parliament.data/")


def looks_like_members_json(data: bytes, markers: frozenset[bytes] | None = None) -> bool:
    """Whether ``data`` looks like a ParlParse people or offices file (a cheap sniff, no parse).

    ``markers``: which of :data:`MARKERS` the whole file holds, when ``data`` is only its start
    (a file read in pieces); by default they are looked for in ``data``.
    """
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if markers is None:
        markers = frozenset(marker for marker in MARKERS if marker in data)
    return head == b"{" and MEMBERSHIPS_MARKER in markers and len(markers - {MEMBERSHIPS_MARKER}) > 0


def parse_members_json(data: bytes, source: str = "") -> MembersRecord:
    """Parse a people or offices file; :class:`ImportFailed` explains anything unreadable."""
    check_json_size(data, source)
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except RecursionError as error:
        raise ImportFailed("the JSON is nested too deeply to read", source=source) from error
    except UnicodeDecodeError as error:
        raise ImportFailed(f"the file is not UTF-8 (byte {error.start})", source=source) from error
    except json.JSONDecodeError as error:
        raise ImportFailed(
            f"not valid JSON: {error.msg} (column {error.colno})", line=error.lineno, source=source
        ) from error
    if not isinstance(document, dict):
        raise ImportFailed("expected a JSON object with persons or memberships", source=source)
    if "persons" in document:
        return parse_people(document, source)
    if looks_like_offices(document):
        return parse_offices(document, source)
    raise ImportFailed(
        "not a ParlParse members file: expected the people file (persons, organizations, posts, "
        "memberships) or an offices file (organizations, memberships with moffice or "
        "uk.parliament.data ids)",
        source=source,
    )


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


def parse_people(document: dict, source: str) -> MembersRecord:
    reader = Reader(document, source)
    record = MembersRecord(source=source, kind="people")
    persons = reader.items("persons")
    organizations = reader.items("organizations")
    posts = reader.items("posts")
    memberships = reader.items("memberships", required=("id", "person_id"))

    parties = {
        item["id"]: PartyRecord(
            key=item["id"], name=str(item.get("name") or item["id"]), parlparse_id=item["id"]
        )
        for _, item in organizations
        if item.get("classification") == "party" and item["id"] not in CHAIR_OFFICES
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
        spellings = [str(other) for other in area.get("other_names") or [] if other]
        readable = readable_seat(name, spellings)
        posts_by_id[item["id"]] = ConstituencyRecord(
            key=item["id"],
            name=readable,
            parlparse_id=item["id"],
            start_date=reader.date(item, "start_date", where),
            end_date=reader.date(item, "end_date", where, end=True),
            other_names=[spelling for spelling in dict.fromkeys([name, *spellings]) if spelling != readable],
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
        person_id = str(item["person_id"])
        if party_id in CHAIR_OFFICES:
            # The Chair sits for no party: the seat-term has none, and the Chair is an office.
            title, rank = CHAIR_OFFICES[party_id]
            record.offices.append(
                OfficeRecord(
                    parlparse_id=f"{member_id}/chair",
                    person_key=redirects.get(person_id, person_id),
                    title=title,
                    role=title,
                    department="House of Commons",
                    rank=rank,
                    start_date=reader.date(item, "start_date", where),
                    end_date=reader.date(item, "end_date", where, end=True),
                )
            )
            party_id = ""
        if party_id and party_id not in parties:
            record.notes.append(("warning", f"{member_id}: party {party_id!r} is not in organizations"))
            party_id = ""
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
    record.offices = [office for office in record.offices if office.person_key in known]
    used_parties = {seat.party_key for seat in record.memberships}
    record.parties = [party for key, party in parties.items() if key in used_parties]
    record.constituencies = list(posts_by_id.values())
    return record


# "Wrekin, The" and "Chester, City of": the words after the comma belong in front.
INVERTED = re.compile(r"^(?P<place>.+),\s*(?P<prefix>The|City of)$", re.IGNORECASE)
COMPASS = {
    "north",
    "south",
    "east",
    "west",
    "mid",
    "central",
    "north-east",
    "north-west",
    "south-east",
    "south-west",
}


def readable_seat(name: str, spellings: list[str]) -> str:
    """A seat's name as readers know it: "The Wrekin", "City of Chester", "North Ayrshire and Arran".

    ParlParse's main name puts articles and compass points after the place and uses "&"; its
    other spellings usually include the form readers know. The main name is turned round and
    spelt out, and a spelling of the same words with the compass point first is preferred.
    """

    def tidy(text: str) -> str:
        text = " ".join(text.replace("&", " and ").split())
        inverted = INVERTED.match(text)
        return f"{inverted['prefix']} {inverted['place']}" if inverted else text

    def words(text: str) -> list[str]:
        return re.findall(r"[\w'-]+", text.lower())

    main = tidy(name)
    if words(main) and words(main)[0] not in COMPASS:
        for spelling in map(tidy, spellings):
            if (
                words(spelling)
                and words(spelling)[0] in COMPASS
                and sorted(words(spelling)) == sorted(words(main))
            ):
                return spelling
    return main
