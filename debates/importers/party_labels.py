"""A speaker's label as a debate page prints it: "Party, Constituency" (in English or in Welsh),
or else an office. Read by the text parser and by the writer, which matches a speaker by seat."""

from __future__ import annotations

# Party names as the Welsh interface prints them, mapped to the names we store.
WELSH_PARTIES = {
    "llafur": "Labour",
    "llafur a'r blaid gydweithredol": "Labour/Co-operative",
    "ceidwadwyr": "Conservative",
    "ceidwadol": "Conservative",
    "democratiaid rhyddfrydol": "Liberal Democrat",
    "plaid genedlaethol yr alban": "Scottish National Party",
    "plaid werdd": "Green Party",
    "gwyrdd": "Green Party",
    "annibynnol": "Independent",
    "llefarydd": "Speaker",
    "plaid unoliaethol ddemocrataidd": "Democratic Unionist Party",
}
KNOWN_PARTIES = {
    name.lower(): name
    for name in (
        "Labour", "Labour/Co-operative", "Conservative", "Liberal Democrat", "Plaid Cymru",
        "Scottish National Party", "Green Party", "Independent", "Reform UK", "Speaker",
        "Democratic Unionist Party", "Sinn Féin", "Social Democratic and Labour Party",
        "Alliance", "Ulster Unionist Party", "Traditional Unionist Voice", "Your Party",
    )
}  # fmt: skip
KNOWN_PARTIES.update(WELSH_PARTIES)
KNOWN_PARTIES.update({"scottish national party": "Scottish National Party", "snp": "Scottish National Party"})


def split_label(label: str) -> tuple[str, str] | None:
    """("Labour", "Stockton North") for a "Party, Constituency" label; None for an office."""
    party, comma, constituency = label.partition(",")
    if comma and party.strip().lower() in KNOWN_PARTIES and constituency.strip():
        return KNOWN_PARTIES[party.strip().lower()], constituency.strip()
    return None
