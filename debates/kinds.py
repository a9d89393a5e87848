"""The kinds of record the Commons publishes, each a series of its own.

ParlParse names the kind in every id (``uk.org.publicwhip/wrans/2009-10-26f.294961.q0``). A
sitting is one kind's record of one day, so no import of one kind can touch another's, and
versions are compared within a kind.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordKind(models.TextChoices):
    """The value is the kind's name in ParlParse ids."""

    CHAMBER = "debate", _("House of Commons")
    WESTMINSTER_HALL = "westminhall", _("Westminster Hall")
    WRITTEN_STATEMENTS = "wms", _("Written statements")
    WRITTEN_ANSWERS = "wrans", _("Written answers")
    BILL_COMMITTEES = "standing", _("Public Bill Committees")


# The part of a page's address that names the kind (the chamber's keeps the address it always had).
SLUGS = {
    RecordKind.CHAMBER: "commons",
    RecordKind.WESTMINSTER_HALL: "westminster-hall",
    RecordKind.WRITTEN_STATEMENTS: "written-statements",
    RecordKind.WRITTEN_ANSWERS: "written-answers",
    RecordKind.BILL_COMMITTEES: "bill-committees",
}
KINDS_BY_SLUG = {slug: kind for kind, slug in SLUGS.items()}
# The first part of ParlParse's file names for each kind: debates2009-10-27d.xml.
PARLPARSE_FILE_PREFIXES = {
    RecordKind.CHAMBER: "debates",
    RecordKind.WESTMINSTER_HALL: "westminster",
    RecordKind.WRITTEN_STATEMENTS: "ministerial",
    RecordKind.WRITTEN_ANSWERS: "answers",
    RecordKind.BILL_COMMITTEES: "standing",
}
# Kinds whose records are written, not spoken: a question and its answer, a statement.
WRITTEN = {RecordKind.WRITTEN_STATEMENTS, RecordKind.WRITTEN_ANSWERS}
# Kinds of which several records can fall on one day (two sittings of a committee, or of two).
IN_PARTS = {RecordKind.BILL_COMMITTEES}


def slug_of(kind: str) -> str:
    return SLUGS[RecordKind(kind)]


def kind_of_slug(slug: str) -> str | None:
    return KINDS_BY_SLUG.get(slug)
