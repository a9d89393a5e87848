"""The questions pages ask of the debates tables, as queryset methods that read as English.

Views compose these (``Section.objects.debates().on(sitting).with_speech_counts()``) rather than
building queries themselves. Each method costs a bounded amount of work whatever the size of
the archive: nothing here counts or sorts the whole speech table.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.apps import apps
from django.db import models
from django.db.models.functions import ExtractYear

from members.models import Membership, Person

from .kinds import RecordKind

# Where speeches are spoken (not written), and the kinds of record each group of a member's
# contributions is found in.
SPOKEN = (RecordKind.CHAMBER, RecordKind.WESTMINSTER_HALL, RecordKind.BILL_COMMITTEES)
GROUP_KINDS = {
    "spoken": set(SPOKEN),
    "questions": {RecordKind.WRITTEN_ANSWERS},
    "answers": {RecordKind.WRITTEN_ANSWERS},
    "statements": {RecordKind.WRITTEN_STATEMENTS},
}


def _model(name: str) -> type[models.Model]:
    """A model of this app by name: the querysets are defined before the models that use them."""
    return apps.get_model("debates", name)


class SittingQuerySet(models.QuerySet):
    def recent(self) -> SittingQuerySet:
        return self.order_by("-date", "house", "kind", "part")

    def recent_dates(self) -> models.QuerySet:
        """The days with any record, newest first (as dates)."""
        return self.order_by("-date").values_list("date", flat=True).distinct()

    def in_reading_order(self) -> SittingQuerySet:
        """Each day's records in the order the kinds are listed (the chamber first), then parts."""
        order = models.Case(
            *(models.When(kind=kind, then=number) for number, kind in enumerate(RecordKind.values)),
            default=len(RecordKind.values),
        )
        return self.order_by("date", order, "part")

    def one_a_kind(self) -> list:
        """One record of each kind among these (the first part of each), in reading order."""
        seen, firsts = set(), []
        for sitting in self.in_reading_order():
            if sitting.kind not in seen:
                seen.add(sitting.kind)
                firsts.append(sitting)
        return firsts

    def of_kind(self, kind: str | None) -> SittingQuerySet:
        """Records of one kind; every kind where ``kind`` is None."""
        return self.filter(kind=kind) if kind else self

    def years(self) -> list[dict]:
        """Each year with sittings, newest first, with how many days sat: ``{"year", "days"}``."""
        return list(
            self.annotate(year=ExtractYear("date"))
            .values("year")
            .annotate(days=models.Count("date", distinct=True))
            .order_by("-year")
        )

    def in_year(self, year: int) -> SittingQuerySet:
        return self.filter(date__year=year).in_reading_order()

    def in_month(self, year: int, month: int) -> SittingQuerySet:
        return self.filter(date__year=year, date__month=month).in_reading_order()

    def before_date(self, day: datetime.date) -> SittingQuerySet:
        """Sittings before ``day``, the latest first."""
        return self.filter(date__lt=day).order_by("-date", "house")

    def after_date(self, day: datetime.date) -> SittingQuerySet:
        """Sittings after ``day``, the earliest first."""
        return self.filter(date__gt=day).order_by("date", "house")

    def before(self, sitting) -> SittingQuerySet:
        """The same kind's records of earlier days, the latest first."""
        return self.filter(house=sitting.house, kind=sitting.kind, date__lt=sitting.date).order_by(
            "-date", "part"
        )

    def after(self, sitting) -> SittingQuerySet:
        """The same kind's records of later days, the earliest first."""
        return self.filter(house=sitting.house, kind=sitting.kind, date__gt=sitting.date).order_by(
            "date", "part"
        )

    def recount(self) -> int:
        """Store again how many speeches and debates each of these days holds (one statement)."""
        Speech, Section = _model("Speech"), _model("Section")
        return self.update(
            speech_count=_count(Speech.objects.filter(sitting=models.OuterRef("pk"))),
            debate_count=_count(Section.objects.filter(sitting=models.OuterRef("pk")).debates()),
        )


