"""Public debate pages: home, the list of sitting days, a day, a debate, speech permalinks."""

from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView, TemplateView

from .glossary import terms_used
from .models import Division, GidRedirect, GlossaryTerm, Section, Sitting, Speech, Vote
from .threads import build_threads

RECENT_SITTINGS = 10


def parse_iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise Http404("No such date") from error


def top_level_sections():
    """Debates as a reader lists them: top-level sections with how many speeches each holds."""
    return (
        Section.objects.filter(parent__isnull=True)
        .select_related("sitting")
        .annotate(speech_count=Count("speeches", distinct=True) + Count("children__speeches", distinct=True))
        .order_by("position")
    )


class HomeView(TemplateView):
    """The most recent sitting days and their debates."""

    template_name = "debates/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sittings"] = Sitting.objects.recent().prefetch_related(
            Prefetch("sections", queryset=top_level_sections(), to_attr="debates")
        )[:RECENT_SITTINGS]
        return context


class SittingListView(ListView):
    """Every sitting day, newest first."""

    template_name = "debates/sitting_list.html"
    context_object_name = "sittings"
    paginate_by = 100

    def get_queryset(self):
        return Sitting.objects.recent().annotate(speech_count=Count("speeches"))


class SittingDetailView(DetailView):
    """One sitting day: its debates in order, the headings under them, who opened and who answered.

    A fixed number of queries: the sections (with their first speech and first answer found by
    subqueries), then just those speeches with their speakers.
    """

    template_name = "debates/sitting_detail.html"
    context_object_name = "sitting"

    def get_object(self, queryset=None):
        date = parse_iso_date(self.kwargs["date"])
        return get_object_or_404(Sitting, house=self.kwargs["house"], date=date)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sitting = self.object
        debates = list(
            top_level_sections()
            .filter(sitting=sitting)
            .with_openers()
            .prefetch_related(
                Prefetch(
                    "children",
                    queryset=Section.objects.with_openers().select_related("sitting").order_by("position"),
                )
            )
        )
        sections = [*debates, *(child for debate in debates for child in debate.children.all())]
        wanted = {pk for section in sections for pk in (section.opener_id, section.answer_id) if pk}
        speeches = Speech.objects.filter(pk__in=wanted).with_speakers().in_bulk()
        for section in sections:
            section.opener = speeches.get(section.opener_id)
            section.answer = speeches.get(section.answer_id)
        context["debates"] = debates
        context["previous_sitting"] = (
            Sitting.objects.filter(house=sitting.house, date__lt=sitting.date).order_by("-date").first()
        )
        context["next_sitting"] = (
            Sitting.objects.filter(house=sitting.house, date__gt=sitting.date).order_by("date").first()
        )
        return context


class DebateView(DetailView):
    """A debate: its heading, then its exchanges as threads, with glossary terms explained.

    Runs a fixed number of queries however many speeches the debate holds: the section and its
    sitting, the sub-headings, the speeches, their speakers with their seats and offices, the
    divisions, and the glossary.
    """

    template_name = "debates/debate.html"
    context_object_name = "debate"

    def get_object(self, queryset=None):
        date = parse_iso_date(self.kwargs["date"])
        return get_object_or_404(
            Section.objects.select_related("sitting"),
            sitting__house=self.kwargs["house"],
            sitting__date=date,
            slug=self.kwargs["slug"],
            parent__isnull=True,
        )

    def sections(self) -> list[Section]:
        """The headings this page shows: the debate's own and every one under it."""
        children = Section.objects.filter(parent=self.object).select_related("sitting", "parent")
        return [self.object, *children.order_by("position")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        debate = self.object
        sections = self.sections()
        speeches = list(Speech.objects.in_sections(sections).with_speakers())
        divisions = list(
            Division.objects.filter(section__in=sections)
            .order_by("position")
            .prefetch_related(Prefetch("votes", queryset=Vote.objects.select_related("person", "proxy")))
        )
        context["blocks"] = [
            {
                "section": section,
                "threads": build_threads([s for s in speeches if s.section_id == section.pk]),
                "divisions": [d for d in divisions if d.section_id == section.pk],
            }
            for section in sections
        ]
        context["sitting"] = debate.sitting
        context["speech_count"] = len(speeches)
        # The terms were marked when the text was stored; the page lists those it shows.
        context["glossary_used"] = terms_used(
            (speech.rendered_text for speech in speeches), GlossaryTerm.objects.all()
        )
        return context


class SectionView(DebateView):
    """A minor heading's own page, with its debate's heading as context (a permalink that stays
    small when the debate is long)."""

    template_name = "debates/section.html"

    def get_object(self, queryset=None):
        date = parse_iso_date(self.kwargs["date"])
        return get_object_or_404(
            Section.objects.select_related("sitting", "parent"),
            sitting__house=self.kwargs["house"],
            sitting__date=date,
            parent__slug=self.kwargs["debate"],
            slug=self.kwargs["slug"],
        )

    def sections(self) -> list[Section]:
        return [self.object]


def speech_permalink(request, pk: int):
    """A speech's permanent address: the debate page, scrolled to the speech."""
    speech = get_object_or_404(Speech.objects.select_related("section__parent", "section__sitting"), pk=pk)
    return redirect(f"{speech.section.get_absolute_url()}#{speech.anchor}")


def gid_permalink(request, gid: str):
    """Resolve a ParlParse id, following redirects from superseded versions of the day."""
    gid = gid if gid.startswith("uk.org.publicwhip/") else f"uk.org.publicwhip/debate/{gid}"
    seen = set()
    while gid not in seen:
        seen.add(gid)
        speech = Speech.objects.filter(source_id=gid).only("pk").first()
        if speech:
            return speech_permalink(request, speech.pk)
        section = Section.objects.filter(Q(source_id=gid)).select_related("sitting", "parent").first()
        if section:
            return redirect(section.get_absolute_url())
        redirect_row = GidRedirect.objects.filter(old_gid=gid).first()
        if redirect_row is None:
            break
        gid = redirect_row.new_gid
    raise Http404("No speech has that id")
