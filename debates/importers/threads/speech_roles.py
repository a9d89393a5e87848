"""Who is speaking, for threading: the Chair, a crowd, a stage direction, a minister, a member.

The Chair, collective speakers ("Hon. Members: Object.") and procedural text stand outside
threads. Everything here reads one speech record at a time.
"""

from __future__ import annotations

import re

from ..records import KnownPeople, SpeechRecord

# Kinds that stand outside threads.
CHAIR, COLLECTIVE, PROCEDURAL = "chair", "collective", "procedural"
OUTSIDE_THREADS = {CHAIR, COLLECTIVE, PROCEDURAL}

GOVERNMENT_OFFICE = re.compile(
    r"^(The )?(Prime Minister|Deputy Prime Minister|First Secretary of State|"
    r"(Parliamentary )?(Under-)?Secretary of State|Minister|Parliamentary Under-Secretary|"
    r"Parliamentary Secretary|Chancellor|Chief Secretary|Financial Secretary|Economic Secretary|"
    r"Exchequer Secretary|Solicitor[- ]General|Attorney[- ]General|Advocate[- ]General|"
    r"Leader of the House|Lord Privy Seal|Paymaster General|Deputy Leader of the House|"
    r"Second Church Estates Commissioner|Treasurer of (Her|His) Majesty's Household)\b",
    re.IGNORECASE,
)
# The Chair of the House as printed, not a committee chair ("Chair, Defence Committee" asks
# questions like any member).
CHAIR_TITLE = re.compile(
    r"^(?:Mr\.?|Madam|Madame)\s+(?:Deputy\s+)?Speaker\b|^(?:The\s+)?(?:First\s+|Second\s+)?Deputy\s+Speaker\b"
    r"|^The\s+Speaker\b|^(?:The\s+)?(?:First\s+|Second\s+)?(?:Deputy\s+)?Chairman of Ways and Means\b"
    r"|^(?:Mr\.?|Madam|The)\s+(?:(?:First|Second)\s+)?(?:Deputy\s+)?Chair(?:man)?$|\(in the Chair\)|^in the Chair$",
    re.IGNORECASE,
)
COLLECTIVE_NAME = re.compile(
    r"^(?:several|some|many|other|an?|the)?\s*(?:hon\.?|honourable|right hon\.?|rt\.? hon\.?)?\s*"
    r"(?:opposition|government|conservative|labour|liberal democrat)?\s*"
    r"(?:members?|friends)\b",
    re.IGNORECASE,
)
# Words printed in place of a speech: a gesture, an attempt to intervene, noise.
STAGE_DIRECTION = re.compile(
    r"^\W*(?:indicated (?:assent|dissent|agreement)|rose|interruption|laughter|hon\. members: \w+)\W*$",
    re.IGNORECASE,
)
TAGS = re.compile(r"<[^>]+>")
# A Chair's words in newer files, where the Speaker is printed by name: short, and of the Chair.
CHAIR_WORDS = re.compile(r"^\W*(?:order\b|i call\b|i thank the hon|thank you\.|we now come to)", re.I)
# Words only the Chair opens with, whether or not the file gives speech types.
CHAIR_ONLY_WORDS = re.compile(r"^\W*(?:order[.!]|i call\b)", re.I)
CHAIR_WORDS_LIMIT = 60  # words; longer speeches are not the Chair's

# ParlParse's speech types (newer files) reduced to the roles threading uses.
TYPE_ROLES = {
    "start question": "question",
    "start supplementaryquestion": "supplementary",
    "start answer": "answer",
    "start statement": "answer",
    "start speech": "speech",
    "start intervention": "intervention",
    "continuation speech": "continuation",
    "continuation answer": "answer",
    "continuation question": "supplementary",
}


def plain_text(speech: SpeechRecord) -> str:
    """The words of a speech without markup (our own converted HTML, so a tag strip is enough)."""
    return " ".join(TAGS.sub(" ", speech.html).split())


def speaker_key(speech: SpeechRecord) -> str:
    """Who spoke, as precisely as the record says."""
    return speech.person_id or speech.member_id or speech.speaker_name.strip().lower()


def ids(speech: SpeechRecord) -> set[str]:
    return {value for value in (speech.person_id, speech.member_id) if value}


def type_role(speech: SpeechRecord) -> str:
    """The role the source's ``type`` attribute gives, or "" where it gives none."""
    return TYPE_ROLES.get(" ".join(speech.source_type.lower().split()), "")


def outside_kind(speech: SpeechRecord, people: KnownPeople, typed_day: bool) -> str | None:
    """ "chair", "collective" or "procedural" for a speech that stands outside threads, else None.

    ``typed_day``: the file gives speech types; there the Chair's speeches are the untyped ones
    (the Speaker is printed by name, never by office).
    """
    name, label = speech.speaker_name.strip(), speech.speaker_label.strip()
    if speech.procedural:
        return PROCEDURAL
    if CHAIR_TITLE.search(name) or CHAIR_TITLE.search(label):
        return CHAIR
    if not ids(speech) and COLLECTIVE_NAME.match(name):
        return COLLECTIVE
    text = plain_text(speech)
    if STAGE_DIRECTION.match(text):
        return PROCEDURAL
    if not type_role(speech) and ids(speech) & people.chairs:
        return CHAIR
    short = len(text.split()) <= CHAIR_WORDS_LIMIT
    if (
        short
        and not speech.source_type
        and (CHAIR_ONLY_WORDS.match(text) or typed_day and CHAIR_WORDS.match(text))
    ):
        return CHAIR
    return None


def is_government(speech: SpeechRecord, people: KnownPeople) -> bool:
    """Whether the speaker holds a government office that day: printed, or in the members data."""
    return bool(GOVERNMENT_OFFICE.match(speech.speaker_label)) or bool(ids(speech) & people.ministers)
