"""Helpers the stage's views share: confirm on GET, act on POST, refusals into the error summary."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse

from cspr.forms import GDSForm
from cspr.workflow import TransitionRefused


def posted(request: HttpRequest) -> Any:
    """The submitted data on POST (even when empty, as on a confirmation page), else None (unbound)."""
    return request.POST if request.method == "POST" else None


def act(request: HttpRequest, form: GDSForm, run: Callable[[], Any], *, done: str) -> bool:
    """Run a workflow step for a valid form; a refusal goes to the error summary with the input kept."""
    if not form.is_valid():
        return False
    try:
        run()
    except TransitionRefused as exc:
        form.add_error(None, str(exc))
        return False
    messages.success(request, done)
    return True


def attachment(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """A generated file to download, never cached (it holds case data)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
