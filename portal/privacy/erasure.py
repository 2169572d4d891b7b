"""Erasing a person (GDPR article 17): their account is anonymised and what they wrote is removed.

What stays, and why:

- the account row, as "Former colleague" with an undeliverable ``erased-<id>@erased.invalid``
  address, so that stories they told keep a nominator and the tallies keep their voters;
- their votes: counted in frozen results, and anonymous once the account is;
- the stories they told, with their photos (a photo belongs to the story, not to its teller);
- Hall of Fame inductions about them that HR chooses to keep (the retention job keeps them all:
  they are the company's history), still naming them as "Former colleague".

Everything else about them goes: comments, endorsements, cheers, reports they filed, password
links, every email addressed to them, and the stories about them (withdrawn, and their inductions
leave the Hall of Fame). The audit log records each decision by ids alone.
"""
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, selectinload

from portal.accounts.models import ERASED_NAME, AuthToken, User, erased_address
from portal.accounts.service import end_all_sessions
from portal.audit.models import AuditEntry, record
from portal.hall_of_fame.models import Induction
from portal.notifications.models import OutboxMessage
from portal.rules import RuleError
from portal.stories.models import WITHDRAWN, Cheer, Comment, Endorsement, Nominee, Report, Story
from portal.stories.search import refresh_search_text

#: ``keep_inductions`` that keeps every induction (the retention job's choice).
KEEP_ALL = None


class ErasureError(RuleError):
    """This person cannot be erased (by this actor); the message says why."""


@dataclass
class ErasureResult:
    """What an erasure did, by ids: shown as counts, never with the person's name."""

    person_id: int
    stories_withdrawn: list[int] = field(default_factory=list)
    inductions_kept: list[int] = field(default_factory=list)
    inductions_removed: list[int] = field(default_factory=list)
    comments_removed: int = 0
    endorsements_removed: int = 0


def erasure_refusal(person: User, actor: User | None) -> str | None:
    """Why ``actor`` (None: the retention job) may not erase ``person``, or None when they may."""
    if person.erased_at is not None:
        return _l("This person's personal data has already been erased.")
    if actor is not None and actor.id == person.id:
        return _l("You cannot erase your own account.")
    return None


@dataclass
class ErasurePreview:
    """What erasing a person would change, in numbers, for HR to read before confirming."""

    comments: int
    endorsements: int
    stories_told: int
    stories_about: int


def preview(session: Session, person: User) -> ErasurePreview:
    """The counts HR sees on the confirmation page (stories about them: those not yet withdrawn)."""
    def count(query) -> int:
        return session.scalar(select(func.count()).select_from(query.subquery()))
    return ErasurePreview(
        comments=count(select(Comment.id).where(Comment.user_id == person.id)),
        endorsements=count(select(Endorsement.id).where(Endorsement.user_id == person.id)),
        stories_told=count(select(Story.id).where(Story.nominator_id == person.id, Story.status != WITHDRAWN)),
        stories_about=count(select(Story.id).join(Nominee, Nominee.story_id == Story.id)
                            .where(Nominee.user_id == person.id, Story.status != WITHDRAWN)))


def inductions_about(session: Session, person: User) -> list[Induction]:
    """The Hall of Fame inductions of stories naming ``person``, newest campaign first."""
    return list(session.scalars(
        select(Induction).join(Nominee, Nominee.story_id == Induction.story_id)
        .where(Nominee.user_id == person.id).order_by(Induction.campaign_id.desc(), Induction.id)
        .options(selectinload(Induction.story), selectinload(Induction.campaign), selectinload(Induction.category))))


def _claim(session: Session, person: User, now: datetime) -> bool:
    """Mark the person erased unless someone already did: two erasures at once erase once."""
    claimed = session.execute(update(User).where(User.id == person.id, User.erased_at.is_(None))
                              .values(erased_at=now).execution_options(synchronize_session=False))
    return claimed.rowcount == 1


def _anonymise(session: Session, person: User) -> None:
    old_email = person.email
    person.stored_name, person.email = ERASED_NAME, erased_address(person.id)
    person.job_title = person.department = person.site = person.country = ""
    person.locale = person.timezone = person.manager_id = person.team_id = None
    person.password_hash = person.last_login_at = person.deactivated_at = None
    person.is_hr, person.active = False, False
    end_all_sessions(session, person)
    session.execute(update(User).where(User.manager_id == person.id).values(manager_id=None))
    session.execute(delete(AuthToken).where(AuthToken.user_id == person.id))
    # Sent ones too: each holds their address and their name.
    session.execute(delete(OutboxMessage).where(OutboxMessage.recipient == old_email))


