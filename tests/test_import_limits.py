"""Bounded memory and damaged zips: the issue's reproducers, written for the project.

Large inputs are generated here (a few MB at most are held at once); the zip tricks are made by
patching a good zip's headers, as a hostile or broken archiver would have written them.
"""

import io
import struct
import zipfile

import pytest

from debates.importers.parse import limits
from debates.importers.report import MAX_LINES
from debates.importers.service import SourceFile, import_files
from debates.models import Sitting, Speech
from members.models import Person

from .conftest import FIXTURES
from .test_text_import_errors import GOOD

pytestmark = pytest.mark.django_db
DAY_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<publicwhip scrapeversion="a" latest="yes">\n'
    b'<major-heading id="uk.org.publicwhip/debate/2009-11-02a.1.0" nospeaker="true">Business</major-heading>\n'
)
SEATS = (FIXTURES / "seats.csv").read_bytes()


def run(*files: tuple[str, bytes]):
    return {report.name: report for report in import_files([SourceFile(name, data) for name, data in files])}


def zip_of(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def patch_headers(data: bytes, name: bytes, *, method: int | None = None, flags: int | None = None) -> bytes:
    """Rewrite one entry's compression method or flags in both its local and central headers."""
    data = bytearray(data)
    for signature, flag_at, method_at, name_at in ((b"PK\x03\x04", 6, 8, 30), (b"PK\x01\x02", 8, 10, 46)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            if data[start + name_at : start + name_at + len(name)] == name:
                if method is not None:
                    data[start + method_at : start + method_at + 2] = struct.pack("<H", method)
                if flags is not None:
                    data[start + flag_at : start + flag_at + 2] = struct.pack("<H", flags)
            start += 4
    return bytes(data)


def test_a_zip_bomb_of_three_20mb_text_files_is_refused_file_by_file():
    """Reproducer: a 61 KB zip of three 20 MB files of "a\\n" took the worker to 1.94 GB."""
    bomb = zip_of({f"day{number}.txt": b"a\n" * (10 * 1024 * 1024) for number in range(3)})
    assert len(bomb) < 100_000
    reports = run(("bomb.zip", bomb), ("seats.csv", SEATS))
    for number in range(3):
        report = reports[f"bomb.zip/day{number}.txt"]
        assert report.status == "failed"
        assert f"at most {limits.MAX_TEXT_LINES:,} are read" in report.as_text()
    assert reports["seats.csv"].status == "created"


def test_49mb_of_junk_elements_is_refused_before_it_is_parsed():
    """Reproducer: 49 MB of <x/> in a day took 5.96 GB and was committed."""
    data = DAY_HEAD + b"<x/>" * (49 * 1024 * 1024 // 4) + b"</publicwhip>"
    (report,) = run(("x.xml", data)).values()
    assert report.status == "failed" and "elements" in report.as_text()
    assert not Sitting.objects.exists()


def test_a_file_of_invented_elements_makes_a_short_report():
    """Reproducer: a 5 MB file of junk elements made a 119 MB job report."""
    invented = b"".join(b"<x%d a%d='1'/>" % (number, number) for number in range(100_000))
    (report,) = run(("x.xml", DAY_HEAD + invented + b"</publicwhip>")).values()
    assert report.status == "created"
    assert len(report.as_text()) < 40_000
    assert "more elements or attributes of other kinds passed over" in report.as_text()


def test_a_report_keeps_a_bounded_number_of_lines():
    unknown = "".join(
        f'<speech id="uk.org.publicwhip/debate/2009-11-02a.1.{number}" speakername="Nobody {number}"'
        f' speakerid="uk.org.publicwhip/member/9{number}"><p>Words.</p></speech>'
        for number in range(1, MAX_LINES + 50)
    ).encode()
    (report,) = run(("x.xml", DAY_HEAD + unknown + b"</publicwhip>")).values()
    assert len(report.lines) == MAX_LINES and "more lines, left out of this report" in report.as_text()


def test_elements_nested_too_deep_are_refused():
    deep = b"<i>" * (limits.MAX_XML_DEPTH + 5) + b"x" + b"</i>" * (limits.MAX_XML_DEPTH + 5)
    speech = (
        b'<speech id="uk.org.publicwhip/debate/2009-11-02a.1.1" speakername="A B"><p>'
        + deep
        + b"</p></speech>"
    )
    (report,) = run(("deep.xml", DAY_HEAD + speech + b"</publicwhip>")).values()
    assert report.status == "failed" and f"nested more than {limits.MAX_XML_DEPTH} deep" in report.as_text()


def test_json_and_csv_have_limits_too(monkeypatch):
    monkeypatch.setattr(limits, "MAX_JSON_VALUES", 1000)
    people = b'{"memberships": [], "persons": [' + b",".join([b"{}"] * 2000) + b"]}"
    monkeypatch.setattr(limits, "MAX_CSV_ROWS", 10)
    seats = SEATS.splitlines()[0] + b"\n" + b"\n".join([SEATS.splitlines()[1]] * 20)
    reports = run(("people.json", people), ("seats.csv", seats))
    assert "at most 1,000 are read" in reports["people.json"].as_text()
    assert "at most 10 are read" in reports["seats.csv"].as_text()


def test_deeply_nested_json_is_a_report_not_a_crash():
    people = b'{"memberships": [], "persons": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    (report,) = run(("people.json", people)).values()
    assert report.status == "failed"


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: patch_headers(data, b"bad.txt", flags=0x1), "encrypted"),
        (lambda data: patch_headers(data, b"bad.txt", method=9), "compression method is not supported"),
        (lambda data: patch_headers(data, b"bad.txt", method=99), "compression method is not supported"),
        (lambda data: data.replace(b"CORRUPTME" * 4, b"\xff" * 36, 1), "cannot be read"),
    ],
    ids=["encrypted", "deflate64", "unknown-method", "corrupt"],
)
def test_a_damaged_zip_entry_is_a_failed_line_and_the_rest_imports(damage, message):
    good = zip_of(
        {"bad.txt": b"CORRUPTME" * 4 + GOOD.encode(), "good.txt": GOOD.encode()}, zipfile.ZIP_STORED
    )
    reports = run(("bundle.zip", damage(good)), ("seats.csv", SEATS))
    bad = reports["bundle.zip/bad.txt"]
    assert bad.status == "failed" and message in bad.as_text(), bad.as_text()
    assert reports["bundle.zip/good.txt"].status == "created"
    assert reports["seats.csv"].status == "created"
    assert Speech.objects.count() == 2


