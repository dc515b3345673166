"""The agency portal's home, at /portal/: outside /p/<partnership_slug>/ because it lists an agency
contact's requests across every partnership they work with (see rapid_review.portal)."""

from django.urls import include, path

from rapid_review.views import portal

app_name = "portal"

urlpatterns = [
    path("", portal.home, name="home"),
    path("actions/", include("action_plans.portal_urls")),
]
