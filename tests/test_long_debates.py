"""A debate too long for one page is served in pages that never split a thread, with links
between them, each page costing what a normal debate does."""

import re

import pytest

from debates import derived, long_debates
from debates.long_debates import Outline, page_breaks
from debates.models import Section, Sitting, Speech

from . import builders
from .conftest import FIXTURES, import_path


def outline(position: int, reply_to: int | None = None, size: int = 10, section: int = 1) -> Outline:
    return Outline(pk=position, section_id=section, position=position, reply_to_id=reply_to, size=size)


def test_a_debate_within_the_limits_is_one_page():
    assert page_breaks([outline(n) for n in range(1, 11)], max_speeches=10, max_characters=1000) == []


def test_pages_break_between_threads_only():
    # Threads: 1-2-3, 4-5, 6, 7-8-9-10 (each reply answers the speech before it).
    speeches = [outline(1), outline(2, 1), outline(3, 2), outline(4), outline(5, 4), outline(6), outline(7),
                outline(8, 7), outline(9, 8), outline(10, 9)]  # fmt: skip
    assert page_breaks(speeches, max_speeches=4, max_characters=10**6) == [4, 7]
    assert page_breaks(speeches, max_speeches=6, max_characters=10**6) == [7]


def test_interleaved_threads_are_never_split():
    # 3 answers 1 after 2 began its own thread: no break may fall between 1 and 3.
    speeches = [outline(1), outline(2), outline(3, 1), outline(4), outline(5)]
    assert page_breaks(speeches, max_speeches=1, max_characters=10**6) == [4, 5]


def test_one_thread_longer_than_a_page_is_one_long_page():
    speeches = [outline(1), *(outline(n, n - 1) for n in range(2, 8)), outline(8)]
    assert page_breaks(speeches, max_speeches=3, max_characters=10**6) == [8]


def test_pages_break_by_size_of_text_too():
    speeches = [outline(n, size=600) for n in range(1, 6)]
    assert page_breaks(speeches, max_speeches=1000, max_characters=1000) == [2, 3, 4, 5]


def test_a_reply_across_headings_starts_its_own_thread_as_the_page_shows_it():
    speeches = [outline(1, section=1), outline(2, 1, section=2), outline(3, section=2)]
    assert page_breaks(speeches, max_speeches=1, max_characters=10**6) == [2, 3]


def test_a_page_begins_at_the_heading_just_before_its_first_speech():
    speeches = [outline(11), outline(12), outline(21), outline(22)]  # headings at 10 and 20
    assert long_debates.at_headings([21], speeches, headings=[10, 20]) == [20]
    assert long_debates.at_headings([12], speeches, headings=[10, 20]) == [12]  # mid-heading: stays


@pytest.fixture
def long_debate(db, monkeypatch):
    """A debate of 45 speeches, in threads of question and answer, served 10 speeches a page."""
    monkeypatch.setattr(long_debates, "MAX_SPEECHES", 10)
    section = builders.debate(45, heading="Long")
    derived.plan_sections([section.pk])
    section.refresh_from_db()
    return section


@pytest.mark.django_db
def test_a_long_debate_is_served_in_pages_that_keep_each_exchange_whole(client, long_debate):
    assert long_debate.page_breaks  # planned when its speeches were saved
    count = len(long_debate.page_breaks) + 1
    seen = []
    for number in range(1, count + 1):
        html = client.get(f"{long_debate.get_absolute_url()}?page={number}").content.decode()
        shown = [int(pk) for pk in re.findall(r'<article class="speech[^"]*" id="s(\d+)"', html)]
        assert 0 < len(shown) <= 10
        seen += shown
        assert f"Page {number} of {count}" in html
        if number < count:
            assert f'rel="next" href="?page={number + 1}"' in html
    assert seen == list(long_debate.speeches.order_by("position").values_list("pk", flat=True))
    for answer in Speech.objects.filter(section=long_debate, reply_to__isnull=False):
        # Each answer is on the page of the question it answers.
        assert long_debates.page_holding(
            long_debate.page_breaks, answer.position
        ) == long_debates.page_holding(long_debate.page_breaks, answer.reply_to.position)
    assert client.get(f"{long_debate.get_absolute_url()}?page={count + 1}").status_code == 404


@pytest.mark.django_db
def test_a_speechs_permanent_link_opens_the_page_it_is_on(client, long_debate):
    last = long_debate.speeches.order_by("position").last()
    count = len(long_debate.page_breaks) + 1
    response = client.get(last.get_absolute_url())
    assert response["Location"] == f"{long_debate.get_absolute_url()}?page={count}#s{last.pk}"


