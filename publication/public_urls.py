"""The public reports pages, at /reports/<partnership_slug>/: no login, published reports only."""

from django.urls import path  # noqa: F401

app_name = "public_reports"

urlpatterns: list = []
