"""What is new for an alert: speeches stored since the alert last looked, and a member's votes.

A search alert runs the search page's own search (:func:`debates.search.run`), newest first,
and keeps the results stored since; only the first page of results is read, so a day that
brings more than a page of matches mails the newest page and links to the rest.
"""

from __future__ import annotations

import datetime

from django.http import QueryDict

from debates import search
from debates.models import Speech, Vote

from .models import Alert

MOST_ITEMS = 50


def speech_item(speech: Speech) -> dict:
    debate = speech.section.parent or speech.section
    return {
        "title": f"{speech.display_name}: {debate.heading} ({speech.date:%-d %B %Y})",
        "url": speech.get_absolute_url(),
    }


def news_for(alert: Alert, since: datetime.datetime) -> list[dict]:
    if alert.person_id:
        speeches = alert.person.speeches.filter(created__gt=since).for_results().newest_first()[:MOST_ITEMS]
        votes = (
            Vote.objects.filter(person=alert.person, division__created__gt=since)
            .with_divisions()
            .newest_first()[:MOST_ITEMS]
        )
        items = [speech_item(speech) for speech in speeches]
        for vote in votes:
            division = vote.division
            debate = division.section.parent or division.section
            items.append(
                {
                    "title": f"Voted {vote.get_vote_display().lower()}: {debate.heading} ({division.date:%-d %B %Y})",
                    "url": division.get_absolute_url(),
                }
            )
        return items[:MOST_ITEMS]
    params = QueryDict(alert.query, mutable=True)
    params["sort"] = "newest"
    params.pop("page", None)
    page = search.run(params, chart=False)
    if not page.searched:
        return []
    return [speech_item(hit.speech) for hit in page.results.hits if hit.speech.created > since][:MOST_ITEMS]
