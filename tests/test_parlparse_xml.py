"""Tests for the ParlParse debate XML parser: trimmed real days, newer-format files, hostile input.

No database: the parser is pure. The real days are trimmed copies kept in ``tests/fixtures``, so
every test runs whether or not the team's shared data is beside the project.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from lxml import etree

from debates.importers.parse.parlparse_values import normalise_time, readable_heading, voter_name
from debates.importers.parse.parlparse_xml import hardened_parser, looks_like_debate_xml, parse_debate_xml
from debates.importers.records import DayRecord, ImportFailed
from debates.sanitise import sanitise_html

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TRIMMED = FIXTURES / "parlparse"  # real days, trimmed (see tests/golden.py for their golden files)
GID = "uk.org.publicwhip/debate/2009-10-27d"

DTD = b'<!DOCTYPE publicwhip [\n<!ENTITY mdash "&#8212;">\n<!ENTITY pound "&#163;">\n]>\n'


def document(
    body: str, *, root: str = '<publicwhip scrapeversion="d" latest="yes">', dtd: bytes = DTD
) -> bytes:
    """A small ParlParse-shaped file, ISO-8859-1 encoded like the real ones."""
    head = b'<?xml version="1.0" encoding="ISO-8859-1"?>\n' + dtd
    return head + f"{root}\n{body}\n</publicwhip>\n".encode("iso-8859-1")


def speech(number: str, text: str = "Words.", **attributes: str) -> str:
    attrs = "".join(
        f' {"oral-qnum" if name == "oral_qnum" else name}="{value}"' for name, value in attributes.items()
    )
    return f'<speech id="{GID}.{number}"{attrs}><p pid="d.{number}/1">{text}</p></speech>'


def heading(kind: str, number: str, text: str) -> str:
    return f'<{kind}-heading id="{GID}.{number}" nospeaker="true">{text}</{kind}-heading>'


FIRST = heading("major", "0.0", "First")  # gives the file a date, so later checks are reached


# Trimmed real files ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def day_27d() -> DayRecord:
    return parse_debate_xml((TRIMMED / "debates2009-10-27d.xml").read_bytes(), "debates2009-10-27d.xml")


def test_real_day_counts(day_27d: DayRecord) -> None:
    assert day_27d.date == datetime.date(2009, 10, 27)
    assert (day_27d.version, day_27d.latest, day_27d.house) == ("d", True, "commons")
    assert day_27d.whole_day and not day_27d.people_from_labels
    assert len(day_27d.speeches) == 63
    # The Marine Bill's allocated day, printed as a minor heading, is a debate of its own.
    assert sum(s.kind == "major" for s in day_27d.sections) == 6
    assert sum(s.kind == "minor" for s in day_27d.sections) == 7
    # Every speech sits in exactly one section, in document order.
    indexes = [i for section in day_27d.sections for i in section.speeches]
    assert indexes == list(range(63))
    assert [s.position for s in day_27d.speeches] == sorted(s.position for s in day_27d.speeches)


def test_real_division() -> None:
    day = parse_debate_xml((TRIMMED / "debates2009-10-28c.xml").read_bytes())
    (division,) = [d for section in day.sections for d in section.divisions]
    assert (division.number, division.ayes, division.noes) == ("232", 234, 289)
    assert (division.teller_ayes, division.teller_noes, division.time) == (2, 2, "15:47")
    first = division.votes[0]
    assert (first.name, first.member_id, first.vote) == (
        "Adam Afriyie",
        "uk.org.publicwhip/member/1929",
        "aye",
    )
    assert division.votes[4].name == "Nick Ainger" and division.votes[4].vote == "no"
    # In place: after the speech announcing it, before the result read out.
    announced, result = (s for s in day.speeches if s.source_id.endswith((".344.2", ".344.4")))
    assert announced.position < division.position < result.position


def test_real_offices_carried_forward(day_27d: DayRecord) -> None:
    by_id = {s.source_id: s for s in day_27d.speeches}
    office = "The Secretary of State for Communities and Local Government"
    assert by_id[f"{GID}.141.10"].speaker_label == office
    later = by_id[f"{GID}.141.12"]  # Denham again; the file prints no office this time
    assert (later.speaker_name, later.speaker_label) == ("John Denham", office)
    assert later.member_id == "uk.org.publicwhip/member/1827"
    question = by_id[f"{GID}.141.9"]
    assert (question.oral_question_number, question.speaker_label) == ("1", "")


def test_real_headings_entities_and_questions(day_27d: DayRecord) -> None:
    headings = {s.heading: s for s in day_27d.sections}
    assert "Business Before Questions" in headings
    assert headings["Communities and Local Government"].is_questions
    fire = headings["Contingency Arrangements (Fire Service)"]
    assert fire.kind == "minor" and fire.is_questions and fire.business == "questions"
    assert headings["Topical Questions"].business == "topical"
    assert not headings["Points of Order"].is_questions  # question time has ended
    assert "ORAL ANSWERS TO QUESTIONS" not in headings  # the oral-heading is a flag, not a section
    asked = day_27d.speeches[headings["Communities and Local Government"].speeches[0]]
    assert asked.procedural and asked.html == "<p>The Secretary of State was asked—</p>"
    assert "&mdash;" not in "".join(s.html for s in day_27d.speeches)


def test_real_phrases_become_spans(day_27d: DayRecord) -> None:
    text = next(s.html for s in day_27d.speeches if s.source_id == f"{GID}.141.2")
    assert text.startswith('<p class="italic">')
    assert '<span class="date">Thursday 5 November</span>' in text
    assert "pid=" not in text and "code=" not in text


def test_superseded_version_has_redirects() -> None:
    day = parse_debate_xml((FIXTURES / "debates2009-10-27a.xml").read_bytes())
    assert (day.version, day.latest, len(day.redirects)) == ("a", False, 10)
    assert day.redirects[0][0].startswith("uk.org.publicwhip/debate/2009-10-27a.")
    assert day.redirects[0][1].startswith("uk.org.publicwhip/debate/2009-10-27b.")


def test_redirect_only_file_still_has_a_date() -> None:
    redirects = f'<gidredirect oldgid="{GID[:-1]}c.1.0" newgid="{GID}.1.0" matchtype="perfectmatch"/>'
    day = parse_debate_xml(document(redirects, root='<publicwhip scrapeversion="c" latest="no">'))
    assert (day.date, day.version, day.latest, len(day.speeches), len(day.redirects)) == (
        datetime.date(2009, 10, 27), "c", False, 0, 1,
    )  # fmt: skip


def test_real_files_sniff() -> None:
    assert all(looks_like_debate_xml(path.read_bytes()) for path in TRIMMED.glob("*.xml"))


# Hand-written input ----------------------------------------------------------------------------


def test_small_day_sections_and_entities() -> None:
    body = "\n".join(
        [
            heading("major", "1.0", "  COMMUNITIES AND\n LOCAL GOVERNMENT "),
            heading("minor", "1.1", "Fire &mdash; Service"),
            speech("1.2", "Costs &pound;5", speakername="A B", speakerid="uk.org.publicwhip/member/1"),
            "<unknown-thing id='x'/>",
        ]
    )
    day = parse_debate_xml(document(body), "small.xml")
    assert [(s.kind, s.heading) for s in day.sections] == [
        ("major", "Communities and Local Government"),
        ("minor", "Fire — Service"),
    ]
    assert day.sections[1].speeches == [0] and day.sections[0].speeches == []
    assert day.speeches[0].html == "<p>Costs £5</p>"
    assert day.source == "small.xml"


def test_version_from_id_and_person_ids() -> None:
    person = "uk.org.publicwhip/person/10001"
    body = "\n".join(
        [
            heading("major", "1.0", "Defence"),
            speech("1.1", speakername="Jo Minister", person_id=person, speakeroffice="The Minister"),
            speech("1.2", speakername="Jo Minister", person_id=person),
            speech("1.3", speakername="Hon. Members", speakerid="unknown"),
        ]
    )
    day = parse_debate_xml(document(body, root="<publicwhip>"))
    assert (day.version, day.latest) == ("d", True)
    first, second, crowd = day.speeches
    assert (first.person_id, first.member_id) == (person, "")
    assert second.speaker_label == "The Minister"
    assert (crowd.member_id, crowd.procedural) == ("", False)


def test_questions_flag_follows_oral_heading() -> None:
    member = "uk.org.publicwhip/member/2"
    body = "\n".join(
        [
            heading("major", "0.1", "PRAYERS"),
            speech("0.2", speakername="Q", speakerid=member, oral_qnum="1"),  # before the oral-heading
            f'<oral-heading id="{GID}.1.0">ORAL ANSWERS</oral-heading>',
            heading("major", "1.1", "DEFENCE"),
            speech("1.2", nospeaker="true"),
            heading("minor", "1.3", "Tanks"),
            speech("1.4", speakername="Q", speakerid=member, oral_qnum="1"),
            heading("minor", "1.5", "Statement"),
            speech("1.6", speakername="Q", speakerid=member),
            heading("major", "1.7", "Points of Order"),  # no numbered questions: question time ends
            speech("1.8", speakername="Q", speakerid=member),
            heading("major", "1.9", "Bills"),
            speech("1.10", speakername="Q", speakerid=member, oral_qnum="9"),
        ]
    )
    day = parse_debate_xml(document(body))
    assert [(s.heading, s.is_questions) for s in day.sections] == [
        ("Prayers", False),
        ("Defence", True),
        ("Tanks", True),
        ("Statement", False),
        ("Points of Order", False),
        ("Bills", False),
    ]
    assert day.speeches[1].procedural


def test_division_shapes() -> None:
    body = f"""{heading("major", "1.0", "Bills")}
    <division id="{GID}.1.1" divnumber="7" time="022:01:00">
      <divisioncount ayes="1" noes="1" tellerayes="1" tellernoes="1"/>
      <mplist vote="aye">
        <mpname id="uk.org.publicwhip/member/5" vote="aye">Smith, Mr. John</mpname>
        <mpname id="uk.org.publicwhip/member/6" vote="aye" teller="yes">Ms Jane Doe</mpname>
      </mplist>
      <mplist vote="no">
        <mpname person_id="uk.org.publicwhip/person/7">Roe, Richard</mpname>
        <mpname person_id="uk.org.publicwhip/person/8" vote="tellno">Poe, Ed</mpname>
      </mplist>
    </division>"""
    division = parse_debate_xml(document(body)).sections[0].divisions[0]
    assert (division.number, division.ayes, division.noes, division.time) == ("7", 1, 1, "22:01")
    votes = [(v.name, v.vote, v.member_id, v.person_id, v.teller) for v in division.votes]
    assert votes == [
        ("Mr. John Smith", "aye", "uk.org.publicwhip/member/5", "", False),
        ("Ms Jane Doe", "aye", "uk.org.publicwhip/member/6", "", True),
        ("Richard Roe", "no", "", "uk.org.publicwhip/person/7", False),
        ("Ed Poe", "no", "", "uk.org.publicwhip/person/8", True),
    ]


def test_speech_before_heading_goes_in_preamble() -> None:
    day = parse_debate_xml(document(speech("1.0", speakername="A", speakerid="uk.org.publicwhip/member/1")))
    assert [(s.kind, s.heading, s.source_id, s.speeches) for s in day.sections] == [
        ("major", "Preamble", f"{GID}.1.0-preamble", [0])
    ]


def test_unsafe_markup_does_not_survive_the_sanitiser() -> None:
    """The parser converts; the writer sanitises every speech with this allow-list on storing."""
    text = (
        '<p pid="x" class="italic bogus" onclick="alert(1)">Hi <script>alert(2)</script>'
        '<a href="javascript:alert(3)">link</a><b style="x">bold</b><weird>kept words</weird></p>'
        "<table><tbody><tr pid='t'><td colspan='2'>cell</td></tr></tbody></table>"
    )
    body = heading("major", "1.0", "X") + f'<speech id="{GID}.1.1" speakername="A">{text}</speech>'
    html = sanitise_html(parse_debate_xml(document(body)).speeches[0].html)
    for bad in ("onclick", "script", "alert", "javascript", "style", "pid", "bogus", "weird"):
        assert bad not in html
    assert html.startswith('<p class="italic">Hi ')
    assert "<b>bold</b>kept words</p>" in html
    assert '<td colspan="2">cell</td>' in html


def test_external_entity_is_refused() -> None:
    dtd = b'<!DOCTYPE publicwhip [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    data = document(heading("major", "1.0", "&x;"), dtd=dtd)
    with pytest.raises(ImportFailed, match="external entity") as caught:
        parse_debate_xml(data, "xxe.xml")
    assert caught.value.line == 2 and "root:" not in str(caught.value)


@pytest.mark.parametrize(
    "dtd",
    [
        b'<!DOCTYPE publicwhip [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        b'<!DOCTYPE publicwhip [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
    ],
)
def test_hardened_parser_never_reads_files_even_without_the_precheck(dtd: bytes) -> None:
    # Straight to lxml, bypassing the declaration check: the parser itself must not fetch.
    data = b'<?xml version="1.0"?>' + dtd + b"<publicwhip><speech id='a'>&x;</speech></publicwhip>"
    with pytest.raises(etree.XMLSyntaxError) as caught:
        etree.fromstring(data, hardened_parser())
    assert "root:" not in str(caught.value)


def test_billion_laughs_is_refused() -> None:
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    dtd = ("<!DOCTYPE publicwhip [" + "".join(entities) + "]>\n").encode()
    with pytest.raises(ImportFailed, match="entity") as caught:
        parse_debate_xml(document(heading("major", "1.0", "&lol9;"), dtd=dtd), "bomb.xml")
    assert caught.value.source == "bomb.xml"


def test_quadratic_blowup_is_refused() -> None:
    dtd = b'<!DOCTYPE publicwhip [<!ENTITY a "' + b"x" * 20000 + b'">]>\n'
    with pytest.raises(ImportFailed, match="entity"):
        parse_debate_xml(document(heading("major", "1.0", "&a;" * 20000), dtd=dtd))


def test_malformed_xml_names_the_line() -> None:
    data = document(heading("major", "1.0", "Fine") + "\n<speech id='x'>\n<p>unclosed\n</speech>")
    with pytest.raises(ImportFailed, match="not well-formed") as caught:
        parse_debate_xml(data, "bad.xml")
    assert caught.value.line and caught.value.line >= 7
    assert str(caught.value).startswith("bad.xml, line ")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n ", "empty"),
        (b"hello, not xml", "not well-formed"),
        (b'<?xml version="1.0"?><html><body/></html>', "not a ParlParse debate file"),
        (b"<publicwhip></publicwhip>", "sitting day is unknown"),
        (document(FIRST + '<speech speakername="A"><p>x</p></speech>'), "<speech> has no id"),
        (document(FIRST + '<minor-heading nospeaker="true">X</minor-heading>'), "<minor-heading> has no id"),
        (document(FIRST + '<division divnumber="1"/>'), "<division> has no id"),
        (document(f'<gidredirect oldgid="{GID}.1.0"/>'), "<gidredirect> has no newgid"),
        (
            document(FIRST + f'<division id="{GID}.1.1"><divisioncount ayes="many"/></division>'),
            "not a number",
        ),
    ],
)
def test_bad_files_are_explained(data: bytes, message: str) -> None:
    with pytest.raises(ImportFailed, match=message):
        parse_debate_xml(data, "f.xml")


def test_missing_id_names_the_line() -> None:
    data = document(heading("major", "1.0", "X") + '\n\n<speech speakername="A"><p>x</p></speech>')
    with pytest.raises(ImportFailed) as caught:
        parse_debate_xml(data)
    assert caught.value.line == 9  # declaration, 4 lines of DTD, root, heading, blank line, speech


def test_oversized_file_is_refused() -> None:
    data = document(heading("major", "1.0", "X"))
    with pytest.raises(ImportFailed, match="limit"):
        parse_debate_xml(data, max_bytes=100)


def test_sniff() -> None:
    assert looks_like_debate_xml(document(""))
    assert not looks_like_debate_xml(b"Defence \xe2\x80\x93 in the House of Commons on 10 February 2025")
    assert not looks_like_debate_xml(b"")


@pytest.mark.parametrize(
    ("raw", "readable"),
    [
        ("BUSINESS BEFORE QUESTIONS", "Business Before Questions"),
        (
            "REGIONAL SELECT COMMITTEE (YORKSHIRE AND THE HUMBER)",
            "Regional Select Committee (Yorkshire and the Humber)",
        ),
        ("THE SPEAKER'S COMMITTEE", "The Speaker's Committee"),
        ("SUPPORT FOR UK INVESTORS", "Support for UK Investors"),
        ("FABIO ALVES-NUNES", "Fabio Alves-Nunes"),
        ("delegated legislation", "Delegated Legislation"),
        ("Marine and Coastal Access Bill  [ Lords]", "Marine and Coastal Access Bill [ Lords]"),
        ("REgional Select Committee (South West)", "REgional Select Committee (South West)"),
    ],
)
def test_readable_heading(raw: str, readable: str) -> None:
    assert readable_heading(raw) == readable


def test_small_helpers() -> None:
    assert [normalise_time(t) for t in ("017:45:00", "14:30:00", "00:15", "", "25:00:00", "x")] == [
        "17:45",
        "14:30",
        "00:15",
        "",
        "",
        "",
    ]
    assert voter_name("Ancram, rh Mr. Michael") == "rh Mr. Michael Ancram"
    assert voter_name("Mr. Philip Hollobone") == "Mr. Philip Hollobone"