class SectionQuerySet(models.QuerySet):
    def debates(self) -> SectionQuerySet:
        """Top-level headings with something under them: what a reader calls a debate, each with
        its own page. A heading printed alone ("Business without Debate", which only introduces
        the business after it) is no debate."""
        return (
            self.filter(parent__isnull=True)
            .filter(self.holds_anything())
            .select_related("sitting")
            .order_by("position")
        )

    @staticmethod
    def holds_anything() -> models.Q:
        """Whether a heading holds a speech or a division, its own or a sub-heading's (each an
        indexed lookup by heading)."""
        Speech, Division = _model("Speech"), _model("Division")
        here = models.OuterRef("pk")
        return (
            models.Q(models.Exists(Speech.objects.filter(section=here)))
            | models.Q(models.Exists(Speech.objects.filter(section__parent=here)))
            | models.Q(models.Exists(Division.objects.filter(section=here)))
            | models.Q(models.Exists(Division.objects.filter(section__parent=here)))
        )

    def on(self, sitting) -> SectionQuerySet:
        return self.filter(sitting=sitting)

    def under(self, debate) -> SectionQuerySet:
        """The headings under a debate's own, in printed order."""
        return self.filter(parent=debate).select_related("sitting", "parent").order_by("position")

    def on_page(self, page) -> SectionQuerySet:
        """Of these headings, those a page of a long debate shows: the ones that begin on it, and
        the one still open where it begins (its heading is shown again above its speeches)."""
        shown = models.Q(position__gte=page.first) if page.first is not None else models.Q()
        if page.last is not None:
            shown &= models.Q(position__lt=page.last)
        if page.first is not None:
            still_open = self.filter(position__lt=page.first).order_by("-position").values("pk")[:1]
            shown |= models.Q(pk=models.Subquery(still_open))
        return self.filter(shown)

    def before(self, debate) -> SectionQuerySet:
        """Earlier debates of the same day, the nearest first."""
        return self.debates().filter(sitting=debate.sitting_id, position__lt=debate.position).reverse()

    def after(self, debate) -> SectionQuerySet:
        """Later debates of the same day, the nearest first."""
        return self.debates().filter(sitting=debate.sitting_id, position__gt=debate.position)

    def with_speech_counts(self) -> SectionQuerySet:
        """Annotate ``speech_count``: the speeches under the heading and under its sub-headings.

        Two counted subqueries, each over one heading's speeches by index: joining both
        relations instead would multiply every speech of the debate by every speech below it.
        """
        Speech = _model("Speech")
        own = Speech.objects.filter(section=models.OuterRef("pk"))
        below = Speech.objects.filter(section__parent=models.OuterRef("pk"))
        return self.annotate(speech_count=_count(own) + _count(below))

    def with_openers(self) -> SectionQuerySet:
        """Annotate each section with its first speech and first answer (``opener_id``, ``answer_id``).

        A day's contents page shows who opened each debate and which minister answered,
        without loading every speech of the day.
        """
        from .models import SpeechKind

        Speech = _model("Speech")
        speeches = Speech.objects.filter(section=models.OuterRef("pk")).order_by("position").values("pk")
        return self.annotate(
            opener_id=models.Subquery(speeches.exclude(kind__in=SpeechKind.outside_threads())[:1]),
            answer_id=models.Subquery(speeches.filter(kind=SpeechKind.ANSWER)[:1]),
        )


def _count(queryset: models.QuerySet) -> models.Subquery:
    """``SELECT COUNT(*)`` of ``queryset`` as a subquery expression.

    ``COUNT`` as a plain function rather than an aggregate, so that Django adds no GROUP BY.
    """
    counted = queryset.order_by().values(n=models.Func(models.F("pk"), function="COUNT"))
    return models.Subquery(counted, output_field=models.IntegerField())


class PositionedQuerySet(models.QuerySet):
    """Rows placed in a sitting's printed order (speeches, divisions)."""

    def between_positions(self, first: int | None, last: int | None) -> models.QuerySet:
        """Rows from position ``first`` up to, not including, ``last`` (either may be open)."""
        rows = self
        if first is not None:
            rows = rows.filter(position__gte=first)
        if last is not None:
            rows = rows.filter(position__lt=last)
        return rows


