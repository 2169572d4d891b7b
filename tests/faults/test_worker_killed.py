"""A web worker killed with SIGKILL in the middle of the vote storm loses no acknowledged vote."""
import os
import signal

from tests.factories import PASSWORD
from bench.server import gunicorn
from tests.storm.ballot import assert_no_voter_over_the_limit, report, storm_ballot, stored_votes
from tests.storm.load import storm

VOTERS = 60
OPERATIONS = 3000


def test_acknowledged_votes_survive_a_worker_killed_mid_storm(app, db, database_url, tmp_path):
    story_ids, emails = storm_ballot(app, db, VOTERS)
    killed = []
    with gunicorn(database_url, tmp_path / "gunicorn.log", RATELIMIT_ENABLED="false") as server:

        def kill_a_worker():
            victim = server.worker_pids()[0]
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

        result = storm(server.port, emails, PASSWORD, story_ids, OPERATIONS, midway=kill_a_worker)
        workers_after = server.worker_pids()

    report(result)
    assert killed and killed[0] not in workers_after and len(workers_after) == 2  # gunicorn replaced it
    # Requests cut off by the kill were retried on a fresh connection; none was lost or failed.
    assert result.errors == []
    assert not [status for status in result.statuses if status >= 500], result.statuses
    assert result.acknowledged <= stored_votes(db)
    assert_no_voter_over_the_limit(db)
