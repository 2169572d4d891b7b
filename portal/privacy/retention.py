"""The retention period: people deactivated longer than ``RETENTION_DAYS`` ago are erased.

Run by the scheduler (``portal/scheduler.py``). Each person is erased in a transaction of their own,
so a run that stops half-way has erased some people entirely and the rest not at all; the next run
goes on. Two schedulers at once erase each person once (``erasure.erase_person`` claims them). The
people are read a batch of ids at a time, never all at once. Hall of Fame inductions are all kept:
no one decided to take company history out of it.
"""
import logging
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.privacy.erasure import KEEP_ALL, ErasureError, erase_person

log = logging.getLogger(__name__)

BATCH = 200


def due_for_erasure(session: Session, cutoff: datetime, after_id: int, limit: int = BATCH) -> list[int]:
    """Ids above ``after_id`` of people deactivated before ``cutoff`` and not yet erased, in order."""
    return list(session.scalars(select(User.id).where(User.deactivated_at < cutoff, User.active.is_(False),
                                                      User.erased_at.is_(None), User.id > after_id)
                                .order_by(User.id).limit(limit)))


def erase_after_retention(session: Session, days: int | None, now: datetime) -> int:
    """Erase everyone deactivated more than ``days`` ago (None: no retention period); commits each
    erasure and returns how many were made."""
    if not days:
        return 0
    cutoff, after_id, erased = now - timedelta(days=days), 0, 0
    while ids := due_for_erasure(session, cutoff, after_id):
        session.rollback()  # the read ends before the first write
        for person_id in ids:
            after_id = person_id
            person = session.get(User, person_id)
            if person is None or person.active or person.deactivated_at is None or person.deactivated_at >= cutoff:
                session.rollback()  # reactivated (or changed) since the batch was read
                continue
            try:
                erase_person(session, person, None, now, keep_inductions=KEEP_ALL)
                session.commit()
                erased += 1
            except ErasureError:  # another scheduler erased them a moment ago
                session.rollback()
            except Exception:  # one person's failure must not stop everyone else's erasure
                session.rollback()
                log.exception("erasing user %s after the retention period failed", person_id)
    session.rollback()
    return erased
