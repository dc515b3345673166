"""Publication and action plan URLs, under /p/<partnership_slug>/publication/."""

from django.urls import path  # noqa: F401

app_name = "publication"

urlpatterns: list = []
