"""The Friday-noon vote storm: the real app under gunicorn, hundreds of voters at once.

`make storm` runs it bigger (STORM_VOTERS, STORM_OPERATIONS).
"""
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.voting.models import Vote
from tests.factories import PASSWORD, make_live_campaign, make_story, make_user
from tests.storm.load import storm

ROOT = Path(__file__).resolve().parents[2]
VOTERS = int(os.environ.get("STORM_VOTERS", "200"))
# `make test` runs a shorter storm; `make storm` runs the full one (20,000 operations or more).
OPERATIONS_DEFAULT = "4000"
OPERATIONS = int(os.environ.get("STORM_OPERATIONS", OPERATIONS_DEFAULT))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(database_url, tmp_path):
    """gunicorn with 2 workers on 127.0.0.1, on the test database; stopped at the end."""
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY=secrets.token_urlsafe(32),
               PORTAL_BASE_URL=f"http://127.0.0.1:{port}", RATELIMIT_ENABLED="false", MAIL_BACKEND="memory")
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--worker-class", "gthread", "--threads", "8",
             "--bind", f"127.0.0.1:{port}", "--timeout", "120", "app:app"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("gunicorn did not start:\n" + log.read_text())
                time.sleep(0.3)
        yield port, log
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def test_vote_storm_counts_every_accepted_vote_exactly_once(db, server):
    campaign = make_live_campaign((-3, -1, 2, 3))
    campaign.votes_per_category = 2
    db.session.commit()
    stories = [make_story(campaign, title=f"Storm story {n}") for n in range(6)]
    emails = [make_user(f"voter{n}@storm.example").email for n in range(VOTERS)]
    story_ids = [story.id for story in stories]
    # End the test's own transaction: on SQLite it would otherwise hold the write lock all storm long.
    db.session.commit()
    port, log = server

    result = storm(port, emails, PASSWORD, story_ids, OPERATIONS)

    print(f"\nstorm: {sum(result.statuses.values())} requests in {result.seconds:.1f}s "
          f"({sum(result.statuses.values()) / max(result.seconds, 1e-9):.0f}/s), statuses {dict(result.statuses)}")
    assert result.errors == []
    assert sum(result.statuses.values()) >= OPERATIONS - VOTERS
    assert not [status for status in result.statuses if status >= 500], result.statuses
    assert result.statuses[409] > 0  # over-limit attempts happened
    db.session.expire_all()
    counts = dict(db.session.execute(select(Vote.nomination_id, func.count()).group_by(Vote.nomination_id)).all())
    assert {story_id: counts.get(story_id, 0) for story_id in story_ids} == \
        {story_id: result.net.get(story_id, 0) for story_id in story_ids}
    over = db.session.execute(select(Vote.voter_id).group_by(Vote.voter_id).having(func.count() > 2)).all()
    assert over == []
    stored = set(db.session.execute(select(User.email, Vote.nomination_id).join(User, Vote.voter_id == User.id)).all())
    assert result.acknowledged <= stored  # every vote a voter was last told about is there
    text = log.read_text()
    assert "database is locked" not in text and "Traceback" not in text