def test_corrupt_deflate_data_is_a_failed_line():
    data = bytearray(zip_of({"bad.txt": GOOD.encode() * 50, "good.txt": GOOD.encode()}))
    start = data.find(b"PK\x03\x04") + 30 + len("bad.txt")
    data[start + 5 : start + 40] = b"\x00" * 35
    reports = run(("bundle.zip", bytes(data)))
    assert reports["bundle.zip/bad.txt"].status == "failed"
    assert reports["bundle.zip/good.txt"].status == "created"


def test_an_entry_whose_header_understates_its_size_is_caught_as_it_inflates(settings):
    settings.IMPORT_MAX_FILE_BYTES = 10_000
    data = zip_of({"big.txt": b"a\n" * 50_000, "good.txt": GOOD.encode()})
    lying = bytearray(data)
    central = lying.find(b"PK\x01\x02")
    lying[central + 24 : central + 28] = struct.pack("<I", 100)  # "100 bytes unpacked"
    local = lying.find(b"PK\x03\x04")
    lying[local + 22 : local + 26] = struct.pack("<I", 100)
    reports = run(("bundle.zip", bytes(lying)))
    assert reports["bundle.zip/big.txt"].status == "failed"
    assert reports["bundle.zip/good.txt"].status == "created"


def test_a_truncated_zip_fails_as_a_zip_and_a_good_file_beside_it_imports():
    truncated = zip_of({"day.txt": GOOD.encode()})[:-30]
    reports = run(("bundle.zip", truncated), ("seats.csv", SEATS))
    assert "not a readable zip" in reports["bundle.zip"].as_text()
    assert reports["seats.csv"].status == "created" and Person.objects.exists()


@pytest.mark.parametrize(
    "name", ["../evil.txt", "/etc/evil.txt", "a/../../evil.txt", "C:\\evil.txt", "..\\evil.txt"]
)
def test_path_traversal_entries_get_a_report_line(name):
    reports = run(("bundle.zip", zip_of({name: GOOD.encode(), "good.txt": GOOD.encode()})))
    assert "path traversal" in reports[f"bundle.zip/{name}"].as_text()
    assert reports["bundle.zip/good.txt"].status == "created"


def test_a_zip_inside_a_zip_is_not_opened():
    inner = zip_of({"day.txt": GOOD.encode()})
    reports = run(("outer.zip", zip_of({"inner.zip": inner})))
    assert "a zip inside a zip is not opened" in reports["outer.zip/inner.zip"].as_text()
