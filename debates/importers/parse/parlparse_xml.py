"""Parse one ParlParse (TheyWorkForYou) House of Commons debate XML file into plain records.

Any vintage (docs/importing.md lists how they differ). The 2009 shape::

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

The parser is pure: bytes in, a finished :class:`DayRecord` out, no database. Every element or
attribute it does not understand is noted with its line for the import report. Files come from
outside, so lxml expands only the entities declared inside the file and never reads a file or
URL (:func:`hardened_parser`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from lxml import etree

from ...source_urls import MAX_LENGTH, is_source_url
from ..records import (
    NOBODY_KNOWN,
    DayRecord,
    DivisionRecord,
    ImportFailed,
    KnownPeople,
    SectionRecord,
    SpeechRecord,
    VoteRecord,
)
from ..threads.finish import finish_day
from .limits import check_xml_depth, check_xml_size
from .parlparse_html import speech_html
from .parlparse_kinds import (
    CHAIR_LABEL,
    chair_in,
    committee_members,
    new_day_from_id,
    plain_name,
    read_id,
    shape_headings,
)
from .parlparse_values import collapse, normalise_time, readable_heading, split_ids, voter_name

MAX_BYTES = 50 * 1024 * 1024
# The root tag follows the XML declaration and the ~1.5 KB internal DTD of entity declarations.
SNIFF_BYTES = 4096
# ParlParse files never declare external entities or DTDs; refusing them up front gives a clear
# message (the parser would refuse them anyway, as "Entity 'x' not defined").
EXTERNAL_DECLARATION = re.compile(
    rb"<!(?:ENTITY\s+(?:%\s+)?[^\s>]+|DOCTYPE\s+[^\s>\[]+)\s+(?:SYSTEM|PUBLIC)\b", re.IGNORECASE
)
# Kinds of unknown element or attribute listed in the report; beyond them, occurrences are
# only counted, so a file of invented names costs neither memory nor report.
MAX_UNKNOWN_NOTES = 100
HEADING_ATTRIBUTES = {"id", "nospeaker", "colnum", "time", "url"}
# Attributes understood on each element outside speech bodies (see parlparse_html for those).
SPEECH_ATTRIBUTES = HEADING_ATTRIBUTES | {
    "speakerid", "person_id", "speakername", "speakeroffice", "oral-qnum", "type", "error", "oldstyleid",
}  # fmt: skip
KNOWN_ATTRIBUTES = {
    "publicwhip": {"scrapeversion", "scraperversion", "latest"},
    "oral-heading": HEADING_ATTRIBUTES,
    "major-heading": HEADING_ATTRIBUTES | {"oldstyleid"},
    # ``inserted-heading``: ParlParse repeated the heading for a question printed under another's.
    "minor-heading": HEADING_ATTRIBUTES | {"oldstyleid", "inserted-heading"},
    # ``error`` is ParlParse's note that it could not match the name; the name is still read.
    "speech": SPEECH_ATTRIBUTES,
    # A written question and its answer (written answers), read as speeches.
    "ques": SPEECH_ATTRIBUTES,
    "reply": SPEECH_ATTRIBUTES,
    "division": HEADING_ATTRIBUTES | {"divdate", "divnumber"},
    # Committees print a division as its count alone, with an id, a number and an address.
    "divisioncount": {"ayes", "noes", "tellerayes", "tellernoes", "id", "divnumber", "url", "colnum", "time"},
    "mplist": {"vote"},
    "mpname": {"id", "person_id", "vote", "teller", "proxy", "memberid", "membername"},
    "gidredirect": {"oldgid", "newgid", "matchtype"},
    "bill": {"title", "url"},
    "committee": set(),
}
# What a committee sitting's head holds (stored as its chairs, members and clerks).
COMMITTEE_TAGS = {"committee", "chairmen", "mpname", "clerk", "span"}
# Written answers give their role by element, as newer files give a speech's by its type.
WRITTEN_TYPES = {"ques": "Start Question", "reply": "Start Answer"}


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


def parse_debate_xml(
    data: bytes,
    source: str = "",
    *,
    max_bytes: int = MAX_BYTES,
    people_on: Callable[[datetime.date], KnownPeople] | None = None,
) -> DayRecord:
    """Turn one ParlParse debate file into a finished :class:`DayRecord` for the whole sitting day.

    ``people_on(date)``: what the members data knows about the day's Chair and ministers; without
    it they are inferred from the text alone, and parsing never touches the database.
    """
    if not data or data.isspace():
        raise ImportFailed("the file is empty", source=source)
    if len(data) > max_bytes:
        raise ImportFailed(f"the file is {len(data):,} bytes; the limit is {max_bytes:,}", source=source)
    check_xml_size(data, source)
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
    check_xml_depth(root, source)
    day, first_id = _new_day(root, source)
    builder = _DayBuilder(day, source)
    builder.check_attributes(root)
    for element in root:
        if isinstance(element.tag, str):
            builder.add(element)
    builder.report_unknown()
    shape_headings(day, first_id.group("number") or "", first_id.group("piece") or "")
    finish_day(day, people_on(day.date) if people_on else NOBODY_KNOWN)
    return day


def _new_day(root: etree._Element, source: str) -> tuple[DayRecord, re.Match]:
    """The record's kind, day and version, read from the first id (or old id, in redirect-only
    files); and that id's parts (see :mod:`.parlparse_kinds`)."""
    first = next(
        (
            element
            for element in root.iter()
            if isinstance(element.tag, str)
            and (element.get("id") or element.get("oldgid"))
            and element.tag not in ("mpname",)
        ),
        None,
    )
    if first is None:
        raise ImportFailed(
            "no element carries an id like uk.org.publicwhip/debate/2009-10-27d.141.0, "
            "so the sitting day is unknown",
            line=root.sourceline,
            source=source,
        )
    match = read_id(first.get("id") or first.get("oldgid"), source, first.sourceline)
    version = root.get("scrapeversion") or root.get("scraperversion") or ""
    # A file that does not say it is superseded is taken as the latest version.
    return new_day_from_id(match, source, version, latest=root.get("latest", "yes") != "no"), match


