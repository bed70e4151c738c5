from django.utils import timezone

from organization.selectors import primary_site


class SiteTimezoneMiddleware:
    """Show dates in the time zone of the signed-in staff member's site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        site = primary_site(request.user) if hasattr(request, "user") else None
        if site is not None:
            timezone.activate(site.zone)
        else:
            timezone.deactivate()
        return self.get_response(request)
