"""The agency's actions in the portal, at /portal/actions/ (inside the portal's namespace)."""

from django.urls import path

from action_plans.views import portal

urlpatterns = [
    path("", portal.action_list, name="actions"),
]