@pytest.mark.django_db
def test_every_page_of_a_long_debate_runs_the_same_queries(client, long_debate, django_assert_num_queries):
    from .test_pages import query_count

    first = query_count(client, f"{long_debate.get_absolute_url()}?page=1")
    with django_assert_num_queries(first):
        client.get(f"{long_debate.get_absolute_url()}?page=3")


@pytest.mark.django_db
def test_an_editors_rethreading_plans_the_pages_again(client, long_debate):
    before = list(long_debate.page_breaks)
    last = long_debate.speeches.order_by("position").last()
    first = long_debate.speeches.order_by("position").first()
    last.reply_to = first  # now one thread runs from the first speech to the last
    last.save()
    long_debate.refresh_from_db()
    assert long_debate.page_breaks != before
    assert long_debates.page_holding(long_debate.page_breaks, last.position) == 1


@pytest.mark.django_db
def test_an_imported_day_has_its_long_debates_planned(monkeypatch):
    monkeypatch.setattr(long_debates, "MAX_SPEECHES", 5)
    import_path(FIXTURES / "people-popolo.json")
    import_path(FIXTURES / "parlparse" / "debates2009-10-27d.xml")
    long_ones = [
        debate
        for debate in Section.objects.filter(parent=None)
        if Speech.objects.filter(section__in=[debate, *debate.children.all()]).count() > 5
    ]
    assert long_ones and all(debate.page_breaks for debate in long_ones)


@pytest.mark.django_db
def test_a_page_shows_only_its_own_headings_and_the_one_still_open(client, monkeypatch):
    monkeypatch.setattr(long_debates, "MAX_SPEECHES", 4)
    debate = builders.debate(0, heading="Committee")
    member = builders.person("Clause Speaker", seat="Somewhere")
    for number in range(6):  # six clauses of three speeches each
        clause = Section.objects.create(
            sitting=debate.sitting, parent=debate, heading=f"Clause {number}", slug=f"clause-{number}",
            position=100 + number * 10, kind="minor",
        )  # fmt: skip
        for offset in range(1, 4):
            builders.speech(clause, member, 100 + number * 10 + offset)
    debate.refresh_from_db()
    assert debate.page_breaks  # 18 speeches, four a page at most
    headings = []
    for number in range(1, len(debate.page_breaks) + 2):
        html = client.get(f"{debate.get_absolute_url()}?page={number}").content.decode()
        shown = re.findall(r'<section class="debate-section" id="(clause-\d)"', html)
        headings.append(shown)
        assert 0 < len(shown) <= 2  # its clauses, not all six
    assert sorted({slug for shown in headings for slug in shown}) == [f"clause-{n}" for n in range(6)]


def headings_day(count: int) -> bytes:
    """A day whose one debate has ``count`` minor headings of one speech each."""
    from .parlparse_days import day_xml, gid, speech_xml

    body = "".join(
        f'<minor-heading id="{gid("2009-10-27", "d", f"{number}.1")}" nospeaker="true">Heading {number}</minor-heading>'
        + speech_xml(f"{number}.2", "Words.", name="A Member")
        for number in range(2, count + 2)
    )
    return day_xml(body)


def planning_steps(count: int) -> int:
    """Lines of the page planner (debates/long_debates.py and its caller in debates/derived.py) run while a day of ``count`` headings is imported: the work of
    planning its pages, counted rather than timed."""
    import sys

    from .conftest import import_bytes

    steps = [0]

    def trace(frame, event, arg):
        if frame.f_code.co_filename not in (long_debates.__file__, derived.__file__):
            return None
        steps[0] += 1
        return trace

    Sitting.objects.all().delete()
    sys.settrace(trace)
    try:
        report = import_bytes(f"headings-{count}.xml", headings_day(count))
    finally:
        sys.settrace(None)
    assert report.status == "created", report.as_text()
    return steps[0]


@pytest.mark.django_db
def test_planning_the_pages_of_a_day_grows_with_its_headings_not_their_square():
    """Reproducer: a day of 10,000 headings (3 MB, within the limits) took 60 to 100 s to
    import, planning each heading's pages by going through every speech and heading of the day."""
    few, twice = planning_steps(150), planning_steps(300)
    assert twice <= 2.5 * few, (few, twice)
