"""One kind's record of one day as a ParlParse XML file, as the archive holds it now.

The file holds the day's headings, speeches (with the speaker's ParlParse person id, the name
and the label as printed) and divisions with every vote, in printed order, with editors'
corrections applied (the stored values are the corrected ones). Importing it into an archive
without that day gives the same day back: the same speeches, speakers, threads and text
(tests/test_parlparse_export.py checks this on every shared day and kind).

It follows ParlParse's own shape, so that mySociety's model of the format (``mysoc-validator``'s
``Transcript``) reads it: ids are the ones imported; speech bodies are ParlParse paragraphs
(``<phrase>`` for the phrases the archive keeps as ``<span>``, ``pwmotiontext`` for a motion's
words). Written questions and answers are ``<ques>`` and ``<reply>``, which carry no column,
time or label in that model. A committee sitting keeps its ``<bill>`` and ``<committee>`` head,
as ParlParse's committee files do (which that model does not read: neither those elements nor
the committee's ids).
"""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from lxml import etree
from lxml import html as lxml_html

from .kinds import RecordKind, kind_of_slug
from .models import CommitteeMember, Division, Section, Sitting, Speech, SpeechKind, Vote

PERSON_OR_MEMBER = ("uk.org.publicwhip/person/", "uk.org.publicwhip/member/")


