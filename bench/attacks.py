"""The second round of attacks (issue 20), replayed: for each, how many cases and how many failed.

    .venv/bin/python bench/attacks.py

Builds a fresh SQLite database in a temporary folder and makes each attack as an outsider
would, through the site's pages, the admin and the import service, in-process (Django's test
client); prints one line per attack: its cases, its failures and what failed. It reads only
what any version of the site offers, so it can be run against the code before the fixes too
(copy it, with ``tests/``, into that tree). The attacks that need two writers at once (a
members import against an editor's save, an editor's save during a long import, SQLite under
load) are the tests ``tests/test_import_locks.py`` and ``tests/test_sqlite_under_load.py``;
those that need a million speeches (the directory's and the search's costs) are
``bench/search_worst.py`` and the directory's figures in the issue's closing note.
"""

from __future__ import annotations

import datetime
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(os.getcwd())
RESULTS: list[tuple[str, int, int, str]] = []


def attack(name: str, cases: int, failures: int, detail: str = "") -> None:
    RESULTS.append((name, cases, failures, detail))
    print(f"{failures:>3} of {cases:<3} failed  {name}{': ' + detail if detail else ''}", flush=True)


def setup(folder: Path) -> None:
    database = f"sqlite:///{folder / 'attacks.sqlite3'}"
    environment = {**os.environ, "DATABASE_URL": database}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=environment, cwd=ROOT, check=True)
    os.environ.update(
        DATABASE_URL=database,
        DJANGO_SETTINGS_MODULE="hansard_site.settings",
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        DJANGO_ALLOWED_HOSTS="testserver,localhost",
        DJANGO_PROXY_COUNT="1",
        DJANGO_TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
        DJANGO_RELEASE="release-one",
        DJANGO_LOG_LEVEL="CRITICAL",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    from django.test.utils import setup_test_environment

    logging.disable(logging.CRITICAL)  # the attacks' refusals (403s, 500s) are counted, not logged

    setup_test_environment()


def import_bytes(name: str, data: bytes):
    from debates.importers.service import SourceFile, import_files

    (report,) = import_files([SourceFile(name, data)])
    return report


def viewer_reverts() -> None:
    """1. Staff who may only view post the history's revert form of every model with a history."""
    from django.contrib import admin
    from django.contrib.auth.models import Permission, User
    from django.test import Client

    from tests.test_admin_permissions import CHANGED_TEXT, form_data, one_of_each

    rows = one_of_each()
    boss = User.objects.create_superuser("boss-attacks", password="pw")
    viewer = User.objects.create_user("viewer-attacks", password="pw", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client = Client()
    client.force_login(User.objects.get(pk=viewer.pk))
    cases = failures = 0
    changed = []
    for model, model_admin in list(admin.site._registry.items()):
        if not hasattr(model, "history") or model not in rows:
            continue
        obj = rows[model]
        obj.save()
        version = obj.history.order_by("history_id").first().history_id
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{obj.pk}/history/{version}/"
        before = list(model.objects.filter(pk=obj.pk).values())
        client.post(url, form_data(model_admin, obj, boss))
        cases += 1
        after = list(model.objects.filter(pk=obj.pk).values())
        if after != before or CHANGED_TEXT in str(after):
            failures += 1
            changed.append(model._meta.label)
    attack("1. a viewer posts the revert form", cases, failures, ", ".join(changed))


def gid_chains() -> None:
    """6. A chain of redirects makes every lookup of its day slow."""
    from django.test import Client

    from tests.parlparse_days import day_xml, gid, speech_xml

    import_bytes(
        "d.xml",
        day_xml(speech_xml("1.1", "The words.", name="A Member", date="2009-12-01"), date="2009-12-01"),
    )
    client = Client()
    failures, details = 0, []
    for links in (8_000, 24_000):
        olds = [gid("2009-12-01", "a", f"{links}.{number}") for number in range(links)]
        news = [*olds[1:], gid("2009-12-01", "d", "1.1")]
        body = "".join(
            f'<gidredirect oldgid="{o}" newgid="{n}" matchtype="x"/>' for o, n in zip(olds, news, strict=True)
        )
        started = time.perf_counter()
        import_bytes(
            f"chain{links}.xml", f'<publicwhip scrapeversion="a" latest="no">{body}</publicwhip>'.encode()
        )
        imported = time.perf_counter() - started
        started = time.perf_counter()
        try:
            status = client.get(f"/debates/gid/{olds[0]}").status_code
        except Exception as error:  # a server error in the test client
            status = type(error).__name__
        took = time.perf_counter() - started
        details.append(f"{links:,} links: import {imported:.1f} s, lookup {took:.2f} s ({status})")
        failures += status != 302 or took > 1
    attack("6. a chain of gid redirects (lookup over 1 s or not a redirect)", 2, failures, "; ".join(details))


def absurd_dates() -> None:
    """7. Sittings in 0001, 1066 and 2999, and a search chart over them."""
    from debates.models import Sitting
    from tests.parlparse_days import day_xml, speech_xml

    failures, accepted = 0, []
    for date in ("0001-01-01", "1066-10-14", "2999-01-01"):
        report = import_bytes(
            f"debates{date}d.xml",
            day_xml(speech_xml("1.1", "Absurd words.", name="A Member", date=date), date=date),
        )
        if report.status != "failed":
            failures += 1
            accepted.append(date)
    from django.test import Client

    page = Client().get("/search/?q=absurd").content.decode()
    bars = page.count('class="hit-area"')
    failures += bars > 60
    top = Sitting.objects.order_by("-date").first()
    attack(
        "7. absurd dates (accepted; chart bars over 60)",
        4,
        failures,
        f"accepted {accepted}; {bars} bars; latest sitting {top and top.date}",
    )


def both_ways() -> None:
    """8. A member listed as voting aye and no in one division."""
    from tests.parlparse_days import day_xml, division_xml, speech_xml

    votes = [("Example, Ann", "aye", ""), ("Example, Ann", "no", ""), ("Other, Bob", "aye", "")]
    report = import_bytes(
        "both.xml",
        day_xml(
            speech_xml("1.1", "I beg to move.", name="A Member", date="2009-12-02")
            + division_xml("1.2", votes, date="2009-12-02"),
            date="2009-12-02",
        ),
    )
    said = "aye and no" in report.as_text()
    attack("8. a vote both aye and no (not reported)", 1, int(not said))


def uploads(folder: Path) -> None:
    """9. An upload name over 255 bytes; a queued job deleted in the admin."""
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from debates.importers.jobs.queue import create_job
    from debates.models import ImportJob

    def on_disk() -> int:
        return (
            sum(1 for path in (folder / "media").rglob("*") if path.is_file())
            if (folder / "media").exists()
            else 0
        )

    client = Client(raise_request_exception=False)
    client.force_login(User.objects.create_superuser("uploader-attacks", password="pw"))
    before = on_disk()
    answer = client.post(
        "/admin/debates/importjob/add/",
        {"files": [SimpleUploadedFile("first.txt", b"x"), SimpleUploadedFile("\u00e9" * 150 + ".txt", b"x")]},
    )
    long_name_failed = answer.status_code >= 500 or (answer.status_code != 302 and on_disk() > before)
    job = create_job(None, [("queued.txt", io.BytesIO(b"x"))])
    held = on_disk()
    client.post(f"/admin/debates/importjob/{job.pk}/delete/", {"post": "yes"})
    left = on_disk() - held + 1  # the deleted job's file, if it stayed
    attack(
        "9. uploads (a long name gives a 500 or leaves files; a deleted job leaves its files)",
        2,
        int(long_name_failed) + int(left > 0 or ImportJob.objects.filter(pk=job.pk).exists()),
        f"long name answered {answer.status_code}; the deleted job's files left on disk: {max(left, 0)}",
    )


def host_header() -> None:
    """10. The members CSV through a forged Host and X-Forwarded-Proto, then as any reader."""
    from django.test import Client

    from tests import builders

    builders.person("Hosted Member", seat="Hostshire", start=datetime.date(2001, 6, 7))
    poisoner, reader = Client(), Client()
    poisoner.get("/members/members.csv", headers={"Host": "localhost:6666", "X-Forwarded-Proto": "https"})
    text = reader.get("/members/members.csv").content.decode()
    attack("10. the members CSV after a forged Host", 1, int("6666" in text))


def cache_variants() -> None:
    """11. Query-string variants of a debate page, and a bogus session cookie."""
    from django.test import Client

    from tests import builders

    section = builders.debate(30, date=datetime.date(2009, 12, 3), heading="Cached Debate")
    url = section.get_absolute_url()
    client = Client()
    client.get(url)
    new_entries = sum(client.get(f"{url}?v={number}").get("X-Page-Cache") == "miss" for number in range(20))
    client.cookies["sessionid"] = "x"
    skipped = client.get(url).get("X-Page-Cache") != "hit"
    attack("11. cache: junk query variants stored as new entries", 20, new_entries)
    attack("11. cache: a bogus session cookie skips the cache", 1, int(skipped))


def release_last_modified() -> None:
    """12. A client revalidating with If-Modified-Since alone after a new release."""
    from django.test import Client

    from debates.models import DataVersion
    from hansard_site import page_cache

    DataVersion.objects.update(changed=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    client = Client()
    old = client.get("/debates/")
    os.environ["DJANGO_RELEASE"] = "release-two"
    page_cache.release.cache_clear()
    time.sleep(1.1)  # the new release's start must have passed for Last-Modified to be sent
    answer = client.get("/debates/", headers={"If-Modified-Since": old["Last-Modified"]})
    attack("12. If-Modified-Since after a new release (a 304)", 1, int(answer.status_code == 304))


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        setup(folder)
        from django.db import connection

        print(f"{connection.vendor}, code at {ROOT}")
        for step in (viewer_reverts, gid_chains, absurd_dates, both_ways, host_header, cache_variants,
                     release_last_modified):  # fmt: skip
            step()
        uploads(folder)
    print(f"\n{sum(r[1] for r in RESULTS)} cases, {sum(r[2] for r in RESULTS)} failed")


if __name__ == "__main__":
    main()
