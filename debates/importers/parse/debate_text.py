"""Parse the plain text of a TheyWorkForYou debate page, as a reader copies it.

The shape (English or Welsh interface)::

    Defence – in the House of Commons at 2:30 pm on 10 February 2025.
    Wendy Chamberlain                 <- speaker's name
    Liberal Democrat Chief Whip       <- label that day: an office, or "Party, Constituency"
    Whether he has had discussions…   <- the speech: one or more paragraphs
    …
    Secretary of State was originally the title…   <- optional: a glossary definition

Both languages are read, and party names are stored in English. A line is a speaker's name
when it is short, has no closing punctuation, and the next line is a label followed by text.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import re

from django.utils.text import slugify

from ..records import DayRecord, GlossaryRecord, ImportFailed, SectionRecord, SpeechRecord
from ..threads.finish import finish_day
from . import limits
from .limits import check_line_count

ENGLISH_MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
WELSH_MONTHS = [
    "ionawr", "chwefror", "mawrth", "ebrill", "mai", "mehefin",
    "gorffennaf", "awst", "medi", "hydref", "tachwedd", "rhagfyr",
]  # fmt: skip
# Welsh mutates month names after "ar" and in dates ("Chwefror" from "Chwefror", "Fawrth"…).
MUTATED_MONTHS = {"fawrth": "mawrth", "fai": "mai", "fehefin": "mehefin"}
MONTHS = {name: number for number, name in enumerate(ENGLISH_MONTHS, 1)}
MONTHS.update({name: number for number, name in enumerate(WELSH_MONTHS, 1)})
MONTHS.update({mutated: MONTHS[plain] for mutated, plain in MUTATED_MONTHS.items()})

# Where a page says the words were spoken: the house, and the kind of record (debates.kinds).
HOUSES = {
    "house of commons": ("commons", "debate"),
    "nhŷ'r cyffredin": ("commons", "debate"),
    "nhy'r cyffredin": ("commons", "debate"),
    "westminster hall": ("commons", "westminhall"),
    "neuadd san steffan": ("commons", "westminhall"),
    "house of lords": ("lords", "debate"),
    "nhŷ'r arglwyddi": ("lords", "debate"),
}

HEADER = re.compile(
    r"^(?P<heading>.+?)\s+[–—-]\s+(?:in the|yn)\s+(?P<house>.+?)\s+"
    r"(?:(?:at|am)\s*(?P<time>\d{1,2}[:.]\d{2}\s*(?:am|pm|yb|yh)?)?\s*)?"
    r"(?:on|ar)\s+(?P<date>.+?)\.?\s*$",
    re.IGNORECASE,
)
DATE = re.compile(
    r"^(?:\w+,?\s+)??(?P<day>\d{1,2})(?:st|nd|rd|th|af|il|ydd|ed|fed|eg)?\s+(?P<month>[^\W\d_]+)\s+(?P<year>\d{4})$",
    re.I,
)
GLOSSARY = re.compile(
    r"^(?P<term>[A-Z][\w’'-]*(?:\s+[\w’'-]+){0,5}?)\s+(?:was|is|are|were|means|refers to)\s+", re.U
)
SENTENCE_END = (".", "?", "!", ":", ";", "”", '"', "’", ")")
MAX_NAME_LENGTH = 80
SLUG_LENGTH = 60  # keeps every id built from the heading within its 120-character column
# Words that begin ordinary sentences, never a glossary term ("It is a matter for the House").
NOT_TERMS = {
    "a", "an", "and", "but", "he", "her", "here", "his", "i", "it", "its", "now", "our", "she",
    "so", "that", "the", "their", "there", "these", "they", "this", "those", "today", "we",
    "what", "which", "who", "you", "your",
}  # fmt: skip


def parse_date(text: str, line: int, source: str) -> datetime.date:
    """Read "10 February 2025", "10th February 2025" or "10 Chwefror 2025"."""
    match = DATE.match(text.strip())
    month = MONTHS.get(match.group("month").lower()) if match else None
    if not match or not month:
        raise ImportFailed(
            f"the date {text.strip()!r} does not parse (expected e.g. 10 February 2025)",
            line=line,
            source=source,
        )
    try:
        return datetime.date(int(match.group("year")), month, int(match.group("day")))
    except ValueError as error:
        raise ImportFailed(
            f"the date {text.strip()!r} is not a real date ({error})", line=line, source=source
        ) from error


def parse_header(text: str, source: str) -> tuple[str, tuple[str, str], datetime.date, str]:
    """(heading, (house, kind of record), date, time as "1430" or "") from the page's first line."""
    match = HEADER.match(text.strip())
    if not match:
        raise ImportFailed(
            "this is not the text of a debate page: the first line should read like "
            "'Defence – in the House of Commons on 10 February 2025'",
            line=1,
            source=source,
        )
    house = HOUSES.get(match.group("house").strip().lower())
    if not house:
        raise ImportFailed(f"unknown house {match.group('house')!r}", line=1, source=source)
    time = re.sub(r"\W", "", match.group("time") or "").lower()
    return match.group("heading").strip(), house, parse_date(match.group("date"), 1, source), time


