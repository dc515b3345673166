"""The agency portal's list of the agency's actions across every partnership the contact works with."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from action_plans.portal import agency_actions


@login_required
def action_list(request: HttpRequest) -> HttpResponse:
    return render(request, "action_plans/portal/actions.html", {"section": agency_actions(request.user)})