class SpeechQuerySet(PositionedQuerySet):
    def in_sections(self, sections) -> SpeechQuerySet:
        return self.filter(section__in=sections).order_by("position")

    def for_reading(self) -> SpeechQuerySet:
        """What a debate page shows of each speech, and no more: its speaker's name and address,
        the stored label and marked text. The import's bookkeeping (``source_values``, dates of
        change) is left in the database: a long debate has hundreds of rows to build."""
        return self.select_related("speaker").only(
            "pk", "section_id", "position", "reply_to_id", "date", "kind", "time",
            "speaker_name", "label", "text", "rendered_text", "column", "source_url", "corrected",
            "speaker__name", "speaker__slug",
        )  # fmt: skip

    def with_speakers(self) -> SpeechQuerySet:
        """Join what a rendered speech shows: its speaker (the label is stored on the speech)."""
        return self.select_related("speaker", "section", "sitting")

    def for_results(self) -> SpeechQuerySet:
        """What a search result or a list of speeches shows: speaker, label, debate and day."""
        return self.with_speakers().select_related("section__sitting", "section__parent__sitting")

    def newest_first(self) -> SpeechQuerySet:
        return self.order_by("-date", "-position")

    def spoken(self) -> SpeechQuerySet:
        """Speeches in debates: the chamber's, Westminster Hall's and committees'."""
        return self.filter(sitting__kind__in=SPOKEN)

    def of_group(self, group: str) -> SpeechQuerySet:
        """A member page's groups: ``spoken``, written ``questions`` and ``answers``, ``statements``."""
        if group == "spoken":
            return self.spoken()
        if group == "statements":
            return self.filter(sitting__kind=RecordKind.WRITTEN_STATEMENTS)
        kind = {"questions": "question", "answers": "answer"}[group]
        return self.filter(sitting__kind=RecordKind.WRITTEN_ANSWERS, kind=kind)

    def latest_of_group(self, group: str, counts: list[tuple], number: int) -> list:
        """The newest ``number`` of a member's speeches of a group (:meth:`of_group`), read by
        index from the months that hold them: ``counts`` are the member's stored monthly counts,
        ``(month, kind of record, speeches)``, so that a member of forty thousand speeches and
        no written answer costs no scan to find none."""
        kinds = GROUP_KINDS[group]
        months = sorted(((month, n) for month, kind, n in counts if kind in kinds), reverse=True)
        if not months:
            return []
        since, seen = None, 0
        for month, count in months:
            seen += count
            if seen >= number:
                since = month
                break
        rows = self.of_group(group).newest_first()
        found = list(rows.filter(date__gte=since)[:number]) if since else []
        if len(found) < number:  # the months' counts cover questions and answers together
            found = list(rows[:number])
        return found

    def debates_spoken_in(self, limit: int = 20, scanned: int = 120) -> list[dict]:
        """The latest debates these speeches were made in (a member's, say), newest first, each
        as ``{"debate": Section, "speeches": how many of these in it}``.

        Reads the newest ``scanned`` speeches to find the debates (so its cost does not grow
        with a member's forty thousand speeches: a member who made more than ``scanned``
        speeches in their last ``limit`` debates is shown fewer debates), then counts the
        speeches in just those debates.
        """
        Section = _model("Section")
        found: dict[int, None] = {}
        since = None
        recent = self.newest_first().values_list("section_id", "section__parent_id", "date")[:scanned]
        for section, parent, day in recent:
            found.setdefault(parent or section)
            since = day
            if len(found) == limit:
                break
        if not found:  # no speeches at all: nothing to count (and no date to bound it by)
            return []
        debates = Section.objects.filter(pk__in=found).select_related("sitting").in_bulk()
        sections = {pk: pk for pk in found} | dict(
            Section.objects.filter(parent__in=found).values_list("pk", "parent_id")
        )
        counts: dict[int, int] = {}
        for section, number in (
            self.filter(section__in=list(sections), date__gte=since)  # the dates bound the index scan
            .order_by()
            .values_list("section")
            .annotate(models.Count("pk"))
        ):
            counts[sections[section]] = counts.get(sections[section], 0) + number
        return [{"debate": debates[pk], "speeches": counts.get(pk, 0)} for pk in found if pk in debates]

    def refresh_parties(self) -> int:
        """Set each speech's ``party`` to its speaker's party on the day, in one UPDATE.

        Called when seat-terms change (a members import, an editor's save), for the speeches of
        the people concerned; imports set the party as they write each day.
        """
        seat = (
            Membership.objects.covering(models.OuterRef("date"))
            .filter(person=models.OuterRef("speaker"))
            .order_by(models.F("start_date").desc(nulls_last=True))
            .values("party")[:1]
        )
        return self.update(party=models.Subquery(seat))

    def refresh_labels(self) -> int:
        """Store each speech's label again from its speaker's seats and offices on the day.

        Called when members data changes (an import, an editor's save of a person, seat or
        office), for the speeches of the people concerned; imports label each day as they
        write it. The label of each (speaker, day) is worked out once, by
        :meth:`members.models.Person.label_on`, and only speeches whose label changed are
        written, one UPDATE per distinct new label. Returns how many changed.
        """
        from .models import speech_label

        rows = self.filter(speaker__isnull=False).values_list(
            "pk", "speaker_id", "date", "kind", "speaker_name", "speaker_office", "label"
        )
        changed: dict[str, list[int]] = {}
        for chunk in _chunks(rows.order_by("speaker_id").iterator(chunk_size=5000), 5000):
            people = Person.objects.with_roles(labels_only=True).in_bulk({row[1] for row in chunk})
            on_day: dict[tuple[int, datetime.date], str] = {}
            for pk, speaker_id, date, kind, printed, office, stored in chunk:
                speaker = people[speaker_id]
                if (speaker_id, date) not in on_day:
                    on_day[speaker_id, date] = speaker.label_on(date)
                label = speech_label(kind, speaker, printed, office, on_day[speaker_id, date])
                if label != stored:
                    changed.setdefault(label, []).append(pk)
        Speech = _model("Speech")
        for label, pks in changed.items():
            for chunk in _chunks(pks, 5000):
                Speech.objects.filter(pk__in=chunk).update(label=label)
        return sum(len(pks) for pks in changed.values())


