"""What an import did, file by file, in words an editor can act on."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

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


def shorten(detail: str) -> str:
    return detail if len(detail) <= MAX_LINE_LENGTH else detail[: MAX_LINE_LENGTH - 1] + "…"
