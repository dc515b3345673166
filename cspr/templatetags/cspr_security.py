"""Template helpers for the security features: `|rich_text`, `|cspr_duration`, `{% has_permission %}`.

The idle warning dialog is `{% idle_warning %}` in cspr_layout.
"""

from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils.safestring import SafeString

from cspr import richtext

register = template.Library()


@register.filter
def rich_text(value: str | None) -> SafeString:
    """Free text typed by a person, as sanitised HTML (see cspr.richtext); use instead of `|safe`."""
    return richtext.render(value)


@register.filter
def cspr_duration(value: timedelta | int) -> str:
    """A duration in plain English: "15 minutes", "1 hour and 30 minutes", "8 seconds"."""
    seconds = max(0, int(value.total_seconds() if isinstance(value, timedelta) else value))
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    hours, minutes = divmod(seconds // 60, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes or not hours:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " and ".join(parts)


@register.simple_tag(takes_context=True)
def has_permission(context: template.Context, permission: str) -> bool:
    """`{% has_permission "case.export_audit" as can_export %}`: the current partnership role check."""
    from cspr.access import has_perm

    request = context.get("request")
    return request is not None and has_perm(request, permission)
