"""Random requests to /search/ of every shape a reader could send: words, phrases, ORs,
exclusions, ``speaker:`` clauses and junk, with any of the filters, orders, grouping and page.

Shared by the property test of the search's costs (``tests/test_search_costs.py``, driven by
hypothesis, which shrinks a failing request to its simplest form) and by the benchmark of the
worst requests at a million speeches (``bench/search_worst.py``).
"""

from __future__ import annotations

import random

COMMON_WORDS = [
    "government",
    "minister",
    "member",
    "people",
    "would",
    "year",
    "house",
    "friend",
    "right",
    "time",
    "country",
    "support",
    "issue",
    "work",
    "need",
    "new",
    "say",
    "take",
    "make",
    "made",
    "many",
    "think",
    "speech",
    "number",
    "words",
]
STOP_WORDS = ["the", "and", "of", "to", "a", "in", "that", "is"]
JUNK = ["(", ")", "*", ":", "&", "|", "!", "<->", "'", "\\", "%", "_", "--", "’", "é", "0", "999999"]
OFFICES = ["Secretary", "Secretary of State", "Minister", "The Prime Minister", "Whip", "Chair", "nothing"]
DEPARTMENTS = ["Defence", "Business Before Questions", "Points of Order", "Home Department", "x"]
SORTS = ["", "relevance", "newest", "oldest", "sideways"]


def random_term(rng: random.Random) -> str:
    """One thing typed: a word, a phrase, an exclusion, OR, speaker:, or junk."""
    kind = rng.choice(["word", "word", "word", "phrase", "exclusion", "or", "speaker", "stop", "junk"])
    word = rng.choice(COMMON_WORDS)
    if kind == "phrase":
        words = [rng.choice(COMMON_WORDS + STOP_WORDS) for _ in range(rng.randint(2, 30))]
        return '"' + " ".join(words) + rng.choice(['"', ""])
    if kind == "exclusion":
        return "-" + (word if rng.random() < 0.7 else f'"{word} {rng.choice(COMMON_WORDS)}"')
    if kind == "or":
        return "OR"
    if kind == "speaker":
        return "speaker:" + rng.choice(["e", "member", "e", "member", "john", '"a b"', word, "zz"])
    if kind == "stop":
        return rng.choice(STOP_WORDS)
    if kind == "junk":
        return "".join(rng.choice(JUNK) for _ in range(rng.randint(1, 5)))
    return word


def random_request(rng: random.Random, people: list[str] = (), parties: list[str] = ()) -> dict[str, str]:
    """The query string of one search (``people`` and ``parties``: slugs that exist)."""
    params: dict[str, str] = {}
    if rng.random() < 0.9:
        params["q"] = " ".join(random_term(rng) for _ in range(rng.choice([1, 2, 3, 5, 10, 30, 80])))
    if rng.random() < 0.2:
        params["person"] = rng.choice([*people, "nobody-at-all"])
    if rng.random() < 0.3:
        params["party"] = rng.choice([*parties, "labour", "no-such-party"])
    if rng.random() < 0.2:
        params["office"] = rng.choice(OFFICES)
    if rng.random() < 0.3:
        params["from"] = f"{rng.randint(1800, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if rng.random() < 0.3:
        params["to"] = f"{rng.randint(1800, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if rng.random() < 0.1:
        params["house"] = rng.choice(["commons", "lords", "westminster-hall", "moon"])
    if rng.random() < 0.2:
        params["department"] = rng.choice(DEPARTMENTS)
    if rng.random() < 0.5:
        params["sort"] = rng.choice(SORTS)
    if rng.random() < 0.3:
        params["group"] = rng.choice(["debate", "", "nonsense"])
    if rng.random() < 0.4:
        params["page"] = str(rng.choice([1, 2, 50, 100, 499, 500, 501, 10**6, 10**30]))
    return params
