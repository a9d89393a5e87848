"""Member pages."""

from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.PersonListView.as_view(), name="list"),
    path("members.csv", views.PersonCSVView.as_view(), name="csv"),
    path("suggest.json", views.suggest, name="suggest"),
    path("<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
    path("<slug:slug>/votes/", views.PersonVotesView.as_view(), name="votes"),
]
