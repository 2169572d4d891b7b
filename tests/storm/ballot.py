"""The storm's ballot and the checks shared by the storm and the fault tests."""
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.voting.models import Vote
from tests.factories import PASSWORD, make_live_campaign, make_story, make_user


def storm_ballot(app, db, voters: int):
    """A voting campaign with six stories, 2 votes per category, and ``voters`` people.

    Their passwords carry the production hash, as real accounts do, so signing
    in costs the server what it costs on the day.
    """
    campaign = make_live_campaign((-3, -1, 2, 3))
    campaign.votes_per_category = 2
    db.session.commit()
    story_ids = [make_story(campaign, title=f"Storm story {n}").id for n in range(6)]
    app.config["PASSWORD_HASH_PROFILE"] = "strong"
    try:
        strong = hash_password(PASSWORD)
    finally:
        app.config["PASSWORD_HASH_PROFILE"] = "fast"
    emails = []
    for n in range(voters):
        user = make_user(f"voter{n}@storm.example", password=None)
        user.password_hash = strong
        emails.append(user.email)
    # End the test's own transaction: on SQLite it would otherwise hold the write lock all storm long.
    db.session.commit()
    return story_ids, emails


def stored_votes(db) -> set[tuple[str, int]]:
    """(voter email, story id) of every vote in the database."""
    db.session.expire_all()
    return set(db.session.execute(select(User.email, Vote.story_id).join(User, Vote.voter_id == User.id)).all())


def assert_no_voter_over_the_limit(db) -> None:
    over = db.session.execute(select(Vote.voter_id, Vote.category_id).group_by(Vote.voter_id, Vote.category_id)
                              .having(func.count() > 2)).all()
    assert over == []


def report(result) -> None:
    answered = sum(result.statuses.values())
    print(f"\nstorm: {len(result.acknowledged)} votes standing; sign-in of every voter {result.sign_in_seconds:.1f}s; "
          f"{answered} operations in {result.seconds:.1f}s ({answered / max(result.seconds, 1e-9):.0f}/s), "
          f"statuses {dict(result.statuses)}")
