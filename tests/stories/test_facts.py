"""A story's facts answer every rule about a viewer exactly as the story itself does."""
import pytest

from portal.stories.endorsements import can_endorse
from portal.stories.facts import story_facts
from portal.stories.rules import can_edit, can_see, is_involved
from portal.types import utcnow
from portal.voting.service import can_vote
from tests.factories import make_endorsement, make_hr, make_live_campaign, make_story, make_team, make_user

PHASES = {"nominating": (-1, 2, 4, 5), "voting": (-3, -1, 2, 3), "announced": (-5, -4, -3, -2)}


@pytest.mark.parametrize("phase", sorted(PHASES))
@pytest.mark.parametrize("status,hidden", [("approved", False), ("approved", True), ("pending", False)])
def test_facts_and_story_agree_for_every_viewer(db, phase, status, hidden):
    campaign = make_live_campaign(PHASES[phase])
    team = make_team()
    nominator, nominee, teammate, endorser, colleague, hr = (make_user(), make_user(), make_user(team_id=team.id),
                                                             make_user(), make_user(), make_hr())
    people_story = make_story(campaign, nominator=nominator, nominees=[nominee], status=status, hidden=hidden)
    team_story = make_story(campaign, nominator=nominator, team=team, nominees=[], status=status, hidden=hidden,
                            category_index=6)
    for story in (people_story, team_story):
        make_endorsement(story, endorser)
    db.session.commit()
    now = utcnow()
    for story in (people_story, team_story):
        for viewer in (nominator, nominee, teammate, endorser, colleague, hr):
            facts = story_facts(db.session, viewer.id, story.id)
            assert facts.updated_at == story.updated_at
            for rule in (can_see, is_involved, can_endorse):
                assert rule(viewer, facts) == rule(viewer, story), (rule.__name__, viewer, story.title)
            for rule in (can_edit, can_vote):
                assert rule(viewer, facts, now) == rule(viewer, story, now), (rule.__name__, viewer, story.title)


def test_no_facts_for_a_story_that_does_not_exist(db):
    assert story_facts(db.session, make_user().id, 999_999) is None
