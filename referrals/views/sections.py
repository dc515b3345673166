"""One page per task list section, and the add, change and remove pages of its repeating rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cspr.access import partnership_view
from referrals import forms, selectors, services
from referrals.models import Child, Referral
from referrals.sections import SECTIONS

from .lookups import agencies, posted, visible_referral
from .summary import SECTION_FORMS


@dataclass(frozen=True)
class RowKind:
    """A repeating part of the form: which section lists it and how one row is described."""

    section: str
    noun: str
    form: type[forms.SectionForm]


ROW_KINDS: dict[str, RowKind] = {
    "family": RowKind("family", "family member", forms.FamilyMemberForm),
    "agencies": RowKind("agencies", "agency", forms.InvolvedAgencyForm),
    "events": RowKind("background", "key event", forms.KeyEventForm),
}
SECTION_ROWS = {kind.section: name for name, kind in ROW_KINDS.items()}


def _section_url(referral: Referral, section: str) -> str:
    return reverse(
        f"referral_{section}",
        kwargs={"partnership_slug": referral.partnership.slug, "referral_id": referral.public_id},
    )


def _next_url(request: HttpRequest, referral: Referral) -> str:
    """Back to check your answers when the user came from there, else to the task list."""
    if request.GET.get("from") == "check":
        return reverse(
            "referral_check",
            kwargs={"partnership_slug": referral.partnership.slug, "referral_id": referral.public_id},
        )
    return referral.get_absolute_url()


def _initial(obj: models.Model | None, form_class: type[forms.SectionForm]) -> dict[str, Any]:
    if obj is None:
        return {}
    return {name: getattr(obj, name) for name in form_class.base_fields if hasattr(obj, name)}


def _draft(request: HttpRequest, referral_id: str) -> Referral | HttpResponse:
    referral = visible_referral(request, referral_id)
    if not referral.is_draft:
        return redirect(referral)  # submitted answers are kept as they were sent
    return referral


@partnership_view(perm="referral.create")
def section(request: HttpRequest, partnership_slug: str, referral_id: str, section: str) -> HttpResponse:
    """A task list page; "Save and continue" saves the draft, invalid answers stay on the page."""
    referral = _draft(request, referral_id)
    if isinstance(referral, HttpResponse):
        return referral
    form_class = SECTION_FORMS[section]
    child = Child.unscoped.filter(referral=referral).first() if section == "child" else None
    kwargs: dict[str, Any] = {}
    if section == "about":
        kwargs = {
            "agencies": agencies(request),
            "keyed_by_business_office": referral.keyed_by_business_office,
        }
    form = form_class(
        posted(request),
        initial=_initial(child if section == "child" else referral, form_class),
        **kwargs,
    )
    if form.is_valid():
        if section == "child":
            services.save_child(referral=referral, by=request.user, answers=form.cleaned_data)
        else:
            services.save_section(
                referral=referral, by=request.user, section=section, answers=form.cleaned_data
            )
        return redirect(_next_url(request, referral))
    rows_kind = SECTION_ROWS.get(section)
    context = {
        "referral": referral,
        "form": form,
        "title": next(s.label for s in SECTIONS if s.key == section),
        "rows_kind": rows_kind,
        "rows": _rows(referral, rows_kind),
        "noun": ROW_KINDS[rows_kind].noun if rows_kind else "",
        "identity": selectors.identity_visible(referral, request.memberships),
    }
    return render(request, "referrals/section.html", context)


def _rows(referral: Referral, kind: str | None) -> list[models.Model]:
    if kind == "family":
        return list(referral.family_members.all())
    if kind == "agencies":
        return list(referral.involved_agencies.select_related("agency"))
    if kind == "events":
        return list(referral.key_events.all())
    return []


def _row(referral: Referral, kind: str, row_id: str) -> models.Model:
    model = services.ROW_MODELS[kind]
    return get_object_or_404(model.objects.filter(referral=referral), public_id=row_id)


@partnership_view(perm="referral.create")
def row_edit(
    request: HttpRequest, partnership_slug: str, referral_id: str, kind: str, row_id: str | None = None
) -> HttpResponse:
    """Add a row (no `row_id`) or change one."""
    referral = _draft(request, referral_id)
    if isinstance(referral, HttpResponse):
        return referral
    row_kind = ROW_KINDS[kind]
    row = _row(referral, kind, row_id) if row_id else None
    kwargs = {"agencies": agencies(request)} if kind == "agencies" else {}
    form = row_kind.form(posted(request), initial=_initial(row, row_kind.form), **kwargs)
    if form.is_valid():
        services.save_row(referral=referral, by=request.user, kind=kind, answers=form.cleaned_data, row=row)
        return redirect(_section_url(referral, row_kind.section))
    context = {
        "referral": referral,
        "form": form,
        "title": f"{'Change the' if row else 'Add a'} {row_kind.noun}",
        "back_url": _section_url(referral, row_kind.section),
    }
    return render(request, "referrals/row_form.html", context)


@partnership_view(perm="referral.create")
def row_remove(
    request: HttpRequest, partnership_slug: str, referral_id: str, kind: str, row_id: str
) -> HttpResponse:
    """Confirm on GET, remove on POST."""
    referral = _draft(request, referral_id)
    if isinstance(referral, HttpResponse):
        return referral
    row_kind = ROW_KINDS[kind]
    row = _row(referral, kind, row_id)
    form = forms.ConfirmForm(posted(request), submit_label=f"Remove {row_kind.noun}")
    if form.is_valid():
        services.remove_row(referral=referral, by=request.user, row=row)
        return redirect(_section_url(referral, row_kind.section))
    context = {
        "referral": referral,
        "form": form,
        "title": f"Are you sure you want to remove this {row_kind.noun}?",
        "description": str(row),
        "back_url": _section_url(referral, row_kind.section),
    }
    return render(request, "referrals/confirm.html", context)
