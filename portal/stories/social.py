"""Cheers and comments on stories."""
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, case, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from portal.accounts.models import User
from portal.audit.models import record
from portal.rules import RuleError
from portal.stories.models import APPROVED, Cheer, Comment, Story
from portal.types import utcnow

MAX_COMMENT = 2000


class StoryError(RuleError):
    """A cheer or comment cannot be made; the message says why."""


# Asked by every page with cheer buttons: a statement built once, through the connection, so that no
# ORM work is done per request; as an ORM ``select`` the wall and story pages lost about 0.05 of their
# benchmark ratio (bench/README.md).
_CHEER_STATE = (select(Cheer.story_id, func.count(), func.max(case((Cheer.user_id == bindparam("viewer"), 1),
                                                                   else_=0)))
                .where(Cheer.story_id.in_(bindparam("stories", expanding=True))).group_by(Cheer.story_id))


def cheer_state(session: Session, user: User, story_ids: list[int]) -> dict[int, tuple[int, bool]]:
    """Each story's cheer count and whether ``user`` is among the cheerers, in one query (stories without cheers are left out)."""
    if not story_ids:
        return {}
    rows = session.connection().execute(_CHEER_STATE, {"viewer": user.id, "stories": story_ids}).all()
    return {story_id: (count, bool(cheered)) for story_id, count, cheered in rows}


def toggle_cheer(session: Session, story: Story, user: User) -> bool:
    """Cheer a story, or take the cheer back; returns whether the person now cheers it."""
    if story.status != APPROVED or story.hidden:
        raise StoryError(_l("Only published stories can be cheered."))
    existing = session.scalar(select(Cheer).where(Cheer.story_id == story.id, Cheer.user_id == user.id))
    if existing is not None:
        session.delete(existing)
        session.flush()
        return False
    try:
        with session.begin_nested():
            session.add(Cheer(story_id=story.id, user_id=user.id))
            session.flush()
    except IntegrityError:
        pass  # the same person's double click: already cheered
    return True


def visible_comments(session: Session, story_id: int, with_hidden: bool) -> list[Comment]:
    """A story's comments, oldest first; the hidden ones too ``with_hidden`` (for HR)."""
    query = select(Comment).where(Comment.story_id == story_id).order_by(Comment.created_at, Comment.id)
    if not with_hidden:
        query = query.where(Comment.hidden.is_(False))
    return list(session.scalars(query.options(joinedload(Comment.user))))


def add_comment(session: Session, story: Story, user: User, text: str, now: datetime) -> Comment:
    """Comment on a published story (at most ``COMMENTS_PER_HOUR`` an hour)."""
    text = text.strip()
    if not text:
        raise StoryError(_l("Write a comment first."), field="text")
    if len(text) > MAX_COMMENT:
        raise StoryError(_l("Keep comments under %(count)d characters.", count=MAX_COMMENT), field="text")
    if story.status != APPROVED or story.hidden:
        raise StoryError(_l("Only published stories can be commented on."), field="text")
    limit = current_app.config["COMMENTS_PER_HOUR"]
    recent = session.scalar(select(func.count()).select_from(Comment).where(
        Comment.user_id == user.id, Comment.created_at > now - timedelta(hours=1)))
    if recent >= limit:
        raise StoryError(_l("You have written %(count)d comments in the last hour. Please wait a little.",
                            count=limit), field="text")
    comment = Comment(story_id=story.id, user_id=user.id, text=text, created_at=now)
    session.add(comment)
    session.flush()
    return comment


def discussion_changed(session: Session, story_id: int) -> None:
    """A comment or endorsement of the story was hidden or shown again: move the story's ``updated_at``,
    which the kept fragments of its page are keyed on (a new one changes their count instead)."""
    session.execute(update(Story).where(Story.id == story_id).values(updated_at=utcnow()))


def set_comment_hidden(session: Session, comment: Comment, hr: User, hidden: bool) -> None:
    """HR hides a comment from everyone (or shows it again); audited."""
    comment.hidden, comment.hidden_by_id = hidden, hr.id if hidden else None
    discussion_changed(session, comment.story_id)
    record(session, hr, "comment.hidden" if hidden else "comment.shown", "comment", comment.id, comment.text[:200])
    session.flush()
