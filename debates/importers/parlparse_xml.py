"""Parse one ParlParse (TheyWorkForYou) House of Commons debate XML file into plain records.

The shape (see ``shared/data/README.md`` for the full notes)::

    <publicwhip scrapeversion="d" latest="yes">
      <major-heading id="uk.org.publicwhip/debate/2009-10-27d.141.0" ...>BUSINESS</major-heading>
      <oral-heading .../>                      <- oral questions start
      <minor-heading id=... colnum=... time=... url=...>Fire Service</minor-heading>
      <speech id=... speakerid=... speakername=... speakeroffice=... oral-qnum=...>
        <p pid=... class="italic">text with <phrase class="date" code=...>...</phrase></p>
      </speech>
      <division id=... divnumber=...><divisioncount ayes=... noes=.../><mplist vote="aye">
        <mpname id="uk.org.publicwhip/member/N" vote="aye" teller="yes">Surname, First</mpname>
      </mplist></division>
      <gidredirect oldgid=... newgid=... matchtype=.../>   <- superseded versions only
    </publicwhip>

The parser is pure: bytes in, a :class:`DayRecord` out, no database. Files come from outside, so
lxml is configured to expand only the entities declared inside the file (``&mdash;`` and friends)
and never to read a file or URL; entity bombs are refused by libxml2's amplification limit.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from lxml import etree

from ..source_urls import MAX_LENGTH, is_source_url
from .parlparse_html import speech_html
from .records import DayRecord, DivisionRecord, ImportFailed, SectionRecord, SpeechRecord, VoteRecord

MAX_BYTES = 50 * 1024 * 1024
# The root tag follows the XML declaration and the ~1.5 KB internal DTD of entity declarations.
SNIFF_BYTES = 4096
ID_DATE = re.compile(r"/(\d{4}-\d{2}-\d{2})([a-z]*)\.")
# ParlParse files never declare external entities or DTDs; refusing them up front gives a clear
# message (the parser would refuse them anyway, as "Entity 'x' not defined").
EXTERNAL_DECLARATION = re.compile(
    rb"<!(?:ENTITY\s+(?:%\s+)?[^\s>]+|DOCTYPE\s+[^\s>\[]+)\s+(?:SYSTEM|PUBLIC)\b", re.IGNORECASE
)
CLOCK = re.compile(r"^0*(\d{1,2}):(\d{2})")  # ParlParse pads hours to three digits: "017:45:00"
WORD = re.compile(r"\w+(?:'\w+)*")
SMALL_WORDS = {"and", "of", "the", "for", "in", "on", "to", "a", "an", "by", "with"}
ACRONYMS = {"UK", "EU", "NHS", "BBC", "RAF", "MOD", "HMRC", "NATO", "VAT", "PFI", "II", "III", "IV"}


def looks_like_debate_xml(data: bytes) -> bool:
    """True when ``data`` starts like a ParlParse debate file (a cheap sniff, no parsing)."""
    return b"<publicwhip" in data[:SNIFF_BYTES]


def hardened_parser() -> etree.XMLParser:
    """An lxml parser that expands only entities declared inside the file and fetches nothing.

    ``resolve_entities="internal"`` (lxml 5+) matters: plain ``True`` makes libxml2 substitute
    ``<!ENTITY x SYSTEM "file:///etc/passwd">`` with the file's contents even with
    ``load_dtd=False`` and ``no_network=True``.
    """
    return etree.XMLParser(
        resolve_entities="internal",
        load_dtd=False,
        no_network=True,
        huge_tree=False,  # keeps libxml2's limits on depth, text size and entity amplification
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_debate_xml(data: bytes, source: str = "", *, max_bytes: int = MAX_BYTES) -> DayRecord:
    """Turn one ParlParse debate file into a :class:`DayRecord` for the whole sitting day.

    Raises :class:`ImportFailed` (with the line where known) for empty, oversized, malformed or
    hostile files, a root other than ``<publicwhip>``, and headings or speeches without an id.
    """
    if not data or not data.strip():
        raise ImportFailed("the file is empty", source=source)
    if len(data) > max_bytes:
        raise ImportFailed(f"the file is {len(data):,} bytes; the limit is {max_bytes:,}", source=source)
    external = EXTERNAL_DECLARATION.search(data)
    if external:
        raise ImportFailed(
            "the file declares an external entity or DTD (SYSTEM/PUBLIC); ParlParse files never "
            "need one, so it is refused",
            line=data.count(b"\n", 0, external.start()) + 1,
            source=source,
        )
    try:
        root = etree.fromstring(data, hardened_parser())
    except etree.XMLSyntaxError as error:
        detail = getattr(error, "msg", "") or str(error)
        if "amplification" in detail or "entity reference loop" in detail:
            message = f"refused: entity expansion is too large (an entity bomb?): {detail}"
        else:
            message = f"not well-formed XML: {detail}"
        raise ImportFailed(message, line=error.lineno, source=source) from error
    if root.tag != "publicwhip":
        raise ImportFailed(
            f"not a ParlParse debate file: the root element is <{root.tag}>, expected <publicwhip>",
            line=root.sourceline,
            source=source,
        )
    builder = _DayBuilder(_new_day(root, source), source)
    for element in root:
        if isinstance(element.tag, str):
            builder.add(element)
    builder.mark_questions()
    return builder.day


def _new_day(root: etree._Element, source: str) -> DayRecord:
    """The day's date and version, read from the first id (or old id, in redirect-only files)."""
    first_id = next(
        (
            element.get("id") or element.get("oldgid")
            for element in root
            if isinstance(element.tag, str) and (element.get("id") or element.get("oldgid"))
        ),
        None,
    )
    match = ID_DATE.search(first_id or "")
    if not match:
        raise ImportFailed(
            "no element carries an id like uk.org.publicwhip/debate/2009-10-27d.141.0, "
            "so the sitting day is unknown",
            line=root.sourceline,
            source=source,
        )
    try:
        date = datetime.date.fromisoformat(match.group(1))
    except ValueError as error:
        raise ImportFailed(f"the id {first_id!r} has no real date", source=source) from error
    return DayRecord(
        source=source,
        house="commons",
        date=date,
        version=root.get("scrapeversion") or match.group(2),
        # A file that does not say it is superseded is taken as the latest version.
        latest=root.get("latest", "yes") != "no",
        whole_day=True,
        people_from_labels=False,
    )


