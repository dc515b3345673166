"""Rapid review URLs, under /p/<partnership_slug>/rapid-review/."""

from django.urls import path  # noqa: F401

app_name = "rapid_review"

urlpatterns: list = []
