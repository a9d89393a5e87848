"""The Welsh catalogue against the code: what the code asks to be translated, what the catalogue
holds, and its compiled form. Used by tests/test_languages_catalogue.py and tests/conftest.py,
and run on its own after adding strings:

    .venv/bin/python -m tests.catalogue        # what is missing, untranslated or fuzzy
    make messages                              # extract into locale/cy, then compile

Extraction is Django's makemessages, run on a copy of the project in a temporary folder, so that
checking never rewrites the committed catalogue.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale" / "cy" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# What makemessages reads: the project without its tests, benchmarks, tools and outputs.
NOT_EXTRACTED = {".venv", ".git", "tests", "bench", "locale", "staticfiles", "media", "docs", ".ci"}
MAKEMESSAGES = ["makemessages", "-l", "cy", "--no-obsolete", "--ignore", "*.sqlite3*"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\}")


@dataclass
class Entry:
    """One message of a .po file: its context and id, and its translations (one per form)."""

    context: str | None = None
    msgid: str = ""
    plural: str | None = None
    translations: list[str] = field(default_factory=list)
    fuzzy: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)


def _string(text: str) -> str:
    return ast.literal_eval(text)  # a .po string is a C string; Python reads the escapes alike


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file, without its header and obsolete entries."""
    entries, entry, part = [], Entry(), None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            if part is not None and entry.msgid:
                entries.append(entry)
            entry, part = Entry(), None
        elif line.startswith("#,"):
            entry.fuzzy = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if part == "translation":
                entry.translations[-1] += _string(line)
            else:
                setattr(entry, part, getattr(entry, part) + _string(line))
        else:
            keyword, _, value = line.partition(" ")
            if keyword.startswith("msgstr"):
                part = "translation"
                entry.translations.append(_string(value))
            else:
                part = {"msgctxt": "context", "msgid": "msgid", "msgid_plural": "plural"}[keyword]
                setattr(entry, part, _string(value))
    return entries


def extracted() -> list[Entry]:
    """What the code asks to be translated now: makemessages on a copy of the project."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "project"
        outputs = shutil.ignore_patterns("*.sqlite3*", "*.mo", "__pycache__")

        def ignored(where: str, names: list[str]) -> set[str]:
            return set(outputs(where, names)) | (NOT_EXTRACTED & set(names) if Path(where) == ROOT else set())

        shutil.copytree(ROOT, copy, ignore=ignored)
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "hansard_site.settings"}
        subprocess.run(
            [sys.executable, "manage.py", *MAKEMESSAGES],
            cwd=copy,
            env=environment,
            check=True,
            capture_output=True,
        )
        return read_po(copy / "locale" / "cy" / "LC_MESSAGES" / "django.po")


def problems(catalogue: list[Entry], wanted: list[Entry]) -> list[str]:
    """Everything that keeps the catalogue from being complete, one line each."""
    held = {entry.key for entry in catalogue}
    found = [f"missing: {entry.msgid!r}" for entry in wanted if entry.key not in held]
    for entry in catalogue:
        if entry.fuzzy:
            found.append(f"fuzzy: {entry.msgid!r}")
        if not entry.translations or not all(entry.translations):
            found.append(f"untranslated: {entry.msgid!r}")
            continue
        for form, translation in enumerate(entry.translations):
            source = entry.plural if entry.plural and form else entry.msgid
            if set(PLACEHOLDER.findall(translation)) != set(PLACEHOLDER.findall(source)):
                found.append(f"placeholders differ: {entry.msgid!r} -> {translation!r}")
    return found


def compile_if_stale() -> None:
    """Compile the catalogue where its .mo is missing or older than the .po (a fresh checkout:
    the .mo is not committed). Written to a temporary file and moved into place, so test
    processes compiling at once never see half a file."""
    if MO.exists() and MO.stat().st_mtime >= PO.stat().st_mtime:
        return
    if shutil.which("msgfmt") is None:
        raise RuntimeError("msgfmt is not installed (Debian: apt-get install gettext); run `make messages`")
    with tempfile.NamedTemporaryFile(dir=MO.parent, suffix=".mo", delete=False) as compiled:
        subprocess.run(["msgfmt", "--check-format", "-o", compiled.name, str(PO)], check=True)
    os.chmod(compiled.name, 0o644)  # as msgfmt would leave it (a temporary file is private)
    os.replace(compiled.name, MO)


def main() -> int:
    catalogue, wanted = read_po(PO), extracted()
    found = problems(catalogue, wanted)
    print(f"{PO.relative_to(ROOT)}: {len(catalogue)} entries; the code asks for {len(wanted)}")
    for line in found:
        print(line)
    translated = sum(1 for entry in catalogue if all(entry.translations) and not entry.fuzzy)
    print(
        f"{translated} of {len(catalogue)} translated ({translated / max(len(catalogue), 1):.0%}), {len(found)} problems"
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
