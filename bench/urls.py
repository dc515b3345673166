"""URLs for the benchmark run (CSPR_ROOT_URLCONF=bench.urls): the app's own plus two reference pages."""

from django.urls import include, path

from bench.baseline import baseline, layout

urlpatterns = [
    path("bench/baseline/", baseline, name="bench_baseline"),
    path("p/<slug:partnership_slug>/bench/layout/", layout, name="bench_layout"),
    path("", include("cspr.urls")),
]
