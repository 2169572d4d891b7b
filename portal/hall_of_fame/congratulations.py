"""The winner's moment by email: each inductee hears "you are in the Hall of Fame", with their story and
certificate, and so does each inductee's manager (from the directory).

Queued by the announcement inside its claim (``campaigns.tasks.claim_event``), so once even with two
schedulers; each message also carries a dedupe key, (induction, person) and (induction, manager).
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.hall_of_fame.models import Induction
from portal.notifications import mail
from portal.urls import external_url


def certificate_person(induction: Induction, user: User) -> int | None:
    """The ``person`` that names ``user``'s own certificate of ``induction`` (see
    ``service.certificate_name``): None for a team's induction, whose one certificate is the team's."""
    return None if induction.story.team is not None else user.id


def inductees(induction: Induction) -> list[User]:
    """The active people an induction honours: the story's nominees, or every member of its team."""
    story = induction.story
    people = story.team.members if story.team is not None else story.nominees
    return [person for person in people if person.active]


def congratulate(session: Session, inductions: list[Induction]) -> int:
    """Queue the personal emails of freshly made ``inductions``; returns how many were queued."""
    queued = 0
    for induction in inductions:
        story = induction.story
        link = external_url("stories.story", story_id=story.id)
        people = inductees(induction)
        for person in people:
            certificate = external_url("hall_of_fame.certificate", induction_id=induction.id,
                                       person=certificate_person(induction, person))
            mail.queue(session, mail.render_message(
                person.email, _l("You are in the Service Stars Hall of Fame"), "inductee", person.locale,
                person.timezone, person=person, induction=induction, story=story, link=link,
                certificate=certificate), dedupe_key=f"induction:{induction.id}:inductee:{person.id}")
            queued += 1
        honoured = {person.id for person in people}
        reports: dict[int, list[User]] = {}
        for person in people:
            manager = person.manager
            if manager is not None and manager.active and manager.id not in honoured:
                reports.setdefault(manager.id, []).append(person)
        for manager_id, team in reports.items():
            manager = team[0].manager
            mail.queue(session, mail.render_message(
                manager.email, _l("Someone in your team is in the Service Stars Hall of Fame"), "inductee_manager",
                manager.locale, manager.timezone, manager=manager, reports=team, induction=induction, story=story,
                link=link),
                dedupe_key=f"induction:{induction.id}:manager:{manager_id}")
            queued += 1
    return queued
