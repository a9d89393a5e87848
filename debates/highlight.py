"""Mark the words a reader searched for in a speech, when they arrive from a search result.

A result links to the speech in its debate with ``?hl=the+words``; the debate page then wraps
each word that shares a stem with a searched word in ``<mark>``. Stems come from the Snowball
English stemmer, which PostgreSQL's English search uses, so what is marked is what the search
matched. Marks go only in the text between tags, never inside a tag or a character reference.

The stemmer is pure Python, too slow for every word of a long debate, so only *candidates* are
stemmed: words that begin like one of the searched stems (a stem keeps the start of its word
but for its last letter or two).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re

import snowballstemmer

from .search.query import STOP_WORDS, fold, words_of

MAX_WORDS = 12
_stemmer = snowballstemmer.stemmer("english")
# A tag of the sanitised HTML (attribute values quoted, so a ">" inside one does not end it).
TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
# Accented letters as the search folds them, one for one, so that offsets stay the same.
FOLD_LETTERS = str.maketrans("àáâãäåçèéêëìíîïñòóôõöøùúûüýÿ", "aaaaaaceeeeiiiinoooooouuuuyy")
ACCENTED = re.compile("[àáâãäåçèéêëìíîïñòóôõöøùúûüýÿ]")
# Between speeches scanned together: no word runs across it.
SEPARATOR = "\n\x00\n"


def stems_of(text: str) -> frozenset[str]:
    """The stems of the words in ``text`` worth marking (not "the", "and"...)."""
    words = [word for word in words_of(text) if word not in STOP_WORDS][:MAX_WORDS]
    return frozenset(_stemmer.stemWords([fold(word) for word in words]))


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A printed word's stem, as the search index stemmed it (accents and case folded)."""
    return _stemmer.stemWord(fold(word))


def candidate_prefixes(stem: str) -> set[str]:
    """How every word with this stem begins: the stem less its last letter ("polici" for
    "policy", "hope" for "hoping"); after "ie", either spelling ("die" for "died" and "dying")."""
    if stem.endswith("ie"):
        return {stem[: max(2, len(stem) - 2)], stem[:-2] + "y"}
    return {stem[: max(2, len(stem) - 1)]}


class Highlighter:
    """Marks, in speeches' sanitised HTML, every word whose stem is one of ``stems``.

    Candidates are looked for in the text folded letter for letter (so offsets stay the printed
    text's), one literal prefix at a time: the regex engine skips to a literal far faster than it
    tries a case-insensitive pattern or an alternation at every letter.
    """

    def __init__(self, stems: frozenset[str]):
        self.stems = stems
        self.patterns = [
            re.compile(re.escape(prefix) + r"\w*(?:['’]\w+)*")
            for prefix in {prefix for stem in stems if stem for prefix in candidate_prefixes(stem)}
        ]

    def spans(self, markup: str) -> list[tuple[int, int]]:
        """Where the words to mark are in ``markup`` (tags included: see :meth:`__call__`)."""
        if not self.patterns or not markup:
            return []
        folded = markup.lower()
        if len(folded) != len(markup):  # a letter whose lower case is two ("İ"): one each
            folded = "".join(char.lower()[:1] for char in markup)
        if ACCENTED.search(folded):
            folded = folded.translate(FOLD_LETTERS)
        found = set()
        for pattern in self.patterns:
            for match in pattern.finditer(folded):
                start, end = match.span()
                before = folded[start - 1] if start else " "
                if before.isalnum() or before in "_&":  # inside a word, or a character reference
                    continue
                if stem(markup[start:end]) in self.stems:
                    found.add((start, end))
        return sorted(found)

    def matches(self, text: str) -> bool:
        return bool(self.spans(text))

    def __call__(self, markup: str) -> str:
        """``markup`` with each matching word wrapped in ``<mark>``, in the text between tags."""
        return self.marked(markup, self.spans(markup))

    def all(self, texts: list[str]) -> list[str]:
        """Each of ``texts`` marked, the candidates looked for in one pass over them all."""
        joined = SEPARATOR.join(texts)
        found: list[list[tuple[int, int]]] = [[] for _text in texts]
        starts = list(itertools.accumulate((len(text) + len(SEPARATOR) for text in texts), initial=0))
        for start, end in self.spans(joined):
            number = bisect.bisect_right(starts, start) - 1
            found[number].append((start - starts[number], end - starts[number]))
        return [self.marked(text, spans) for text, spans in zip(texts, found, strict=True)]

    @staticmethod
    def marked(markup: str, found: list[tuple[int, int]]) -> str:
        """``markup`` with the words at ``found`` (in order) marked, those inside tags left."""
        if not found:
            return markup
        tags = [match.span() for match in TAG.finditer(markup)]
        parts, last, tag = [], 0, 0
        for start, end in found:
            while tag < len(tags) and tags[tag][1] <= start:
                tag += 1
            if tag < len(tags) and tags[tag][0] <= start:
                continue  # inside a tag: an attribute's value, never text
            parts += [markup[last:start], "<mark>", markup[start:end], "</mark>"]
            last = end
        parts.append(markup[last:])
        return "".join(parts)


def highlight(markup: str, stems: frozenset[str]) -> str:
    return Highlighter(stems)(markup)
