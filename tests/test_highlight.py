"""Words searched for are marked in the debate, as the search matched them: every form of the
word (by its stem), whatever its case or accents, only in the text (never in a tag or a
character reference), and without stemming every word of a long debate."""

import re

from debates.highlight import Highlighter, candidate_prefixes, stem, stems_of

from .conftest import FIXTURES


def marked(words: str, markup: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", Highlighter(stems_of(words))(markup))


def test_every_form_of_a_word_is_marked_whatever_its_case():
    text = "<p>Policy, policies and POLICING; the policeman’s policy-making.</p>"
    assert marked("policy", text) == ["Policy", "policies", "policy"]
    assert marked("firefighter", "<p>Firefighters and a firefighter.</p>") == ["Firefighters", "firefighter"]
    assert marked("dying", "<p>He died; they are dying; it dies.</p>") == ["died", "dying", "dies"]


def test_a_word_is_found_under_its_accents():
    assert marked("Opik", "<p>Lembit Öpik (Montgomeryshire)</p>") == ["Öpik"]
    assert marked("Öpik", "<p>Lembit Opik</p>") == ["Opik"]


def test_tags_attributes_and_character_references_are_never_marked():
    text = '<p class="italic">An <abbr title="italic amp"><a href="#glossary-amp">amp</a></abbr> &amp; italic</p>'
    out = Highlighter(stems_of("italic amp"))(text)
    assert out == (
        '<p class="italic">An <abbr title="italic amp"><a href="#glossary-amp"><mark>amp</mark></a></abbr>'
        " &amp; <mark>italic</mark></p>"
    )


def test_a_speech_without_the_words_is_returned_as_it_was():
    text = "<p>Nothing to see here.</p>"
    assert Highlighter(stems_of("badger"))(text) is text
    assert Highlighter(stems_of("the and"))(text) is text  # only words too common to search


def test_every_word_of_the_real_days_begins_as_its_stem_says():
    """Only words beginning with a stem's candidate prefix are stemmed: check that no word of
    the fixture days escapes that (a word missed would be a word the search matched, unmarked)."""
    words = set()
    for path in (FIXTURES / "parlparse").glob("*.xml"):
        words |= set(re.findall(r"\w+(?:['’]\w+)*", re.sub(r"<[^>]+>", " ", path.read_text("latin-1"))))
    words |= {"dying", "lying", "hoping", "flexibility", "any", "why", "axing", "using", "policies"}
    assert len(words) > 2000
    missed = [
        word
        for word in words
        if not any(word.lower().startswith(prefix) for prefix in candidate_prefixes(stem(word)))
        and word.isascii()
    ]
    assert missed == []


def test_a_debates_speeches_marked_together_are_marked_as_each_alone():
    texts = [
        "<p>Policy first.</p>",
        "",
        '<p class="italic">Policies <i>and</i> policing</p>',
        "<p>Nothing here.</p>",
        "<p>policy</p>",
    ]
    highlighter = Highlighter(stems_of("policy"))
    assert highlighter.all(texts) == [highlighter(text) for text in texts]
    assert [text.count("<mark>") for text in highlighter.all(texts)] == [1, 0, 1, 0, 1]
