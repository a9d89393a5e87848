"""Labels and names as a reader expects them: seats, the Chair, offices from both files,
sightings, people awaiting members data, proxies, and the directory's search."""

import datetime

import pytest

from debates.models import Section, Speech, Vote
from members.models import Constituency, Membership, Office, Party, Person

from .conftest import FIXTURES, SEED, import_bytes, import_path

pytestmark = pytest.mark.django_db
D = datetime.date
PEOPLE = FIXTURES / "people-names.json"
OFFICES_2010 = FIXTURES / "offices-2010.json"


def label(name: str, on: datetime.date) -> str:
    return Person.objects.with_roles().get(name=name).label_on(on)


def test_seats_are_named_as_readers_know_them():
    import_path(PEOPLE)
    names = set(Constituency.objects.values_list("name", flat=True))
    assert {"The Wrekin", "City of Chester", "North Ayrshire and Arran", "Kirkcaldy and Cowdenbeath"} <= names
    assert not any("&" in name or name.endswith((", The", ", City of")) for name in names)
    assert label("Mark Pritchard", D(2009, 10, 27)) == "Conservative, The Wrekin"


@pytest.mark.parametrize(
    ("query", "found"),
    [("opik", "Lembit Öpik"), ("ÖPIK", "Lembit Öpik"), ("The Wrekin", "Mark Pritchard"),
     ("Wrekin, The", "Mark Pritchard"), ("north ayrshire & arran", "Katy Clark")],
)  # fmt: skip
def test_the_directory_finds_names_and_seats_whatever_the_accents_and_case(client, query, found):
    import_path(PEOPLE)
    html = client.get("/members/", {"q": query}).content.decode()
    listed = html[html.index('class="member-list"') :]
    assert found in listed
    assert listed.count('<li><a href="/members/') == 1


def test_the_speaker_and_deputy_speakers_are_offices_not_parties(client):
    import_path(PEOPLE)
    assert not Party.objects.filter(name__icontains="speaker").exists()
    assert Membership.objects.get(person__name="Lindsay Hoyle").party is None
    assert label("Lindsay Hoyle", D(2009, 10, 27)) == "Deputy Speaker"
    directory = client.get("/members/").content.decode()
    assert "Deputy Speaker</option>" not in directory


def test_the_2010_offices_file_gives_the_offices_hansard_prints():
    import_path(PEOPLE)
    report = import_path(OFFICES_2010)
    assert report.status == "created", report.as_text()
    on = D(2009, 10, 28)
    assert label("Gordon Brown", on) == "The Prime Minister"  # not "Leader of the Labour Party"
    assert label("David Cameron", on) == "Leader of Her Majesty's Official Opposition"
    # A title given whole is not suffixed with its organisation ("..., House of Commons").
    assert label("Mark Pritchard", on) == "Shadow Home Secretary"
    assert label("Katy Clark", D(2008, 1, 1)) == "The Minister of State, Department of Health"
    # A committee chair is listed once (the file gives it twice) and does not label a speaker.
    assert Office.objects.filter(person__name="Lembit Öpik").count() == 1
    assert label("Lembit Öpik", on) == "Liberal Democrat, Montgomeryshire"
    assert "a House of Lords role" in report.as_text()


def test_one_post_given_in_both_offices_files_is_held_once():
    import_path(PEOPLE)
    ministers = b"""{"organizations": [{"id": "prime-ministers-office", "name": "Prime Minister's Office"}],
      "memberships": [{"id": "uk.org.publicwhip/moffice/900", "person_id": "uk.org.publicwhip/person/10068",
        "organization_id": "prime-ministers-office", "role": "Prime Minister",
        "start_date": "2007-06-27", "end_date": "2010-05-11"}]}"""
    assert import_bytes("ministers.json", ministers).status == "created"
    report = import_path(OFFICES_2010)
    assert list(Office.objects.filter(person__name="Gordon Brown").values_list("title", flat=True)) == [
        "The Prime Minister",
        "Leader of the Labour Party",
    ]
    assert "the same post is recorded already" in report.as_text()
    assert import_path(OFFICES_2010).status == "unchanged"


def test_the_chair_is_shown_as_printed_without_a_party_or_seat(client):
    import_path(FIXTURES / "people-popolo.json")
    import_path(FIXTURES / "debates2009-10-27b.xml")
    html = client.get("/debates/commons/2009-10-27/health/waiting-times/").content.decode()
    chair = html[html.index('class="speech speech--chair"') :]
    chair = chair[: chair.index("</header>")]
    assert '">Mr. Speaker</a>' in chair and 'class="label"' not in chair
    assert "Buckingham" not in chair and "John Bercow" not in chair


