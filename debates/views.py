"""Public debate pages: home, a day, a debate and its headings, a speech alone, a division, the
glossary, and search. The calendar of sitting days is in :mod:`debates.calendar`.

Views compose queryset methods (:mod:`debates.models`); each page runs a fixed number of
queries however long the debate or large the archive.
"""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView, TemplateView

from hansard_site.query_strings import page_number
from members.models import Membership, Party, Person

from . import search
from .corrections import as_first_published, corrections_of
from .highlight import Highlighter, stems_of
from .kinds import kind_of_slug
from .long_debates import Page, page_of
from .models import (
    CommitteeMember,
    Division,
    GidRedirect,
    GlossaryTerm,
    Section,
    Sitting,
    Speech,
    tally_by_party,
)
from .sanitise import sanitise_html
from .threads import build_threads, flatten

RECENT_SITTINGS = 10


def parse_iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise Http404("No such date") from error


def first_or_404(sections):
    """The heading an address names: slugs are unique within one record, and a day's committee
    sittings name their headings apart, so the first (by record) is the only one."""
    section = sections.order_by("sitting__part").first()
    if section is None:
        raise Http404("No such debate")
    return section


def kind_in(kwargs) -> str:
    """The kind of record an address names (``commons``, ``written-answers``...), or a 404."""
    kind = kind_of_slug(kwargs["kind"])
    if kind is None:
        raise Http404("No such kind of record")
    return kind


class HomeView(TemplateView):
    """The most recent sitting days: the debates of the chamber, Westminster Hall and committees,
    and how many statements and written answers each day brought."""

    template_name = "debates/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dates = list(Sitting.objects.recent_dates()[:RECENT_SITTINGS])
        sittings = (
            Sitting.objects.filter(date__in=dates)
            .in_reading_order()
            .prefetch_related(
                Prefetch(
                    "sections", queryset=Section.objects.debates().with_speech_counts(), to_attr="debates"
                )
            )
        )
        days: dict[datetime.date, list[Sitting]] = {day: [] for day in dates}
        for sitting in sittings:
            days[sitting.date].append(sitting)
        context["days"] = [{"date": day, "sittings": records} for day, records in days.items()]
        return context


class SittingDetailView(TemplateView):
    """One kind's record of one day (every committee sitting of the day, for committees): its
    debates in order, the headings under them, who opened and who answered."""

    template_name = "debates/sitting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind, date = kind_in(self.kwargs), parse_iso_date(self.kwargs["date"])
        sittings = list(Sitting.objects.filter(kind=kind, date=date).in_reading_order())
        if not sittings:
            raise Http404("Nothing of that kind that day")
        children = Section.objects.with_openers().select_related("sitting", "parent").order_by("position")
        debates = list(
            Section.objects.debates()
            .filter(sitting__in=sittings)
            .with_speech_counts()
            .with_openers()
            .prefetch_related(Prefetch("children", queryset=children))
        )
        sections = [*debates, *(child for debate in debates for child in debate.children.all())]
        wanted = {pk for section in sections for pk in (section.opener_id, section.answer_id) if pk}
        speeches = Speech.objects.filter(pk__in=wanted).with_speakers().in_bulk()
        for section in sections:
            section.opener = speeches.get(section.opener_id)
            section.answer = speeches.get(section.answer_id)
        members = list(CommitteeMember.objects.filter(sitting__in=sittings).select_related("person"))
        for sitting in sittings:
            sitting.shown_debates = [debate for debate in debates if debate.sitting_id == sitting.pk]
            sitting.committee = [member for member in members if member.sitting_id == sitting.pk]
        sitting = sittings[0]
        context.update(
            sitting=sitting,
            sittings=sittings,
            previous_sitting=Sitting.objects.before(sitting).first(),
            next_sitting=Sitting.objects.after(sitting).first(),
            same_day=Sitting.objects.filter(date=date).exclude(kind=kind).one_a_kind(),
        )
        return context


