"""Every page of the product that carries a form, opened as someone allowed to use it.

The URL walk and the objects behind URL parameters come from the isolation test
(`tests/cspr/test_isolation.py`), so a new URL parameter is declared once, in `OBJECT_IDS`. Here a URL
with several parameters gets objects that belong together (a review and *its* workshop), found by
following the innermost object's foreign keys.
"""

from __future__ import annotations

import re
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

from cspr.models import Partnership
from cspr.roles import Role
from cspr.tenancy import scopes_disabled
from tests.cspr.test_isolation import OBJECT_IDS, named_patterns, partnership_urls
from tests.factories import member

# Who opens a page, in order: the first one shown a form is the one whose form is tested.
ROLES: list[Role | None] = [
    Role.BUSINESS_OFFICE, Role.CHAIR, Role.REVIEWER, Role.AGENCY_CONTACT, Role.PARTNER_POLICE, None,
]  # fmt: skip
PROJECT_APPS = {
    "cspr", "referrals", "rapid_review", "reviews", "chronologies", "publication", "action_plans",
    "auth", "otp_totp", "otp_static",
}  # fmt: skip
NOT_TESTED_ACTIONS = {"/logout/"}  # signing out is not a form to type into


@dataclass
class Field:
    name: str
    kind: str  # text, choice, hidden, file
    baseline: str | None  # what the page filled in (None: not sent)
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    method: str
    fields: list[Field]
    submit: tuple[str, str] | None  # the first named submit button, as a browser sends it

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return (
            re.sub(r"[0-9a-f-]{36}", "<id>", self.action),
            self.method,
            tuple(f.name for f in self.fields),
        )

    @property
    def files(self) -> list[Field]:
        return [f for f in self.fields if f.kind == "file"]

    @property
    def typed(self) -> list[Field]:
        """The fields a person (or a forged request) can put values in."""
        return [f for f in self.fields if f.name != "csrfmiddlewaretoken"]


@dataclass
class Page:
    url: str
    role: Role | None
    client: Client
    forms: list[Form]


def page_forms(html: str, url: str) -> list[Form]:
    """The forms of a page with their fields as the browser would send them untouched."""
    found = []
    for element in lxml.html.fromstring(html).forms:
        action = urlsplit(urljoin(url, element.get("action") or url))
        if action.netloc or action.path in NOT_TESTED_ACTIONS:
            continue
        fields, submit = [], None
        for control in element.iter("input", "select", "textarea", "button"):
            name = control.get("name")
            if not name:
                continue
            kind = (control.get("type") or "text").lower() if control.tag == "input" else control.tag
            if kind in ("submit", "button") or control.tag == "button":
                submit = submit or (name, control.get("value") or "")
            elif kind in ("checkbox", "radio"):
                checked = control.get("checked") is not None
                existing = next((f for f in fields if f.name == name), None)
                if existing is None:
                    existing = Field(name, "choice", None)
                    fields.append(existing)
                existing.options.append(control.get("value") or "on")
                if checked and existing.baseline is None:
                    existing.baseline = control.get("value") or "on"
            elif kind == "select":
                options = [o.get("value", o.text_content()) for o in control.iter("option")]
                chosen = [
                    o.get("value", o.text_content()) for o in control.iter("option") if o.get("selected")
                ]
                fields.append(Field(name, "choice", (chosen or options or [""])[0], options))
            elif kind == "textarea":
                fields.append(Field(name, "text", control.text or ""))
            elif kind == "file":
                fields.append(Field(name, "file", None))
            else:
                fields.append(
                    Field(name, "hidden" if kind == "hidden" else "text", control.get("value") or "")
                )
        path = action.path + (f"?{action.query}" if action.query else "")
        found.append(Form(path, (element.get("method") or "get").lower(), fields, submit))
    return found


def _snake(model: type[models.Model]) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower()


def by_public_id(public_id: Any) -> models.Model | None:
    """The row behind an opaque id from `OBJECT_IDS`, whichever model it belongs to."""
    try:
        uuid.UUID(str(public_id))
    except ValueError:
        return None  # e.g. a closure day's date
    for model in apps.get_models():
        fields = {f.name for f in model._meta.concrete_fields}
        # A row's history (django-simple-history) copies its public_id: the live row is the one meant.
        if "public_id" in fields and "history_id" not in fields:
            found = model._base_manager.filter(public_id=public_id).first()
            if found is not None:
                return found
    return None


