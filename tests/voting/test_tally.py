"""The tally, the frozen results, the announcement and the Hall of Fame."""
from datetime import timedelta

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.scheduler import perform_moments
from portal.notifications.models import OutboxMessage
from portal.types import utcnow
from portal.voting import service
from portal.hall_of_fame.models import Induction
from portal.hall_of_fame.service import announce
from portal.voting.models import Result, Vote
from tests.factories import make_live_campaign, make_story, make_user


def _vote(db, story, count):
    for _ in range(count):
        db.session.add(Vote(campaign_id=story.campaign_id, category_id=story.category_id,
                            story_id=story.id, voter_id=make_user().id, slot=1))
    db.session.commit()


def test_most_votes_wins_a_tie_makes_joint_winners_and_no_story_no_winner(db):
    campaign = make_live_campaign((-4, -3, -2, 1))
    a, b = make_story(campaign, title="A"), make_story(campaign, title="B")
    c = make_story(campaign, title="C", category_index=1)
    d = make_story(campaign, title="D", category_index=1)
    make_story(campaign, title="E", category_index=2)   # no votes at all
    _vote(db, a, 3)
    _vote(db, b, 1)
    _vote(db, c, 2)
    _vote(db, d, 2)
    tallies = {t.category.name: t for t in service.tally(db.session, campaign)}
    assert [s.title for s in tallies["Reliability"].winners] == ["A"]
    assert [(s.title, n) for s, n in tallies["Reliability"].counts] == [("A", 3), ("B", 1)]
    assert sorted(s.title for s in tallies["Timeliness"].winners) == ["C", "D"]
    assert tallies["Personalization"].winners == []
    assert tallies["Approachability"].counts == [] and tallies["Approachability"].winners == []


def test_the_announcement_freezes_results_inducts_once_and_emails_everyone_once(app, db, login_as):
    campaign = make_live_campaign((-4, -3, -2, -1))
    winner, runner_up = make_story(campaign, title="Winning story"), make_story(campaign, title="Runner-up")
    _vote(db, winner, 2)
    _vote(db, runner_up, 1)
    active = db.session.scalar(select(func.count()).select_from(User))
    now = utcnow()
    perform_moments(db.session, now)
    perform_moments(db.session, now + timedelta(minutes=1))
    inductions = list(db.session.scalars(select(Induction)))
    assert [i.story_id for i in inductions] == [winner.id]
    assert db.session.scalar(select(func.count()).select_from(Result)) == 2
    announced = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.dedupe_key.like(f"campaign:{campaign.id}:announced:%")))
    assert announced == active
    assert announce(db.session, campaign) == 0  # a second call changes nothing
    page = login_as("employee").get("/hall-of-fame").get_data(as_text=True)
    assert "Winning story" in page and "Runner-up" not in page


def test_results_stay_frozen_after_the_announcement(db, login_as):
    campaign = make_live_campaign((-4, -3, -2, -1))
    story = make_story(campaign, title="Frozen story")
    _vote(db, story, 2)
    perform_moments(db.session, utcnow())
    _vote(db, story, 5)  # written behind the application's back
    page = login_as("hr").get(f"/admin/campaigns/{campaign.id}/results").get_data(as_text=True)
    assert "Frozen at the announcement." in page
    row = page[page.index("Frozen story"):]
    row = row[:row.index("</tr>")]
    assert row.endswith("<td>2</td>")


def test_hr_sees_live_counts_and_participation_but_never_who_voted(db, login_as):
    campaign = make_live_campaign((-3, -1, 2, 3))
    story = make_story(campaign, title="Counted story")
    voter = make_user(display_name="Secret Voter", department="Billing", site="Leeds", country="GB")
    make_user(display_name="Non Voter", department="Billing", site="Leeds", country="GB")
    login_as(voter).post(f"/vote/{story.id}")
    page = login_as("hr").get(f"/admin/campaigns/{campaign.id}/results").get_data(as_text=True)
    assert "Counted story" in page and "Live counts" in page
    assert "Secret Voter" not in page
    assert "<td>Billing</td><td>1</td><td>2</td>" in page
    assert "United Kingdom" in page
