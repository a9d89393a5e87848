"""Store a day's headings (sections) in printed order, keeping editors' heading corrections.

Rows are matched by source id, then through the redirect lists of superseded versions, then by
slug, so that a heading that survives a new version keeps its row and its URL.
"""

from __future__ import annotations

from django.utils.text import slugify

from members.models import free_slug

from ...models import Section, Sitting
from ..records import DayRecord
from ..report import FileReport
from . import history

SECTION_FIELDS = [
    "kind",
    "heading",
    "source_heading",
    "position",
    "column",
    "time",
    "source_url",
    "source_id",
]
# A slug part short enough that ids and URLs built from it stay within their columns.
SLUG_LENGTH = 80


def write_sections(
    day: DayRecord, sitting: Sitting, redirects: dict[str, str], report: FileReport, *, fresh: bool = False
) -> dict[str, Section]:
    """Create or update the day's headings; returns sections by source id.

    ``fresh``: the sitting was created by this import, so there is nothing to match.
    """
    existing = (
        {} if fresh else {section.source_id: section for section in Section.objects.filter(sitting=sitting)}
    )
    wanted = {record.source_id for record in day.sections}
    for old_id, section in list(existing.items()):
        new_id = redirects.get(old_id)
        if new_id in wanted and new_id not in existing:
            existing[new_id] = section  # the same heading in a newer version keeps its row
    # Headings the redirects did not carry over are reused by slug (the same heading, a new id).
    claimed = {existing[source_id].pk for source_id in wanted if source_id in existing}
    spare = {
        section.slug: section for section in existing.values() if day.whole_day and section.pk not in claimed
    }
    taken = set() if fresh else set(Section.objects.filter(sitting=sitting).values_list("slug", flat=True))
    offset = 0 if day.whole_day else first_free_position(sitting, wanted)
    result: dict[str, Section] = {}
    new: list[Section] = []
    changed: list[Section] = []
    parent: Section | None = None
    for record in day.sections:
        position = record.position
        heading = record.heading[:500]
        slug = slugify(record.heading)[:SLUG_LENGTH] or "debate"
        section = existing.get(record.source_id) or spare.pop(slug, None)
        values = {
            "kind": "questions" if record.is_questions and record.kind != "minor" else record.kind,
            "heading": heading,
            "source_heading": heading,
            "position": position + offset,
            "column": record.column,
            "time": record.time,
            "source_url": record.url,
            "source_id": record.source_id,
        }
        if section is None:
            section = Section(sitting=sitting, slug=free_slug(slug, taken), **values)
            new.append(section)
            report.add("created", f"section {section.heading}", count=False)
        elif section.heading != section.source_heading:  # corrected by an editor: keep it
            if heading != section.source_heading:
                report.add("conflict", f"{record.source_id}: heading was corrected by an editor; kept")
            values["heading"] = section.heading
        wanted_parent = parent if record.kind == "minor" else None
        if section.pk is not None and (
            any(getattr(section, name) != value for name, value in values.items())
            or section.parent_id != (wanted_parent.pk if wanted_parent else None)
        ):
            changed.append(section)
        for name, value in values.items():
            setattr(section, name, value)
        section.parent = wanted_parent
        if record.kind != "minor":
            parent = section
        result[record.source_id] = section
    # Headings before the headings under them, so that every parent has its key when inserted.
    Section.objects.bulk_create([section for section in new if section.parent is None])
    Section.objects.bulk_create([section for section in new if section.parent is not None])
    Section.objects.bulk_update(changed, [*SECTION_FIELDS, "parent", "updated"])
    history.created(Section, new)
    history.updated(Section, changed)
    return result


def first_free_position(sitting: Sitting, own_ids: set[str]) -> int:
    """Where a debate added to a day from its own file goes: after the day's other rows."""
    others = Section.objects.filter(sitting=sitting).exclude(source_id__in=own_ids)
    mine = Section.objects.filter(sitting=sitting, source_id__in=own_ids).order_by("position").first()
    if mine is not None:
        return mine.position - 1  # already placed: keep its place
    last = others.order_by("-position").first()
    return last.position + 1000 if last else 0
