"""Parse ParlParse's two offices files (Popolo JSON) into a :class:`MembersRecord`; no database.

- the **ministers file**: ``moffice`` ids, each office a ``role`` ("Secretary of State") in a
  department (``organization_id``).
- the **2010 offices file**: Parliament's ids and a ``source`` on each post; government,
  opposition and parliamentary posts give the whole title in ``role``, and a committee seat may
  be listed twice.

Roles that exist only in the Lords are skipped here; offices of people the database does not
know are skipped by the writer, which alone can tell.
"""

from __future__ import annotations

from ..members_records import MembersRecord, OfficeRecord, SkippedRecord
from ..office_titles import COMMONS_NAMES, LORDS_ORGANIZATIONS, LORDS_ROLE, office_title, post_title
from .json_reader import Reader

PARLIAMENT_IDS = "uk.parliament.data/"


def looks_like_offices(document: dict) -> bool:
    memberships = document.get("memberships")
    return isinstance(memberships, list) and any(
        isinstance(item, dict) and ("/moffice/" in str(item.get("id", "")) or item_of_2010_file(item))
        for item in memberships
    )


def item_of_2010_file(item: dict) -> bool:
    return str(item.get("id", "")).startswith(PARLIAMENT_IDS) or str(item.get("source", "")).startswith(
        "datadotparl/"
    )


def parse_offices(document: dict, source: str) -> MembersRecord:
    """Read either offices file: each post's title (as a speaker is labelled), rank and dates."""
    reader = Reader(document, source)
    record = MembersRecord(source=source, kind="ministers")
    departments = {
        item["id"]: str(item.get("name") or item["id"]) for _, item in reader.items("organizations")
    }
    seen: set[tuple] = set()
    for where, item in reader.items("memberships", required=("id", "person_id")):
        office_id, role = item["id"], " ".join(str(item.get("role") or "").split())
        organization_id = str(item.get("organization_id") or "")
        department = departments.get(organization_id, organization_id)
        if LORDS_ROLE.search(role) or organization_id in LORDS_ORGANIZATIONS:
            record.skipped.append(SkippedRecord("offices", office_id, "a House of Lords role"))
            continue
        if item_of_2010_file(item) and department in COMMONS_NAMES:
            title, rank, is_label = post_title(role, str(item.get("source") or ""))
            department = ""
        else:
            title, rank, is_label = office_title(role, department)
        start = reader.date(item, "start_date", where)
        end = reader.date(item, "end_date", where, end=True)
        listed = (item["person_id"], title, start, end)
        if listed in seen:  # the 2010 file lists some committee seats twice
            record.skipped.append(SkippedRecord("offices", office_id, "listed twice in the file"))
            continue
        seen.add(listed)
        record.offices.append(
            OfficeRecord(
                parlparse_id=office_id,
                person_key=str(item["person_id"]),
                title=title[:250],
                role=role[:200],
                department=department[:200],
                rank=rank,
                is_label=is_label,
                start_date=start,
                end_date=end,
            )
        )
    return record
