"""Debate pages: home, the calendar, sitting days, debates, speeches, divisions, the glossary."""

from django.urls import path, register_converter

from . import calendar, feeds, parlparse_export, report_problem, views


class IsoDateConverter:
    """A date in the URL as 2025-02-10."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


class YearConverter(IsoDateConverter):
    """A year in the URL as 2009 (kept as text: the view checks it)."""

    regex = r"[0-9]{4}"


class MonthConverter(IsoDateConverter):
    """A month in the URL as 01 to 12 (the view refuses 00 and 13)."""

    regex = r"[0-9]{2}"


register_converter(IsoDateConverter, "isodate")
register_converter(YearConverter, "year")
register_converter(MonthConverter, "month")

app_name = "debates"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("debates/", calendar.YearsView.as_view(), name="sittings"),
    path("debates/feed/", feeds.RecentSittingsFeed(), name="sittings-feed"),
    path("debates/<year:year>/", calendar.YearView.as_view(), name="year"),
    path("debates/<year:year>/<month:month>/", calendar.MonthView.as_view(), name="month"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("search/feed/", feeds.SearchFeed(), name="search-feed"),
    # A member's feed reads their speeches and votes: it belongs to this app, at the member's address.
    path("members/<slug:slug>/feed/", feeds.MemberFeed(), name="member-feed"),
    path("report/", report_problem.report_problem, name="report-problem"),
    path("corrections/<slug:record>/<int:pk>/", views.corrections_page, name="corrections"),
    path("report/thanks/", report_problem.report_thanks, name="report-thanks"),
    path("glossary/", views.GlossaryListView.as_view(), name="glossary"),
    path("glossary/<slug:slug>/", views.GlossaryTermView.as_view(), name="glossary-term"),
    path("debates/speech/<int:pk>/", views.speech_permalink, name="speech"),
    path("debates/speech/<int:pk>/alone/", views.SpeechView.as_view(), name="speech-alone"),
    path("debates/gid/<path:gid>", views.gid_permalink, name="gid"),
    # After the speech and gid addresses, whose first part a kind's slug could be taken for.
    path("debates/<slug:kind>/", calendar.YearsView.as_view(), name="kind-sittings"),
    path("debates/<slug:kind>/<year:year>/", calendar.YearView.as_view(), name="kind-year"),
    path("debates/<slug:kind>/<year:year>/<month:month>/", calendar.MonthView.as_view(), name="kind-month"),
    path("debates/<slug:kind>/<isodate:date>/", views.SittingDetailView.as_view(), name="sitting"),
    path("debates/<slug:kind>/<isodate:date>/parlparse.xml", parlparse_export.download, name="parlparse"),
    path(
        "debates/<slug:kind>/<isodate:date>/parlparse-<slug:part>.xml",
        parlparse_export.download,
        name="parlparse-part",
    ),
    path(
        "debates/<slug:kind>/<isodate:date>/divisions/<slug:number>/",
        views.DivisionView.as_view(),
        name="division",
    ),
    path("debates/<slug:kind>/<isodate:date>/<slug:slug>/", views.DebateView.as_view(), name="debate"),
    path(
        "debates/<slug:kind>/<isodate:date>/<slug:debate>/divisions/<slug:number>/",
        views.DivisionView.as_view(),
        name="debate-division",
    ),
    path(
        "debates/<slug:kind>/<isodate:date>/<slug:debate>/<slug:slug>/",
        views.SectionView.as_view(),
        name="section",
    ),
]
