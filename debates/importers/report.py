"""What an import did, file by file, in words an editor can act on.

A report is written once, as the import runs, in English (a worker has no reader's language),
and kept as text. :func:`translated_report` shows it in the editor's language: the outcomes and
the action that begins each line are translated as the admin shows them; the details, which
quote the file (headings, names, ids), stay as written.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext, pgettext, pgettext_lazy

# File outcomes, in the order a summary lists them.
OUTCOMES = ("created", "updated", "unchanged", "skipped", "failed")
# A report is read by a person: past these, lines are counted rather than kept, so that a file
# of junk cannot make a report (and the memory holding it) larger than the file.
MAX_LINES = 300
MAX_LINE_LENGTH = 1000


@dataclass
class FileReport:
    """The outcome of one file: its status, counts by what happened, and readable lines."""

    name: str
    status: str = "unchanged"
    counts: Counter = field(default_factory=Counter)
    lines: list[tuple[str, str]] = field(default_factory=list)  # (what happened, detail)
    lines_left_out: int = 0
    key: str = ""  # for a job's record: the file's stable key, where it differs from its name

    def add(self, action: str, detail: str, count: bool = True) -> None:
        """Record one line: ``action`` is e.g. created, matched, updated, skipped, conflict."""
        if len(self.lines) < MAX_LINES:
            self.lines.append((action, shorten(detail)))
        else:
            self.lines_left_out += 1
        if count:
            self.counts[action] += 1

    def fail(self, message: str) -> None:
        """Mark the file failed: its transaction was rolled back, so earlier lines no longer hold."""
        self.status, self.counts, self.lines = "failed", Counter(), [("failed", shorten(message))]
        self.lines_left_out = 0

    def summary(self) -> str:
        parts = ", ".join(f"{number} {action}" for action, number in sorted(self.counts.items()) if number)
        return f"{self.name}: {self.status}" + (f" ({parts})" if parts else "")

    def as_text(self) -> str:
        lines = [self.summary(), *(f"  {action}: {detail}" for action, detail in self.lines)]
        if self.lines_left_out:
            lines.append(f"  ... and {self.lines_left_out:,} more lines, left out of this report")
        return "\n".join(lines)


# Every outcome and action a report's lines begin with (the context keeps them apart from the
# same English words elsewhere in the catalogue).
WORDS = {
    "created": pgettext_lazy("import report", "created"),
    "updated": pgettext_lazy("import report", "updated"),
    "unchanged": pgettext_lazy("import report", "unchanged"),
    "skipped": pgettext_lazy("import report", "skipped"),
    "failed": pgettext_lazy("import report", "failed"),
    "matched": pgettext_lazy("import report", "matched"),
    "conflict": pgettext_lazy("import report", "conflict"),
    "removed": pgettext_lazy("import report", "removed"),
    "warning": pgettext_lazy("import report", "warning"),
    "no speaker id": pgettext_lazy("import report", "no speaker id"),
    "passed over": pgettext_lazy("import report", "passed over"),
    "unknown speaker": pgettext_lazy("import report", "unknown speaker"),
}
_SUMMARY = re.compile(rf"(?P<name>.+): (?P<status>{'|'.join(OUTCOMES)})(?: \((?P<counts>.*)\))?")
_COUNT = re.compile(rf"(?P<number>[\d,]+) (?P<word>{'|'.join(map(re.escape, WORDS))})")
_LINE = re.compile(rf"(?P<indent>\s+)(?P<word>{'|'.join(map(re.escape, WORDS))}): ")
_LEFT_OUT = re.compile(r"(?P<indent>\s+)\.\.\. and (?P<number>[\d,]+) more lines, left out of this report")


def word(english: str) -> str:
    """An outcome or action of a report in the active language (as stored, if not known)."""
    return pgettext("import report", english) if english in WORDS else english


def translated_report(text: str) -> str:
    """A stored report with its outcomes and actions in the active language (see the module)."""
    lines = []
    for line in text.split("\n"):
        if summary := _SUMMARY.fullmatch(line):
            counts = summary["counts"]
            line = f"{summary['name']}: {word(summary['status'])}"
            if counts:
                line += (
                    " (" + _COUNT.sub(lambda found: f"{found['number']} {word(found['word'])}", counts) + ")"
                )
        elif action := _LINE.match(line):
            line = f"{action['indent']}{word(action['word'])}: {line[action.end() :]}"
        elif left_out := _LEFT_OUT.fullmatch(line):
            line = left_out["indent"] + gettext("... and %(number)s more lines, left out of this report") % {
                "number": left_out["number"]
            }
        lines.append(line)
    return "\n".join(lines)


def shorten(detail: str) -> str:
    return detail if len(detail) <= MAX_LINE_LENGTH else detail[: MAX_LINE_LENGTH - 1] + "…"
