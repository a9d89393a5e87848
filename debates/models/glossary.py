"""Glossary terms: words readers may not know, explained where a debate uses them (the marks
themselves are made by :mod:`debates.glossary_marks`, kept in step by :mod:`debates.derived`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hansard_site.addresses import address
from members.models import TimeStamped

from ..glossary_marks import marked_slugs, term_slug


class GlossaryTermQuerySet(models.QuerySet):
    def marked_in(self, texts: Iterable[str]) -> GlossaryTermQuerySet:
        """The terms marked somewhere in these rendered texts (each mark links ``#glossary-SLUG``)."""
        return self.filter(slug__in=marked_slugs(texts))


class GlossaryTerm(TimeStamped):
    """A term readers may not know, with the definition shown where it is used."""

    term = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(
        max_length=200,
        default="",
        editable=False,
        help_text=_("The term’s address, and the anchor its marks link to."),
    )
    definition = models.TextField()

    objects = GlossaryTermQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def get_absolute_url(self) -> str:
        return address("debates:glossary-term", slug=self.slug)

    def save(self, *args, **kwargs):
        self.slug = term_slug(self.term)
        super().save(*args, **kwargs)
