"""Read a members JSON file's lists and dates, naming the item at fault in every message."""

from __future__ import annotations

import calendar
import datetime
import re

from ..records import ImportFailed

# ParlParse's way of saying "still held".
OPEN_ENDED = "9999-12-31"


class Reader:
    """Checks shapes and reads dates, naming the item at fault in every message."""

    def __init__(self, document: dict, source: str):
        self.document = document
        self.source = source

    def fail(self, message: str) -> ImportFailed:
        return ImportFailed(message, source=self.source)

    def items(self, key: str, required: tuple[str, ...] = ("id",)) -> list[tuple[str, dict]]:
        """The objects under ``key``, each with a "where" for messages; each must have ``required``."""
        value = self.document.get(key)
        if not isinstance(value, list):
            raise self.fail(f"missing the list {key!r}")
        items = []
        for index, item in enumerate(value):
            where = f"{key}[{index}]"
            if not isinstance(item, dict):
                raise self.fail(f"{where} is not an object")
            if "id" in item:
                where += f" ({item['id']})"
            missing = [name for name in required if not item.get(name)]
            if missing:
                raise self.fail(f"{where} has no {', '.join(missing)}")
            items.append((where, item))
        return items

    def date(self, item: dict, key: str, where: str, end: bool = False) -> datetime.date | None:
        """``item[key]`` as a date; None when missing or open-ended."""
        value = item.get(key)
        if value in (None, "", OPEN_ENDED):
            return None
        text = str(value)
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return datetime.date.fromisoformat(text)
            if re.fullmatch(r"\d{4}", text):  # a year alone: its first or last day
                return datetime.date(int(text), 12, 31) if end else datetime.date(int(text), 1, 1)
            if re.fullmatch(r"\d{4}-\d{2}", text):  # a month alone: likewise
                year, month = int(text[:4]), int(text[5:])
                return datetime.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        except ValueError:
            pass
        raise self.fail(f"{where}: {key} {text!r} is not a date (YYYY-MM-DD)")
