"""Divisions: the votes of the House, each in its place in a debate, and every member's vote."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hansard_site.addresses import address
from members.models import Party, Person, TimeStamped

from ..long_debates import page_holding
from .positions import PositionedQuerySet

SLUG = re.compile(r"[-a-zA-Z0-9_]+")


class DivisionQuerySet(PositionedQuerySet):
    def with_votes(self) -> DivisionQuerySet:
        """Prefetch the votes, voters and proxies, in surname order, for the division lists."""
        return self.prefetch_related(
            models.Prefetch(
                "votes", queryset=Vote.objects.select_related("person", "proxy").in_surname_order()
            )
        )

    def with_tellers(self) -> DivisionQuerySet:
        """Prefetch only the tellers' votes (a debate page shows them, and links to the lists)."""
        tellers = Vote.objects.filter(teller=True).select_related("person").in_surname_order()
        return self.prefetch_related(models.Prefetch("votes", queryset=tellers))

    def with_debates(self) -> DivisionQuerySet:
        return self.select_related("sitting", "section__sitting", "section__parent__sitting")


class Division(TimeStamped):
    """A vote of the House, in its place in the debate, with the counts as announced."""

    sitting = models.ForeignKey("debates.Sitting", on_delete=models.CASCADE, related_name="divisions")
    section = models.ForeignKey("debates.Section", on_delete=models.CASCADE, related_name="divisions")
    date = models.DateField()
    position = models.PositiveIntegerField(help_text=_("Order within the sitting, shared with speeches."))
    number = models.CharField(max_length=20, blank=True, help_text=_("Division number that session."))
    ayes = models.PositiveIntegerField(default=0)
    noes = models.PositiveIntegerField(default=0)
    teller_ayes = models.PositiveIntegerField(default=0)
    teller_noes = models.PositiveIntegerField(default=0)
    source_id = models.CharField(max_length=120, unique=True)
    column = models.CharField(max_length=20, blank=True)
    time = models.CharField(max_length=20, blank=True)

    objects = DivisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["sitting", "position"]
        indexes = [models.Index(fields=["date", "position"])]

    def __str__(self) -> str:
        return f"Division {self.number} ({self.date}): ayes {self.ayes}, noes {self.noes}"

    def get_absolute_url(self) -> str:
        """The division's own page; a division printed without a number has only its anchor."""
        if not SLUG.fullmatch(self.number):  # none, or one no address can hold
            return self.get_context_url()
        if self.sitting.part:  # a committee's divisions are numbered per committee: named by debate
            debate = self.section.parent or self.section
            return address(
                "debates:debate-division",
                kind=self.sitting.kind_slug,
                date=self.date.isoformat(),
                debate=debate.slug,
                number=self.number,
            )
        return address(
            "debates:division", kind=self.sitting.kind_slug, date=self.date.isoformat(), number=self.number
        )

    @property
    def anchor(self) -> str:
        return f"division-{self.pk}"

    def get_context_url(self) -> str:
        """The division in its place in the debate (on the right page of a long debate)."""
        debate = self.section.parent or self.section
        number = page_holding(debate.page_breaks, self.position)
        return f"{debate.get_absolute_url()}{f'?page={number}' if number > 1 else ''}#{self.anchor}"

    @property
    def carried(self) -> bool:
        """Whether the ayes had it (a tie, resolved by the Chair's casting vote, is not shown so)."""
        return self.ayes > self.noes

    def sides(self) -> list[dict]:
        """The ayes and the noes: each side's voters and, apart from them, its tellers.

        Reads the prefetched votes (:meth:`DivisionQuerySet.with_votes`), already in surname order.
        """
        sides = []
        for choice, count in ((Vote.Choice.AYE, self.ayes), (Vote.Choice.NO, self.noes)):
            votes = [vote for vote in self.votes.all() if vote.vote == choice]
            sides.append(
                {
                    "choice": choice,
                    "name": choice.label,
                    "count": count,
                    "voters": [vote for vote in votes if not vote.teller],
                    "tellers": [vote for vote in votes if vote.teller],
                }
            )
        return sides


@dataclass
class PartyTally:
    """How one party's members voted in a division, and who voted against most of them."""

    party: Party | None
    ayes: int = 0
    noes: int = 0
    votes: list[Vote] = field(default_factory=list)

    @property
    def majority(self) -> str | None:
        """The side most of the party's members took; None on a tie."""
        if self.ayes == self.noes:
            return None
        return Vote.Choice.AYE if self.ayes > self.noes else Vote.Choice.NO

    @property
    def rebels(self) -> list[Vote]:
        """The party's members who voted against most of it, tellers included. Independent
        members answer to no party whip, so none of them is a rebel."""
        if self.party is None or self.party.name.lower().startswith("independent"):
            return []
        return [vote for vote in self.votes if self.majority and vote.vote != self.majority]


def tally_by_party(votes, parties: dict[int, Party | None]) -> list[PartyTally]:
    """Each party's votes (``parties``: each voter's party on the day, by person id), the
    largest party first; voters without a known party are counted together, last."""
    tallies: dict[int | None, PartyTally] = {}
    for vote in votes:
        party = parties.get(vote.person_id)
        tally = tallies.setdefault(party.pk if party else None, PartyTally(party))
        tally.votes.append(vote)
        if vote.vote == Vote.Choice.AYE:
            tally.ayes += 1
        else:
            tally.noes += 1
    return sorted(
        tallies.values(),
        key=lambda tally: (tally.party is None, -(tally.ayes + tally.noes), str(tally.party)),
    )


class VoteQuerySet(models.QuerySet):
    def in_surname_order(self) -> VoteQuerySet:
        """By the voter's surname and then given name; a voter not matched to a member by the
        name as printed (division lists print the surname first)."""
        return self.order_by(
            models.functions.Coalesce(
                models.functions.NullIf("person__family_name", models.Value("")), "name"
            ),
            "person__given_name",
            "name",
        )

    def newest_first(self) -> VoteQuerySet:
        return self.order_by("-division__date", "-division__position")

    def with_divisions(self) -> VoteQuerySet:
        """Join each vote's division with its debate and day, for a member's list of votes."""
        return self.select_related(
            "division__sitting", "division__section__sitting", "division__section__parent__sitting"
        )


class Vote(models.Model):
    """One member's vote in a division, resolved to a person like a speaker."""

    class Choice(models.TextChoices):
        AYE = "aye", _("Aye")
        NO = "no", _("No")

    division = models.ForeignKey(Division, on_delete=models.CASCADE, related_name="votes")
    # Indexed with the division below, which serves lookups by person alone too.
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, db_index=False, related_name="votes"
    )
    name = models.CharField(max_length=200, help_text=_("As printed in the division list."))
    member_id = models.CharField(max_length=100, blank=True)
    vote = models.CharField(max_length=5, choices=Choice.choices)
    teller = models.BooleanField(default=False)
    proxy = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proxy_votes",
        help_text=_("The member who cast this vote on the voter's behalf."),
    )
    proxy_name = models.CharField(max_length=200, blank=True, help_text=_("The proxy's name as imported."))

    objects = VoteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["division", "vote", "name"]
        indexes = [models.Index(fields=["person", "division"])]

    def __str__(self) -> str:
        return f"{self.name}: {self.vote}"

    @property
    def listed_name(self) -> str:
        """The voter as a division list prints them, surname first: "Abbott, Diane"."""
        person = self.person
        if person and person.family_name and person.given_name:
            return f"{person.family_name}, {person.given_name}"
        return self.name
