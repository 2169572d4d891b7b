"""HR's moderation: approving and rejecting stories, reviewing reports; each decision audited and emailed."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.audit.models import record
from portal.notifications import mail
from portal.rules import RuleError
from portal.stories.models import APPROVED, PENDING, REJECTED, Endorsement, Report, Story
from portal.stories.social import discussion_changed
from portal.urls import external_url


class ModerationError(RuleError):
    """A moderation decision cannot be made; the message says why."""


def pending_stories(session: Session, limit: int = 200) -> list[Story]:
    """Stories waiting for a decision, oldest first."""
    return list(session.scalars(select(Story).where(Story.status == PENDING)
                                .order_by(Story.created_at, Story.id).limit(limit)))


def _recipients(story: Story) -> list[User]:
    people = [story.nominator] + story.nominees
    if story.team is not None:
        people += [member for member in story.team.members if member.active]
    unique = {person.id: person for person in people if person.active}
    return list(unique.values())


def approve(session: Session, story: Story, hr: User | None, now: datetime) -> None:
    """Publish a story and email its nominator and nominees (once each)."""
    if story.status != PENDING:
        raise ModerationError(_l("Only a pending story can be approved."))
    story.status, story.decided_at = APPROVED, now
    story.decided_by_id = hr.id if hr else None
    session.flush()
    record(session, hr, "story.approved", "story", story.id,
           "auto-approved" if hr is None else story.title)
    link = external_url("stories.story", story_id=story.id)
    for person in _recipients(story):
        if person.id == story.nominator_id:
            template, subject = "story_approved_nominator", _l("Your Service Stars story is published")
        else:
            template, subject = "story_approved_nominee", _l("You have been nominated as a Service Star")
        mail.queue(session, mail.render_message(
            person.email, subject, template, person.locale, person.timezone,
            person=person, story=story, link=link), dedupe_key=f"story:{story.id}:approved:{person.id}")


def reject(session: Session, story: Story, hr: User, reason: str, now: datetime) -> None:
    """Decline a story with a reason the nominator is told."""
    reason = reason.strip()
    if not reason:
        raise ModerationError(_l("Tell the nominator why the story is not published."))
    if story.status != PENDING:
        raise ModerationError(_l("Only a pending story can be rejected."))
    story.status, story.rejection_reason = REJECTED, reason[:1000]
    story.decided_at, story.decided_by_id = now, hr.id
    session.flush()
    record(session, hr, "story.rejected", "story", story.id, reason)
    nominator = story.nominator
    mail.queue(session, mail.render_message(
        nominator.email, _l("About your Service Stars story"), "story_rejected", nominator.locale, nominator.timezone,
        person=nominator, story=story, reason=reason,
        link=external_url("nominations.mine")), dedupe_key=f"story:{story.id}:rejected:{story.decided_at.isoformat()}")


def bulk_approve(session: Session, ids: list[int], hr: User, now: datetime) -> int:
    """Approve every pending story among ``ids``; returns how many."""
    stories = list(session.scalars(select(Story).where(Story.id.in_(ids), Story.status == PENDING)))
    for story in stories:
        approve(session, story, hr, now)
    return len(stories)


def reported_items(session: Session) -> list[tuple[str, object, int]]:
    """Hidden stories and endorsements waiting for HR's review, with their open report counts."""
    items = []
    for target_type, model in (("story", Story), ("endorsement", Endorsement)):
        counts = (select(Report.target_id, func.count().label("reports"))
                  .where(Report.target_type == target_type, Report.reviewed.is_(False))
                  .group_by(Report.target_id).subquery())
        rows = session.execute(select(model, func.coalesce(counts.c.reports, 0))
                               .outerjoin(counts, counts.c.target_id == model.id)
                               .where(model.hidden.is_(True)).order_by(model.id))
        items += [(target_type, target, count) for target, count in rows.tuples()]
    return items


def review_report(session: Session, target_type: str, target, hr: User, keep: bool, now: datetime) -> None:
    """Restore a hidden item (``keep``) or take it down for good; the reports are closed."""
    if keep:
        target.hidden = False
        if target_type == "endorsement":
            discussion_changed(session, target.story_id)
    elif target_type == "story":
        target.status, target.rejection_reason = REJECTED, str(_l("Removed after colleagues reported it."))
        target.decided_at, target.decided_by_id = now, hr.id
    session.execute(update(Report).where(Report.target_type == target_type, Report.target_id == target.id)
                    .values(reviewed=True))
    record(session, hr, f"{target_type}.{'restored' if keep else 'removed'}", target_type, target.id)
    session.flush()
