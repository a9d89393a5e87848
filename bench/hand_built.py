"""Where our own code stands in for Django's: each piece timed against the Django way it replaces.

    .venv/bin/python bench/hand_built.py [--database-url postgres://...] [--repeat 2000]

- ``address()`` against ``reverse()``: the two links of each of a long debate's 1,000 speeches;
- the archive's version read in plain SQL (``DataVersion.objects.current``) against the ORM's
  query for the same row: asked on every page served from the cache;
- a heading's threads written by the ``threads`` tag with f-strings and ``escape`` against the
  same markup made with ``format_html``, for 1,000 speeches.

Prints the median of ``--rounds`` rounds for each, in microseconds per call (per debate for the
last), and the ratio. The machine is shared: compare figures from one run only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/test"


def timed(function, repeat: int, rounds: int) -> float:
    """Median microseconds per call of ``function`` over ``rounds`` rounds of ``repeat`` calls."""
    results = []
    for _round in range(rounds):
        started = time.perf_counter()
        for _ in range(repeat):
            function()
        results.append((time.perf_counter() - started) * 1e6 / repeat)
    return statistics.median(results)


def speeches(count: int) -> list:
    """Speeches as the tag reads them, without a database."""
    items = []
    for number in range(count):
        speech = SimpleNamespace(
            pk=number,
            kind="speech",
            anchor=f"s{number}",
            display_name="Chloe Smith",
            label="Conservative, Norwich North",
            speaker_id=1,
            speaker=SimpleNamespace(get_absolute_url=lambda: "/members/chloe-smith/"),
            time="14:30",
            source_url="https://hansard.example/col/123",
            column="123",
            corrected=None,
            shown_text="<p>Words &amp; more words.</p>",
            get_alone_url=lambda number=number: f"/debates/speech/{number}/alone/",
        )
        items.append(SimpleNamespace(speech=speech, has_replies=False, closes=[]))
    return items


def threads_with_format_html(items) -> str:
    """The markup of ``debates.templatetags.speeches.threads``, made with ``format_html``."""
    from django.utils.html import format_html, format_html_join
    from django.utils.safestring import mark_safe

    def one(item):
        speech = item.speech
        speaker = format_html(
            '<a class="speaker" href="{}">{}</a> <span class="label">{}</span>',
            speech.speaker.get_absolute_url(),
            speech.display_name,
            speech.label,
        )
        permalink = format_html(
            '<a class="permalink" href="{}">{}<span class="visually-hidden">, {}</span></a>',
            speech.get_alone_url(),
            speech.time[:5],
            f"{speech.display_name}’s speech on its own page",
        )
        source = format_html(
            '<a class="source" href="{}" rel="external">Hansard col. {}</a>', speech.source_url, speech.column
        )
        return (
            speech.kind,
            speech.anchor,
            speaker,
            permalink,
            source,
            mark_safe(speech.shown_text),  # noqa: S308 - the bench's own fixed text
            mark_safe("</article></li>"),
        )

    return format_html_join(
        "",
        '<li><article class="speech speech--{}" id="{}"><header class="speech-header">{} {}{}</header>'
        '<div class="speech-text">{}</div>\n{}',
        (one(item) for item in items),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--repeat", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hansard_site.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.urls import reverse

    from debates.models import DataVersion
    from debates.templatetags.speeches import threads
    from hansard_site.addresses import address

    print(f"load average before: {os.getloadavg()[0]:.2f}")
    rows = []
    ours = timed(lambda: address("debates:speech", pk=123456), args.repeat, args.rounds)
    django_way = timed(lambda: reverse("debates:speech", kwargs={"pk": 123456}), args.repeat, args.rounds)
    rows.append(("a speech's address: address() / reverse()", ours, django_way))
    DataVersion.objects.bump()
    ours = timed(DataVersion.objects.current, args.repeat, args.rounds)
    django_way = timed(
        lambda: DataVersion.objects.filter(pk=1).values_list("number", "changed").first(),
        args.repeat,
        args.rounds,
    )
    rows.append(("the archive's version: plain SQL / the ORM", ours, django_way))
    items = speeches(1000)
    assert str(threads(items)).count("<article") == str(threads_with_format_html(items)).count("<article")
    ours = timed(lambda: threads(items), 5, args.rounds)
    django_way = timed(lambda: threads_with_format_html(items), 5, args.rounds)
    rows.append(("1,000 speeches' markup: f-strings / format_html", ours, django_way))
    for name, ours, django_way in rows:
        print(f"{name:52} {ours:10.1f} µs {django_way:10.1f} µs   ratio {django_way / ours:5.2f}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
