"""``/sitemap.xml`` and ``/robots.txt``: what search engines are asked to index, and what not.

The sitemap is an index (Django's sitemaps framework) of sitemaps of sitting days, debates and
members, each in pages. Django's own paginator counts every row, and the index asks each
sitemap for its number of pages; at millions of rows that is a count per request. Here a page
is a range of primary keys instead (:class:`KeysetPaginator`): the number of pages comes from
the smallest and largest key (two index lookups), and a page reads one range of the index. A
page may hold fewer addresses than its size where rows were deleted, never more.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import models
from django.db.models import Max, Min
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET

from debates.kinds import slug_of
from debates.models import Section, Sitting
from hansard_site.addresses import address
from members.models import Person


@dataclass
class KeyRangePage:
    object_list: list


class KeysetPaginator:
    """Pages of ``queryset`` by ranges of ``per_page`` primary keys of ``model`` (the whole
    table's keys, so that the number of pages never needs the queryset's filters)."""

    def __init__(self, model: type[models.Model], queryset: models.QuerySet, per_page: int):
        self.model, self.queryset, self.per_page = model, queryset, per_page

    @cached_property
    def first_key(self) -> int:
        return self.bounds["first"] or 0

    @cached_property
    def bounds(self) -> dict:
        return self.model._default_manager.aggregate(first=Min("pk"), last=Max("pk"))

    @cached_property
    def num_pages(self) -> int:
        if self.bounds["last"] is None:
            return 1  # an empty archive: one empty page, as Django's paginator has
        return (self.bounds["last"] - self.first_key) // self.per_page + 1

    def page(self, number) -> KeyRangePage:
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer") from error
        if not 1 <= number <= self.num_pages:
            raise EmptyPage("That page contains no results")
        start = self.first_key + (number - 1) * self.per_page
        rows = self.queryset.filter(pk__gte=start, pk__lt=start + self.per_page).order_by("pk")
        return KeyRangePage(list(rows))


class KeyRangeSitemap(Sitemap):
    """A sitemap paged by key ranges; subclasses give ``model`` and ``rows()``."""

    model: type[models.Model]
    limit = 5000

    def rows(self) -> models.QuerySet:
        raise NotImplementedError

    def items(self) -> models.QuerySet:
        return self.rows()

    @cached_property
    def paginator(self) -> KeysetPaginator:
        return KeysetPaginator(self.model, self.rows(), self.limit)

    def get_latest_lastmod(self):
        return None  # the newest change of every row would be a scan of the whole table

    def lastmod(self, item):
        return getattr(item, "updated", None)


class SittingDaySitemap(KeyRangeSitemap):
    """Each kind's record of each day (a day's committee sittings share one page)."""

    model = Sitting

    def rows(self) -> models.QuerySet:
        return Sitting.objects.only("pk", "kind", "date", "updated", "part")

    def location(self, item: Sitting) -> str:
        return address("debates:sitting", kind=slug_of(item.kind), date=item.date.isoformat())

    def _urls(self, page, protocol, domain):
        urls, seen = [], set()
        for url in super()._urls(page, protocol, domain):
            if url["location"] not in seen:  # a committee's second sitting of the day
                seen.add(url["location"])
                urls.append(url)
        return urls


class DebateSitemap(KeyRangeSitemap):
    """Every debate's page (a top-level heading with something under it)."""

    model = Section

    def rows(self) -> models.QuerySet:
        return Section.objects.debates()

    def location(self, item: Section) -> str:
        return item.get_absolute_url()


class MemberSitemap(KeyRangeSitemap):
    model = Person

    def rows(self) -> models.QuerySet:
        return Person.objects.only("pk", "slug", "updated")


SITEMAPS = {"days": SittingDaySitemap, "debates": DebateSitemap, "members": MemberSitemap}

# Crawlers are kept out of the admin and of search results (endless combinations of filters,
# each a copy of pages they can index at their own address).
ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /search/
Sitemap: {sitemap}
"""


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("sitemap-index"))
    return HttpResponse(ROBOTS.format(sitemap=sitemap), content_type="text/plain; charset=utf-8")
