"""Sign-in and password-link throttling, counted in the database.

Every web process and every machine shares the database, so every one of them counts the same
attempts, with no other server to run; and a lockout survives a restart. Limits are read from
the configuration in the ``limits`` notation ("10 per minute") and applied as sliding windows:
at most that many counted attempts in any such span of time.

What counts: a failed sign-in (a successful one is forgiven), and every request for a reset
link (each may send an email). Attempts are committed at once, in a short transaction of their
own, so that no rollback of the request can undo them: call ``try_once`` before the request
changes anything, and ``forgive`` after it has committed. The counts are read as a reader, so
a refused script takes no write lock.
"""
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from limits import parse
from sqlalchemy import delete, insert, select

from portal.accounts.fields import normalise_email
from portal.accounts.models import Attempt
from portal.database import read_intent
from portal.types import utcnow

SIGN_IN, RESET = "sign-in", "reset"
_TABLE = Attempt.__table__


class Throttled(Exception):
    """Too many attempts: ``retry_after`` is how many seconds until the next one may count."""

    def __init__(self, retry_after: int):
        super().__init__(f"throttled for {retry_after} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class _Counter:
    key: str
    limit: int
    window: timedelta


def _key(*parts: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()


def _counters(action: str, address: str, email: str) -> list[_Counter]:
    per_address = parse(current_app.config["LOGIN_RATE_LIMIT"])
    per_account = parse(current_app.config["LOGIN_RATE_LIMIT_PER_ACCOUNT"])
    counters = [_Counter(_key(action, "address", address or "-"), per_address.amount,
                         timedelta(seconds=per_address.get_expiry()))]
    email = normalise_email(email or "")[:254]
    if email:
        counters.append(_Counter(_key(action, "account", email), per_account.amount,
                                 timedelta(seconds=per_account.get_expiry())))
    return counters


def _wait(session, counters: list[_Counter], now: datetime, room_for: int) -> int | None:
    """Seconds until every counter has room for ``room_for`` more attempts, or None if they have."""
    waits = []
    for counter in counters:
        newest_first = session.scalars(
            select(_TABLE.c.at).where(_TABLE.c.key == counter.key, _TABLE.c.at > now - counter.window)
            .order_by(_TABLE.c.at.desc()).limit(counter.limit + 1)).all()
        if len(newest_first) > counter.limit - room_for:
            # Room comes back when the attempt that filled the window ages out of it.
            filled_by = newest_first[counter.limit - room_for]
            waits.append(max(1, int((filled_by + counter.window - now).total_seconds()) + 1))
    return max(waits) if waits else None


def _counted_wait(session, counters: list[_Counter], now: datetime, room_for: int) -> int | None:
    # A read: on SQLite it takes no write lock, and it ends before the request goes on, so that
    # the password check that follows runs as a reader too (``accounts.service.authenticate``).
    with read_intent():
        wait = _wait(session, counters, now, room_for)
        session.rollback()
    return wait


def try_once(session, action: str, address: str, email: str = "") -> list[int]:
    """Count one attempt at ``action`` from ``address`` (and for ``email``), or raise Throttled.

    Commits, unlike other services: the attempt must stay counted whatever becomes of the rest
    of the request, so call it before the request changes anything. Returns the ids of the
    counted rows, for ``forgive``. A refused attempt is not counted, so a script hammering the
    form does not fill the table. Two attempts racing for the last place may both be refused,
    never both let through: each looks again once its own row is committed.
    """
    if not current_app.config["RATELIMIT_ENABLED"]:
        return []
    counters = _counters(action, address, email)
    now = utcnow()
    wait = _counted_wait(session, counters, now, room_for=1)
    if wait is not None:
        raise Throttled(wait)
    ids = [session.execute(insert(_TABLE).values(key=counter.key, at=now).returning(_TABLE.c.id)).scalar_one()
           for counter in counters]
    session.commit()
    wait = _counted_wait(session, counters, now, room_for=0)
    if wait is not None:
        forgive(session, ids)
        raise Throttled(wait)
    return ids


def forgive(session, ids: list[int]) -> None:
    """Stop counting these attempts (a sign-in that succeeded), and commit."""
    if ids:
        session.execute(delete(_TABLE).where(_TABLE.c.id.in_(ids)))
        session.commit()


def forget_old(session, now: datetime | None = None) -> int:
    """Remove attempts older than the longest window, which no longer count; returns how many."""
    now = now or utcnow()
    longest = max(parse(current_app.config[name]).get_expiry()
                  for name in ("LOGIN_RATE_LIMIT", "LOGIN_RATE_LIMIT_PER_ACCOUNT"))
    result = session.execute(delete(Attempt).where(Attempt.at < now - timedelta(seconds=longest)))
    return result.rowcount or 0
