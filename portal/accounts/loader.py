"""Turning a session cookie back into a person."""
from portal.accounts.models import User
from portal.extensions import db


def load_user(session_user_id: str) -> User | None:
    """Flask-Login's user loader.

    The cookie holds ``"<id>:<session version>"``; a cookie from before the
    person signed out, changed their password or was deactivated carries an
    old version and is refused.
    """
    try:
        raw_id, raw_version = session_user_id.split(":", 1)
        user_id, version = int(raw_id), int(raw_version)
    except (AttributeError, ValueError):
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or user.session_version != version:
        return None
    return user