class _DayBuilder:
    """Walks the top-level elements in order, keeping the state that spans elements."""

    def __init__(self, day: DayRecord, source: str):
        self.day = day
        self.source = source
        self.section: SectionRecord | None = None
        self.oral_heading_pending = False
        # Office printed at a speaker's first appearance, by person or member id.
        self.offices: dict[str, str] = {}
        # What was not understood: (element, attribute or "") -> (first line, how many times).
        self.unknown: dict[tuple[str, str], tuple[int, int]] = {}
        self.unknown_more: tuple[int, int] = (0, 0)  # (first line, how many) beyond those kinds
        # Who is in the Chair (Westminster Hall, committees): a name as printed in the marker,
        # and the chairs of a committee by member id.
        self.in_the_chair: str | None = None
        self.chairs: set[str] = set()
        self.questions: list[int] = []  # the written questions awaiting their reply

    def note_unknown(self, tag: str, attribute: str, line: int | None) -> None:
        """Count what was not understood; past :data:`MAX_UNKNOWN_NOTES` kinds, only how often."""
        key = (tag, attribute)
        if key not in self.unknown and len(self.unknown) >= MAX_UNKNOWN_NOTES:
            self.unknown_more = (self.unknown_more[0] or line or 0, self.unknown_more[1] + 1)
            return
        first, count = self.unknown.get(key, (line or 0, 0))
        self.unknown[key] = (first, count + 1)

    def check_attributes(self, element: etree._Element, tag: str | None = None) -> None:
        tag = tag or element.tag
        for name in element.attrib:
            if name not in KNOWN_ATTRIBUTES.get(tag, ()):
                self.note_unknown(tag, name, element.sourceline)

    def report_unknown(self) -> None:
        """One note per element or attribute not understood, with its first line and count."""
        for (tag, attribute), (line, count) in sorted(self.unknown.items(), key=lambda item: item[1][0]):
            what = f"unknown attribute {attribute}= on <{tag}>" if attribute else f"unknown element <{tag}>"
            times = f" ({count} times; first here)" if count > 1 else ""
            self.day.notes.append((line, f"{what} passed over{times}"))
        line, more = self.unknown_more
        if more:
            self.day.notes.append(
                (line, f"{more:,} more elements or attributes of other kinds passed over (first here)")
            )

    def add(self, element: etree._Element) -> None:
        tag = element.tag
        if tag in KNOWN_ATTRIBUTES:  # an unknown element is reported whole, below
            self.check_attributes(element)
        if element.get("oldstyleid") and element.get("id"):  # the column-style id leads here too
            self.day.redirects.append(
                (element.get("oldstyleid").strip(), element.get("id").strip(), "oldstyleid")
            )
        if tag == "oral-heading":
            self.oral_heading_pending = True
        elif tag in ("major-heading", "minor-heading"):
            self.add_section(element, "major" if tag == "major-heading" else "minor")
        elif tag in ("speech", "ques", "reply"):
            self.add_speech(element)
        elif tag in ("division", "divisioncount"):  # a committee's division is its count alone
            self.add_division(element)
        elif tag == "gidredirect":
            old, new = self.required(element, "oldgid"), self.required(element, "newgid")
            self.day.redirects.append((old, new, element.get("matchtype", "")))
        elif tag == "bill":
            self.day.title = collapse(element.get("title") or "".join(element.itertext()))[:300]
            self.day.bill_url = self.source_url(element)
        elif tag == "committee":
            self.day.members = committee_members(element)
            # (A chair printed without an id names nobody: "" would match every speech without one.)
            self.chairs = {member.member_id for member in self.day.members if member.role == "chair"} - {""}
            for child in element.iter():
                if isinstance(child.tag, str) and child.tag not in COMMITTEE_TAGS:
                    self.note_unknown(child.tag, "", child.sourceline)
        else:
            self.note_unknown(tag, "", element.sourceline)

    def check_kind(self, source_id: str, element: etree._Element) -> None:
        """Every id of a file must be of its kind and day: one file is one record."""
        match = read_id(source_id, self.source, element.sourceline)
        if (match.group("kind"), match.group("date"), match.group("part") or "") != (
            self.day.kind,
            self.day.date.isoformat(),
            self.day.part,
        ):
            raise ImportFailed(
                f"the id {source_id} is of another record than the file's first id "
                f"({self.day.kind}, {self.day.date}{', ' + self.day.part if self.day.part else ''}); "
                "a file holds one kind of record of one day, so nothing was imported",
                line=element.sourceline,
                source=self.source,
            )

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

    def add_section(self, element: etree._Element, kind: str) -> SectionRecord | None:
        source_id = self.required(element, "id")
        self.check_kind(source_id, element)
        chair, text = chair_in("".join(element.itertext()))
        if chair:
            self.in_the_chair = chair
            if not text:  # "[Mrs. Joan Humble in the Chair]" alone: a change of Chair, no heading
                if self.section is not None:
                    self.day.redirects.append((source_id, self.section.source_id, "chair"))
                return None
        section = SectionRecord(
            source_id=source_id,
            heading=readable_heading(text),
            kind=kind,
            line=element.sourceline or 0,
            column=element.get("colnum", ""),
            time=normalise_time(element.get("time", "")),
            url=self.source_url(element),
        )
        return self.append_section(section)

    def append_section(self, section: SectionRecord) -> SectionRecord:
        section.after_oral_heading, self.oral_heading_pending = self.oral_heading_pending, False
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
        self.check_kind(source_id, element)
        member_id, person_id = split_ids(element.get("speakerid", ""), element.get("person_id", ""))
        name = collapse(element.get("speakername", ""))
        label = collapse(element.get("speakeroffice", ""))
        key = person_id or member_id
        if key and label:
            self.offices[key] = label
        elif key:
            label = self.offices.get(key, "")
        chair, _rest = chair_in("".join(element.itertext()))
        if chair and not key:  # "[Robert Key in the Chair]" printed as a paragraph
            self.in_the_chair = chair
        elif key and (
            member_id in self.chairs or (self.in_the_chair and plain_name(name) == self.in_the_chair)
        ):
            label = CHAIR_LABEL  # the member in the Chair, as Hansard prints them
        speech = SpeechRecord(
            source_id=source_id,
            speaker_name=name,
            html=speech_html(element, self.note_unknown),
            line=element.sourceline or 0,
            speaker_label=label,
            person_id=person_id,
            member_id=member_id,
            procedural=element.get("nospeaker") == "true" or not (name or member_id or person_id),
            oral_question_number=(element.get("oral-qnum") or "").strip(),
            column=element.get("colnum", ""),
            time=normalise_time(element.get("time", "")),
            url=self.source_url(element),
            source_type=WRITTEN_TYPES.get(element.tag, collapse(element.get("type", ""))),
        )
        self.current_section(element, source_id).speeches.append(len(self.day.speeches))
        self.day.speeches.append(speech)

    def add_division(self, element: etree._Element) -> None:
        source_id = self.required(element, "id")
        self.check_kind(source_id, element)
        division = DivisionRecord(
            source_id=source_id,
            line=element.sourceline or 0,
            number=(element.get("divnumber") or "").strip(),
            column=element.get("colnum", ""),
            time=normalise_time(element.get("time", "")),
        )
        if element.tag == "divisioncount":  # a committee's: the count holds the lists
            division.ayes, division.noes = self.count(element, "ayes"), self.count(element, "noes")
        for child in element:
            if not isinstance(child.tag, str):
                continue
            self.check_attributes(child)
            if child.tag == "divisioncount":
                division.ayes = self.count(child, "ayes")
                division.noes = self.count(child, "noes")
                division.teller_ayes = self.count(child, "tellerayes")
                division.teller_noes = self.count(child, "tellernoes")
            elif child.tag == "mplist":
                self.add_votes(division, child)
            else:
                self.note_unknown(child.tag, "", child.sourceline)
        section = self.current_section(element, source_id)
        division.speeches_before = len(section.speeches)
        section.divisions.append(division)

    def add_votes(self, division: DivisionRecord, mplist: etree._Element) -> None:
        for mpname in mplist:
            if not isinstance(mpname.tag, str):
                continue
            if mpname.tag != "mpname":
                self.note_unknown(mpname.tag, "", mpname.sourceline)
                continue
            self.check_attributes(mpname)
            vote = mpname.get("vote") or mplist.get("vote") or ""
            # Some ParlParse versions mark tellers in the vote itself ("tellaye").
            teller = mpname.get("teller") == "yes" or vote.startswith("tell")
            vote = vote.removeprefix("tell")
            if vote not in ("aye", "no"):
                self.note_unknown("mpname", f"vote={vote!r}", mpname.sourceline)
                continue  # a list this parser does not know ("both", Lords' "content")
            member_id, person_id = split_ids(
                mpname.get("id", ""), mpname.get("memberid", ""), mpname.get("person_id", "")
            )
            _member, proxy = split_ids(mpname.get("proxy", ""))
            name = voter_name("".join(mpname.itertext()))
            division.votes.append(VoteRecord(name, vote, member_id, person_id, teller, proxy))

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
