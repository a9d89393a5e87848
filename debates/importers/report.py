"""What an import did, file by file, in words an editor can act on."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# File outcomes, in the order a summary lists them.
OUTCOMES = ("created", "updated", "unchanged", "skipped", "failed")


@dataclass
class FileReport:
    """The outcome of one file: its status, counts by what happened, and readable lines."""

    name: str
    status: str = "unchanged"
    counts: Counter = field(default_factory=Counter)
    lines: list[tuple[str, str]] = field(default_factory=list)  # (what happened, detail)

    def add(self, action: str, detail: str, count: bool = True) -> None:
        """Record one line: ``action`` is e.g. created, matched, updated, skipped, conflict."""
        self.lines.append((action, detail))
        if count:
            self.counts[action] += 1

    def fail(self, message: str) -> None:
        """Mark the file failed: its transaction was rolled back, so earlier lines no longer hold."""
        self.status, self.counts, self.lines = "failed", Counter(), [("failed", message)]

    def summary(self) -> str:
        parts = ", ".join(f"{number} {action}" for action, number in sorted(self.counts.items()) if number)
        return f"{self.name}: {self.status}" + (f" ({parts})" if parts else "")

    def as_text(self) -> str:
        return "\n".join([self.summary(), *(f"  {action}: {detail}" for action, detail in self.lines)])
