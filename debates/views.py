"""Public debate pages: home, the list of sitting days, a day, a debate, speech permalinks."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from members.models import Party

from . import search
from .filters import SpeechSearchFilter
from .glossary import terms_used
from .highlight import highlight, stems_of
from .models import Division, GidRedirect, GlossaryTerm, Section, Sitting, Speech, Vote
from .search.chart import draw as draw_chart
from .search.people import apply_speakers, members_matching
from .search.query import words_of
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
        # Words searched for, when the reader came from a search result (?hl=...): marked in
        # the text shown (never saved; the stored text is untouched).
        stems = stems_of(self.request.GET.get("hl", "")[:200])
        if stems:
            for speech in speeches:
                speech.rendered_text = highlight(speech.shown_text, stems)
        context["highlighted"] = bool(stems)
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
    """A speech's permanent address: the debate page, scrolled to the speech.

    Words searched for (``?hl=``) are passed on, so the debate page marks them.
    """
    speech = get_object_or_404(Speech.objects.select_related("section__parent", "section__sitting"), pk=pk)
    words = request.GET.get("hl", "")[:200]
    query = f"?{urlencode({'hl': words})}" if words.strip() else ""
    return redirect(f"{speech.section.get_absolute_url()}{query}#{speech.anchor}")


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


class SearchView(TemplateView):
    """``/search/``: speeches by words and filters; the parameters are documented in the README.

    The filter set validates the whole query string; the search module does the searching.
    """

    template_name = "debates/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = SpeechSearchFilter(self.request.GET or None, queryset=Speech.objects.all())
        context["filter"] = filterset
        context["parties"] = Party.objects.order_by("name")
        if not filterset.is_bound:
            return context
        form = filterset.form
        if not form.is_valid():
            context["errors"] = [error for errors in form.errors.values() for error in errors]
            return context
        query = search.parse_query(form.cleaned_data.get("q") or "")
        speakers = apply_speakers(query, filterset.qs)
        notes = [*query.notes, *filterset.messages, *speakers.notes]
        if getattr(form, "swapped_dates", False):
            notes.append(_("The dates were the wrong way round, so they have been swapped."))
        typed = form.cleaned_data.get("q") or ""
        if typed and not query.has_words and not query.speakers and not query.excluded:
            notes.append(
                _(
                    "“%(words)s” holds only words too common to search for, such as “the”; add a less common word."
                )
                % {"words": typed[:100]}
                if words_of(typed)
                else _("Type a word to search for.")
            )
        asked_for_something = (
            query.has_words
            or speakers.people
            or any(form.cleaned_data.get(name) for name in filterset.filters)
        )
        if not asked_for_something:
            context["notes"] = notes
            return context
        request = search.SearchRequest(
            speakers.query,
            speakers.speeches,
            sort=form.cleaned_data.get("sort") or "",
            by_debate=form.cleaned_data.get("group") == "debate",
            page=page_number(self.request.GET.get("page")),
        )
        results = search.search(request)
        context.update(
            searched=True,
            notes=notes,
            results=results,
            sort=request.sort,
            query=query,
            speakers=speakers,
            members=[] if speakers.people else members_matching(query),
            chart=draw_chart(results.bars),
            highlight=" ".join(" ".join(term.words) for term in speakers.query.terms),
        )
        return context


def page_number(value: str | None) -> int:
    """A page number from the query string; anything odd is page 1."""
    try:
        return max(1, min(int(value or 1), 10**6))
    except ValueError:
        return 1