def download(request: HttpRequest, kind: str, date: str, part: str = "") -> HttpResponse:
    """``/debates/<kind>/<date>/parlparse.xml``: the record as a file to download."""
    record = kind_of_slug(kind)
    try:
        day = datetime.date.fromisoformat(date)
    except ValueError as error:
        raise Http404("No such date") from error
    sitting = get_object_or_404(Sitting, kind=record, date=day, part=part)
    response = HttpResponse(export_sitting(sitting), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{sitting.parlparse_file_name}"'
    return response


def export_sitting(sitting: Sitting) -> bytes:
    """The sitting as a ParlParse XML file (UTF-8). A fixed number of queries."""
    root = etree.Element("publicwhip")
    if sitting.source_version:
        root.set("scrapeversion", sitting.source_version)
    root.set("latest", "yes")
    if sitting.kind == RecordKind.BILL_COMMITTEES:
        committee_head(root, sitting)
    sections = list(Section.objects.filter(sitting=sitting).order_by("position"))
    speeches = list(Speech.objects.filter(sitting=sitting).select_related("speaker").order_by("position"))
    votes = Prefetch("votes", queryset=Vote.objects.select_related("person").order_by("pk"))
    divisions = list(Division.objects.filter(sitting=sitting).order_by("position").prefetch_related(votes))
    items = sorted([*sections, *speeches, *divisions], key=lambda item: item.position)
    oral_heading_written = False
    for item in items:
        if isinstance(item, Section):
            if item.kind == "questions" and not oral_heading_written and sitting.kind == RecordKind.CHAMBER:
                oral_heading(root, item)
                oral_heading_written = True
            heading(root, item)
        elif isinstance(item, Speech):
            speech(root, item, sitting)
        else:
            division(root, item, sitting)
    # One element a line, and no other whitespace: pretty-printing would add it inside speeches.
    root.text = "\n"
    for child in root:
        child.tail = "\n"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def set_if(element: etree._Element, name: str, value: str | None) -> None:
    if value:
        element.set(name, value)


def oral_heading(root: etree._Element, first_questions: Section) -> None:
    """Where oral questions begin (ParlParse prints it before their first department)."""
    element = etree.SubElement(root, "oral-heading")
    element.set("id", f"{first_questions.source_id}-oral")
    element.set("nospeaker", "true")
    element.set("colnum", first_questions.column)
    element.set("time", first_questions.time)
    element.set("url", first_questions.source_url)
    element.text = "Oral Answers to Questions"


def heading(root: etree._Element, section: Section) -> None:
    element = etree.SubElement(root, "minor-heading" if section.parent_id else "major-heading")
    element.set("id", section.source_id or f"uk.org.publicwhip/debate/heading.{section.pk}")
    element.set("nospeaker", "true")
    set_if(element, "colnum", section.column)
    set_if(element, "time", section.time)
    set_if(element, "url", section.source_url)
    element.text = section.heading


def speaker_id(person) -> str:
    value = (person.parlparse_id or "") if person else ""
    return value if value.startswith(PERSON_OR_MEMBER) else ""


def speech(root: etree._Element, item: Speech, sitting: Sitting) -> None:
    written = sitting.kind == RecordKind.WRITTEN_ANSWERS and item.kind in (
        SpeechKind.QUESTION,
        SpeechKind.ANSWER,
    )
    tag = ("ques" if item.kind == SpeechKind.QUESTION else "reply") if written else "speech"
    element = etree.SubElement(root, tag)
    element.set("id", item.source_id)
    set_if(element, "person_id", speaker_id(item.speaker))
    set_if(element, "speakername", item.speaker_name)
    if not written:
        if not (item.speaker_name or item.speaker_id):
            element.set("nospeaker", "true")
        set_if(element, "speakeroffice", item.speaker_office)
        set_if(element, "colnum", item.column)
        set_if(element, "time", item.time)
        set_if(element, "oral-qnum", item.oral_question_number)
    set_if(element, "url", item.source_url)
    for child in paragraphs(item.text):
        element.append(child)


def paragraphs(text: str) -> list[etree._Element]:
    """Stored speech HTML (sanitised) as ParlParse's body elements: the phrases the archive
    shows as ``<span class>`` become ``<phrase class>`` again, a motion's paragraph is marked
    ``pwmotiontext``, and what the sanitiser adds to links (``rel``) is left out."""
    wrapper = lxml_html.fragment_fromstring(text or "", create_parent="div")
    for node in wrapper.iter():
        if node.tag == "span" and node.get("class"):
            node.tag = "phrase"
        elif node.tag == "p" and "motion" in node.get("class", "").split():
            rest = [name for name in node.get("class").split() if name != "motion"]
            del node.attrib["class"]
            if rest:
                node.set("class", " ".join(rest))
            node.set("pwmotiontext", "yes")
        elif node.tag == "a":
            node.attrib.pop("rel", None)
    body = etree.fromstring(lxml_html.tostring(wrapper, method="xml", encoding="unicode"))
    children = list(body)
    if body.text and body.text.strip():  # loose text: ParlParse keeps every word in a paragraph
        loose = etree.Element("p")
        loose.text = body.text.strip()
        children.insert(0, loose)
    return children


def division(root: etree._Element, item: Division, sitting: Sitting) -> None:
    element = etree.SubElement(root, "division")
    element.set("id", item.source_id)
    element.set("nospeaker", "true")
    element.set("divdate", sitting.date.isoformat())
    element.set("divnumber", item.number if item.number.isdigit() else "0")
    if item.column.isdigit():
        element.set("colnum", item.column)
    set_if(element, "time", item.time)
    count = etree.SubElement(element, "divisioncount")
    for name, value in (
        ("ayes", item.ayes),
        ("noes", item.noes),
        ("tellerayes", item.teller_ayes),
        ("tellernoes", item.teller_noes),
    ):
        count.set(name, str(value))
    votes = list(item.votes.all())  # in the order imported: the lists' printed order
    for side in (Vote.Choice.AYE, Vote.Choice.NO):
        listed = etree.SubElement(element, "mplist", vote=side)
        for vote in votes:
            if vote.vote == side:
                name = etree.SubElement(listed, "mpname")
                if vote.member_id.startswith(PERSON_OR_MEMBER[1]):
                    name.set("id", vote.member_id)
                set_if(name, "person_id", speaker_id(vote.person))
                name.set("vote", side)
                if vote.teller:
                    name.set("teller", "yes")
                name.text = as_listed(vote.name)


def as_listed(name: str) -> str:
    """A voter's name as division lists print it, surname first, such that the importer reads
    back the name stored: "Mr. Peter Ainsworth" -> "Ainsworth, Mr. Peter"."""
    rest, space, last = name.rpartition(" ")
    return f"{last}, {rest}" if space and rest else name


def committee_head(root: etree._Element, sitting: Sitting) -> None:
    """A committee sitting's bill and who sat, as ParlParse's committee files begin."""
    bill = etree.SubElement(root, "bill", title=sitting.title)
    set_if(bill, "url", sitting.bill_url)
    bill.text = sitting.title
    committee = etree.SubElement(root, "committee")
    chairs = etree.SubElement(committee, "chairmen")
    for member in CommitteeMember.objects.filter(sitting=sitting).order_by("position"):
        if member.role == CommitteeMember.Role.CLERK:
            etree.SubElement(committee, "clerk").text = member.name
            continue
        parent = chairs if member.role == CommitteeMember.Role.CHAIR else committee
        name = etree.SubElement(parent, "mpname", membername=member.name)
        if not member.attending:
            name.set("attending", "false")
        name.text = f"{member.name} {member.description}".strip()
