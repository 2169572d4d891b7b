"""The Friday-noon vote storm: the real app under gunicorn, hundreds of voters at once.

`make storm` runs it bigger (STORM_VOTERS, STORM_OPERATIONS).
"""
import os

import pytest
from sqlalchemy import func, select

from portal.voting.models import Vote
from tests.factories import PASSWORD
from bench.server import gunicorn
from tests.storm.ballot import assert_no_voter_over_the_limit, report, storm_ballot, stored_votes
from tests.storm.load import storm

VOTERS = int(os.environ.get("STORM_VOTERS", "200"))
OPERATIONS = int(os.environ.get("STORM_OPERATIONS", "20000"))


@pytest.fixture
def server(database_url, tmp_path):
    """gunicorn with 2 workers of 8 threads, rate limits off so that only the rules refuse votes."""
    with gunicorn(database_url, tmp_path / "gunicorn.log", RATELIMIT_ENABLED="false") as live:
        yield live


def test_vote_storm_counts_every_accepted_vote_exactly_once(app, db, server):
    story_ids, emails = storm_ballot(app, db, VOTERS)

    result = storm(server.port, emails, PASSWORD, story_ids, OPERATIONS)

    report(result)
    assert result.errors == []
    assert sum(result.statuses.values()) >= OPERATIONS - VOTERS
    assert not [status for status in result.statuses if status >= 500], result.statuses
    assert result.statuses[409] > 0  # duplicates and over-limit attempts happened
    db.session.expire_all()
    counts = dict(db.session.execute(select(Vote.story_id, func.count()).group_by(Vote.story_id)).all())
    assert {story_id: counts.get(story_id, 0) for story_id in story_ids} == \
        {story_id: result.net.get(story_id, 0) for story_id in story_ids}
    assert_no_voter_over_the_limit(db)
    assert result.acknowledged <= stored_votes(db)  # every vote a voter was last told about is there
    text = server.log.read_text()
    assert "database is locked" not in text and "Traceback" not in text
