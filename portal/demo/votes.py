"""Votes for the demo's past campaigns, and their announced winners."""
import random

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.campaigns.models import Campaign
from portal.stories.models import APPROVED, Story
from portal.stories.rules import is_involved
from portal.voting.models import Vote
from portal.hall_of_fame.service import announce


def seed_votes(session: Session, campaigns: list[Campaign]) -> int:
    """Let most demo people vote in each past campaign, then announce it; returns the votes cast."""
    rng = random.Random(4242)
    people = list(session.scalars(select(User).where(User.active.is_(True)).order_by(User.id)))
    total = 0
    for campaign in campaigns:
        stories = list(session.scalars(select(Story).where(Story.campaign_id == campaign.id,
                                                           Story.status == APPROVED)))
        rows = []
        for voter in people:
            if rng.random() < 0.2:  # not everybody votes
                continue
            for category in campaign.open_categories:
                choices = [story for story in stories
                           if story.category_id == category.id and not is_involved(voter, story)]
                if choices:
                    # Earlier stories gather more votes, so each category has a clear favourite or two.
                    story = choices[min(int(rng.expovariate(1.2)), len(choices) - 1)]
                    rows.append({"campaign_id": campaign.id, "category_id": category.id, "story_id": story.id,
                                 "voter_id": voter.id, "slot": 1, "created_at": campaign.voting_open_at})
        if rows:
            session.execute(insert(Vote), rows)
        total += len(rows)
        announce(session, campaign)
    return total
