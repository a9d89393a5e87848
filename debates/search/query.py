"""Read what a person typed into the search box, the way web search engines do (the syntax is
in docs/search.md).

Parsing never fails. Only words made of letters and digits survive, so nothing the user types
reaches either engine as syntax.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# More than these are dropped, with a message. Each cap bounds a cost that grows with what is
# typed (bench/search_worst.py): plain words are cheap, as the index skips through the rarest
# word's entries, but every word of a phrase and every word left out is read whole from the
# index, and each speaker: clause is a query of its own.
MAX_TERMS = 24
MAX_PHRASE_WORDS = 4  # words (not counting stop words) in all phrases together
MAX_EXCLUDED = 2
# With a phrase or a word left out, the index reads every word's entries whole (the skipping
# above needs no positions and no exclusions): then at most this many words in all.
MAX_WORDS_WITH_PHRASES = 4
MAX_SPEAKERS = 3
MAX_QUERY_CHARACTERS = 1000
WORD = re.compile(r"\w+(?:['’]\w+)*")
# The operators a reader types: quotes, a leading minus, "speaker:", and a lone OR.
TOKEN = re.compile(
    r"""(?P<speaker>speaker:\s*(?:"(?P<quoted_speaker>[^"]*)"?|(?P<bare_speaker>\S*)))"""
    r"""|(?P<negated>-)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))""",
    re.IGNORECASE,
)
# Snowball's English stop words (PostgreSQL's english.stop): words too common to search for.
# Both backends drop them outside phrases, so both give the same results for the same query.
STOP_WORDS = frozenset(
    [
        "i",
        "me",
        "my",
        "myself",
        "we",
        "our",
        "ours",
        "ourselves",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "he",
        "him",
        "his",
        "himself",
        "she",
        "her",
        "hers",
        "herself",
        "it",
        "its",
        "itself",
        "they",
        "them",
        "their",
        "theirs",
        "themselves",
        "what",
        "which",
        "who",
        "whom",
        "this",
        "that",
        "these",
        "those",
        "am",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "having",
        "do",
        "does",
        "did",
        "doing",
        "a",
        "an",
        "the",
        "and",
        "but",
        "if",
        "or",
        "because",
        "as",
        "until",
        "while",
        "of",
        "at",
        "by",
        "for",
        "with",
        "about",
        "against",
        "between",
        "into",
        "through",
        "during",
        "before",
        "after",
        "above",
        "below",
        "to",
        "from",
        "up",
        "down",
        "in",
        "out",
        "on",
        "off",
        "over",
        "under",
        "again",
        "further",
        "then",
        "once",
        "here",
        "there",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "no",
        "nor",
        "not",
        "only",
        "own",
        "same",
        "so",
        "than",
        "too",
        "very",
        "s",
        "t",
        "can",
        "will",
        "just",
        "don",
        "should",
        "now",
    ]
)


@dataclass(frozen=True)
class Term:
    """A word, or a phrase of several words in order."""

    words: tuple[str, ...]
    quoted: bool = False  # typed in quotes, so never read as a member's name

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass
class ParsedQuery:
    """All of ``groups`` must match (each group: any of its terms), none of ``excluded``."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was dropped, said to the reader
    only_excluded: bool = False  # the words were all to leave out ("-police"): nothing to find

    @property
    def has_words(self) -> bool:
        return bool(self.groups)

    @property
    def terms(self) -> list[Term]:
        """Every term that a matching speech contains (for highlighting)."""
        return [term for group in self.groups for term in group]

    def as_websearch(self) -> str:
        """The query in PostgreSQL's ``websearch_to_tsquery`` syntax."""

        def render(term: Term) -> str:
            return f'"{" ".join(term.words)}"' if term.is_phrase else term.words[0]

        parts = [" OR ".join(render(term) for term in group) for group in self.groups]
        parts += [f"-{render(term)}" for term in self.excluded]
        return " ".join(parts)

    def as_fts5(self) -> str:
        """The query in SQLite FTS5 syntax: every word quoted, so none is read as an operator."""

        def render(term: Term) -> str:
            return '"' + " ".join(term.words) + '"'

        positive = " AND ".join(
            "(" + " OR ".join(render(term) for term in group) + ")" for group in self.groups
        )
        return positive + "".join(f" NOT {render(term)}" for term in self.excluded)

    def plain_text(self) -> str:
        """The words alone, as a reader would type them (for matching member names)."""
        return " ".join(" ".join(term.words) for term in self.terms)


def words_of(text: str) -> list[str]:
    """Lower-case words of ``text``, with apostrophes inside words kept ("don't")."""
    return [word.replace("’", "'").lower() for word in WORD.findall(text)]


