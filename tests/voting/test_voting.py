"""Voting rules through the ballot: one vote per story, the per-category limit, secret counts."""
import sqlite3
import threading

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from portal.voting.models import Vote
from tests.factories import make_live_campaign, make_story, make_team, make_user

JSON = {"Accept": "application/json"}


@pytest.fixture
def voting(db):
    campaign = make_live_campaign((-3, -1, 2, 3))
    stories = [make_story(campaign, title=f"Story {n}") for n in range(3)]
    return campaign, stories


def _votes(db, **where):
    return db.session.scalar(select(func.count()).select_from(Vote).filter_by(**where))


def test_vote_and_withdraw_in_place_and_as_plain_forms(db, login_as, voting):
    _campaign, stories = voting
    client = login_as("employee")
    page = client.get("/vote").get_data(as_text=True)
    assert "Story 0" in page and "You have 1 vote left in this category." in page
    reply = client.post(f"/vote/{stories[0].id}", headers=JSON).get_json()
    assert reply["ok"] and reply["voted"] and reply["changed"] and reply["votes_left"] == 0
    assert "Withdraw my vote" in client.get("/vote").get_data(as_text=True)
    plain = client.post(f"/vote/{stories[0].id}/withdraw")
    assert plain.status_code == 302 and plain.headers["Location"].startswith("/vote?category=")
    assert _votes(db) == 0


def test_the_ballot_shows_where_you_have_voted_and_that_a_spent_category_needs_a_withdrawal(db, login_as, voting):
    campaign, stories = voting
    other = make_story(campaign, title="Quick fix", category_index=1)
    client = login_as("employee")
    page = client.get("/vote").get_data(as_text=True)
    categories = len(campaign.open_categories)
    assert f"You have voted in 0 of {categories} categories." in page and 'class="done"' not in _tabs(page)
    assert page.count(" disabled") == 0
    client.post(f"/vote/{stories[0].id}", headers=JSON)
    page = client.get("/vote").get_data(as_text=True)
    assert f"You have voted in 1 of {categories} categories." in page
    assert _tabs(page).count('class="done"') == 1 and _tabs(page).count('class="not-yet"') == categories - 1
    # Its one vote is used: the other two buttons are off and say how to change the vote.
    assert 'class="ballot spent"' in page and page.count(" disabled") == 2
    assert "To vote for this story, withdraw one of them first." in page
    second = client.get(f"/vote?category={other.category_id}").get_data(as_text=True)
    assert 'class="ballot"' in second and second.count(" disabled") == 0


def _tabs(page: str) -> str:
    return page[page.index('class="category-tabs"'):page.index("</nav>", page.index('class="category-tabs"'))]


def test_a_double_submit_counts_once(db, login_as, voting):
    _campaign, stories = voting
    client = login_as("employee")
    first = client.post(f"/vote/{stories[0].id}", headers=JSON).get_json()
    second = client.post(f"/vote/{stories[0].id}", headers=JSON).get_json()
    assert first["changed"] and second["ok"] and not second["changed"]
    assert _votes(db) == 1


def test_the_limit_per_category_holds_and_is_explained(db, login_as, voting):
    campaign, stories = voting
    client = login_as("employee")
    client.post(f"/vote/{stories[0].id}", headers=JSON)
    refused = client.post(f"/vote/{stories[1].id}", headers=JSON)
    assert refused.status_code == 409
    assert "You have used all 1 of your votes" in refused.get_json()["message"]
    campaign.votes_per_category = 2
    db.session.commit()
    assert client.post(f"/vote/{stories[1].id}", headers=JSON).get_json()["changed"]
    assert client.post(f"/vote/{stories[2].id}", headers=JSON).status_code == 409
    assert sorted(db.session.scalars(select(Vote.slot))) == [1, 2]


def test_nominees_and_team_members_cannot_vote_for_their_story(db, login_as, voting):
    campaign, _stories = voting
    nominee = make_user()
    own = make_story(campaign, nominees=[nominee], title="About me")
    client = login_as(nominee)
    assert "This story is about you or your team: you cannot vote for it." in client.get("/vote").get_data(as_text=True)
    reply = client.post(f"/vote/{own.id}", headers=JSON)
    assert reply.status_code == 409 and "about you or your team" in reply.get_json()["message"]
    team = make_team("Night Shift")
    member = make_user(team_id=team.id)
    team_story = make_story(campaign, team=team, category_index=6)
    assert login_as(member).post(f"/vote/{team_story.id}", headers=JSON).status_code == 409
    assert _votes(db) == 0


def test_the_nominator_may_vote_for_their_own_story(db, login_as, voting):
    _campaign, stories = voting
    assert login_as(stories[0].nominator).post(f"/vote/{stories[0].id}", headers=JSON).get_json()["changed"]