def is_short_line(text: str) -> bool:
    return 0 < len(text) <= MAX_NAME_LENGTH and not text.endswith(SENTENCE_END)


def paragraph_html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{html.escape(paragraph, quote=False)}</p>" for paragraph in paragraphs)


def parse_debate_text(text: str, source: str = "") -> DayRecord:
    """Turn the text of one debate page into a :class:`DayRecord` holding that one debate."""
    check_line_count(text, source, limits.MAX_TEXT_LINES, "text")
    lines = [(number, raw.strip()) for number, raw in enumerate(text.splitlines(), 1)]
    lines = [(number, line) for number, line in lines if line]
    if not lines:
        raise ImportFailed("the file is empty", source=source)
    heading, (house, kind), date, time = parse_header(lines[0][1], source)
    # The time tells apart two debates of one day under the same heading ("Points of Order").
    slug = slugify(heading)[:SLUG_LENGTH] or "debate"
    place = "westminster-hall" if kind == "westminhall" else house
    section_id = ":".join(part for part in ("text", place, date.isoformat(), time, slug) if part)
    day = DayRecord(
        source=source, house=house, kind=kind, date=date, whole_day=False, people_from_labels=True
    )
    section = SectionRecord(source_id=section_id, heading=heading, kind="major", line=lines[0][0])
    day.sections.append(section)

    body = lines[1:]
    current: SpeechRecord | None = None
    paragraphs: list[str] = []

    def finish() -> None:
        if current is not None:
            current.html = paragraph_html(paragraphs)

    position = 0
    while position < len(body):
        number, line = body[position]
        starts_speech = (
            is_short_line(line)
            and position + 2 < len(body)
            and is_short_line(body[position + 1][1])
            and not is_short_line(body[position + 2][1])
        )
        if starts_speech:
            finish()
            label = body[position + 1][1]
            current = SpeechRecord(
                source_id="",  # set from the content once the speech is complete
                speaker_name=line,
                speaker_label=label,
                html="",
                line=number,
            )
            section.speeches.append(len(day.speeches))
            day.speeches.append(current)
            paragraphs = []
            position += 2
            continue
        if current is None:
            raise ImportFailed(
                f"expected a speaker's name, then their label, then the speech; found {line[:60]!r}",
                line=number,
                source=source,
            )
        next_is_short = position + 1 < len(body) and is_short_line(body[position + 1][1])
        if is_short_line(line) and (next_is_short or position + 1 >= len(body) - 1):
            raise ImportFailed(
                f"{line!r} looks like a speaker's name but has no label and speech after it (a broken or missing line)",
                line=number,
                source=source,
            )
        paragraphs.append(line)
        position += 1

    if current is None:
        raise ImportFailed("the debate has a heading but no speeches", line=lines[0][0], source=source)
    glossary = trailing_glossary(day, paragraphs)
    if glossary:
        paragraphs.pop()
        day.glossary.append(glossary)
    if not paragraphs:
        raise ImportFailed(
            f"the speech by {current.speaker_name} has no text", line=current.line, source=source
        )
    finish()
    name_by_content(day, section_id)
    return finish_day(day)


def name_by_content(day: DayRecord, section_id: str) -> None:
    """Give each speech an id from its speaker and words, not its place in the page.

    A fuller copy of the same page (a speech added near the top) then still matches every speech
    already stored, so editors' corrections stay with the speeches they were made to.
    """
    seen: dict[str, int] = {}
    for speech in day.speeches:
        digest = hashlib.sha1(f"{speech.speaker_name}\n{speech.html}".encode()).hexdigest()[:12]
        seen[digest] = seen.get(digest, 0) + 1
        speech.source_id = f"{section_id}:{digest}" + (f"-{seen[digest]}" if seen[digest] > 1 else "")


def trailing_glossary(day: DayRecord, paragraphs: list[str]) -> GlossaryRecord | None:
    """The glossary definition a page prints after the last speech, if the text ends with one.

    It is recognised as "<Term> was/is …" where the term, exactly as written, is used earlier
    in the debate as a whole word or phrase, and does not start with an everyday word such as
    "It" or "This": a closing paragraph of the last speech is not a definition.
    """
    if len(paragraphs) < 2:
        return None
    match = GLOSSARY.match(paragraphs[-1])
    if not match:
        return None
    term = match.group("term")
    if term.split()[0].lower() in NOT_TERMS or len(term) < 4:
        return None
    earlier = " ".join([*(s.html for s in day.speeches), *paragraphs[:-1]])
    if not re.search(rf"\b{re.escape(term)}\b", earlier):
        return None
    return GlossaryRecord(term=term, definition=paragraphs[-1])
