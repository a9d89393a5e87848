"""E-mail alerts: sign up, confirm, unsubscribe."""

from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("new/", views.sign_up, name="sign-up"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
