"""Review URLs, under /p/<partnership_slug>/reviews/."""

from django.urls import path  # noqa: F401

app_name = "reviews"

urlpatterns: list = []
