"""The ParlParse parser on trimmed real days and on fixtures written in each vintage's shape,
compared with checked-in golden files (see tests/golden.py). No database, no shared data."""

from pathlib import Path

import pytest

from debates.importers.parse.parlparse_xml import parse_debate_xml

from .golden import check_golden

PARLPARSE = Path(__file__).resolve().parent / "fixtures" / "parlparse"
DAYS = sorted(PARLPARSE.glob("*.xml"))


@pytest.mark.parametrize("path", DAYS, ids=[path.stem for path in DAYS])
def test_parsed_day_matches_its_golden_file(path):
    check_golden(parse_debate_xml(path.read_bytes(), path.name), path.with_suffix(".golden.json"))


def test_every_fixture_has_a_golden_file():
    assert DAYS and all(path.with_suffix(".golden.json").is_file() for path in DAYS)
