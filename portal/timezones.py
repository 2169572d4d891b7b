"""Time zones: which names are known, and which zone dates and times are shown in (the viewer's, or,
while an email renders, its recipient's).

A module of its own, importing no feature, so that the accounts (which check a zone), the outbox
(which renders emails in the recipient's zone) and the interface's set-up (``portal.i18n``) can all
use it without importing each other.
"""
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from zoneinfo import available_timezones

from flask import current_app, g, has_request_context
from flask_babel import refresh


@lru_cache(maxsize=1)
def time_zones() -> frozenset[str]:
    """Every IANA time zone name this machine knows."""
    return frozenset(available_timezones())


def is_valid_timezone(name: str) -> bool:
    """Whether an IANA time zone name is known."""
    return name in time_zones()


def select_timezone() -> str:
    """An email's recipient's time zone while one renders, else the person's saved one, else the organisation's."""
    if g.get("_recipient_timezone"):
        return g._recipient_timezone
    user = g.get("_login_user") if has_request_context() else None
    if user is not None and user.is_authenticated and user.timezone and is_valid_timezone(user.timezone):
        return user.timezone
    return current_app.config["PORTAL_TIMEZONE"]


@contextmanager
def recipient_timezone(zone: str | None) -> Iterator[None]:
    """Dates and times rendered inside are in ``zone`` (an email's recipient's; the organisation's when
    they chose none), whoever's request or job renders them."""
    before = g.get("_recipient_timezone")
    g._recipient_timezone = zone if zone and is_valid_timezone(zone) else current_app.config["PORTAL_TIMEZONE"]
    refresh()  # Flask-Babel keeps the zone it found first; find it again, inside and after
    try:
        yield
    finally:
        g._recipient_timezone = before
        refresh()
