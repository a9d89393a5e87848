"""Importing members data needs the permissions to change it; every change is in the history."""

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile

from debates.importers.service import MEMBERS_PERMISSIONS
from debates.models import ImportJob, Speech
from members.models import Person

from .conftest import FIXTURES, import_path

pytestmark = pytest.mark.django_db
URL = "/admin/debates/importjob/add/"
SEATS = b"person_id,name,constituency,party,start_date,end_date\n10001,Renamed Person,Exampleton,Labour,2005-05-05,\n"


def staff(client, *permissions: str) -> User:
    user = User.objects.create_user("importer", password="pw", is_staff=True)
    for name in ("debates.add_importjob", "debates.view_importjob", *permissions):
        app, codename = name.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app, codename=codename))
    client.force_login(user)
    return user


def upload(client, name: str, data: bytes) -> ImportJob:
    client.post(URL, {"files": [SimpleUploadedFile(name, data)]})
    return ImportJob.objects.latest("pk")


def test_a_user_who_may_only_add_import_jobs_cannot_rename_people_through_a_seats_table(client):
    """Reproducer: a staff user allowed only to add import jobs renamed any person."""
    import_path(FIXTURES / "people-popolo.json")
    staff(client)
    job = upload(client, "seats.csv", SEATS)
    assert job.status == ImportJob.Status.FAILED
    assert "needs the permissions to change people" in job.full_report()
    assert Person.objects.get(parlparse_id="uk.org.publicwhip/person/10001").name == "Ann Example"


def test_with_the_permissions_the_change_is_in_the_history_attributed_to_the_job(client):
    import_path(FIXTURES / "people-popolo.json")
    user = staff(client, *MEMBERS_PERMISSIONS)
    job = upload(client, "seats.csv", SEATS)
    assert job.status == ImportJob.Status.DONE, job.full_report()
    person = Person.objects.get(parlparse_id="uk.org.publicwhip/person/10001")
    assert person.name == "Renamed Person"
    entry = person.history.latest("history_date")
    assert entry.history_type == "~" and entry.history_user == user
    assert entry.history_change_reason == f"import #{job.pk}: seats.csv"


def test_a_debate_import_records_each_speech_in_the_history(admin_client, admin_user):
    import_path(FIXTURES / "people-popolo.json")
    job = upload(admin_client, "day.xml", (FIXTURES / "debates2009-10-27b.xml").read_bytes())
    speech = Speech.objects.order_by("pk").first()
    entry = speech.history.get()
    assert (entry.history_type, entry.history_user) == ("+", admin_user)
    assert entry.history_change_reason == f"import #{job.pk}: day.xml"
    assert Speech.history.count() == Speech.objects.count()
    assert speech.sitting.history.filter(history_change_reason=f"import #{job.pk}: day.xml").exists()


def test_an_editors_correction_still_survives_an_import_recorded_in_the_history(admin_client):
    import_path(FIXTURES / "people-popolo.json")
    person = Person.objects.get(parlparse_id="uk.org.publicwhip/person/10001")
    admin_client.post(
        f"/admin/members/person/{person.pk}/change/",
        {
            **{f: getattr(person, f) for f in ("name", "slug", "given_name", "family_name")},
            "name": "Dame Ann Example",
        },
    )
    person.refresh_from_db()
    if person.name != "Dame Ann Example":  # the admin form needs more fields: correct it as the admin does
        person.name = "Dame Ann Example"
        person._history_user = User.objects.get(username="admin")
        person.save()
    for _ in range(2):
        job = upload(admin_client, "seats.csv", SEATS)
        assert "kept for name (an editor changed it)" in job.full_report()
    assert Person.objects.get(pk=person.pk).name == "Dame Ann Example"


def test_a_people_file_and_a_seats_table_that_disagree_report_the_conflict_each_way(admin_client):
    """Reproducer: they overwrote each other in turn, with no conflict reported."""
    people = (FIXTURES / "people-popolo.json").read_bytes()
    upload(admin_client, "people.json", people)
    seats = upload(admin_client, "seats.csv", SEATS)
    assert "name was 'Ann Example' from people.json; this file says 'Renamed Person'" in seats.full_report()
    again = upload(admin_client, "people.json", people)
    assert "name was 'Renamed Person' from seats.csv; this file says 'Ann Example'" in again.full_report()
    assert upload(admin_client, "people.json", people).counts == {"unchanged": 1}


def test_a_user_who_may_only_add_import_jobs_still_imports_debates(client):
    import_path(FIXTURES / "people-popolo.json")
    staff(client)
    job = upload(client, "day.xml", (FIXTURES / "debates2009-10-27b.xml").read_bytes())
    assert job.status == ImportJob.Status.DONE, job.full_report()


def test_a_jobs_uploads_together_are_capped(admin_client, settings):
    settings.IMPORT_MAX_JOB_BYTES = 1000
    files = [SimpleUploadedFile(f"day{number}.txt", b"x" * 600) for number in range(2)]
    response = admin_client.post(URL, {"files": files})
    assert response.status_code == 200 and "one import takes at most 1,000" in response.content.decode()
    assert not ImportJob.objects.exists()
