"""The error pages a reader may meet look like the site and lead back into it; so does the icon."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db

WAYS_ON = ('href="/debates/"', 'href="/members/"', 'action="/search/"')


def test_a_missing_page_looks_like_the_site_and_links_to_the_calendar_directory_and_search(client, settings):
    settings.DEBUG = False
    response = client.get("/debates/commons/1999-01-01/nothing-here/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'class="site-header"' in html
    assert all(way in html for way in WAYS_ON)


def test_a_server_error_looks_like_the_site_and_links_to_the_calendar_directory_and_search(settings):
    """Django renders the 500 page without a request context: it must not need one."""
    settings.DEBUG = False
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html and 'class="site-header"' in html
    assert 'rel="stylesheet"' in html
    assert all(way in html for way in WAYS_ON)


def test_the_browsers_icon_is_there(client):
    """Every browser asks for /favicon.ico: it was a 404 in every server log."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an icon file
