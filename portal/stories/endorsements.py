"""Endorsements ("I saw this too") and reports of stories or endorsements."""
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.stories.models import APPROVED, Endorsement, Report, Story
from portal.stories.rules import is_involved
from portal.stories.social import StoryError, discussion_changed

MAX_ENDORSEMENT = 500


def can_endorse(user, story: Story) -> bool:
    """Colleagues, not the nominator nor the nominees, may endorse an approved story once."""
    if story.status != APPROVED or story.hidden or not user.is_active:
        return False
    if user.id == story.nominator_id or is_involved(user, story):
        return False
    return all(endorsement.user_id != user.id for endorsement in story.endorsements)


def endorse(session: Session, story: Story, user: User, text: str) -> Endorsement:
    """Add "I saw this too" to an approved story."""
    text = text.strip()
    if not text:
        raise StoryError(_l("Write what you saw."), field="text")
    if len(text) > MAX_ENDORSEMENT:
        raise StoryError(_l("Keep it under %(count)d characters.", count=MAX_ENDORSEMENT), field="text")
    if any(endorsement.user_id == user.id for endorsement in story.endorsements):
        raise StoryError(_l("You have already endorsed this story."), field="text")
    if not can_endorse(user, story):
        raise StoryError(_l("You cannot endorse this story: it is yours, or about you."), field="text")
    endorsement = Endorsement(story_id=story.id, user_id=user.id, text=text)
    try:
        with session.begin_nested():
            session.add(endorsement)
            session.flush()
    except IntegrityError as error:
        raise StoryError(_l("You have already endorsed this story."), field="text") from error
    return endorsement


def report(session: Session, target_type: str, target, user: User, reason: str) -> bool:
    """Report a story or endorsement once; hides it at the threshold. Returns whether it is now hidden."""
    already = session.scalar(select(Report.id).where(Report.target_type == target_type,
                                                     Report.target_id == target.id, Report.reporter_id == user.id))
    if already is None:
        try:
            with session.begin_nested():
                session.add(Report(target_type=target_type, target_id=target.id, reporter_id=user.id,
                                   reason=reason.strip()[:500]))
                session.flush()
        except IntegrityError:
            pass  # the same person's double click
    count = session.scalar(select(func.count()).select_from(Report).where(
        Report.target_type == target_type, Report.target_id == target.id, Report.reviewed.is_(False)))
    if count >= current_app.config["REPORTS_TO_HIDE"]:
        target.hidden = True
        if target_type == "endorsement":
            discussion_changed(session, target.story_id)
        session.flush()
    return bool(target.hidden)
