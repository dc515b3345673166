"""URLs for the benchmark run (CSPR_ROOT_URLCONF=bench.urls): the app's own plus the baseline view."""

from django.urls import include, path

from bench.baseline import baseline

urlpatterns = [
    path("bench/baseline/", baseline, name="bench_baseline"),
    path("", include("cspr.urls")),
]
