"""The scheduler: the one list of periodic jobs, run by `flask scheduler` in its own process.

Jobs are thin and safe to re-run; two scheduler processes at once are
harmless (side effects are claimed under unique keys, emails are leased).
"""
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

import click
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from portal.accounts import throttle
from portal.campaigns.tasks import ensure_upcoming_campaign, perform_due_events
from portal.extensions import db
from portal.hall_of_fame.service import announce
from portal.notifications import mail
from portal.privacy.retention import erase_after_retention
from portal.system.service import SCHEDULER_HEARTBEAT, put_setting
from portal.types import utcnow

log = logging.getLogger(__name__)


def perform_moments(session: Session, now: datetime) -> list[tuple[int, str]]:
    """Perform every passed campaign moment once, in order; the announcement freezes the tally and
    inducts the winners into the Hall of Fame. Returns the (campaign id, event) pairs performed."""
    return perform_due_events(session, now, announce=announce)


def reconcile() -> None:
    """Create the coming campaign, perform passed moments, drain the outbox, beat."""
    now = utcnow()
    ensure_upcoming_campaign(db.session, now)
    perform_moments(db.session, now)
    put_setting(db.session, SCHEDULER_HEARTBEAT, now.isoformat())
    db.session.commit()
    mail.drain(db.session, current_app._get_current_object())


def drain_outbox() -> None:
    """Deliver due emails."""
    mail.drain(db.session, current_app._get_current_object())


def forget_old_attempts() -> None:
    """Remove counted sign-in and reset attempts that no longer count."""
    throttle.forget_old(db.session)
    db.session.commit()


def erase_after_retention_period() -> None:
    """Erase the personal data of people deactivated longer than ``RETENTION_DAYS`` ago (if it is set)."""
    erased = erase_after_retention(db.session, current_app.config["RETENTION_DAYS"], utcnow())
    if erased:
        log.info("erased %d people deactivated longer than the retention period", erased)


@dataclass(frozen=True)
class Job:
    """A periodic job with a stable id."""

    id: str
    func: Callable[[], None]
    seconds: int


JOBS = (
    Job("reconcile", reconcile, 60),
    Job("drain-outbox", drain_outbox, 10),
    Job("forget-old-attempts", forget_old_attempts, 3600),
    Job("erase-after-retention", erase_after_retention_period, 3600),
)


def run_job(app: Flask, job: Job) -> None:
    """Run one job in its own app context; a failure is logged and retried next time."""
    with app.app_context():
        try:
            job.func()
        except Exception:  # the next run tries again; the scheduler must not die
            db.session.rollback()
            log.exception("job %s failed", job.id)
        finally:
            db.session.remove()


def build_scheduler(app: Flask) -> BlockingScheduler:
    """A blocking scheduler with every job, each also run at start."""
    scheduler = BlockingScheduler(timezone="UTC")
    for job in JOBS:
        scheduler.add_job(run_job, "interval", args=(app, job), id=job.id, name=job.id, seconds=job.seconds,
                          next_run_time=utcnow(), max_instances=1, coalesce=True)
    return scheduler


@click.command("scheduler")
@with_appcontext
def scheduler_command():
    """Run the scheduler in the foreground (Ctrl+C to stop)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s scheduler %(levelname)s %(message)s")
    # APScheduler announces every run at INFO; only its problems matter here.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    click.echo("Scheduler running: " + ", ".join(f"{job.id} every {job.seconds}s" for job in JOBS))
    try:
        build_scheduler(current_app._get_current_object()).start()
    except (KeyboardInterrupt, SystemExit):
        click.echo("Scheduler stopped.")
