"""Debate pages: home, sitting days, debates, speech permalinks."""

from django.urls import path, register_converter

from . import views


class IsoDateConverter:
    """A date in the URL as 2025-02-10."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(IsoDateConverter, "isodate")

app_name = "debates"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("debates/", views.SittingListView.as_view(), name="sittings"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("debates/speech/<int:pk>/", views.speech_permalink, name="speech"),
    path("debates/gid/<path:gid>", views.gid_permalink, name="gid"),
    path("debates/<slug:house>/<isodate:date>/", views.SittingDetailView.as_view(), name="sitting"),
    path("debates/<slug:house>/<isodate:date>/<slug:slug>/", views.DebateView.as_view(), name="debate"),
    path(
        "debates/<slug:house>/<isodate:date>/<slug:debate>/<slug:slug>/",
        views.SectionView.as_view(),
        name="section",
    ),
]
