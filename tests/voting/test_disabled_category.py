"""A category HR turns off is out of the campaign: no nominations, no ballot, no votes, no winner."""
from datetime import timedelta

from sqlalchemy import func, select

from portal.scheduler import perform_moments
from portal.types import utcnow
from portal.voting import service
from portal.hall_of_fame.models import Induction
from portal.voting.models import Result, Vote
from tests.factories import make_live_campaign, make_story, make_user

JSON = {"Accept": "application/json"}


def _turn_off(db, category) -> None:
    category.enabled = False
    db.session.commit()


def _votes_for(db, story, count: int) -> None:
    for _ in range(count):
        db.session.add(Vote(campaign_id=story.campaign_id, category_id=story.category_id,
                            story_id=story.id, voter_id=make_user().id, slot=1))
    db.session.commit()


def test_a_direct_post_for_a_story_in_a_disabled_category_is_refused(db, login_as):
    campaign = make_live_campaign((-3, -1, 2, 3))
    story = make_story(campaign, title="In a closed category", category_index=1)
    _turn_off(db, campaign.categories[1])
    client = login_as("employee")
    reply = client.post(f"/vote/{story.id}", headers=JSON)
    assert reply.status_code == 409
    assert "is not part of this year's campaign" in reply.get_json()["message"]
    plain = client.post(f"/vote/{story.id}", follow_redirects=True)
    assert "is not part of this year&#39;s campaign" in plain.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Vote)) == 0


def test_the_ballot_has_no_tab_for_a_disabled_category(db, login_as):
    campaign = make_live_campaign((-3, -1, 2, 3))
    make_story(campaign, title="Open story")
    _turn_off(db, campaign.categories[1])
    page = login_as("employee").get("/vote").get_data(as_text=True)
    assert campaign.categories[0].name in page and campaign.categories[1].name not in page
    other = login_as("employee").get(f"/vote?category={campaign.categories[1].id}").get_data(as_text=True)
    assert "Open story" in other  # an unknown or closed tab shows the first open category


def test_the_tally_ignores_a_disabled_category_and_it_has_no_winner(db):
    campaign = make_live_campaign((-4, -3, -2, -1))
    open_story = make_story(campaign, title="Open winner")
    closed_story = make_story(campaign, title="Closed favourite", category_index=1)
    _votes_for(db, open_story, 1)
    _votes_for(db, closed_story, 5)  # cast before HR turned the category off
    _turn_off(db, campaign.categories[1])
    names = [tally.category.name for tally in service.tally(db.session, campaign)]
    assert campaign.categories[1].name not in names and campaign.categories[0].name in names
    now = utcnow()
    perform_moments(db.session, now)
    perform_moments(db.session, now + timedelta(minutes=1))
    assert [i.story_id for i in db.session.scalars(select(Induction))] == [open_story.id]
    assert db.session.scalar(select(func.count()).select_from(Result).where(
        Result.story_id == closed_story.id)) == 0
    assert [t.category.name for t in service.frozen_tally(db.session, campaign)] == names


def test_a_disabled_category_takes_no_nomination(db, login_as):
    campaign = make_live_campaign()
    _turn_off(db, campaign.categories[0])
    nominee = make_user(display_name="Grace Hopper")
    client = login_as("employee")
    form = client.get("/nominate").get_data(as_text=True)
    assert f'name="category" value="{campaign.categories[0].id}"' not in form
    assert f'name="category" value="{campaign.categories[1].id}"' in form
    reply = client.post("/nominate", data={
        "category": campaign.categories[0].id, "nominees": [nominee.id], "title": "Kept the line calm",
        "story": "She stayed on the line for an hour and solved the whole problem for the customer.",
        "moment_date": "2026-11-02", "language": "en", "submit": "1"})
    assert reply.status_code == 400 and "Choose a category." in reply.get_data(as_text=True)
