"""The winner's moment by email: each inductee and each inductee's manager is told personally, once."""
from datetime import timedelta

from sqlalchemy import select

from portal.hall_of_fame.models import Induction
from portal.scheduler import perform_moments
from portal.types import utcnow
from portal.voting.models import Vote
from tests.factories import make_live_campaign, make_story, make_team, make_user


def _won(db, story, votes=2):
    for _ in range(votes):
        db.session.add(Vote(campaign_id=story.campaign_id, category_id=story.category_id, story_id=story.id,
                            voter_id=make_user().id, slot=1))
    db.session.commit()


def _personal(mail, subject_start):
    return [message for message in mail if message.subject.startswith(subject_start)]


def test_each_inductee_and_their_manager_are_told_once_even_when_the_moment_is_performed_twice(db, mail):
    campaign = make_live_campaign((-4, -3, -2, -1))
    boss = make_user(display_name="Bea Boss")
    ada = make_user(display_name="Ada Okafor", manager_id=boss.id)
    wei = make_user(display_name="王伟", manager_id=boss.id, locale="zh_Hans")
    story = make_story(campaign, nominees=[ada, wei], title="Stayed until the heating worked")
    _won(db, story)
    make_story(campaign, nominees=[make_user(display_name="Runner Up", manager_id=boss.id)], title="Close second")
    now = utcnow()
    perform_moments(db.session, now)
    perform_moments(db.session, now + timedelta(minutes=1))  # a second scheduler, a minute later
    won = _personal(mail, "You are in the Service Stars Hall of Fame")
    assert [message.to for message in won] == [ada.email]
    assert "Stayed until the heating worked" in won[0].body and f"certificate.pdf?person={ada.id}" in won[0].body
    chinese = [message for message in mail if message.to == wei.email and "名人堂" in message.subject]
    assert len(chinese) == 1 and f"certificate.pdf?person={wei.id}" in chinese[0].body
    managers = _personal(mail, "Someone in your team is in the Service Stars Hall of Fame")
    assert [message.to for message in managers] == [boss.email]  # one email for both reports
    assert "Ada Okafor, 王伟, who report to you" in managers[0].body and "Runner Up" not in managers[0].body


def test_every_member_of_a_winning_team_is_told_and_the_team_certificate_linked(db, mail):
    campaign = make_live_campaign((-4, -3, -2, -1))
    owls = make_team("Night Owls")
    members = [make_user(team_id=owls.id) for _ in range(3)]
    make_user(team_id=owls.id, active=False)
    story = make_story(campaign, team=owls, category_index=6, title="The owls kept the lights on")
    _won(db, story)
    perform_moments(db.session, utcnow())
    won = _personal(mail, "You are in the Service Stars Hall of Fame")
    assert sorted(message.to for message in won) == sorted(member.email for member in members)
    induction = db.session.scalar(select(Induction))
    assert all(f"/hall-of-fame/{induction.id}/certificate.pdf\n" in message.body for message in won)  # the team's
