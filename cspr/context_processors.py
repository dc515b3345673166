from django.http import HttpRequest
from django.utils import timezone


def service(request: HttpRequest) -> dict:
    """Values every page needs: the service name and the partnership the user is working in."""
    return {
        "service_name": "Child safeguarding practice reviews",
        "partnership": getattr(request, "partnership", None),
        "memberships": getattr(request, "memberships", []),
        "now": timezone.now(),
    }
