"""The public reports pages, at /reports/<slug>/: no login, published reports only.

The partnership is `slug`, not `partnership_slug`: the tenant guard (cspr.tenancy) resolves a membership
for every view with a `partnership_slug`, and these pages are for everyone.
"""

from django.urls import path

from publication import public_views

app_name = "public_reports"

urlpatterns: list = [
    path("<slug:slug>/", public_views.report_list, name="list"),
    path("<slug:slug>/<uuid:report_id>/report.pdf", public_views.report_pdf, name="report_pdf"),
]
