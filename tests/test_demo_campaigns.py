"""The demo's campaigns and `flask demo advance`."""
from sqlalchemy import func, select

from portal.campaigns.models import Campaign
from portal.scheduler import perform_moments
from portal.notifications.models import OutboxMessage
from portal.types import utcnow
from tests.factories import make_user


def test_demo_has_two_announced_campaigns_and_a_live_one_open_for_nominations(runner, db):
    runner.invoke(args=["seed-demo"])
    campaigns = list(db.session.scalars(select(Campaign).order_by(Campaign.year)))
    assert [c.phase for c in campaigns] == ["announced", "announced", "nominating"]
    assert campaigns[2].year == campaigns[0].year + 2
    assert perform_moments(db.session, utcnow()) == []  # nothing old is emailed on first start


def test_demo_advance_walks_the_live_campaign_through_the_week(runner, db):
    runner.invoke(args=["seed-demo"])
    phases = []
    for _ in range(3):
        result = runner.invoke(args=["demo", "advance"])
        assert result.exit_code == 0, result.output
        phases.append(db.session.scalar(select(Campaign).order_by(Campaign.year.desc())).phase)
    assert phases == ["voting", "counting", "announced"]
    def queued(prefix):
        return db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.dedupe_key.like(prefix + "%")))
    assert queued("campaign:") == 2 * 203  # voting open and winners announced, to everyone
    assert queued("induction:") >= 1  # and each winner (and their manager) personally
    assert queued("") == queued("campaign:") + queued("induction:")
    final = runner.invoke(args=["demo", "advance"])
    assert final.exit_code != 0 and "no next phase" in final.output


def test_demo_advance_refuses_a_real_organisation(runner, db):
    make_user()
    result = runner.invoke(args=["demo", "advance"])
    assert result.exit_code != 0
    assert "does not hold the demo organisation" in result.output


def test_demo_has_about_sixty_stories_in_three_languages_with_photos_and_some_pending(runner, db):
    from portal.stories.models import Story
    runner.invoke(args=["seed-demo"])
    stories = list(db.session.scalars(select(Story)))
    assert 55 <= len(stories) <= 65
    assert {story.language for story in stories} == {"en", "zh_Hans", "te"}
    assert sum(1 for story in stories if story.photo_key) >= 10
    assert 3 <= sum(1 for story in stories if story.status == "pending") <= 6
    assert len({story.category_id for story in stories}) >= 14  # all seven categories, in two campaigns
    assert all(story.nominator_id not in {n.id for n in story.nominees} for story in stories)


def test_demo_past_campaigns_have_votes_and_winners_and_the_live_one_is_voted_then_announced(runner, app, db):
    from portal.campaigns.models import Campaign
    from portal.hall_of_fame.models import Induction
    from portal.voting.models import Vote
    from tests.conftest import sign_in
    runner.invoke(args=["seed-demo"])
    past_years = {i.campaign.year for i in db.session.scalars(select(Induction))}
    assert len(past_years) == 2
    assert db.session.scalar(select(func.count()).select_from(Vote)) > 500
    runner.invoke(args=["demo", "advance"])  # voting opens
    live = db.session.scalar(select(Campaign).order_by(Campaign.year.desc()))
    from portal.accounts.models import User
    from portal.stories.models import Story
    ada = db.session.scalar(select(User).where(User.email == "ada@demo.example"))
    story = next(s for s in db.session.scalars(select(Story).where(
        Story.campaign_id == live.id, Story.status == "approved")) if ada not in s.nominees)
    client = app.test_client()
    sign_in(client, ada)
    assert client.post(f"/vote/{story.id}", headers={"Accept": "application/json"}).get_json()["changed"]
    runner.invoke(args=["demo", "advance"])  # voting closes
    runner.invoke(args=["demo", "advance"])  # announced
    inducted = [i.story_id for i in db.session.scalars(select(Induction).where(Induction.campaign_id == live.id))]
    assert story.id in inducted
    assert "Hall of Fame" in client.get("/hall-of-fame").get_data(as_text=True)