def related(start: models.Model, wanted: str, depth: int = 3) -> models.Model | None:
    """The object called `wanted` (field or model name) reached from `start` along foreign keys."""
    queue = deque([(start, 0)])
    while queue:
        obj, level = queue.popleft()
        for f in obj._meta.concrete_fields:
            if not isinstance(f, models.ForeignKey):
                continue
            target = getattr(obj, f.name)
            if target is None:
                continue
            if wanted in (f.name, _snake(type(target))):
                return target
            if level + 1 < depth:
                queue.append((target, level + 1))
    return None


def url_kwargs(params: list[str], partnership: Partnership) -> tuple[dict[str, Any], list[models.Model]]:
    """Values for a URL's parameters, and the objects behind them (innermost first)."""
    if not params:
        return {}, []
    missing = [p for p in params if p not in OBJECT_IDS]
    assert not missing, f"add {missing} to OBJECT_IDS in tests/cspr/test_isolation.py"
    with scopes_disabled():
        inner_id = OBJECT_IDS[params[-1]](partnership)
        inner = by_public_id(inner_id)
        kwargs, objects = {params[-1]: inner_id}, [inner] if inner is not None else []
        for param in params[:-1]:
            outer = related(inner, param.removesuffix("_id")) if inner is not None else None
            if outer is None:
                kwargs[param] = OBJECT_IDS[param](partnership)
                outer = by_public_id(kwargs[param])
            else:
                kwargs[param] = outer.public_id
            if outer is not None:
                objects.append(outer)
    return kwargs, objects


def person_for(role: Role | None, partnership: Partnership, objects: list[models.Model]):
    """A user in `role` with the object grants that role gets in real life (agency, review)."""
    from chronologies import permissions as chronology_grants
    from rapid_review import permissions as scoping_grants
    from reviews.models import ReviewerAppointment
    from tests.reviews.report_factories import appoint

    if role is None:
        return None
    with scopes_disabled():
        if role != Role.AGENCY_CONTACT:
            user = member(partnership, role)
            if role == Role.REVIEWER:
                for obj in objects:
                    review = obj if _snake(type(obj)) == "review" else related(obj, "review")
                    if review is not None:
                        appoint(review, user, role=ReviewerAppointment.Role.INDEPENDENT, by=user)
            return user
        agency = next((a for a in (related(o, "agency") for o in objects) if a is not None), None)
        user = member(partnership, role, agency=agency or _any_agency(partnership))
        if agency is not None:
            scoping_grants.grant_open_requests(agency=agency)
            chronology_grants.grant_open_requests(agency=agency)
        for obj in objects:
            _grant_object(obj)
        return user


def _any_agency(partnership: Partnership):
    from tests.factories import AgencyFactory

    return AgencyFactory(partnership=partnership)


def _grant_object(obj: models.Model) -> None:
    from action_plans.models import Action
    from action_plans.permissions import grant_owner_access
    from reviews.models import AccuracyCheck
    from reviews.report_services import grant_check

    if isinstance(obj, Action):
        grant_owner_access(obj)
    elif isinstance(obj, AccuracyCheck):
        grant_check(obj)


def open_page(url: str, partnership: Partnership, objects: list[models.Model], client_class) -> Page | None:
    """The page at `url` as the first role shown a form on it with something to type, else as the first
    role shown a button that posts (a confirmation: a forged request can still add fields), or None."""
    confirmation = None
    for role in ROLES:
        client = client_class()
        user = person_for(role, partnership, objects)
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        forms = page_forms(response.content.decode(), url)
        if typed := [f for f in forms if f.typed]:
            return Page(url, role, client, typed)
        posts = [f for f in forms if f.method == "post"]
        if posts and confirmation is None:
            confirmation = Page(url, role, client, posts)
    return confirmation


# Downloads (PDF, spreadsheets, CSV, progress polls) carry no form, and rendering them is slow.
DOWNLOAD = re.compile(r"(\.pdf|\.xlsx|\.csv|\.ics|pdf/|download/|progress/|audit-log\.\w+/?)$")


def partnership_pages() -> list[tuple[str, list[str]]]:
    """(URL name, parameters) of every page under /p/<partnership>/, downloads left out."""
    routes = {name: route for route, name, _ in named_patterns()}
    return [(name, params) for name, params in partnership_urls() if not DOWNLOAD.search(routes[name])]


def other_pages() -> list[str]:
    """Named pages outside a partnership that take no parameters (sign-in, account, portal)."""
    return [
        name
        for route, name, _ in named_patterns()
        if name
        and "<" not in route
        and not route.startswith("p/")
        and name not in ("logout", "healthz")
        and not DOWNLOAD.search(route)
    ]


def other_url(name: str) -> str:
    return reverse(name)
