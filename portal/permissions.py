"""Named permission checks and the decorators that enforce them.

The same checks are used by views, services and templates, so a button is
shown exactly when the rule allows the action.
"""
from functools import wraps

from flask import abort
from flask_login import current_user


def is_hr(user) -> bool:
    """Whether ``user`` is a signed-in, active HR admin."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_hr)


def hr_required(view):
    """Refuse (403) anyone but an HR admin."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not is_hr(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def public(view):
    """Mark a view as reachable without signing in (the short allow-list)."""
    view.is_public = True
    return view
