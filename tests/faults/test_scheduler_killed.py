"""The scheduler killed with SIGKILL in the middle of an announcement finishes it on restart, exactly once."""
import os
import signal
import subprocess
import sys
import time

from sqlalchemy import func, insert, select

from portal.accounts.models import User
from portal.campaigns.models import CampaignEvent
from portal.notifications.models import OutboxMessage
from portal.types import utcnow
from portal.hall_of_fame.models import Induction
from portal.voting.models import Result, Vote
from tests.factories import make_live_campaign, make_story, make_user
from bench.server import ROOT

# Enough people that queuing the "winners announced" email takes several batches.
PEOPLE = 30_000


def _start_scheduler(database_url, log):
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY="scheduler-fault-test", MAIL_BACKEND="memory")
    with open(log, "ab") as output:
        return subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "scheduler"],
                                cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)


def _wait_for(db, condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.rollback()  # a fresh snapshot each time
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"gave up waiting for {what}")


def _claim(db, campaign_id):
    return db.session.scalar(select(CampaignEvent).where(CampaignEvent.campaign_id == campaign_id,
                                                         CampaignEvent.event == "announced"))


def _announced_emails(db, campaign_id) -> tuple[int, int]:
    """(emails queued, distinct recipients) of the announcement."""
    where = OutboxMessage.dedupe_key.like(f"campaign:{campaign_id}:announced:%")
    return (db.session.scalar(select(func.count()).select_from(OutboxMessage).where(where)),
            db.session.scalar(select(func.count(OutboxMessage.recipient.distinct())).where(where)))


def test_an_announcement_cut_short_by_sigkill_completes_once_on_restart(db, database_url, tmp_path):
    campaign = make_live_campaign((-4, -3, -2, -1))
    now = utcnow()
    for event in ("nominations_open", "voting_open"):  # only the announcement is due
        db.session.add(CampaignEvent(campaign_id=campaign.id, event=event, started_at=now, done_at=now))
    winner, other = make_story(campaign, title="Winner"), make_story(campaign, title="Other")
    for story, votes in ((winner, 3), (other, 1)):
        for _ in range(votes):
            db.session.add(Vote(campaign_id=campaign.id, category_id=story.category_id, story_id=story.id,
                                voter_id=make_user().id, slot=1))
    db.session.execute(insert(User), [{"email": f"crowd{n}@fault.example", "stored_name": f"Crowd {n}"}
                                      for n in range(PEOPLE)])
    db.session.commit()
    people = db.session.scalar(select(func.count()).select_from(User).where(User.active.is_(True)))
    log = tmp_path / "scheduler.log"

    first = _start_scheduler(database_url, log)
    try:
        _wait_for(db, lambda: (claim := _claim(db, campaign.id)) is not None and claim.cursor > 0, 120,
                  "the announcement's first email batch")
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    db.session.rollback()
    assert _claim(db, campaign.id).done_at is None  # really killed in the middle
    queued, _ = _announced_emails(db, campaign.id)
    assert 0 < queued < people

    second = _start_scheduler(database_url, log)
    try:
        _wait_for(db, lambda: _claim(db, campaign.id).done_at is not None, 180, "the announcement to finish")
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)

    db.session.rollback()
    assert _announced_emails(db, campaign.id) == (people, people)
    assert [i.story_id for i in db.session.scalars(select(Induction))] == [winner.id]
    assert db.session.scalar(select(func.count()).select_from(Result)) == 2
    assert "Traceback" not in log.read_text()
