"""Member pages."""

from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.PersonListView.as_view(), name="list"),
    path("suggest.json", views.suggest, name="suggest"),
    path("<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
]
