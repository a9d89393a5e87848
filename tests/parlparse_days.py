"""Build small ParlParse debate files for tests: a day, its speeches and divisions, any version."""

from __future__ import annotations

from html import escape

MEMBER = "uk.org.publicwhip/member/"


def gid(date: str, version: str, number: str) -> str:
    return f"uk.org.publicwhip/debate/{date}{version}.{number}"


def day_xml(body: str, *, date: str = "2009-10-27", version: str = "d", latest: bool = True) -> bytes:
    """A whole sitting day: ``body`` under one major heading (numbered ``1.0``)."""
    heading = f'<major-heading id="{gid(date, version, "1.0")}" nospeaker="true">Business</major-heading>'
    root = f'<publicwhip scrapeversion="{version}" latest="{"yes" if latest else "no"}">'
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{root}\n{heading}\n{body}\n</publicwhip>\n'.encode()


def speech_xml(
    number: str, text: str, *, name: str = "", member: str = "", date: str = "2009-10-27", version: str = "d"
) -> str:
    speaker = f' speakerid="{MEMBER}{member}"' if member else ""
    speaker += f' speakername="{escape(name)}"' if name else ' nospeaker="true"'
    return f'<speech id="{gid(date, version, number)}"{speaker}><p>{escape(text)}</p></speech>'


def division_xml(
    number: str, votes: list[tuple[str, str, str]], *, date: str = "2009-10-27", version: str = "d"
) -> str:
    """A division whose ``votes`` are (printed name, "aye" or "no", member number or "")."""
    ayes = sum(vote == "aye" for _name, vote, _member in votes)
    names = "".join(
        f'<mpname id="{MEMBER}{member or "0"}" vote="{vote}">{escape(name)}</mpname>'
        for name, vote, member in votes
    )
    return (
        f'<division id="{gid(date, version, number)}" divnumber="1">'
        f'<divisioncount ayes="{ayes}" noes="{len(votes) - ayes}" tellerayes="0" tellernoes="0"/>'
        f'<mplist vote="aye">{names}</mplist></division>'
    )
