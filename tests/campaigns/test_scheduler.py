"""The scheduler's reconcile: each moment's side effects exactly once, in order, even after an outage."""
import threading
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from portal.campaigns import tasks
from portal.campaigns.models import Campaign, CampaignEvent
from portal.extensions import db as _db
from portal.hall_of_fame.service import announce
from portal.notifications.models import OutboxMessage
from portal.scheduler import perform_moments
from portal.system.service import SCHEDULER_HEARTBEAT, get_setting
from tests.factories import make_live_campaign, make_user


def _count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_catch_up_after_an_outage_performs_each_moment_once_in_order(app, db):
    people = [make_user() for _ in range(7)] + [make_user(active=False)]
    now = datetime(2030, 10, 20, tzinfo=timezone.utc)
    campaign = make_live_campaign((-10, -8, -6, -5), now=now, year=2030)
    performed = perform_moments(db.session, now)
    assert performed == [(campaign.id, "nominations_open"), (campaign.id, "voting_open"), (campaign.id, "announced")]
    subjects = list(db.session.scalars(select(OutboxMessage.subject).order_by(OutboxMessage.id)))
    assert len(subjects) == 3 * 7  # active people only
    assert subjects[0].startswith("Nominations are open") and subjects[7].startswith("Voting is open")
    assert subjects[-1].startswith("The Service Stars winners")
    assert people[0].email in {m.recipient for m in db.session.scalars(select(OutboxMessage))}
    assert perform_moments(db.session, now) == []
    assert _count(db, OutboxMessage) == 21


def test_only_passed_moments_are_performed(db):
    make_user()
    now = datetime(2030, 10, 20, tzinfo=timezone.utc)
    campaign = make_live_campaign((-1, 2, 4, 5), now=now, year=2030)
    assert perform_moments(db.session, now) == [(campaign.id, "nominations_open")]
    later = now + timedelta(days=2, seconds=1)
    assert perform_moments(db.session, later) == [(campaign.id, "voting_open")]


def test_a_cancelled_campaign_performs_nothing_after_its_cancellation(db):
    make_user()
    now = datetime(2030, 10, 20, tzinfo=timezone.utc)
    campaign = make_live_campaign((-1, 2, 4, 5), now=now, year=2030)
    campaign.cancelled_at = now
    db.session.commit()
    assert perform_moments(db.session, now + timedelta(days=10)) == [(campaign.id, "nominations_open")]


def test_two_schedulers_at_once_perform_each_side_effect_exactly_once(app, db):
    for _ in range(30):
        make_user()
    now = datetime(2030, 10, 20, tzinfo=timezone.utc)
    campaigns = [make_live_campaign((-10, -8, -6, -5), now=now, year=year) for year in (2030, 2031)]
    calls, lock = [], threading.Lock()

    def counted_announce(session, campaign):
        with lock:
            calls.append(campaign.year)
        return announce(session, campaign)

    errors = []

    def scheduler():
        with app.app_context():
            try:
                for _ in range(3):
                    tasks.perform_due_events(_db.session, now, announce=counted_announce)
            except Exception as error:  # collected and asserted below
                errors.append(repr(error))
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=scheduler) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(calls) == [2030, 2031]
    assert _count(db, CampaignEvent) == 6
    assert _count(db, CampaignEvent, CampaignEvent.done_at.is_(None)) == 0
    assert _count(db, OutboxMessage) == 2 * 3 * 30
    assert db.session.scalar(select(func.count(func.distinct(OutboxMessage.dedupe_key)))) == 180
    assert len(campaigns) == 2


def test_an_interrupted_mass_email_resumes_without_duplicates(db, monkeypatch):
    for _ in range(12):
        make_user()
    now = datetime(2030, 10, 20, tzinfo=timezone.utc)
    make_live_campaign((-1, 2, 4, 5), now=now, year=2030)
    monkeypatch.setattr(tasks, "BATCH", 5)
    original = tasks._insert_ignoring_duplicates
    batches = []

    def crash_on_second_batch(session, rows):
        batches.append(len(rows))
        if len(batches) == 2:
            raise RuntimeError("power cut")
        original(session, rows)

    monkeypatch.setattr(tasks, "_insert_ignoring_duplicates", crash_on_second_batch)
    try:
        perform_moments(db.session, now)
    except RuntimeError:
        db.session.rollback()
    assert _count(db, OutboxMessage) == 5
    monkeypatch.setattr(tasks, "_insert_ignoring_duplicates", original)
    assert perform_moments(db.session, now) == []  # already claimed: resumed, not redone
    assert _count(db, OutboxMessage) == 12
    assert _count(db, CampaignEvent, CampaignEvent.done_at.is_not(None)) == 1


def test_the_coming_campaign_is_created_45_days_before_its_week(app, db):
    before = datetime(2030, 8, 15, tzinfo=timezone.utc)   # CSW 2030 starts Monday 7 October
    assert tasks.ensure_upcoming_campaign(db.session, before) is None
    on_time = datetime(2030, 8, 23, 0, 0, tzinfo=timezone.utc)
    created = tasks.ensure_upcoming_campaign(db.session, on_time)
    assert created.year == 2030 and created.phase_at(on_time) == "scheduled"
    assert tasks.ensure_upcoming_campaign(db.session, on_time) is None
    assert _count(db, Campaign) == 1


def test_reconcile_beats_and_healthz_reports_it(app, client, db):
    from portal.scheduler import reconcile
    reconcile()
    assert get_setting(db.session, SCHEDULER_HEARTBEAT) is not None
    assert client.get("/healthz").get_json()["scheduler_heartbeat"] is not None


def test_hr_is_warned_when_the_scheduler_is_silent(app, db, login_as):
    hr = login_as("hr")
    assert "scheduler has not reported in" in hr.get("/admin/").get_data(as_text=True)
    from portal.scheduler import reconcile
    reconcile()
    assert "scheduler has not reported in" not in hr.get("/admin/").get_data(as_text=True)
