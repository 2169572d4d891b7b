"""A backup taken in the middle of a vote storm restores elsewhere with every acknowledged vote."""
import os
import subprocess
import sys

from sqlalchemy import func, select

from bench.server import ROOT, gunicorn
from portal import create_app
from portal.config import TestConfig
from portal.accounts.models import User
from portal.extensions import db as _db
from portal.voting.models import Vote
from tests.factories import PASSWORD
from tests.storm.ballot import assert_no_voter_over_the_limit, storm_ballot
from tests.storm.load import storm
from tests.test_backup import empty_database

VOTERS = 80


def test_a_backup_during_a_storm_holds_every_acknowledged_vote(app, db, database_url, tmp_path):
    story_ids, emails = storm_ballot(app, db, VOTERS)
    settled, storming = emails[:VOTERS // 2], emails[VOTERS // 2:]
    archive = tmp_path / "storm.backup"
    backups = []

    def back_up_now():
        backups.append(subprocess.run(
            [sys.executable, "-m", "flask", "--app", "app", "backup", str(archive)], cwd=ROOT, capture_output=True,
            text=True, timeout=300, env=dict(os.environ, DATABASE_URL=database_url, SECRET_KEY="storm-backup",
                                             PORTAL_UPLOAD_DIR=app.config["PORTAL_UPLOAD_DIR"])))

    with gunicorn(database_url, tmp_path / "gunicorn.log", RATELIMIT_ENABLED="false") as server:
        first = storm(server.port, settled, PASSWORD, story_ids, 2000)  # these votes stand still from here
        second = storm(server.port, storming, PASSWORD, story_ids, 4000, seed=11, midway=back_up_now)

    assert first.errors == [] and second.errors == []
    assert backups and backups[0].returncode == 0, backups[0].stderr
    assert not [status for status in second.statuses if status >= 500]
    with empty_database(database_url, tmp_path) as url:
        other = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, PORTAL_UPLOAD_DIR=str(tmp_path / "photos"))
        with other.app_context():
            restore = other.test_cli_runner().invoke(args=["restore", str(archive)])
            assert restore.exit_code == 0, restore.output
            restored = set(_db.session.execute(select(User.email, Vote.story_id)
                                               .join(User, Vote.voter_id == User.id)).all())
            assert_no_voter_over_the_limit(_db)
            total = _db.session.scalar(select(func.count()).select_from(Vote))
            _db.session.remove()
            _db.engine.dispose()
    settled_votes = {vote for vote in restored if vote[0] in set(settled)}
    assert first.acknowledged and settled_votes == first.acknowledged  # every one, and nothing else
    assert total == len(restored) >= len(first.acknowledged)

