"""Atom feeds (Django's syndication framework): recent sitting days, a member's speeches,
answers and votes, and any search.

The search feed reads the search page's own parameters through :func:`debates.search.run`, so
``/search/feed/?q=...`` holds what ``/search/?q=...`` shows (newest first unless the address
asks for another order): the feed a reader subscribes to as an alert.
"""

from __future__ import annotations

import datetime
import html

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from members.models import Person

from . import search
from .models import Sitting, Speech, Vote

FEED_ITEMS = 30
SUMMARY_WORDS = 80


def noon(day: datetime.date) -> datetime.datetime:
    """A day as a moment (records carry dates, feeds want times): noon, London time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def speech_title(speech: Speech) -> str:
    debate = speech.section.parent or speech.section
    return f"{speech.display_name}: {debate.heading} ({speech.date:%-d %B %Y})"


def summary_of(text: str) -> str:
    """Speech HTML as a plain-text summary (the feed escapes it once)."""
    return Truncator(html.unescape(strip_tags(text))).words(SUMMARY_WORDS)


class ArchiveFeed(Feed):
    feed_type = Atom1Feed

    def item_pubdate(self, item) -> datetime.datetime:
        return noon(item.date)

    def item_updateddate(self, item) -> datetime.datetime:
        return getattr(item, "updated", None) or noon(item.date)


class RecentSittingsFeed(ArchiveFeed):
    """The newest sitting days, one entry per kind of record of each day."""

    title = _("Commons debates: recent sitting days")
    subtitle = _("Each new day's record of the House of Commons, as it is published.")

    def link(self) -> str:
        return reverse("debates:home")

    def items(self) -> list[Sitting]:
        """The newest records, one a kind a day (a day's committee sittings share a page)."""
        days: dict[tuple, Sitting] = {}
        for sitting in Sitting.objects.recent()[: FEED_ITEMS * 2]:
            days.setdefault((sitting.date, sitting.kind), sitting)
        return list(days.values())[:FEED_ITEMS]

    def item_title(self, item: Sitting) -> str:
        return str(item)

    def item_description(self, item: Sitting) -> str:
        return _("%(debates)s debates, %(speeches)s speeches") % {
            "debates": item.debate_count,
            "speeches": item.speech_count,
        }


class Activity:
    """A speech or a vote as one entry of a member's feed."""

    def __init__(self, title: str, summary: str, link: str, date: datetime.date, position: int, updated):
        self.title, self.summary, self.link = title, summary, link
        self.date, self.position, self.updated = date, position, updated


class MemberFeed(ArchiveFeed):
    """A member's newest speeches, questions, answers, statements and votes, together."""

    def get_object(self, request: HttpRequest, slug: str) -> Person:
        return get_object_or_404(Person, slug=slug)

    def title(self, person: Person) -> str:
        return _("%(name)s in the Commons debates") % {"name": person.name}

    def subtitle(self, person: Person) -> str:
        return _("Speeches, written questions and answers, statements and votes.")

    def link(self, person: Person) -> str:
        return person.get_absolute_url()

    def items(self, person: Person) -> list[Activity]:
        speeches = person.speeches.for_results().newest_first()[:FEED_ITEMS]
        votes = person.votes.with_divisions().newest_first()[:FEED_ITEMS]
        entries = [
            Activity(
                speech_title(speech),
                summary_of(speech.text),
                speech.get_absolute_url(),
                speech.date,
                speech.position,
                speech.updated,
            )
            for speech in speeches
        ] + [self.vote_entry(vote) for vote in votes]
        entries.sort(key=lambda entry: (entry.date, entry.position), reverse=True)
        return entries[:FEED_ITEMS]

    @staticmethod
    def vote_entry(vote: Vote) -> Activity:
        division = vote.division
        debate = division.section.parent or division.section
        title = _("Voted %(side)s in division %(number)s: %(debate)s (%(date)s)") % {
            "side": vote.get_vote_display().lower(),
            "number": division.number,
            "debate": debate.heading,
            "date": f"{division.date:%-d %B %Y}",
        }
        summary = _("Ayes %(ayes)s, noes %(noes)s.") % {"ayes": division.ayes, "noes": division.noes}
        return Activity(
            title, summary, division.get_absolute_url(), division.date, division.position, division.updated
        )

    def item_title(self, item: Activity) -> str:
        return item.title

    def item_description(self, item: Activity) -> str:
        return item.summary

    def item_link(self, item: Activity) -> str:
        return item.link


class SearchFeed(ArchiveFeed):
    """The speeches a search finds, newest first unless ``sort`` says otherwise."""

    def get_object(self, request: HttpRequest) -> search.SearchPage:
        params = request.GET.copy()
        if not params.get("sort"):
            params["sort"] = "newest"
        page = search.run(params, chart=False)
        if not page.searched:
            # Nothing to search for (or a name that fits several members): say so, never a 500.
            raise Http404(" ".join(page.errors) or _("Say what to search for: /search/feed/?q=words"))
        page.address = request.get_full_path()
        return page

    def title(self, page: search.SearchPage) -> str:
        words = page.filter.form.cleaned_data.get("q") or ""
        return _("Commons debates: search for %(words)s") % {"words": words[:100] or _("speeches")}

    def link(self, page: search.SearchPage) -> str:
        return page.address.replace("/search/feed/", "/search/", 1)

    def items(self, page: search.SearchPage) -> list[Speech]:
        return [hit.speech for hit in page.results.hits][:FEED_ITEMS]

    def item_title(self, item: Speech) -> str:
        return speech_title(item)

    def item_description(self, item: Speech) -> str:
        return summary_of(item.text)
