"""Many people voting at once, several requests per person racing: every vote counts exactly once."""
import random
import threading
from collections import Counter

from sqlalchemy import func, select

from portal.voting.models import Vote
from tests.conftest import sign_in
from tests.factories import make_live_campaign, make_story, make_user

VOTERS, THREADS_PER_VOTER, OPERATIONS = 8, 4, 25
JSON = {"Accept": "application/json"}


def test_concurrent_casts_and_withdrawals_count_exactly_once(app, db):
    campaign = make_live_campaign((-3, -1, 2, 3))
    # One vote each: two racing requests that both took "the free slot" would show at once.
    campaign.votes_per_category = 1
    db.session.commit()
    stories = [make_story(campaign, title=f"Story {n}") for n in range(4)]  # one category, 4 stories
    story_ids = [story.id for story in stories]
    voters = [make_user() for _ in range(VOTERS)]
    clients = {}
    for voter in voters:
        for thread in range(THREADS_PER_VOTER):
            client = app.test_client()
            sign_in(client, voter)
            clients[(voter.id, thread)] = client
    db.session.commit()

    lock = threading.Lock()
    net = Counter()          # story id -> accepted casts minus accepted withdrawals
    statuses = Counter()
    failures = []

    def run(key):
        rng = random.Random(hash(key))
        client = clients[key]
        for _ in range(OPERATIONS):
            story_id = rng.choice(story_ids[:3])  # mostly the same few stories: duplicates and over-limit
            action = "withdraw" if rng.random() < 0.35 else "cast"
            url = f"/vote/{story_id}" + ("/withdraw" if action == "withdraw" else "")
            try:
                response = client.post(url, headers=JSON)
                reply = response.get_json(silent=True) or {}
            except Exception as error:  # recorded and asserted below
                failures.append(repr(error))
                continue
            with lock:
                statuses[response.status_code] += 1
                if response.status_code == 200 and reply.get("changed"):
                    net[story_id] += 1 if action == "cast" else -1

    threads = [threading.Thread(target=run, args=(key,)) for key in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert failures == []
    assert set(statuses) <= {200, 409}, statuses
    assert statuses[409] > 0  # over-limit attempts really happened
    db.session.expire_all()
    counts = dict(db.session.execute(select(Vote.story_id, func.count()).group_by(Vote.story_id)).all())
    assert {story_id: counts.get(story_id, 0) for story_id in story_ids} == \
        {story_id: net.get(story_id, 0) for story_id in story_ids}
    per_voter = db.session.execute(select(Vote.voter_id, func.count()).group_by(Vote.voter_id)).all()
    assert all(count <= 1 for _voter, count in per_voter), per_voter
