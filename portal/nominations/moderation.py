"""HR's moderation: approving and rejecting stories, reviewing reports; each decision audited and emailed."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.audit.models import record
from portal.notifications import mail
from portal.rules import RuleError
from portal.stories.models import APPROVED, PENDING, REJECTED, Endorsement, Nomination, Report
from portal.stories.social import discussion_changed
from portal.urls import external_url


class ModerationError(RuleError):
    """A moderation decision cannot be made; the message says why."""


def pending_stories(session: Session, limit: int = 200) -> list[Nomination]:
    """Stories waiting for a decision, oldest first."""
    return list(session.scalars(select(Nomination).where(Nomination.status == PENDING)
                                .order_by(Nomination.created_at, Nomination.id).limit(limit)))


def _recipients(nomination: Nomination) -> list[User]:
    people = [nomination.nominator] + nomination.nominees
    if nomination.team is not None:
        people += [member for member in nomination.team.members if member.active]
    unique = {person.id: person for person in people if person.active}
    return list(unique.values())


def approve(session: Session, nomination: Nomination, hr: User | None, now: datetime) -> None:
    """Publish a story and email its nominator and nominees (once each)."""
    if nomination.status != PENDING:
        raise ModerationError(_l("Only a pending story can be approved."))
    nomination.status, nomination.decided_at = APPROVED, now
    nomination.decided_by_id = hr.id if hr else None
    session.flush()
    record(session, hr, "story.approved", "story", nomination.id,
           "auto-approved" if hr is None else nomination.title)
    link = external_url("stories.story", story_id=nomination.id)
    for person in _recipients(nomination):
        if person.id == nomination.nominator_id:
            template, subject = "story_approved_nominator", _l("Your Service Stars story is published")
        else:
            template, subject = "story_approved_nominee", _l("You have been nominated as a Service Star")
        mail.queue(session, mail.render_message(
            person.email, subject, template, person.locale,
            person=person, nomination=nomination, link=link), dedupe_key=f"story:{nomination.id}:approved:{person.id}")


def reject(session: Session, nomination: Nomination, hr: User, reason: str, now: datetime) -> None:
    """Decline a story with a reason the nominator is told."""
    reason = reason.strip()
    if not reason:
        raise ModerationError(_l("Tell the nominator why the story is not published."))
    if nomination.status != PENDING:
        raise ModerationError(_l("Only a pending story can be rejected."))
    nomination.status, nomination.rejection_reason = REJECTED, reason[:1000]
    nomination.decided_at, nomination.decided_by_id = now, hr.id
    session.flush()
    record(session, hr, "story.rejected", "story", nomination.id, reason)
    nominator = nomination.nominator
    mail.queue(session, mail.render_message(
        nominator.email, _l("About your Service Stars story"), "story_rejected", nominator.locale,
        person=nominator, nomination=nomination, reason=reason,
        link=external_url("nominations.mine")), dedupe_key=f"story:{nomination.id}:rejected:{nomination.decided_at.isoformat()}")


def bulk_approve(session: Session, ids: list[int], hr: User, now: datetime) -> int:
    """Approve every pending story among ``ids``; returns how many."""
    stories = list(session.scalars(select(Nomination).where(Nomination.id.in_(ids), Nomination.status == PENDING)))
    for story in stories:
        approve(session, story, hr, now)
    return len(stories)


def reported_items(session: Session) -> list[tuple[str, object, int]]:
    """Hidden stories and endorsements waiting for HR's review, with their open report counts."""
    items = []
    for target_type, model in (("story", Nomination), ("endorsement", Endorsement)):
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
            discussion_changed(session, target.nomination_id)
    elif target_type == "story":
        target.status, target.rejection_reason = REJECTED, str(_l("Removed after colleagues reported it."))
        target.decided_at, target.decided_by_id = now, hr.id
    session.execute(update(Report).where(Report.target_type == target_type, Report.target_id == target.id)
                    .values(reviewed=True))
    record(session, hr, f"{target_type}.{'restored' if keep else 'removed'}", target_type, target.id)
    session.flush()
