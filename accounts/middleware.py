"""Activate the signed-in user's language and time zone for every page."""

import zoneinfo

from django.utils import timezone, translation


class UserPreferencesMiddleware:
    """Runs after LocaleMiddleware and AuthenticationMiddleware.

    Pages follow the language saved in the user's profile (the language switcher saves
    it there); the API follows `Accept-Language`, as docs/api.md asks. Times are shown in
    the user's time zone, or the site's when they chose none.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The active zone is per thread and Django does not reset it between requests: start
        # every request in the desk's zone, or a token-authenticated API call would answer in
        # the zone of whoever this worker served before (the probe saw UTC).
        timezone.deactivate()
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if user.language and not request.path.startswith("/api/"):
                translation.activate(user.language)
                request.LANGUAGE_CODE = translation.get_language()
            if user.timezone:
                try:
                    timezone.activate(zoneinfo.ZoneInfo(user.timezone))
                except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                    timezone.deactivate()
            else:
                timezone.deactivate()
        return self.get_response(request)
