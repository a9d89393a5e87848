"""How ParlParse writes headings, times, ids and voters' names, and how they read.

"COMMUNITIES AND LOCAL GOVERNMENT" -> "Communities and Local Government"; "017:45:00" -> "17:45";
"Ainsworth, Mr. Peter" -> "Mr. Peter Ainsworth". Pure functions, used by :mod:`.parlparse_xml`.
"""

from __future__ import annotations

import re

CLOCK = re.compile(r"^0*(\d{1,2}):(\d{2})")  # ParlParse pads hours to three digits: "017:45:00"
WORD = re.compile(r"\w+(?:'\w+)*")
SMALL_WORDS = {"and", "of", "the", "for", "in", "on", "to", "a", "an", "by", "with"}
ACRONYMS = {"UK", "EU", "NHS", "BBC", "RAF", "MOD", "HMRC", "NATO", "VAT", "PFI", "II", "III", "IV"}


def _windows_1252(code: int) -> str:
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:
        return ""


# Some ParlParse files (committees) write Windows-1252 punctuation as character references
# ("&#151;" for an em dash), which XML reads as invisible control characters; read them as
# browsers do.
WINDOWS_1252 = str.maketrans({code: _windows_1252(code) for code in range(0x80, 0xA0)})


def as_printed(text: str) -> str:
    """``text`` with Windows-1252 punctuation written as control characters put right."""
    return text.translate(WINDOWS_1252)


def collapse(text: str) -> str:
    return " ".join(as_printed(text).split())


def readable_heading(text: str) -> str:
    """Whitespace collapsed; an all-capitals (or all-lower-case) heading put in title case."""
    text = collapse(text)
    letters = [char for char in text if char.isalpha()]
    if any(char.isupper() for char in letters) and any(char.islower() for char in letters):
        return text  # mixed case is as Hansard printed it
    position = 0

    def word_case(match: re.Match[str]) -> str:
        nonlocal position
        word, lower = match.group(0), match.group(0).lower()
        first, position = position == 0, position + 1
        if word.upper() in ACRONYMS or any(char.isdigit() for char in word):
            return word.upper()
        if lower in SMALL_WORDS and not first:
            return lower
        return lower[:1].upper() + lower[1:]

    return WORD.sub(word_case, text)


def normalise_time(value: str) -> str:
    """ "017:45:00" -> "17:45"; "" for an empty or impossible time rather than a bad value."""
    match = CLOCK.match(value.strip())
    if not match:
        return ""
    hour, minute = int(match.group(1)), int(match.group(2))
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else ""


def split_ids(*values: str) -> tuple[str, str]:
    """(member id, person id) from ParlParse ids of either kind; "unknown" counts as none."""
    member_id = person_id = ""
    for value in values:
        value = value.strip()
        if "/member/" in value:
            member_id = member_id or value
        elif "/person/" in value:
            person_id = person_id or value
    return member_id, person_id


def voter_name(text: str) -> str:
    """ "Ainsworth, Mr. Peter" -> "Mr. Peter Ainsworth"; names without a comma unchanged."""
    text = collapse(text)
    surname, comma, rest = text.partition(",")
    return f"{rest.strip()} {surname.strip()}" if comma and rest.strip() else text
