"""The admin's change pages for the largest real records: server time to open, and to save as is.

    .venv/bin/python bench/admin_pages.py --build      # a fresh database: the shared days of
                                                       # every kind, and a debate of 500 speeches
    .venv/bin/python bench/admin_pages.py [--rounds 5] [--database-url ...]

For each admin model the pages show, the record with the most rows under it (the division with
most votes, the heading with most speeches, the member with most speeches...), through Django's
test client in one process with ``DEBUG`` off (the server's own work: middleware, view,
template): the median and worst time to open its change page and the page's size, then the
form posted back exactly as the page holds it (every field, inline and hidden input), as a
browser saves it, and what came back (302: saved).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
SHARED = ROOT.parent / "shared" / "data"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hansard_admin_bench"


def build(database_url: str) -> None:
    import corpus  # noqa: PLC0415 - the generator beside this file
    import pages_bench  # noqa: PLC0415

    corpus.setup_django(database_url, fresh=True)
    from debates.importers.service import SourceFile, import_files

    files = sorted((SHARED / "members").glob("*.json")) + sorted((SHARED / "twfy-2009-10").rglob("*.xml"))
    reports = import_files([SourceFile(str(path), path=path) for path in files])
    print(f"imported {len(reports)} shared files")
    pages_bench.add_long_debate(database_url)


def largest_records() -> dict[str, object]:
    """For each model an editor corrects, its record with the most rows under it."""
    from django.db.models import Count
    from django.db.models.functions import Length

    from debates.models import Division, ImportJob, Section, Sitting, Speech
    from members.models import Constituency, Membership, Office, Party, Person

    def most(queryset, relation):
        return queryset.annotate(n=Count(relation)).order_by("-n", "pk").first()

    return {
        "division (most votes)": most(Division.objects, "votes"),
        "heading (most speeches)": most(Section.objects, "speeches"),
        "sitting (most speeches)": most(Sitting.objects, "speeches"),
        "speech (longest)": Speech.objects.annotate(n=Length("text")).order_by("-n").first(),
        "person (most speeches)": most(Person.objects, "speeches"),
        "party (most members)": most(Party.objects, "memberships"),
        "constituency (most seat-terms)": most(Constituency.objects, "memberships"),
        "seat-term": Membership.objects.order_by("pk").first(),
        "office": Office.objects.order_by("pk").first(),
        "import job (most files)": most(ImportJob.objects, "files"),
    }


def timed_gets(client, url: str, rounds: int) -> tuple[list[float], bytes, int]:
    """``url`` asked ``rounds`` times: each time in ms, and the last answer's body and status."""
    times, page, status = [], b"", 0
    for _round in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        page, status = response.content, response.status_code
    return times, page, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["DJANGO_CACHE_URL"] = "dummy://"
    if args.build:
        build(args.database_url)
        return
    import corpus  # noqa: PLC0415

    corpus.setup_django(args.database_url, fresh=False)
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from tests.admin_forms import posted_as_is  # the form as a browser posts it, as the tests do

    setup_test_environment()
    call_command("collectstatic", "--noinput", verbosity=0)  # DEBUG off: hashed names
    editor, _ = User.objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    print(f"{'record':34} {'rows':>6} {'open p50':>9} {'worst':>7} {'size':>9} {'save':>8} {'answer':>7}")
    for name, record in largest_records().items():
        if record is None:
            continue
        url = reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])
        times, page, status = timed_gets(client, url, args.rounds)
        if status != 200:
            print(f"{name:34} {'':>6} {'':>9} {'':>7} {'':>9} {'':>8} GET {status}")
            continue
        fields = posted_as_is(page)
        started = time.perf_counter()
        saved = client.post(url, urlencode(fields), content_type="application/x-www-form-urlencoded")
        save_ms = (time.perf_counter() - started) * 1000
        rows = getattr(record, "n", "")
        if saved.status_code != 302 and os.environ.get("BENCH_SHOW_ERRORS"):
            errors = lxml_html.fromstring(saved.content).xpath(
                '//*[contains(@class, "errorlist") or contains(@class, "errornote")]'
            )
            print(
                "   ",
                saved.status_code,
                [" ".join(e.text_content().split())[:200] for e in errors][:5] or saved.content[:300],
            )
        print(
            f"{name:34} {rows!s:>6} {statistics.median(times):8.0f}ms {max(times):6.0f}ms "
            f"{len(page) / 1024:7.0f}KB {save_ms:6.0f}ms {saved.status_code:>7}"
        )
    print()
    print(f"{'list reached from its record':34} {'open p50':>9} {'worst':>7} {'size':>9} {'answer':>7}")
    for name, url in linked_lists(largest_records()):
        times, page, status = timed_gets(client, url, args.rounds)
        print(
            f"{name:34} {statistics.median(times):8.0f}ms {max(times):6.0f}ms "
            f"{len(page) / 1024:7.0f}KB {status:>7}"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def linked_lists(records: dict[str, object]) -> list[tuple[str, str]]:
    """The lists an editor reaches from a large record's page (its votes, its speeches), and
    the search widget's answer for a common surname."""
    from django.urls import reverse

    lists = []
    for record_name, model, lookup in (
        ("division (most votes)", "debates_vote", "division__id__exact"),
        ("heading (most speeches)", "debates_speech", "section__id__exact"),
        ("sitting (most speeches)", "debates_speech", "sitting__id__exact"),
        ("sitting (most speeches)", "debates_section", "sitting__id__exact"),
    ):
        record = records.get(record_name)
        if record is not None:
            name = f"{model.split('_')[1]} list of the {record_name.split()[0]}"
            lists.append((name, f"{reverse(f'admin:{model}_changelist')}?{lookup}={record.pk}"))
    autocomplete = reverse("admin:autocomplete")
    lists.append(
        (
            "person search widget: smith",
            f"{autocomplete}?app_label=debates&model_name=speech&field_name=speaker&term=smith",
        )
    )
    return lists


if __name__ == "__main__":
    main()