def fold(text: str) -> str:
    """``text`` without accents and case, for matching names: "Öpik" → "opik"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def words_within(words: list[str], budget: int) -> list[str]:
    """The first of ``words`` holding at most ``budget`` words that are not stop words."""
    kept: list[str] = []
    for word in words:
        if word not in STOP_WORDS:
            if budget <= 0:
                break
            budget -= 1
        kept.append(word)
    while kept and kept[-1] in STOP_WORDS:  # a phrase does not end on "the"
        kept.pop()
    return kept


def note(query: ParsedQuery, text: str) -> None:
    if text not in query.notes:
        query.notes.append(text)


def parse_query(text: str) -> ParsedQuery:
    """Read ``text`` as search syntax; never raises."""
    query = ParsedQuery()
    text = "".join(char for char in text if char.isprintable() or char.isspace())
    if len(text) > MAX_QUERY_CHARACTERS:
        text = text[:MAX_QUERY_CHARACTERS]
        query.notes.append(
            _("Only the first %(count)s characters were searched for.")
            % {"count": number_format(MAX_QUERY_CHARACTERS, force_grouping=True)}
        )
    pending_or = pending_not = False
    count = 0
    phrase_words = 0
    for match in TOKEN.finditer(text):
        if match.group("speaker"):
            name = (match.group("quoted_speaker") or match.group("bare_speaker") or "").strip()
            if words_of(name) and len(query.speakers) < MAX_SPEAKERS:
                query.speakers.append(" ".join(words_of(name)))
            elif words_of(name):
                note(
                    query,
                    _("Only the first %(count)s speaker: names were searched for.") % {"count": MAX_SPEAKERS},
                )
            continue
        raw = match.group("phrase") if match.group("phrase") is not None else match.group("word")
        if raw == "OR" and match.group("phrase") is None and not match.group("negated"):
            pending_or = bool(query.groups)
            continue
        if raw == "NOT" and match.group("phrase") is None and not match.group("negated"):
            pending_not = True  # "fire NOT service" is "fire -service"
            continue
        # A hyphenated or dotted word ("anti-social") is a phrase of its parts, like a quoted one.
        words = words_of(raw or "")
        if all(word in STOP_WORDS for word in words):  # nothing to look for ("the", "-", "(")
            pending_or = pending_not = False
            continue
        if count >= MAX_TERMS:
            query.notes.append(
                _("Only the first %(count)s words or phrases were searched for.") % {"count": MAX_TERMS}
            )
            break
        if match.group("negated") and len(query.excluded) >= MAX_EXCLUDED:
            note(
                query,
                _("Only the first %(count)s words or phrases to leave out were left out.")
                % {"count": MAX_EXCLUDED},
            )
            continue
        if len(words) > 1:
            words = words_within(words, MAX_PHRASE_WORDS - phrase_words)
            if len(words) < 2 or all(word in STOP_WORDS for word in words):
                note(
                    query,
                    _("Phrases were searched for up to %(count)s words in all.")
                    % {"count": MAX_PHRASE_WORDS},
                )
                continue
            if words != words_of(raw or ""):
                note(
                    query,
                    _("Phrases were searched for up to %(count)s words in all.")
                    % {"count": MAX_PHRASE_WORDS},
                )
            phrase_words += sum(word not in STOP_WORDS for word in words)
        count += 1
        term = Term(tuple(words), quoted=match.group("phrase") is not None)
        if match.group("negated") or pending_not:
            query.excluded.append(term)
        elif pending_or:
            query.groups[-1].append(term)
        else:
            query.groups.append([term])
        pending_or = pending_not = False
    if query.excluded and not query.groups:
        query.notes.append(
            _(
                "Words to leave out (after “-” or NOT) need a word to look for as well: "
                "add the words the speeches should hold."
            )
        )
        query.only_excluded, query.excluded = True, []
    if query.excluded or any(term.is_phrase for term in query.terms):
        within_words_with_phrases(query)
    return query


def lexemes(term: Term) -> int:
    return sum(word not in STOP_WORDS for word in term.words)


def within_words_with_phrases(query: ParsedQuery) -> None:
    """Keep the first terms of a query with phrases or exclusions, up to
    ``MAX_WORDS_WITH_PHRASES`` words in all (phrases and exclusions first, as typed)."""
    budget = MAX_WORDS_WITH_PHRASES
    excluded = []
    for term in query.excluded:
        if lexemes(term) <= budget:
            excluded.append(term)
            budget -= lexemes(term)
    groups = []
    for group in query.groups:
        kept = []
        for term in sorted(group, key=lambda term: not term.is_phrase):
            if lexemes(term) <= budget:
                kept.append(term)
                budget -= lexemes(term)
        if kept:
            groups.append(kept)
    if groups != query.groups or excluded != query.excluded:
        note(
            query,
            _("With a phrase or a word to leave out, only the first %(count)s words were searched for.")
            % {"count": MAX_WORDS_WITH_PHRASES},
        )
    query.groups, query.excluded = groups, excluded