@dataclass
class _Group:
    """A major heading and the minor headings under it; question time is decided per group."""

    after_oral_heading: bool
    sections: list[SectionRecord] = field(default_factory=list)


class _DayBuilder:
    """Walks the top-level elements in order, keeping the state that spans elements."""

    def __init__(self, day: DayRecord, source: str):
        self.day = day
        self.source = source
        self.section: SectionRecord | None = None
        self.groups: list[_Group] = []
        self.oral_heading_pending = False
        # Office printed at a speaker's first appearance, by person or member id.
        self.offices: dict[str, str] = {}

    def add(self, element: etree._Element) -> None:
        tag = element.tag
        if tag == "oral-heading":
            self.oral_heading_pending = True
        elif tag in ("major-heading", "minor-heading"):
            self.add_section(element, "major" if tag == "major-heading" else "minor")
        elif tag == "speech":
            self.add_speech(element)
        elif tag == "division":
            self.add_division(element)
        elif tag == "gidredirect":
            old, new = self.required(element, "oldgid"), self.required(element, "newgid")
            self.day.redirects.append((old, new, element.get("matchtype", "")))
        else:
            # Newer ParlParse additions are passed over rather than refused, but never silently.
            self.day.notes.append((element.sourceline or 0, f"unknown element <{tag}> passed over"))

    def required(self, element: etree._Element, name: str) -> str:
        value = (element.get(name) or "").strip()
        if not value:
            raise ImportFailed(
                f"<{element.tag}> has no {name} attribute", line=element.sourceline, source=self.source
            )
        return value

    def source_url(self, element: etree._Element) -> str:
        """The element's ``url`` if it is an http(s) address; any other value is noted and dropped."""
        url = (element.get("url") or "").strip()
        if url and not is_source_url(url):
            self.day.notes.append(
                (
                    element.sourceline or 0,
                    f"url {url[:100]!r} is not an http(s) address of up to {MAX_LENGTH} characters; not stored",
                )
            )
            return ""
        return url

    def add_section(self, element: etree._Element, kind: str) -> SectionRecord:
        section = SectionRecord(
            source_id=self.required(element, "id"),
            heading=readable_heading("".join(element.itertext())),
            kind=kind,
            line=element.sourceline or 0,
            column=element.get("colnum", ""),
            time=normalise_time(element.get("time", "")),
            url=self.source_url(element),
        )
        return self.append_section(section)

    def append_section(self, section: SectionRecord) -> SectionRecord:
        if section.kind == "major" or not self.groups:
            self.groups.append(_Group(after_oral_heading=self.oral_heading_pending))
            self.oral_heading_pending = False
        self.groups[-1].sections.append(section)
        self.day.sections.append(section)
        self.section = section
        return section

    def current_section(self, element: etree._Element, element_id: str) -> SectionRecord:
        """The section being filled; a synthetic "Preamble" when text comes before any heading."""
        if self.section is None:
            preamble = SectionRecord(
                source_id=f"{element_id}-preamble",
                heading="Preamble",
                kind="major",
                line=element.sourceline or 0,
                column=element.get("colnum", ""),
                time=normalise_time(element.get("time", "")),
            )
            return self.append_section(preamble)
        return self.section

    def add_speech(self, element: etree._Element) -> None:
        source_id = self.required(element, "id")
        member_id, person_id = split_ids(element.get("speakerid", ""), element.get("person_id", ""))
        name = collapse(element.get("speakername", ""))
        label = collapse(element.get("speakeroffice", ""))
        key = person_id or member_id
        if key and label:
            self.offices[key] = label
        elif key:
            label = self.offices.get(key, "")
        speech = SpeechRecord(
            source_id=source_id,
            speaker_name=name,
            html=speech_html(element),  # sanitised by the writer, the one place text is stored
            line=element.sourceline or 0,
            speaker_label=label,
            person_id=person_id,
            member_id=member_id,
            procedural=element.get("nospeaker") == "true" or not (name or member_id or person_id),
            oral_question_number=(element.get("oral-qnum") or "").strip(),
            column=element.get("colnum", ""),
            time=normalise_time(element.get("time", "")),
            url=self.source_url(element),
        )
        self.current_section(element, source_id).speeches.append(len(self.day.speeches))
        self.day.speeches.append(speech)

    def add_division(self, element: etree._Element) -> None:
        source_id = self.required(element, "id")
        division = DivisionRecord(
            source_id=source_id,
            line=element.sourceline or 0,
            number=(element.get("divnumber") or "").strip(),
            column=element.get("colnum", ""),
            time=normalise_time(element.get("time", "")),
        )
        count = element.find("divisioncount")
        if count is not None:
            division.ayes = self.count(count, "ayes")
            division.noes = self.count(count, "noes")
            division.teller_ayes = self.count(count, "tellerayes")
            division.teller_noes = self.count(count, "tellernoes")
        for mplist in element.iter("mplist"):
            for mpname in mplist.iter("mpname"):
                vote = mpname.get("vote") or mplist.get("vote") or ""
                # Some ParlParse versions mark tellers in the vote itself ("tellaye").
                teller = mpname.get("teller") == "yes" or vote.startswith("tell")
                vote = vote.removeprefix("tell")
                if vote not in ("aye", "no"):
                    continue  # a list this parser does not know ("both", Lords' "content")
                member_id, person_id = split_ids(mpname.get("id", ""), mpname.get("person_id", ""))
                name = voter_name("".join(mpname.itertext()))
                division.votes.append(VoteRecord(name, vote, member_id, person_id, teller))
        self.current_section(element, source_id).divisions.append(division)

    def count(self, element: etree._Element, name: str) -> int:
        value = (element.get(name) or "0").strip()
        try:
            return int(value)
        except ValueError as error:
            raise ImportFailed(
                f"<divisioncount> {name}={value!r} is not a number",
                line=element.sourceline,
                source=self.source,
            ) from error

    def mark_questions(self) -> None:
        """Flag question-time sections: majors after an oral-heading that contain numbered questions.

        Question time runs from the oral-heading until the first major heading whose sections
        hold no ``oral-qnum`` (the end of questions: statements, bills, debates).
        """
        active = False
        for group in self.groups:
            active = active or group.after_oral_heading
            asked = [
                any(self.day.speeches[i].oral_question_number for i in section.speeches)
                for section in group.sections
            ]
            if not (active and any(asked)):
                active = False
                continue
            group.sections[0].is_questions = True  # the department heading itself
            for section, has_questions in zip(group.sections[1:], asked[1:], strict=True):
                section.is_questions = has_questions


def collapse(text: str) -> str:
    return " ".join(text.split())


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
