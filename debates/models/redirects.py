"""Superseded ParlParse ids and the ids they became, so that old permalinks keep working."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class GidRedirectQuerySet(models.QuerySet):
    def resolve_targets(self) -> int:
        """Store for each of these redirects the newest id its chain reaches (``target_gid``);
        returns how many changed. Each chain is walked once, every id on it given the answer; a
        chain ends where no redirect leads further, or where one would go round in a circle."""
        rows = list(self.only("pk", "old_gid", "new_gid", "target_gid"))
        leads_to = {row.old_gid: row.new_gid for row in rows}
        newest: dict[str, str] = {}
        for start in leads_to:
            path, on_path, at = [], set(), start
            while at in leads_to and at not in newest and at not in on_path:
                path.append(at)
                on_path.add(at)
                at = leads_to[at]
            end = newest.get(at, at) if at not in on_path else path[-1]
            for passed in path:
                newest[passed] = end
        changed = [row for row in rows if row.target_gid != newest[row.old_gid]]
        for row in changed:
            row.target_gid = newest[row.old_gid]
        self.model.objects.bulk_update(changed, ["target_gid"], batch_size=1000)
        return len(changed)

    def newest_ids(self) -> dict[str, str]:
        return dict(self.values_list("old_gid", "target_gid"))

    def chain_from(self, gid: str) -> list[str]:
        """``gid``, the id it was redirected to and the newest its chain reaches (one row read)."""
        found = self.filter(old_gid=gid).values_list("new_gid", "target_gid").first()
        return list(dict.fromkeys([gid, *(found or ())]))


class GidRedirect(models.Model):
    """A superseded ParlParse id and the id it became.

    ``target_gid`` is the newest id its chain reaches, stored whenever the day's redirects
    change (:meth:`GidRedirectQuerySet.resolve_targets`), so a lookup reads one row.
    """

    old_gid = models.CharField(max_length=120, unique=True)
    new_gid = models.CharField(max_length=120, db_index=True)
    target_gid = models.CharField(
        max_length=120, blank=True, editable=False, help_text=_("The newest id its redirects reach.")
    )
    match_type = models.CharField(max_length=40, blank=True)
    date = models.DateField(db_index=True)

    objects = GidRedirectQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.old_gid} → {self.new_gid}"