def test_a_seat_read_from_a_text_pages_label_is_a_sighting_not_a_seat_term_that_ended(client):
    import_path(SEED)
    seat = Membership.objects.get(person__name="Chris McDonald")
    assert seat.seen_only and seat.start_date == seat.end_date == D(2025, 2, 10)
    html = client.get("/members/chris-mcdonald/").content.decode()
    assert "seen on 10 February 2025" in html and "until" not in html


def test_a_person_id_the_members_data_lacks_names_one_person_awaiting_members_data(client):
    newer = FIXTURES / "parlparse" / "debates2023-03-28d.xml"
    report = import_path(newer)
    assert report.status == "created"
    ann = Person.objects.get(parlparse_id="uk.org.publicwhip/person/90001")
    assert (ann.name, ann.awaiting_members_data) == ("Ann Example", True)
    assert Speech.objects.filter(speaker=ann).count() == 2
    assert "awaiting members data: Ann Example (uk.org.publicwhip/person/90001)" in report.as_text()
    voter = Person.objects.get(parlparse_id="uk.org.publicwhip/person/90013")
    assert Vote.objects.filter(person=voter).exists()
    assert "Awaiting members data" in client.get(ann.get_absolute_url()).content.decode()
    people = Person.objects.count()
    assert import_path(newer).status == "unchanged" and Person.objects.count() == people

    members = b"""{"persons": [{"id": "uk.org.publicwhip/person/90001",
        "other_names": [{"note": "Main", "given_name": "Ann", "family_name": "Example-Smith"}]}],
      "organizations": [{"id": "labour", "name": "Labour", "classification": "party"}],
      "posts": [{"id": "uk.org.publicwhip/cons/900", "area": {"name": "Exampleton"}}],
      "memberships": [{"id": "uk.org.publicwhip/member/900", "person_id": "uk.org.publicwhip/person/90001",
        "post_id": "uk.org.publicwhip/cons/900", "on_behalf_of_id": "labour", "start_date": "2019-12-12"}]}"""
    completed = import_bytes("people.json", members)
    assert "completed: person Ann Example-Smith" in completed.as_text()
    ann.refresh_from_db()
    assert (ann.name, ann.awaiting_members_data) == ("Ann Example-Smith", False)
    assert Person.objects.count() == people  # the same row, completed: never a second person
    assert Speech.objects.filter(speaker=ann).count() == 2


def test_a_vote_cast_by_proxy_says_who_cast_it(client):
    import_path(FIXTURES / "parlparse" / "debates2023-03-28d.xml")
    vote = Vote.objects.select_related("proxy").get(name="Ola Member")
    assert (vote.proxy.name, vote.proxy_name) == ("Ned Member", "Ned Member")
    bill = Section.objects.get(heading="Example Bridge Bill", kind="major", parent=None, speeches=None)
    division = vote.division
    assert f'href="{division.get_absolute_url()}"' in client.get(bill.get_absolute_url()).content.decode()
    html = client.get(division.get_absolute_url()).content.decode()  # the lists are on its own page
    assert "by proxy:" in html and ">Ned Member</a>)" in html
    # A proxy the division list does not name is still shown, by the id the file gives.
    assert Vote.objects.get(name="Pat Member").proxy.parlparse_id == "uk.org.publicwhip/person/99999"


@pytest.mark.django_db
def test_a_members_distinguished_name_gives_the_latest_seat_and_the_years_sat():
    from members.models import Constituency, Membership, Party, Person

    person = Person.objects.create(name="Angela Smith", slug="angela-smith-x")
    labour = Party.objects.create(name="Labour", slug="labour-x")
    basildon = Constituency.objects.create(name="Basildon", slug="basildon-x")
    for start, end in (("1997-05-01", "2001-05-14"), ("2001-06-07", "2010-04-12")):
        Membership.objects.create(
            person=person, party=labour, constituency=basildon, start_date=start, end_date=end
        )
    assert Person.objects.get(pk=person.pk).distinguished() == "Angela Smith, Labour, Basildon, 1997–2010"
    assert Person.objects.create(name="New Member", slug="new-x").distinguished() == "New Member"
