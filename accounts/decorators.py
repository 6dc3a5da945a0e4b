"""View decorators for pages, in terms of accounts.roles."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts import roles


def role_required(minimum: str):
    """Signed-in users whose role reaches `minimum`; others get the 403 page."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not roles.has_role(request.user, minimum):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


agent_required = role_required(roles.Role.AGENT)
manager_required = role_required(roles.Role.MANAGER)
