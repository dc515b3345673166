"""The pages people live in: the site home, each role's partnership home, the work queue, the calendar
and case search. Thin views: the selectors in cspr.work_queue, cspr.homes, cspr.calendar_entries and
cspr.search do the reading."""

from __future__ import annotations

import calendar as monthcalendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from cspr import homes, page_cache, search, selectors, services, work_queue
from cspr.access import has_perm, partnership_view
from cspr.calendar_entries import Entry, entries
from cspr.forms import ClosureDayForm
from cspr.forms_homes import SearchForm, WorkQueueFilterForm
from cspr.models import CalendarFeed, ClosureDay
from cspr.models.personal import hash_token
from cspr.roles import Role
from cspr.tenancy import scopes_disabled

RECENT_CASES = 10
PAGE_SIZE = 50


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The site home: every partnership the person works in, with their roles, and the agency portal."""
    with scopes_disabled():
        memberships = list(
            request.user.memberships.filter(is_active=True)
            .select_related("partnership", "agency")
            .order_by("partnership__name", "role")
        )
    by_partnership: dict[int, dict] = {}
    for m in memberships:
        row = by_partnership.setdefault(m.partnership_id, {"partnership": m.partnership, "roles": []})
        row["roles"].append(
            f"{m.get_role_display()} ({m.agency.name})" if m.agency_id else m.get_role_display()
        )
    rows = list(by_partnership.values())
    has_portal = any(m.role == Role.AGENCY_CONTACT for m in memberships)
    if len(rows) == 1:
        return redirect(rows[0]["partnership"])  # nothing to choose between
    return render(request, "cspr/home.html", {"rows": rows, "has_portal": has_portal})


def _queue_form(request: HttpRequest) -> WorkQueueFilterForm:
    partnership = request.partnership
    reviewers = work_queue.reviewers(partnership) if settings.CSPR_REVIEWER_CASES else None
    return WorkQueueFilterForm(
        request.GET or None, agencies=work_queue.agencies(partnership), reviewers=reviewers
    )


@partnership_view()
def partnership_home(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    """Each person's home in the partnership, chosen by their role: the business office's work queue, the
    decision-makers' positions and decisions, reviewers' drafts, the agency contact's way to the portal."""
    partnership = request.partnership
    kind = homes.home_kind(request.memberships)
    context: dict = {
        "kind": kind,
        "roles": [m.get_role_display() for m in request.memberships],
        "panels": homes.panels(partnership=partnership, user=request.user, memberships=request.memberships),
        "agency_memberships": [m for m in request.memberships if m.role == Role.AGENCY_CONTACT],
    }
    if kind == "business_office":
        # The same for the whole office: kept until the partnership's data changes (unfiltered only).
        context["work_queue"] = page_cache.part(
            request, "work_queue", lambda now: _work_queue_part(request, now), keep=not request.GET
        ).html
    elif has_perm(request, "deadline.view_all"):
        context["queue"] = work_queue.work_queue(partnership, limit=0)  # the counts only
    if has_perm(request, "case.view"):
        context["recent_cases"] = page_cache.part(
            request, "recent_cases", lambda now: _recent_cases_part(request, now)
        ).html
    return render(request, "cspr/partnership_home.html", context)


def _work_queue_part(request: HttpRequest, now: datetime) -> page_cache.Rendered:
    form = _queue_form(request)
    filters = form.filters()
    queue = work_queue.work_queue(request.partnership, filters=filters)
    context = {
        "form": form,
        "filters": filters,
        "filters_query": urlencode(filters.as_query()),
        "queue": queue,
    }
    return page_cache.Rendered(
        html=page_cache.render_part(request, "cspr/homes/_work_queue.html", context, now=now),
        # A clock due later today becomes "Overdue" then (the groups themselves change by the day).
        changes_at=page_cache.next_change((d.due_at for g in queue.groups for d in g.deadlines), now),
    )


def _recent_cases_part(request: HttpRequest, now: datetime) -> page_cache.Rendered:
    cases = selectors.cases(request.partnership)[:RECENT_CASES]
    html = page_cache.render_part(request, "cspr/homes/_recent_cases.html", {"cases": cases}, now=now)
    return page_cache.Rendered(html=html)


