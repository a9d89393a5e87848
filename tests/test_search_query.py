"""The search box's syntax, read without a database: what each kind of input becomes."""

from debates.search.query import MAX_TERMS, parse_query


def test_words_phrases_exclusions_and_or():
    query = parse_query('badger "fire and rescue" -strike')
    assert query.as_websearch() == 'badger "fire and rescue" -strike'
    assert query.as_fts5() == '("badger") AND ("fire and rescue") NOT "strike"'
    query = parse_query('cull OR culling -"bovine tb"')
    assert query.as_websearch() == 'cull OR culling -"bovine tb"'
    assert query.as_fts5() == '("cull" OR "culling") NOT "bovine tb"'
    assert not query.notes


def test_single_words_are_many_but_phrases_exclusions_and_speakers_few():
    """Each cap bounds a cost that grows with what is typed (see debates/search/query.py)."""
    words = " ".join(f"word{number}" for number in range(40))
    assert len(parse_query(words).terms) == MAX_TERMS
    query = parse_query('"one two three four five six" seven')
    assert query.as_websearch() == '"one two three four"'
    assert "Phrases were searched for up to 4 words in all." in query.notes
    query = parse_query('"one two" "three four" "five six"')
    assert query.as_websearch() == '"one two" "three four"'
    query = parse_query("badger -one -two -three -four")
    assert query.as_websearch() == "badger -one -two"
    assert "Only the first 2 words or phrases to leave out were left out." in query.notes
    query = parse_query("a1 a2 a3 a4 a5 a6 -strike")
    assert query.as_websearch() == "a1 a2 a3 -strike"
    assert any("only the first 4 words were searched for" in note for note in query.notes)
    query = parse_query(" ".join(f"speaker:name{number}" for number in range(60)) + " badger")
    assert query.speakers == ["name0", "name1", "name2"]
    assert "Only the first 3 speaker: names were searched for." in query.notes


def test_speaker_names_are_taken_out_of_the_words():
    query = parse_query('speaker:Healey defence speaker:"Wendy Chamberlain"')
    assert query.speakers == ["healey", "wendy chamberlain"]
    assert query.as_websearch() == "defence"


def test_an_unclosed_quote_runs_to_the_end():
    assert parse_query('"fire and rescue').as_websearch() == '"fire and rescue"'


def test_stop_words_alone_search_for_nothing_but_count_inside_phrases():
    assert not parse_query("the and of").has_words
    assert parse_query('"the house"').as_websearch() == '"the house"'


def test_operators_alone_or_misplaced_are_harmless():
    for text in ("-", "OR", "OR OR", "-OR", '""', "()", "speaker:", "AND OR NOT"):
        query = parse_query(text)
        assert not query.has_words, text
    assert parse_query("OR fox").as_websearch() == "fox"
    assert parse_query("fox OR").as_websearch() == "fox"


def test_only_exclusions_are_refused_with_a_note():
    for text in ("-strike", "NOT strike", '-"fire service" NOT police'):
        query = parse_query(text)
        assert not query.has_words and not query.excluded and query.only_excluded, text
        assert "need a word to look for as well" in query.notes[0]


def test_not_is_a_word_for_leaving_out():
    assert parse_query("fire NOT service").as_websearch() == "fire -service"
    assert (
        parse_query('fire NOT "rescue service" OR police').as_websearch()
        == 'fire OR police -"rescue service"'
    )
    assert parse_query("fire not service").as_websearch() == "fire service"  # "not" alone is a stop word
    assert parse_query("fire NOT the service").as_websearch() == "fire service"  # NOT leaves out "the" only


def test_engine_syntax_never_reaches_the_engine():
    query = parse_query("fire* NEAR/3 (rescue) ' OR 1=1 -- \"; DROP TABLE x; \\ %_")
    for rendered in (query.as_websearch(), query.as_fts5()):
        assert "*" not in rendered and "(rescue)" not in rendered and ";" not in rendered
        assert "'" not in rendered and "\\" not in rendered and "%" not in rendered


def test_hyphenated_words_are_phrases_of_their_parts():
    assert parse_query("anti-social").as_websearch() == '"anti social"'


def test_long_input_is_cut_to_a_bounded_query_with_a_note():
    query = parse_query(" ".join(f"word{number}" for number in range(2000)))
    assert len(query.terms) == MAX_TERMS
    assert query.notes
    assert parse_query("x" * 5000).notes


def test_control_characters_are_dropped():
    assert parse_query("fire\x00service\x1b").as_websearch() in ("fireservice", "fire service")