def _chunks(items: Iterable, size: int) -> Iterable[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class DivisionQuerySet(PositionedQuerySet):
    def with_votes(self) -> DivisionQuerySet:
        """Prefetch the votes, voters and proxies, in surname order, for the division lists."""
        Vote = _model("Vote")
        return self.prefetch_related(
            models.Prefetch(
                "votes", queryset=Vote.objects.select_related("person", "proxy").in_surname_order()
            )
        )

    def with_tellers(self) -> DivisionQuerySet:
        """Prefetch only the tellers' votes (a debate page shows them, and links to the lists)."""
        Vote = _model("Vote")
        tellers = Vote.objects.filter(teller=True).select_related("person").in_surname_order()
        return self.prefetch_related(models.Prefetch("votes", queryset=tellers))

    def with_debates(self) -> DivisionQuerySet:
        return self.select_related("sitting", "section__sitting", "section__parent__sitting")


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


class GidRedirectQuerySet(models.QuerySet):
    def resolve_targets(self) -> int:
        """Store for each of these redirects the newest id its chain reaches (``target_gid``),
        writing only those that changed; returns how many changed.

        Called for a day's redirects whenever they change (an import, an editor's save), so a
        lookup reads one row. Each chain is walked once, and every id on it given the answer
        (a chain of 24,000 links costs 24,000 steps, not their square). A chain ends where no
        redirect leads further, or where one would go round in a circle.
        """
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
        """Each of these superseded ids and the newest id its redirects reach."""
        return dict(self.values_list("old_gid", "target_gid"))

    def chain_from(self, gid: str) -> list[str]:
        """``gid``, the id it was redirected to and the newest its chain reaches (one row read)."""
        found = self.filter(old_gid=gid).values_list("new_gid", "target_gid").first()
        return list(dict.fromkeys([gid, *(found or ())]))


class GlossaryTermQuerySet(models.QuerySet):
    def marked_in(self, texts: Iterable[str]) -> GlossaryTermQuerySet:
        """The terms marked somewhere in these rendered texts (each mark links ``#glossary-SLUG``)."""
        from .glossary import marked_slugs

        return self.filter(slug__in=marked_slugs(texts))