@partnership_view(perm="deadline.view_all")
def work_queue_list(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    """Every open clock of one group of the work queue ("see all"), filtered as on the home page."""
    partnership = request.partnership
    group = request.GET.get("group", "all")
    if group not in work_queue.GROUPS:
        group = "all"
    form = _queue_form(request)
    filters = form.filters()
    page = Paginator(work_queue.group_deadlines(partnership, group, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    work_queue.attach_partnership(page.object_list, partnership)
    query = filters.as_query() | {"group": group}
    context = {
        "group": work_queue.GROUPS.get(group),
        "group_key": group,
        "groups": work_queue.GROUPS,
        "form": form,
        "filters": filters,
        "page": page,
        "query": query,
        "filters_query": urlencode(filters.as_query()),
        "query_string": urlencode(query) + "&",
        "export_kind": "deadlines" if group == "all" else "work_queue",
    }
    return render(request, "cspr/homes/work_queue_list.html", context)


# --- Calendar -----------------------------------------------------------------------------------------


@dataclass
class Day:
    day: date
    in_month: bool
    is_today: bool
    entries: list[Entry] = field(default_factory=list)


def _month(request: HttpRequest) -> date:
    today = timezone.localdate()
    try:
        year, month = (int(p) for p in request.GET.get("month", "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


@partnership_view(perm="partnership.view_framework")
def calendar(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    """Deadlines and meetings of one month: a grid (a table) on wide screens and a list on narrow ones."""
    partnership = request.partnership
    first = _month(request)
    weeks_grid = monthcalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks_grid[0][0], weeks_grid[-1][-1]
    found = entries(partnership, request.memberships, start, end)
    today = timezone.localdate()
    by_day: dict[date, list[Entry]] = {}
    for entry in found:
        by_day.setdefault(entry.day, []).append(entry)
    weeks = [
        [Day(d, d.month == first.month, d == today, by_day.get(d, [])) for d in week] for week in weeks_grid
    ]
    listed = [day for week in weeks for day in week if day.in_month and day.entries]
    previous_month = (first - timedelta(days=1)).replace(day=1)
    next_month = (first + timedelta(days=32)).replace(day=1)
    context = {
        "month": first,
        "weeks": weeks,
        "listed": listed,
        "as_list": request.GET.get("view") == "list",
        "previous_month": previous_month,
        "next_month": next_month,
        "this_month": today.replace(day=1),
        "weekdays": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        "entry_count": sum(len(d.entries) for d in listed),
    }
    return render(request, "cspr/calendar.html", context)


@partnership_view(perm="partnership.view_framework")
def working_days(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    """The working-day calendar: bank holidays and the partnership's closure days, which the office declares."""
    partnership = request.partnership
    form = None
    if has_perm(request, "partnership.manage_calendar"):
        form = ClosureDayForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                moved = services.declare_closure_day(
                    partnership=partnership,
                    on=form.cleaned_data["date"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except services.ServiceError as exc:
                form.add_error("date", str(exc))
            else:
                messages.success(request, f"Closure day declared; {moved} deadlines recalculated")
                return redirect("working_days", partnership_slug=partnership.slug)
    today = timezone.localdate()
    context = {
        "form": form,
        "closures": ClosureDay.objects.filter(partnership=partnership, date__gte=date(today.year - 1, 1, 1)),
        "bank_holidays": selectors.days_off(partnership, today, date(today.year + 1, 12, 31)),
    }
    return render(request, "cspr/working_days.html", context)


# --- Search -------------------------------------------------------------------------------------------


@partnership_view(perm="case.view")
def case_search(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    form = SearchForm(request.GET if "q" in request.GET else None)
    results = None
    if form.is_valid():
        results = search.search_cases(request.partnership, form.cleaned_data["q"], request.memberships)
    context = {"form": form, "results": results, "shows_names": has_perm(request, "case.view_identity")}
    return render(request, "cspr/homes/search.html", context)


# --- The private calendar feed, set up from the person's account ----------------------------------------


@login_required
def calendar_feed_settings(request: HttpRequest) -> HttpResponse:
    """Make, replace or turn off the person's private calendar link; the link is shown once, when made."""
    feed = CalendarFeed.objects.filter(user=request.user).first()
    new_url = ""
    if request.method == "POST":
        if request.POST.get("action") == "turn_off":
            CalendarFeed.objects.filter(user=request.user).delete()
            messages.success(request, "Calendar link turned off. Calendars using it will stop updating.")
            return redirect("calendar_feed_settings")
        token = CalendarFeed.new_token()
        feed, _ = CalendarFeed.objects.update_or_create(
            user=request.user, defaults={"token_hash": hash_token(token), "last_used_at": None}
        )
        new_url = request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": token}))
    return render(request, "cspr/homes/calendar_feed.html", {"feed": feed, "new_url": new_url})
