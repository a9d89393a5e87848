"""Old ParlParse ids lead to the speech they became, at the same cost whatever a file held."""

import pytest

from debates.models import GidRedirect, Speech

from .conftest import import_bytes
from .costs import database_work
from .parlparse_days import day_xml, gid, speech_xml

pytestmark = pytest.mark.django_db


def chain_file(links: int) -> bytes:
    """A superseded version (a) of the day whose redirects form one chain of ``links`` ids,
    each to the next, the last to the stored speech 1.1 of version d."""
    olds = [gid("2009-10-27", "a", f"9.{number}") for number in range(links)]
    news = [*olds[1:], gid("2009-10-27", "d", "1.1")]
    body = "".join(
        f'<gidredirect oldgid="{old}" newgid="{new}" matchtype="perfectmatch"/>'
        for old, new in zip(olds, news, strict=True)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<publicwhip scrapeversion="a" latest="no">\n{body}\n</publicwhip>\n'
    ).encode()


@pytest.fixture
def stored_day():
    import_bytes("d.xml", day_xml(speech_xml("1.1", "The words.", name="A Member")))
    return Speech.objects.get()


def follow(client, links: int) -> tuple:
    """Import a chain of ``links`` redirects and look up its first id; (response, database work)."""
    GidRedirect.objects.all().delete()
    import_bytes(f"chain-{links}.xml", chain_file(links))
    with database_work() as work:
        response = client.get(f"/debates/gid/{gid('2009-10-27', 'a', '9.0')}")
    return response, work


def test_the_first_id_of_a_long_chain_leads_to_the_speech(client, stored_day):
    response, _work = follow(client, 300)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#s{stored_day.pk}")
    assert GidRedirect.objects.get(old_gid=gid("2009-10-27", "a", "9.0")).target_gid == stored_day.source_id


def test_a_lookup_costs_the_same_for_a_chain_of_ten_and_of_two_thousand(client, stored_day):
    """Reproducer: every lookup read all the day's redirects and walked every chain: 8,000 links
    took 4.4 s a request and 24,000 took 30 s, then a 500. Now each old id's newest target is
    stored at import, and a lookup reads one row."""
    short_response, short = follow(client, 10)
    long_response, long = follow(client, 2000)
    assert short_response.status_code == long_response.status_code == 302
    assert long.queries == short.queries
    assert long.rows <= 2 * short.rows + 20, (short, long)


def test_redirects_that_go_round_in_a_circle_end_and_unknown_ids_are_404(client, stored_day):
    loop = "".join(
        f'<gidredirect oldgid="{gid("2009-10-27", "a", old)}" newgid="{gid("2009-10-27", "a", new)}" matchtype="x"/>'
        for old, new in (("8.1", "8.2"), ("8.2", "8.3"), ("8.3", "8.1"))
    )
    import_bytes(
        "loop.xml",
        f'<?xml version="1.0" encoding="UTF-8"?>\n<publicwhip scrapeversion="a" latest="no">\n{loop}\n</publicwhip>\n',
    )
    assert client.get(f"/debates/gid/{gid('2009-10-27', 'a', '8.1')}").status_code == 404
    assert client.get(f"/debates/gid/{gid('2009-10-27', 'a', '7.7')}").status_code == 404


def test_a_newer_version_extends_the_chains_stored_before_it(client, stored_day):
    """Version a redirects to b; b, imported later, redirects to d: a's ids reach d's speech."""
    first = f'<gidredirect oldgid="{gid("2009-10-27", "a", "5.1")}" newgid="{gid("2009-10-27", "b", "5.1")}" matchtype="x"/>'
    second = f'<gidredirect oldgid="{gid("2009-10-27", "b", "5.1")}" newgid="{gid("2009-10-27", "d", "1.1")}" matchtype="x"/>'
    for version, body in (("a", first), ("b", second)):
        import_bytes(
            f"{version}.xml",
            f'<?xml version="1.0" encoding="UTF-8"?>\n<publicwhip scrapeversion="{version}" latest="no">\n{body}\n</publicwhip>\n',
        )
    response = client.get(f"/debates/gid/{gid('2009-10-27', 'a', '5.1')}")
    assert response.status_code == 302 and response["Location"].endswith(f"#s{stored_day.pk}")
