"""Source addresses (``source_url``) are http(s) only: at import, in the model, and in the admin."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from debates.models import Section, Speech

from . import builders
from .conftest import import_bytes

GID = "uk.org.publicwhip/debate/2009-10-27a"
GOOD = "http://www.publications.parliament.uk/pa/cm200809/cmhansrd/cm091027/debtext/91027-0001.htm"
TOO_LONG = "https://www.example.org/" + "a" * 600


def parlparse_day(heading_url: str, speech_urls: list[str]) -> bytes:
    speeches = "".join(
        f'<speech id="{GID}.1.{number}" speakername="A Member" url="{url}"><p>Words {number}.</p></speech>'
        for number, url in enumerate(speech_urls, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<publicwhip scrapeversion="a" latest="yes">'
        f'<major-heading id="{GID}.1.0" nospeaker="true" url="{heading_url}">Defence</major-heading>'
        f"{speeches}</publicwhip>"
    ).encode()


@pytest.mark.django_db
def test_import_stores_http_addresses_and_drops_and_reports_others():
    data = parlparse_day(
        "javascript:alert(1)", [GOOD, "JavaScript:alert(document.cookie)", "ftp://example.org/x", TOO_LONG]
    )
    report = import_bytes("debates2009-10-27a.xml", data)
    assert report.status == "created", report.as_text()
    assert Section.objects.get().source_url == ""
    stored = dict(Speech.objects.values_list("source_id", "source_url"))
    assert stored == {f"{GID}.1.1": GOOD, f"{GID}.1.2": "", f"{GID}.1.3": "", f"{GID}.1.4": ""}
    text = report.as_text()
    for refused in ("'javascript:alert(1)'", "'JavaScript:alert(document.cookie)'", "'ftp://example.org/x'"):
        assert f"url {refused} is not an http(s) address" in text
    assert text.count("not stored") == 4


@pytest.mark.django_db
def test_the_model_refuses_other_schemes():
    speech = builders.debate(1).speeches.get()
    for bad in ("javascript:alert(1)", "ftp://example.org/file", "data:text/html,hi", TOO_LONG):
        speech.source_url = bad
        with pytest.raises(ValidationError) as refused:
            speech.full_clean()
        assert "source_url" in refused.value.message_dict, bad
    speech.source_url = GOOD
    speech.full_clean()


@pytest.mark.django_db
def test_an_editor_can_save_a_speech_whose_address_was_cleaned(admin_client):
    """Before, a stored javascript: address made the admin form refuse every save of that speech."""
    speech = builders.debate(1).speeches.get()
    Speech.objects.filter(pk=speech.pk).update(source_url="javascript:alert(1)")  # as imported before
    migration = importlib.import_module("debates.migrations.0003_source_url_http_only")
    migration.blank_non_web_source_urls(apps, None)

    speech.refresh_from_db()
    assert speech.source_url == ""
    form = admin_client.get(f"/admin/debates/speech/{speech.pk}/change/").context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(text="<p>Corrected.</p>", source_url="www.parliament.uk/debate")
    response = admin_client.post(f"/admin/debates/speech/{speech.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    speech.refresh_from_db()
    assert speech.text == "<p>Corrected.</p>"
    assert speech.source_url == "https://www.parliament.uk/debate"  # no scheme typed: https

    data["source_url"] = "javascript:alert(1)"
    response = admin_client.post(f"/admin/debates/speech/{speech.pk}/change/", data)
    assert response.status_code == 200
    assert "source_url" in response.context["adminform"].form.errors
