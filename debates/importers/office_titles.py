"""How an office is labelled beside a speaker's name, how senior it is, and whether it labels.

The ministers file gives a rank and a department, the 2010 file the whole title; both become
the title Hansard prints: "The Secretary of State for Defence".
"""

from __future__ import annotations

import re

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
# Organisations that are the House itself: never printed after a title.
COMMONS_NAMES = {"House of Commons", "house-of-commons"}
# The Chair of the House, as the 2010 file names its posts.
CHAIR_POST = re.compile(
    r"^(?:speaker of the house of commons|(?:the senior )?deputy speaker\b(?! \(lords\))|"
    r"(?:first |second )?(?:deputy )?chairman of ways and means)",
    re.IGNORECASE,
)
PARTY_LEADER = re.compile(r"^leader of the\s+(?:\w+\s+)*?(?:party|liberal democrats)$", re.IGNORECASE)
# A rank with its department in brackets: "Minister of State (Department of Health) (NHS Reform)".
RANK_AND_DEPARTMENT = re.compile(r"^(?P<rank>[^()]+?)\s*\((?P<department>[^()]+)\)")
POST_STOP_WORDS = {"the", "of", "for", "and", "to", "department", "ministry", "office", "state", "hm", "her",
                   "majesty's", "majestys", "house", "commons"}  # fmt: skip

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
    """Seniority, lower first."""
    lowered = role.split(";")[0].lower().removeprefix("the ")
    if CHAIR_POST.match(lowered):
        return 1 if lowered.startswith("speaker") else 2
    if lowered.startswith("leader of her majesty's official opposition"):
        return 5
    if PARTY_LEADER.match(lowered):
        return 6
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
            "lord president",
            "first secretary",
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

    "Secretary of State" + "Ministry of Defence" → "The Secretary of State for Defence". PPSs and
    committee posts are not labels: Hansard never prints them beside a speaker's name.
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
        bare = names_itself or department in COMMONS_NAMES or not department
        return (role if bare else f"{role}, {department}"), rank, True
    return (f"The {role}" if names_itself else f"The {role}, {where}"), rank, True


def post_title(role: str, source: str) -> tuple[str, int, bool]:
    """Title, rank and whether it labels, for a House of Commons post of the 2010 offices file
    (``source``: its ``governmentpost``, ``oppositionpost`` or ``parliamentarypost``)."""
    role = " ".join(role.split())
    rank = office_rank(role)
    if source.endswith("governmentpost"):
        bracketed = RANK_AND_DEPARTMENT.match(role)
        if bracketed and not role.startswith("The "):
            title, rank, is_label = office_title(bracketed["rank"], bracketed["department"])
            return title, rank, is_label
        return (role if role.startswith("The ") else f"The {role}"), rank, rank != 90
    if source.endswith("oppositionpost"):
        return role, rank, True
    # Parliamentary posts: the Chair and party leaders label a speaker; party offices, the
    # Father of the House and delegations do not.
    return role, rank, rank < 10


def post_key(title: str) -> frozenset[str]:
    """The words that tell one post from another, so that one post worded two ways is one post:
    "The Lords Commissioner, HM Treasury" and "The Lord Commissioner of Her Majesty's Treasury"."""
    words = re.findall(r"[a-z']+", re.sub(r"\([^)]*\)", " ", title.lower()).replace("-", " "))
    return frozenset(word.removesuffix("s") if word == "lords" else word for word in words) - POST_STOP_WORDS


def same_post(one: frozenset[str], other: frozenset[str]) -> bool:
    """Whether two post keys name one post: the same words, or one's words within the other's."""
    return bool(one and other) and (one <= other or other <= one)


def from_other_file(one: str | None, other: str | None) -> bool:
    """Whether two office ids come from different files: ParlParse's own ids
    (``uk.org.publicwhip/...``) or Parliament's (``uk.parliament.data/...``). One file's
    consecutive terms of one post are both kept."""
    return bool(one and other) and one.split("/", 1)[0] != other.split("/", 1)[0]


def overlaps(start, end, other_start, other_end) -> bool:
    """Whether two (possibly open-ended) date ranges share a day."""
    return (start is None or other_end is None or start <= other_end) and (
        other_start is None or end is None or other_start <= end
    )


def held_already(item, key: frozenset[str], held: list) -> object | None:
    """The office (of ``held``, (post key, office) pairs) that is ``item``'s post given in the
    other offices file for the same days, if any: one post is kept once."""
    return next(
        (
            office
            for office_key, office in held
            if from_other_file(office.parlparse_id, item.parlparse_id)
            and same_post(key, office_key)
            and overlaps(item.start_date, item.end_date, office.start_date, office.end_date)
        ),
        None,
    )
