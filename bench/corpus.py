"""Generate a realistic corpus of sitting days in a benchmark database, deterministically.

    .venv/bin/python bench/corpus.py --speeches 1000000 --seed 1 \
        --database-url postgres://postgres@127.0.0.1:5432/hansard_bench_1m

What it makes, from the shared real data (``../shared/data``):

- the members files (people and seats 1997 to 2010, offices 1947 to 2020) imported as they are;
- sitting days on weekdays from May 1997 to April 2010 (outside the summer and Christmas
  recesses), spread evenly, as many as the number of speeches asks (about 436 a day);
- each day is one of the three latest real days (26, 27 or 28 October 2009) re-dated, with its
  headings, questions, debates and divisions, written as ParlParse XML and imported through the
  project's own import service, so that everything a real load does is done;
- beside the chamber, each day has its other kinds of record in the proportions of a real week:
  about a hundred written answers (a run of one of the real days' written answers, each with its
  question), four written statements, and on Tuesdays to Thursdays a Westminster Hall sitting
  (one of the two real ones); committees are left out (a few sittings a week, under 3% of
  contributions);
- every speaker and voter is replaced by a member who sat on the new date (a few members speak
  far more than the rest, as in life), and each speech's words are one to four paragraphs drawn
  from the real speeches.

The same seed gives the same corpus. The indexes the import never reads are dropped during the
load and built at the end, as ``import_files --bulk`` does (building an index once is faster
than keeping it up to date a day at a time).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
DEBATES = SHARED / "twfy-2009-10" / "debates"
TEMPLATES = ["debates2009-10-26b.xml", "debates2009-10-27d.xml", "debates2009-10-28c.xml"]
MEMBERS = [
    SHARED / "members" / "parlparse-people-commons-1997-2010.json",
    SHARED / "members" / "parlparse-ministers.json",
    SHARED / "members" / "parlparse-ministers-2010.json",
]
# The other kinds of record, and how much of each a corpus day holds (see the module docstring).
OTHER_KINDS = SHARED / "twfy-2009-10"
HALL = ["westminhall/westminster2009-10-27a.xml", "westminhall/westminster2009-10-28a.xml"]
ANSWERS = ["wrans/answers2009-10-26f.xml", "wrans/answers2009-10-27c.xml", "wrans/answers2009-10-28c.xml"]
STATEMENTS = [
    "wms/ministerial2009-10-26c.xml",
    "wms/ministerial2009-10-27a.xml",
    "wms/ministerial2009-10-28a.xml",
]
ANSWERS_A_DAY = 100  # about 500 a sitting week
STATEMENTS_A_DAY = 4  # about 20 a sitting week
HALL_DAYS = {1, 2, 3}  # Westminster Hall sits Tuesday to Thursday
CONTRIBUTIONS = ("speech", "ques", "reply")
FIRST_DAY = datetime.date(1997, 5, 13)
LAST_DAY = datetime.date(2010, 4, 8)
MIN_SITTING = 500  # fewer members than this sit only between a dissolution and an election
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hansard_bench_1m"


def setup_django(database_url: str, *, fresh: bool) -> None:
    """Point Django at ``database_url``; with ``fresh``, drop and recreate it and migrate."""
    if fresh and database_url.startswith("postgres"):
        import psycopg

        name = database_url.rsplit("/", 1)[1]
        with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hansard_site.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if fresh:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


class Members:
    """Who sat on each date, and how much each member tends to speak."""

    def __init__(self, rng: random.Random):
        from members.models import Membership

        rows = Membership.objects.filter(person__parlparse_id__isnull=False).values_list(
            "person__parlparse_id", "person__name", "start_date", "end_date"
        )
        self.terms = sorted(
            (start or FIRST_DAY, end or LAST_DAY, pid, name) for pid, name, start, end in rows
        )
        people = sorted({pid for _start, _end, pid, _name in self.terms})
        rng.shuffle(people)
        # Zipf-like: a few members speak far more than the rest.
        self.weight = {pid: 1 / (rank + 5) ** 1.1 for rank, pid in enumerate(people)}

    def count_on(self, day: datetime.date) -> int:
        return sum(1 for start, end, _pid, _name in self.terms if start <= day <= end)

    def ranked_on(self, day: datetime.date, rng: random.Random) -> list[tuple[str, str]]:
        """Members sitting on ``day`` as (person id, name), in a weighted random order."""
        sitting = {pid: name for start, end, pid, name in self.terms if start <= day <= end}
        keys = {pid: rng.random() ** (1 / self.weight[pid]) for pid in sorted(sitting)}
        return [(pid, sitting[pid]) for pid in sorted(keys, key=keys.get, reverse=True)]


def sitting_dates(count: int, members: Members, rng: random.Random) -> list[datetime.date]:
    """``count`` weekdays outside the recesses and elections, spread evenly over 1997 to 2010."""
    candidates = weekdays(members)
    if count > len(candidates):
        raise SystemExit(f"{count} days asked for; only {len(candidates)} weekdays to put them on")
    return sorted(rng.sample(candidates, count))


def weekdays(members: Members) -> list[datetime.date]:
    """Every weekday from 1997 to 2010 the corpus may sit on."""
    candidates = []
    day = FIRST_DAY
    while day <= LAST_DAY:
        in_recess = day.month == 8 or (day.month == 9 and day.day < 10) or (day.month == 12 and day.day > 20)
        if day.weekday() < 5 and not in_recess and members.count_on(day) >= MIN_SITTING:
            candidates.append(day)
        day += datetime.timedelta(days=1)
    return candidates


def load_templates(folder: Path = DEBATES, names: list[str] = TEMPLATES) -> list[etree._Element]:
    parser = etree.XMLParser(resolve_entities="internal", load_dtd=False, no_network=True)
    return [etree.fromstring((folder / name).read_bytes(), parser) for name in names]


def paragraph_pool(templates: list[etree._Element]) -> list[bytes]:
    """Every paragraph of the real speeches (questions, answers), as XML, in document order."""
    return [
        etree.tostring(paragraph, with_tail=False)
        for root in templates
        for speech in root.iter(*CONTRIBUTIONS)
        if speech.get("nospeaker") != "true"
        for paragraph in speech.iter("p")
    ]


def run_of(template: etree._Element, size: int, rng: random.Random) -> etree._Element:
    """A run of a written record's headings and what follows them, from a department's heading
    on, holding about ``size`` contributions: a written day of realistic length."""
    elements = [
        element for element in template if isinstance(element.tag, str) and element.tag != "gidredirect"
    ]
    starts = [number for number, element in enumerate(elements) if element.tag == "major-heading"] or [0]
    start = rng.choice(starts)
    root = etree.Element("publicwhip", scrapeversion="a", latest="yes")
    held = 0
    for element in elements[start:] + elements[:start]:
        if held >= size and element.tag.endswith("heading"):
            break
        root.append(etree.fromstring(etree.tostring(element, with_tail=False)))
        held += element.tag in CONTRIBUTIONS
    return root


def speaker_key(element: etree._Element) -> str:
    return element.get("speakerid") or element.get("person_id") or ""


def make_day(
    template: etree._Element,
    day: datetime.date,
    ranked: list[tuple[str, str]],
    pool: list[bytes],
    rng: random.Random,
) -> bytes:
    """The template day re-dated to ``day``: new ids, speakers, voters and words."""
    root = etree.fromstring(etree.tostring(template))
    old_date = root.find("*[@id]").get("id").split("/")[-1][:11]  # "2009-10-27d"
    new_date = f"{day.isoformat()}a"
    root.set("scrapeversion", "a")
    root.set("latest", "yes")
    # The busiest speakers of the template become the day's most talkative members.
    busy = Counter(speaker_key(speech) for speech in root.iter(*CONTRIBUTIONS) if speaker_key(speech))
    speakers = {key: ranked[index % len(ranked)] for index, (key, _n) in enumerate(busy.most_common())}
    voters = iter(ranked[len(speakers) :] + ranked[: len(speakers)])
    for element in root.iter():
        if element.get("id"):
            element.set("id", element.get("id").replace(old_date, new_date))
        element.attrib.pop("oldstyleid", None)
        if element.get("url"):
            element.set("url", "")
    for speech in root.iter(*CONTRIBUTIONS):
        key = speaker_key(speech)
        if key:
            person_id, name = speakers[key]
            speech.attrib.pop("speakerid", None)
            speech.set("person_id", person_id)
            speech.set("speakername", name)
        if speech.get("nospeaker") == "true" or not key:
            continue
        for child in list(speech):
            speech.remove(child)
        speech.text = None
        for _ in range(rng.choice((1, 1, 2, 2, 2, 3, 3, 4))):
            speech.append(etree.fromstring(rng.choice(pool)))
    for voter in root.iter("mpname"):
        person_id, name = next(voters, ranked[0])
        voter.attrib.pop("id", None)
        voter.set("person_id", person_id)
        given, _space, surname = name.rpartition(" ")
        voter.text = f"{surname}, {given}" if given else name  # as division lists print names
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


class Days:
    """The generated days: each a chamber's day with a hundred written answers and their
    questions and four statements, and from Tuesday to Thursday a Westminster Hall sitting."""

    def __init__(self, seed: int):
        self.seed = seed
        self.rng = random.Random(seed)
        self.templates = load_templates()
        self.pool = paragraph_pool(self.templates)
        self.halls = load_templates(OTHER_KINDS, HALL)
        self.answers = load_templates(OTHER_KINDS, ANSWERS)
        self.statements = load_templates(OTHER_KINDS, STATEMENTS)
        self.written_pool = paragraph_pool(self.answers + self.statements)
        self.members = Members(self.rng)
        self.answers_a_day = ANSWERS_A_DAY

    def per_day(self) -> float:
        """Contributions a generated day holds, on average."""
        return (
            sum(len(list(root.iter("speech"))) for root in self.templates) / len(self.templates)
            + self.answers_a_day * 2 + STATEMENTS_A_DAY
            + len(HALL_DAYS) / 5 * sum(len(list(root.iter("speech"))) for root in self.halls) / len(self.halls)
        )  # fmt: skip

    def dates(self, speeches: int) -> list[datetime.date]:
        """The sitting days for ``speeches``. Past about two million there are more than the
        weekdays of 1997 to 2010 (the members data's years) could hold: every weekday sits,
        and each has more written answers (the kind a real day has most of)."""
        days, available = max(1, round(speeches / self.per_day())), len(weekdays(self.members))
        if days > available:
            self.answers_a_day += -(-(speeches / available - self.per_day()) // 2)
            self.answers_a_day = int(self.answers_a_day)
            print(f"every weekday sits, each with about {self.answers_a_day} written answers")
            days = available
        return sitting_dates(days, self.members, self.rng)

    def files(self, day: datetime.date) -> list:
        """The day's files, as the import service takes them."""
        from debates.importers.service import SourceFile

        # A day's own generator: any process makes the same day, whichever days it makes.
        rng = random.Random(f"{self.seed}/{day.isoformat()}")
        ranked = self.members.ranked_on(day, rng)
        records = [
            ("debates", make_day(rng.choice(self.templates), day, ranked, self.pool, rng)),
            (
                "answers",
                make_day(run_of(rng.choice(self.answers), self.answers_a_day * 2, rng), day, ranked, self.written_pool, rng),
            ),
            (
                "ministerial",
                make_day(run_of(rng.choice(self.statements), STATEMENTS_A_DAY, rng), day, ranked, self.written_pool, rng),
            ),
        ]  # fmt: skip
        if day.weekday() in HALL_DAYS:
            records.append(("westminster", make_day(rng.choice(self.halls), day, ranked, self.pool, rng)))
        return [SourceFile(f"{name}{day.isoformat()}a.xml", data) for name, data in records]


def import_members() -> None:
    from debates.importers.service import SourceFile, import_files

    reports = import_files(SourceFile(path.name, path.read_bytes()) for path in MEMBERS)
    print(f"members: {', '.join(report.summary() for report in reports)}")


def generate(speeches: int, seed: int, jobs: int = 1) -> None:
    from django.db import connection

    from debates.importers.parallel import in_processes
    from debates.importers.write.deferred_indexes import indexes_deferred
    from debates.models import Speech

    started = time.perf_counter()
    import_members()
    days = Days(seed)
    dates = days.dates(speeches)
    print(f"{len(dates)} days from {dates[0]} to {dates[-1]}, {len(days.pool)} paragraphs to draw on")

    def load(run: list[datetime.date]) -> None:
        from debates.importers.service import import_files

        for number, day in enumerate(run, 1):
            for report in import_files(days.files(day)):
                if report.status == "failed":
                    raise SystemExit(report.as_text())
            if number % 100 == 0 or number == len(run):
                print(
                    f"  {number}/{len(run)} days of {run[0]}…, {time.perf_counter() - started:.0f} s",
                    flush=True,
                )

    with indexes_deferred():  # as `import_files --bulk` does
        # As `import_files --jobs` does: each process a run of consecutive days.
        runs = [dates[len(dates) * part // jobs : len(dates) * (part + 1) // jobs] for part in range(jobs)]
        if jobs == 1:
            load(dates)
        elif any(in_processes([run for run in runs if run], load)):
            raise SystemExit("a loading process failed")
        loaded = time.perf_counter()
        print(f"days loaded in {loaded - started:.0f} s")
    print(f"indexes built in {time.perf_counter() - loaded:.0f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"{Speech.objects.count():,} speeches in {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speeches", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--jobs", type=int, default=2, help="loading processes (PostgreSQL; one a core)")
    args = parser.parse_args()
    if not DEBATES.is_dir():
        sys.exit(f"The shared data is not at {SHARED}; nothing to generate from.")
    setup_django(args.database_url, fresh=True)
    generate(args.speeches, args.seed, args.jobs if args.database_url.startswith("postgres") else 1)


if __name__ == "__main__":
    main()
