"""The agency portal's home, at /portal/: outside /p/<partnership_slug>/ because it lists an agency
contact's requests across every partnership they work with (see rapid_review.portal)."""

from django.urls import path

from rapid_review.views import portal

app_name = "portal"

urlpatterns = [
    path("", portal.home, name="home"),
]