class DebateView(DetailView):
    """A debate: its heading, then its exchanges as threads, with glossary terms explained; a
    long one in pages (:mod:`debates.long_debates`)."""

    template_name = "debates/debate.html"
    context_object_name = "debate"

    def get_object(self, queryset=None):
        date = parse_iso_date(self.kwargs["date"])
        return first_or_404(
            Section.objects.select_related("sitting").filter(
                sitting__kind=kind_in(self.kwargs), sitting__date=date, slug=self.kwargs["slug"], parent=None
            )
        )

    def sections(self, page: Page) -> list[Section]:
        """The headings this page shows: the debate's own and those under it on this page."""
        return [self.object, *Section.objects.under(self.object).on_page(page)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        debate = self.object
        page = page_of(debate.page_breaks, page_number(self.request.GET.get("page")))
        if page is None:
            raise Http404("No such page")
        sections = self.sections(page)
        speeches = list(
            Speech.objects.in_sections(sections).between_positions(page.first, page.last).for_reading()
        )
        divisions = list(
            Division.objects.filter(section__in=sections)
            .between_positions(page.first, page.last)
            .order_by("position")
            .select_related("sitting")
            .with_tellers()
        )
        # Words searched for (?hl=...), marked in the text shown, never in the stored text.
        stems = stems_of(self.request.GET.get("hl", "")[:200])
        if stems:
            marked = Highlighter(stems).all([speech.shown_text for speech in speeches])
            for speech, text in zip(speeches, marked, strict=True):
                speech.rendered_text = text
        by_section: dict[int, list] = {}
        for speech in speeches:
            by_section.setdefault(speech.section_id, []).append(speech)
        blocks = []
        for section in sections:
            shown = by_section.get(section.pk, [])
            held = [division for division in divisions if division.section_id == section.pk]
            if shown or held or page.holds(section.position) or section is debate:
                blocks.append({"section": section, "items": flatten(build_threads(shown)), "divisions": held})
        context.update(
            blocks=blocks,
            page=page,
            highlighted=bool(stems),
            sitting=debate.sitting,
            speech_count=len(speeches),
            # The terms were marked when the text was stored; the page lists those it shows.
            glossary_used=GlossaryTerm.objects.marked_in(speech.rendered_text for speech in speeches),
        )
        if debate.parent_id is None:
            context["previous_debate"] = Section.objects.before(debate).first()
            context["next_debate"] = Section.objects.after(debate).first()
        if debate.sitting.part:  # a committee sitting: who chaired it, and who attended
            debate.sitting.committee = list(debate.sitting.committee_members.select_related("person"))
            context["committee"] = debate.sitting
        return context


class SectionView(DebateView):
    """A minor heading's own page, with its debate's heading as context."""

    template_name = "debates/section.html"

    def get_object(self, queryset=None):
        date = parse_iso_date(self.kwargs["date"])
        return first_or_404(
            Section.objects.select_related("sitting", "parent").filter(
                sitting__kind=kind_in(self.kwargs),
                sitting__date=date,
                parent__slug=self.kwargs["debate"],
                slug=self.kwargs["slug"],
            )
        )

    def sections(self, page: Page) -> list[Section]:
        return [self.object]


def speech_permalink(request, pk: int):
    """A speech's permanent address: its place in the debate, with ``?hl=`` passed on."""
    speech = get_object_or_404(
        Speech.objects.select_related("section__parent__sitting", "section__sitting"), pk=pk
    )
    return redirect(speech.get_context_url(words=request.GET.get("hl", "")[:200]))


class SpeechView(DetailView):
    """A speech on a page of its own ("alone"), linking to its place in the debate ("in context"),
    to the speech it replies to and to the replies it drew."""

    template_name = "debates/speech.html"
    context_object_name = "speech"

    def get_queryset(self):
        return Speech.objects.with_speakers().select_related(
            "section__sitting", "section__parent__sitting", "reply_to__speaker"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        speech = self.object
        context["debate"] = speech.section.parent or speech.section
        context["replies"] = speech.replies.select_related("speaker").order_by("position")
        context["glossary_used"] = GlossaryTerm.objects.marked_in([speech.rendered_text])
        return context


def gid_permalink(request, gid: str):
    """Resolve a ParlParse id (a speech's, a heading's or a division's), following redirects
    from superseded versions of the day. A trailing slash, as links often gain, is ignored."""
    gid = gid.strip().rstrip("/")
    gid = gid if gid.startswith("uk.org.publicwhip/") else f"uk.org.publicwhip/debate/{gid}"
    chain = GidRedirect.objects.chain_from(gid)
    speeches = dict(Speech.objects.filter(source_id__in=chain).values_list("source_id", "pk"))
    sections = (
        Section.objects.filter(source_id__in=chain)
        .select_related("sitting", "parent")
        .in_bulk(field_name="source_id")
    )
    divisions = Division.objects.filter(source_id__in=chain).with_debates().in_bulk(field_name="source_id")
    for known in chain:
        if known in speeches:
            return speech_permalink(request, speeches[known])
        if known in sections:
            return redirect(sections[known].get_absolute_url())
        if known in divisions:
            return redirect(divisions[known].get_absolute_url())
    raise Http404("Nothing has that id")


class DivisionView(DetailView):
    """A division on a page of its own: the result, who voted which way, and by party."""

    template_name = "debates/division.html"
    context_object_name = "division"

    def get_object(self, queryset=None):
        date = parse_iso_date(self.kwargs["date"])
        divisions = Division.objects.filter(
            sitting__kind=kind_in(self.kwargs), date=date, number=self.kwargs["number"]
        )
        if "debate" in self.kwargs:  # a committee's: numbered within its committee
            debate = self.kwargs["debate"]
            divisions = divisions.filter(
                Q(section__slug=debate, section__parent=None) | Q(section__parent__slug=debate)
            )
        division = divisions.with_debates().with_votes().order_by("position").first()
        if division is None:
            raise Http404("No such division")
        return division

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        division = self.object
        section = division.section
        votes = division.votes.all()
        party_of = Membership.objects.parties_on(
            division.date, [vote.person_id for vote in votes if vote.person_id]
        )
        parties = Party.objects.in_bulk(set(party_of.values()) - {None})
        context["debate"] = section.parent or section
        context["by_party"] = tally_by_party(
            votes, {person: parties.get(party) for person, party in party_of.items()}
        )
        return context


class GlossaryListView(ListView):
    model = GlossaryTerm
    template_name = "debates/glossary_list.html"
    context_object_name = "terms"


class GlossaryTermView(DetailView):
    template_name = "debates/glossary_term.html"
    context_object_name = "term"

    def get_object(self, queryset=None):
        term = GlossaryTerm.objects.filter(slug=self.kwargs["slug"]).first()
        if term is None:
            raise Http404("No such term")
        return term


class SearchView(TemplateView):
    """``/search/``: speeches by words and filters (:func:`debates.search.run`); the parameters
    are documented in docs/search.md."""

    template_name = "debates/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(search.run(self.request.GET).as_context())
        context["parties"] = Party.objects.order_by("name")
        return context


CORRECTED_RECORDS = {"speech": Speech, "heading": Section, "member": Person}


def corrections_page(request, record: str, pk: int):
    """What editors corrected in a speech, a heading or a member's record, and how it read as
    first published."""
    model = CORRECTED_RECORDS.get(record)
    if model is None:
        raise Http404("No such kind of record")
    found = get_object_or_404(model, pk=pk)
    first = as_first_published(found)
    return render(
        request,
        "debates/corrections.html",
        {
            "record": found,
            "kind": record,
            "corrections": corrections_of(found),
            "first": first,
            # Stored through the allow-list when imported; through it again, never raw.
            "first_text": mark_safe(sanitise_html(first.text)) if record == "speech" and first else "",  # noqa: S308
        },
    )
