"""Glossary terms are marked on the parsed tree when text is stored; pages show the result."""

import pytest

from debates.glossary_marks import GlossaryMarker
from debates.models import GlossaryTerm, Speech

from . import builders

DIVISION = ("Division", "A vote of the House.")


def test_a_term_inside_a_link_is_not_marked_again_so_links_never_nest():
    (marked,) = GlossaryMarker([DIVISION]).render(
        ['<p>See <a href="/x">the Division list</a>; a division.</p>']
    )
    assert marked.count("<a ") == 2  # the original link and one glossary link, after it
    assert '<a href="/x">the Division list</a>' in marked
    assert marked.endswith(
        'a <abbr class="glossary-term" title="A vote of the House."><a href="#glossary-division">division</a></abbr>.</p>'
    )


def test_a_term_that_spells_an_entity_name_leaves_the_entity_alone():
    (marked,) = GlossaryMarker([("amp", "Ampere.")]).render(["<p>Fish &amp; chips at 5 amp.</p>"])
    assert "Fish &amp; chips" in marked
    assert marked.count("glossary-term") == 1 and ">amp</a></abbr>." in marked


def test_only_the_first_use_under_a_heading_is_marked():
    first, second = GlossaryMarker([DIVISION]).render(["<p>A division, a division.</p>", "<p>Division!</p>"])
    assert first.count("glossary-term") == 1 and "glossary-term" not in second


@pytest.mark.django_db
def test_a_term_added_later_marks_the_speeches_already_stored(client):
    section = builders.debate(2)
    first = section.speeches.order_by("position").first()
    first.text = "<p>Then there was a division.</p>"
    first.save()
    assert "glossary-term" not in client.get(section.get_absolute_url()).content.decode()
    GlossaryTerm.objects.create(term=DIVISION[0], definition=DIVISION[1])
    html = client.get(section.get_absolute_url()).content.decode()
    assert html.count('<abbr class="glossary-term" title="A vote of the House.">') == 1
    assert '<dt id="glossary-division"><a href="/glossary/division/">Division</a></dt>' in html  # listed
    assert Speech.objects.get(pk=first.pk).text == "<p>Then there was a division.</p>"  # the words stay clean


@pytest.mark.django_db
def test_the_debate_page_runs_the_same_queries_with_a_glossary(client, django_assert_num_queries):
    GlossaryTerm.objects.create(term=DIVISION[0], definition=DIVISION[1])
    short, long = builders.debate(3, heading="Short"), builders.debate(120, heading="Long")
    for section in (short, long):  # the term used in each
        speech = section.speeches.order_by("position").first()
        speech.text = "<p>A division was called.</p>"
        speech.save()
    with django_assert_num_queries(8):
        assert "glossary-term" in client.get(short.get_absolute_url()).content.decode()
    with django_assert_num_queries(8):
        assert "glossary-term" in client.get(long.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_glossary_lists_every_term_and_each_term_has_a_page(client):
    GlossaryTerm.objects.create(term="Division", definition="A vote of the House.")
    GlossaryTerm.objects.create(term="Secretary of State", definition="A senior minister.")
    html = client.get("/glossary/").content.decode()
    assert html.index('href="/glossary/division/"') < html.index('href="/glossary/secretary-of-state/"')
    assert "A vote of the House." in html and "A senior minister." in html
    term = client.get("/glossary/secretary-of-state/").content.decode()
    assert "<h1>Secretary of State</h1>" in term and "A senior minister." in term
    assert 'href="/search/?q=%22Secretary%20of%20State%22"' in term
    assert client.get("/glossary/nothing/").status_code == 404


@pytest.mark.django_db
def test_a_term_marked_in_a_debate_links_to_its_page(client):
    GlossaryTerm.objects.create(term=DIVISION[0], definition=DIVISION[1])
    section = builders.debate(1)
    speech = section.speeches.get()
    speech.text = "<p>The division was called.</p>"
    speech.save()
    html = client.get(section.get_absolute_url()).content.decode()
    assert '<dt id="glossary-division"><a href="/glossary/division/">Division</a></dt>' in html
