"""The retention period: people deactivated more than RETENTION_DAYS ago are erased by the scheduler, once."""
from datetime import datetime, timedelta, timezone

import pytest
import time_machine
from sqlalchemy import select

from portal.accounts.models import User
from portal.audit.models import AuditEntry
from portal.config import retention_days
from portal.hall_of_fame.models import Induction
from portal.privacy.retention import erase_after_retention
from portal.scheduler import JOBS, erase_after_retention_period
from tests.factories import make_induction, make_story, make_user

DEACTIVATED = datetime(2030, 3, 1, 9, tzinfo=timezone.utc)


def _deactivate(db, login_as, *people) -> None:
    with time_machine.travel(DEACTIVATED, tick=False):
        hr = login_as("hr")  # signed in on that day: a session from the present would have expired by then
        for person in people:
            assert hr.post(f"/admin/people/{person.id}/deactivate").status_code == 302
    db.session.expire_all()
    assert all(db.session.get(User, person.id).deactivated_at == DEACTIVATED for person in people)


def _erased(db, *people) -> list[bool]:
    db.session.expire_all()
    return [db.session.get(User, person.id).erased_at is not None for person in people]


def test_people_deactivated_longer_than_the_period_are_erased(app, db, login_as):
    app.config["RETENTION_DAYS"] = 30
    gone, back, staying = make_user(display_name="Gone Person"), make_user(), make_user()
    _deactivate(db, login_as, gone, back)
    assert login_as("hr").post(f"/admin/people/{back.id}/reactivate").status_code == 302

    with time_machine.travel(DEACTIVATED + timedelta(days=29), tick=False):
        erase_after_retention_period()
    assert _erased(db, gone, back, staying) == [False, False, False]

    with time_machine.travel(DEACTIVATED + timedelta(days=31), tick=False):
        erase_after_retention_period()
    assert _erased(db, gone, back, staying) == [True, False, False]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "person.erased"))
    assert entry.subject_id == gone.id and entry.actor_id is None  # the retention period, not a person


def test_without_a_retention_period_nobody_is_erased(app, db, login_as):
    assert app.config["RETENTION_DAYS"] is None  # off unless configured
    person = make_user()
    _deactivate(db, login_as, person)
    with time_machine.travel(DEACTIVATED + timedelta(days=10_000), tick=False):
        erase_after_retention_period()
    assert _erased(db, person) == [False]


def test_the_retention_period_keeps_hall_of_fame_inductions_and_runs_safely_twice(db, login_as):
    person = make_user(display_name="Star Person")
    story = make_story(nominees=[person], title="A winning story")
    induction_id = make_induction(story).id
    _deactivate(db, login_as, person)
    later = DEACTIVATED + timedelta(days=8)

    assert erase_after_retention(db.session, 7, later) == 1
    assert erase_after_retention(db.session, 7, later) == 0

    assert [i.id for i in db.session.scalars(select(Induction))] == [induction_id]
    assert "A winning story" in login_as("employee").get("/hall-of-fame").get_data(as_text=True)
    actions = sorted(e.action for e in db.session.scalars(select(AuditEntry).where(AuditEntry.actor_id.is_(None))))
    assert actions == ["induction.kept", "person.erased"]


def test_the_retention_job_works_in_batches(db, login_as):
    from portal.privacy import retention
    people = [make_user() for _ in range(5)]
    _deactivate(db, login_as, *people)
    original, retention.BATCH = retention.BATCH, 2
    try:
        assert erase_after_retention(db.session, 1, DEACTIVATED + timedelta(days=2)) == 5
    finally:
        retention.BATCH = original
    assert all(_erased(db, *people))


def test_people_deactivated_by_an_import_count_from_that_day(db):
    from portal.directory import importer
    leaver, stayer = make_user("leaver@example.com"), make_user("stayer@example.com")
    with time_machine.travel(DEACTIVATED, tick=False):
        plan = importer.validate(db.session, b"email,name\nstayer@example.com,Stayer\n")
        importer.apply(db.session, plan, deactivate_missing=True)
        db.session.commit()
    db.session.expire_all()
    assert db.session.get(User, leaver.id).deactivated_at == DEACTIVATED
    assert db.session.get(User, stayer.id).deactivated_at is None


def test_the_job_is_in_the_schedulers_list():
    assert "erase-after-retention" in {job.id for job in JOBS}


@pytest.mark.parametrize("value, days", [(None, None), ("", None), ("0", None), (" 730 ", 730)])
def test_retention_days_is_a_whole_number_or_off(value, days):
    assert retention_days(value) == days


@pytest.mark.parametrize("value", ["-5", "two years", "1.5", "٣٠"])
def test_a_bad_retention_period_stops_the_start_with_a_clear_message(value):
    with pytest.raises(ValueError, match="RETENTION_DAYS must be a whole number of days"):
        retention_days(value)


def test_a_person_another_scheduler_erased_a_moment_ago_is_not_erased_twice(db):
    from sqlalchemy import update

    from portal.privacy.erasure import ErasureError, erase_person
    from portal.types import utcnow
    person = make_user(display_name="Raced Person")
    make_story(nominees=[person])
    stale = db.session.get(User, person.id)  # read before the other scheduler's erasure
    db.session.execute(update(User).where(User.id == person.id).values(erased_at=utcnow())
                       .execution_options(synchronize_session=False))

    with pytest.raises(ErasureError):
        erase_person(db.session, stale, None, utcnow())

    assert db.session.scalars(select(AuditEntry)).all() == []
