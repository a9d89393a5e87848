"""One list of corrections: every change an editor made to the record, newest first.

The history of every model editors correct is read as one list (a UNION of the history tables,
imports' entries left out: :func:`debates.corrections.by_editors`), filtered by editor, by kind
of record and by date, a page at a time. Each row says what changed, in whole sentences, and
links to the record's page in the admin, to its history (where it is reverted) and, for a
speech, heading or member, to the public page of its corrections. A page costs a fixed number
of queries: the list, its count, then two for each kind of record on the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import CharField, Value
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from debates.corrections import FieldChange, by_editors, describe
from debates.models import Division, GlossaryTerm, Section, Sitting, Speech, Vote
from members.models import Constituency, Membership, Office, Party, Person

CORRECTED_MODELS = (
    Speech,
    Section,
    Sitting,
    Division,
    Vote,
    GlossaryTerm,
    Person,
    Membership,
    Office,
    Party,
    Constituency,
)
PER_PAGE = 50
# The relations each kind of record's name reads (``str(record)``), fetched for a page at once.
NAMED_BY = {Speech: ("speaker",), Membership: ("person", "party", "constituency"), Office: ("person",)}
COLUMNS = (
    "record_model",
    "id",
    "history_id",
    "history_date",
    "history_user_id",
    "history_type",
    "history_change_reason",
)


class CorrectionsFilter(forms.Form):
    editor = forms.ModelChoiceField(
        User.objects.filter(is_staff=True).order_by("username"), required=False, label=_("Editor")
    )
    kind = forms.ChoiceField(required=False, label=_("Kind of record"))
    since = forms.DateField(required=False, label=_("From"), help_text=_("YYYY-MM-DD"))
    until = forms.DateField(required=False, label=_("To"), help_text=_("YYYY-MM-DD"))

    def __init__(self, *args, models=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Every kind"))] + [
            (model._meta.label_lower, capfirst(model._meta.verbose_name_plural)) for model in models
        ]


@dataclass
class Row:
    """One editor's change, as the list shows it."""

    entry: object
    record: object  # the record as this version left it
    editor: User | None
    kind: str
    changes: list[FieldChange]
    change_url: str
    history_url: str
    public_url: str


def visible_models(user) -> list:
    return [
        model
        for model in CORRECTED_MODELS
        if user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]


def editor_entries(models, filters: dict):
    """Every editor's history entry of ``models`` as plain rows, newest first (one query)."""
    parts = []
    for model in models:
        entries = by_editors(model.history.all())
        if filters.get("editor"):
            entries = entries.filter(history_user=filters["editor"])
        if filters.get("since"):
            entries = entries.filter(history_date__date__gte=filters["since"])
        if filters.get("until"):
            entries = entries.filter(history_date__date__lte=filters["until"])
        kind = Value(model._meta.label_lower, output_field=CharField())
        parts.append(entries.annotate(record_model=kind).values_list(*COLUMNS).order_by())
    if not parts:
        return []
    return parts[0].union(*parts[1:], all=True).order_by("-history_date", "-history_id")


def rows_of(page_rows: list[tuple], models) -> list[Row]:
    """The page's entries with what each changed since the version before it, and their links."""
    by_label = {model._meta.label_lower: model for model in models}
    wanted: dict[str, list[int]] = {}
    for kind, _id, history_id, *_rest in page_rows:
        wanted.setdefault(kind, []).append(history_id)
    entries, previous = {}, {}
    for kind, history_ids in wanted.items():
        history = by_label[kind].history
        found = list(history.filter(history_id__in=history_ids).select_related("history_user"))
        entries |= {(kind, entry.history_id): entry for entry in found}
        # The version before each entry: the latest of the same record before it (one query).
        earlier = history.filter(id__in={entry.id for entry in found}).order_by(
            "id", "history_date", "history_id"
        )
        last_seen: dict[int, object] = {}
        wanted_ids = set(history_ids)
        for version in earlier.filter(history_date__lte=max(entry.history_date for entry in found)):
            if version.history_id in wanted_ids:
                previous[(kind, version.history_id)] = last_seen.get(version.id)
            last_seen[version.id] = version
    records = {key: entry.instance for key, entry in entries.items()}
    for kind in wanted:
        name_records(
            by_label[kind], [record for (of_kind, _id), record in records.items() if of_kind == kind]
        )
    rows = []
    for kind, record_id, history_id, *_rest in page_rows:
        entry = entries[(kind, history_id)]
        record = records[(kind, history_id)]
        model = by_label[kind]
        opts = model._meta
        exists = entry.history_type != "-"
        public = getattr(model, "get_corrections_url", None)
        rows.append(
            Row(
                entry=entry,
                record=record,
                editor=entry.history_user,
                kind=capfirst(opts.verbose_name),
                changes=describe(entry, previous.get((kind, history_id))),
                change_url=reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record_id])
                if exists
                else "",
                history_url=reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record_id]),
                public_url=public(record) if public and exists else "",
            )
        )
    return rows


def name_records(model, records: list) -> None:
    """Fetch what the records' names read, for all of them at once (:data:`NAMED_BY`)."""
    for name in NAMED_BY.get(model, ()):
        field = model._meta.get_field(name)
        found = field.related_model._default_manager.in_bulk(
            {getattr(record, field.attname) for record in records} - {None}
        )
        for record in records:
            setattr(record, name, found.get(getattr(record, field.attname)))


def corrections_view(request, admin_site):
    """The list, with its filters (a bad filter value is said on the form, never a 500)."""
    models = visible_models(request.user)
    form = CorrectionsFilter(request.GET or None, models=models)
    filters = form.cleaned_data if form.is_valid() else {}
    if filters.get("kind"):
        models = [model for model in models if model._meta.label_lower == filters["kind"]]
    paginator = Paginator(editor_entries(models, filters), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        **admin_site.each_context(request),
        "title": _("Corrections"),
        "form": form,
        "page": page,
        "rows": rows_of(list(page.object_list), models),
        "query": query.urlencode(),
    }
    return TemplateResponse(request, "admin/corrections.html", context)
