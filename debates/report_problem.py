"""``/report/``: the form readers use to tell the editors that something on a page is wrong.

The record is named in the address (``?speech=123``, ``?section=45``, ``?person=john-healey``).
The form is never cached: its CSRF token is each reader's own.
"""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from hansard_site.client_address import client_ip_address
from members.models import Person

from .models import Section, Speech
from .models.problem_reports import ProblemReport, address_digest

WITHIN = datetime.timedelta(hours=1)


class ProblemReportForm(forms.ModelForm):
    # The honeypot: hidden from people (by the stylesheet, and from screen readers), filled in
    # by form-filling robots. A report with it filled in is thanked and thrown away.
    website = forms.CharField(required=False, label=_("Leave this empty"), max_length=200)

    class Meta:
        model = ProblemReport
        fields = ["description", "email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6, "maxlength": 3000})}
        help_texts = {"email": _("Optional: if you would like a reply. It is never shown.")}


def record_of(query) -> dict:
    """The speech, heading or member the address names (unknown ones are simply not named)."""
    found: dict = {}
    if query.get("speech", "").isdigit():
        found["speech"] = Speech.objects.select_related("section__sitting").filter(pk=query["speech"]).first()
    elif query.get("section", "").isdigit():
        found["section"] = Section.objects.select_related("sitting").filter(pk=query["section"]).first()
    elif query.get("person"):
        found["person"] = Person.objects.filter(slug=query["person"][:80]).first()
    return {name: record for name, record in found.items() if record is not None}


@never_cache
@csrf_protect
def report_problem(request: HttpRequest) -> HttpResponse:
    about = record_of(request.GET)
    record = next(iter(about.values()), None)
    form = ProblemReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            return redirect("debates:report-thanks")
        digest = address_digest(client_ip_address(request))
        if ProblemReport.objects.recent_from(digest, WITHIN).count() >= settings.PROBLEM_REPORTS_PER_HOUR:
            return render(
                request,
                "debates/report_problem.html",
                {"form": form, "record": record, "throttled": True},
                status=429,
            )
        report = form.save(commit=False)
        report.address_digest = digest
        report.page = (record.get_absolute_url() if record is not None else request.GET.get("page", ""))[:500]
        for name, value in about.items():
            setattr(report, name, value)
        report.save()
        return redirect("debates:report-thanks")
    return render(request, "debates/report_problem.html", {"form": form, "record": record})


@never_cache
def report_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "debates/report_thanks.html")
