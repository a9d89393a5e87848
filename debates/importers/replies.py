"""Infer who replies to whom, so that each exchange reads as a thread.

Question time (a section whose speeches carry oral question numbers, or a text-format debate
whose second speaker answers with a government office):

- a substantive question starts a thread;
- the minister answering (the first other speaker after it, and anyone printed with a
  government office) answers the question before them;
- any other member's speech is a supplementary: it belongs to the substantive question's
  thread, and the minister's next answer replies to it.

Debates: an intervention replies to the speech it interrupts where the text shows it (the
speech ends by giving way, "I give way"), and the speaker who gave way replies to the
intervention when they resume.

Procedural text and the Chair (Mr Speaker, Deputy Speakers) stand outside threads.
"""

from __future__ import annotations

import re

from .records import DayRecord, SectionRecord, SpeechRecord

GOVERNMENT_OFFICE = re.compile(
    r"^(The )?(Prime Minister|Deputy Prime Minister|(Parliamentary )?(Under-)?Secretary of State|"
    r"Minister|Parliamentary Under-Secretary|Parliamentary Secretary|Chancellor|Chief Secretary|"
    r"Financial Secretary|Economic Secretary|Exchequer Secretary|Solicitor[- ]General|"
    r"Attorney[- ]General|Advocate[- ]General|Leader of the House|Lord Privy Seal|"
    r"Paymaster General|Deputy Leader of the House|Second Church Estates Commissioner)\b",
    re.IGNORECASE,
)
# The Chair of the House, not a committee chair ("Chair, Defence Committee" asks questions).
CHAIR = re.compile(
    r"^(?:Mr\.?|Madam|Madame)\s+(?:Deputy\s+)?Speaker\b|^(?:The\s+)?(?:First\s+|Second\s+)?Deputy\s+Speaker\b"
    r"|^The\s+Speaker\b|^(?:The\s+)?Chairman of Ways and Means\b|^(?:Mr\.?|Madam|The)\s+(?:Deputy\s+)?Chair(?:man)?$"
    r"|\(in the Chair\)",
    re.I,
)
# A speech that ends by giving way: "... I give way.", "I will give way to the hon. Gentleman."
GIVES_WAY = re.compile(
    r"\bI (?:will |shall |am happy to |happily |gladly )?give way\b[^.<]{0,80}\.?\s*(?:</p>)?\s*$", re.I
)
# Only the end of a speech can give way; searching just its tail keeps threading cheap.
TAIL = 200


def speaker_key(speech: SpeechRecord) -> str:
    """Who spoke, as precisely as the record says."""
    return speech.person_id or speech.member_id or speech.speaker_name.strip().lower()


def is_chair(speech: SpeechRecord) -> bool:
    return bool(CHAIR.search(speech.speaker_name.strip()) or CHAIR.search(speech.speaker_label.strip()))


def is_government(speech: SpeechRecord) -> bool:
    return bool(GOVERNMENT_OFFICE.match(speech.speaker_label))


def infer_threads(day: DayRecord) -> None:
    """Set ``kind`` and ``reply_to`` on every speech of ``day``, section by section."""
    for section in day.sections:
        indexes = section.speeches
        if section.is_questions or looks_like_questions(day, section):
            section.is_questions = True
            thread_questions(day.speeches, indexes)
        else:
            thread_debate(day.speeches, indexes)


def looks_like_questions(day: DayRecord, section: SectionRecord) -> bool:
    """True when the section is question time: numbered questions, or a minister answering."""
    speeches = [day.speeches[i] for i in section.speeches if not day.speeches[i].procedural]
    if any(s.oral_question_number for s in speeches):
        return True
    return (
        len(speeches) >= 2
        and speaker_key(speeches[0]) != speaker_key(speeches[1])
        and not is_government(speeches[0])
        and is_government(speeches[1])
    )


def thread_questions(speeches: list[SpeechRecord], indexes: list[int]) -> None:
    root: int | None = None  # the substantive question of the current thread
    asked: int | None = None  # the question awaiting an answer
    answerers: set[str] = set()  # the ministers answering in this section
    for index in indexes:
        speech = speeches[index]
        if speech.procedural or is_chair(speech):
            speech.kind = "procedural"
            continue
        key = speaker_key(speech)
        answering = root is not None and (
            key in answerers
            or is_government(speech)
            # The first other voice after a substantive question is the minister answering it.
            or (asked == root and not answerers and key != speaker_key(speeches[root]))
        )
        if root is None or (speech.oral_question_number and not answering):
            root = asked = index
            speech.kind, speech.reply_to = "question", None
        elif answering:
            answerers.add(key)
            speech.kind, speech.reply_to = "answer", asked
        else:
            speech.kind, speech.reply_to = "question", root
            asked = index


def thread_debate(speeches: list[SpeechRecord], indexes: list[int]) -> None:
    gave_way: int | None = None  # the speech that ended by giving way
    intervention: int | None = None
    for index in indexes:
        speech = speeches[index]
        if speech.procedural or is_chair(speech):
            speech.kind = "procedural"
            continue
        speech.kind = "speech"
        if (
            intervention is not None
            and gave_way is not None
            and (speaker_key(speech) == speaker_key(speeches[gave_way]))
        ):
            speech.reply_to = intervention
            gave_way = intervention = None
        elif gave_way is not None and intervention is None:
            speech.reply_to = gave_way
            intervention = index
            continue
        else:
            gave_way = intervention = None
        if GIVES_WAY.search(speech.html[-TAIL:]):
            gave_way, intervention = index, None