def test_no_voting_outside_the_voting_phase(db, login_as):
    campaign = make_live_campaign((-1, 1, 2, 3))
    story = make_story(campaign)
    client = login_as("employee")
    assert "Voting is not open" in client.get("/vote").get_data(as_text=True)
    assert client.post(f"/vote/{story.id}", headers=JSON).get_json()["message"] == "Voting is not open."


def test_unpublished_or_hidden_stories_cannot_be_voted_on(db, login_as, voting):
    campaign, _stories = voting
    pending = make_story(campaign, status="pending")
    hidden = make_story(campaign, hidden=True)
    client = login_as("employee")
    assert client.post(f"/vote/{pending.id}").status_code == 404
    assert client.post(f"/vote/{hidden.id}").status_code == 404


def test_a_deactivated_person_cannot_vote(db, login_as, voting):
    _campaign, stories = voting
    from portal.types import utcnow
    from portal.voting.service import VoteError, cast_vote
    person = make_user(active=False)
    with pytest.raises(VoteError, match="not active"):
        cast_vote(db.session, person, stories[0], utcnow())


def test_counts_are_secret_from_employees(db, login_as, voting):
    _campaign, stories = voting
    for _ in range(3):
        login_as("employee").post(f"/vote/{stories[0].id}")
    page = login_as("employee").get("/vote").get_data(as_text=True)
    assert "3 votes" not in page and ">3<" not in page


@pytest.mark.parametrize("second_story,second_slot", [(0, 2), (1, 1)], ids=["same story", "same slot"])
def test_the_database_refuses_a_second_vote_for_the_same_story_or_slot(db, voting, second_story, second_slot):
    campaign, stories = voting
    voter = make_user()
    category = stories[0].category_id
    db.session.add(Vote(campaign_id=campaign.id, category_id=category, story_id=stories[0].id,
                        voter_id=voter.id, slot=1))
    db.session.commit()
    db.session.add(Vote(campaign_id=campaign.id, category_id=category, story_id=stories[second_story].id,
                        voter_id=voter.id, slot=second_slot))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_vote_takes_the_write_lock_only_to_write(db, login_as, voting):
    """While another writer holds SQLite's lock, a vote still reads its story at once (a refusal
    answers without waiting), and the vote itself waits for the lock, then counts."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the write lock is SQLite's; PostgreSQL locks rows")
    _campaign, stories = voting
    stories[1].hidden = True
    db.session.commit()
    shown, hidden = stories[0].id, stories[1].id
    client = login_as("employee")
    db.session.commit()  # the test's own transaction would hold the lock too
    holder = sqlite3.connect(db.engine.url.database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    replies = []
    voter = threading.Thread(target=lambda: replies.append(client.post(f"/vote/{shown}", headers=JSON)))
    try:
        assert client.post(f"/vote/{hidden}", headers=JSON).status_code == 404
        voter.start()
        voter.join(timeout=0.5)
        assert voter.is_alive() and not replies  # waiting for the lock, not refused
    finally:
        holder.execute("COMMIT")
        holder.close()
    voter.join(timeout=30)
    assert replies[0].status_code == 200 and replies[0].get_json()["changed"]
    assert _votes(db) == 1


def test_votes_read_before_the_lock_that_changed_since_are_read_again(db, voting):
    """A vote decides on the voter's votes as read before the write lock; when they changed
    meanwhile, the database refuses the stale choice and the vote is decided afresh."""
    from portal.types import utcnow
    from portal.voting.service import category_votes, cast_vote
    campaign, stories = voting
    campaign.votes_per_category = 2
    voter, now = make_user(), utcnow()
    stale = category_votes(db.session, voter, stories[0].category_id)
    cast_vote(db.session, voter, stories[0], now)          # takes slot 1 behind the stale read's back
    assert cast_vote(db.session, voter, stories[1], now, mine=stale) == (True, 0)  # slot 1 refused: slot 2
    full = category_votes(db.session, voter, stories[0].category_id)
    db.session.execute(delete(Vote).where(Vote.story_id == stories[0].id))   # frees slot 1 meanwhile
    assert cast_vote(db.session, voter, stories[2], now, mine=full) == (True, 0)   # "full" is read again
    assert sorted(db.session.execute(select(Vote.story_id, Vote.slot)).all()) == [
        (stories[1].id, 2), (stories[2].id, 1)]


def test_a_vote_takes_the_write_lock_once_and_briefly(db, login_as, voting):
    """One write transaction per vote, begun after the reads: the answer's translation after the
    commit must not reload the person under a second write lock."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the write lock is SQLite's")
    from sqlalchemy import event
    _campaign, stories = voting
    client = login_as("employee")
    story_id = stories[0].id
    begun = []

    def record(_connection, _cursor, statement, *_args):
        if statement.startswith("BEGIN"):
            begun.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        for path in (f"/vote/{story_id}", f"/vote/{story_id}/withdraw"):
            begun.clear()
            assert client.post(path, headers=JSON).get_json()["changed"]
            assert begun == ["BEGIN", "BEGIN IMMEDIATE"], path
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
