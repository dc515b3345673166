from django.http import HttpRequest
from django.utils import timezone

NAVIGATION_PERMISSIONS = (
    "referral.create",
    "case.view",
    "review.view",
    "deadline.view_all",
    "partnership.view_framework",
    "partnership.view_retention",
)


def service(request: HttpRequest) -> dict:
    """Values every page needs: the service name, the partnership and what the user's roles may open."""
    from cspr.access import has_perm

    return {
        "can": {code.replace(".", "_"): has_perm(request, code) for code in NAVIGATION_PERMISSIONS},
        "service_name": "Child safeguarding practice reviews",
        "partnership": getattr(request, "partnership", None),
        "memberships": getattr(request, "memberships", []),
        "now": timezone.now(),
    }