def _remove_contributions(session: Session, person: User, result: ErasureResult) -> set[int]:
    """Delete what the person wrote or did on stories; returns the stories whose pages change."""
    comments = dict(session.execute(select(Comment.id, Comment.story_id).where(Comment.user_id == person.id)).all())
    endorsements = dict(session.execute(select(Endorsement.id, Endorsement.story_id)
                                        .where(Endorsement.user_id == person.id)).all())
    touched = set(comments.values()) | set(endorsements.values())
    touched |= set(session.scalars(select(Cheer.story_id).where(Cheer.user_id == person.id)))
    comment_ids, endorsement_ids = list(comments), list(endorsements)
    if comment_ids:  # HR's decisions about their comments stay, without the text they quoted
        session.execute(update(AuditEntry).where(AuditEntry.subject_type == "comment",
                                                 AuditEntry.subject_id.in_(comment_ids)).values(detail=""))
    if endorsement_ids:
        session.execute(delete(Report).where(Report.target_type == "endorsement",
                                             Report.target_id.in_(endorsement_ids)))
    session.execute(delete(Report).where(Report.reporter_id == person.id))
    session.execute(delete(Cheer).where(Cheer.user_id == person.id))
    result.comments_removed = session.execute(delete(Comment).where(Comment.user_id == person.id)).rowcount
    result.endorsements_removed = session.execute(
        delete(Endorsement).where(Endorsement.user_id == person.id)).rowcount
    return touched


def _decide_stories_about(session: Session, person: User, actor: User | None, keep_inductions: set[int] | None,
                          result: ErasureResult) -> set[int]:
    """Withdraw the stories naming the person, but for the inductions kept; returns their ids."""
    stories = list(session.scalars(select(Story).join(Nominee, Nominee.story_id == Story.id)
                                   .where(Nominee.user_id == person.id).order_by(Story.id)
                                   .options(selectinload(Story.nominee_links).selectinload(Nominee.user),
                                            selectinload(Story.team))))
    inductions = {induction.story_id: induction for induction in
                  session.scalars(select(Induction).where(Induction.story_id.in_([s.id for s in stories])))}
    for story in stories:
        induction = inductions.get(story.id)
        if induction is not None and (keep_inductions is KEEP_ALL or induction.id in keep_inductions):
            record(session, actor, "induction.kept", "induction", induction.id, f"erasure of user {person.id}")
            result.inductions_kept.append(induction.id)
        else:
            if induction is not None:
                record(session, actor, "induction.removed", "induction", induction.id,
                       f"story {story.id}; erasure of user {person.id}")
                result.inductions_removed.append(induction.id)
                session.delete(induction)
            if story.status != WITHDRAWN:
                story.status = WITHDRAWN
                record(session, actor, "story.withdrawn", "story", story.id, f"erasure of user {person.id}")
                result.stories_withdrawn.append(story.id)
            for link in story.nominee_links:
                link.active = False
        refresh_search_text(story)  # their name is no longer found, whatever the story's fate
    return {story.id for story in stories}


def erase_person(session: Session, person: User, actor: User | None, now: datetime,
                 keep_inductions: set[int] | None = KEEP_ALL) -> ErasureResult:
    """Erase ``person``'s personal data; ``actor`` is HR (None: the retention job). Flushes; the caller
    commits, once, so that a failure leaves nothing half-erased.

    ``keep_inductions`` are the ids of the inductions about the person to keep in the Hall of Fame
    (``KEEP_ALL``: every one); the other stories about them are withdrawn. Raises ``ErasureError``
    when ``erasure_refusal`` says no, or when another erasure of the same person came first.
    """
    refusal = erasure_refusal(person, actor)
    if refusal is not None:
        raise ErasureError(refusal)
    if not _claim(session, person, now):
        raise ErasureError(_l("This person's personal data has already been erased."))
    person.erased_at = now
    result = ErasureResult(person_id=person.id)
    touched = _remove_contributions(session, person, result)
    touched |= _decide_stories_about(session, person, actor, keep_inductions, result)
    touched |= set(session.scalars(select(Story.id).where(Story.nominator_id == person.id)))
    _anonymise(session, person)
    session.flush()
    if touched:  # the kept fragments of these stories' pages, the wall and the Hall of Fame are keyed on it
        session.execute(update(Story).where(Story.id.in_(sorted(touched))).values(updated_at=now)
                        .execution_options(synchronize_session=False))
    record(session, actor, "person.erased", "user", person.id,
           f"{len(result.stories_withdrawn)} stories withdrawn, {len(result.inductions_kept)} inductions kept, "
           f"{len(result.inductions_removed)} removed")
    session.flush()
    return result
