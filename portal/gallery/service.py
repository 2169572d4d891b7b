"""The story wall, the Hall of Fame gallery, cheers, comments and the daily spotlight.

Queries are shaped for 100,000 stories: keyset pagination on (created_at, id)
over the ``ix_nominations_wall`` index, filters as EXISTS sub-queries, and
per-page aggregates for the cards in one GROUP BY each.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, bindparam, exists, func, or_, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload

from portal.accounts.models import User
from portal.audit.models import record
from portal.campaigns.calendar import csw_week
from portal.campaigns.models import Campaign, Category
from portal.extensions import cache
from portal.gallery.models import Cheer, Comment
from portal.nominations import search
from portal.nominations.models import APPROVED, Nomination, Nominee
from portal.rules import RuleError
from portal.voting.models import Induction

PAGE_SIZE = 24
MAX_COMMENT = 2000


class GalleryError(RuleError):
    """A cheer or comment cannot be made; the message says why."""


@dataclass
class WallFilter:
    """The wall's and gallery's filters."""

    q: str = ""
    year: int | None = None
    category: str = ""
    department: str = ""
    site: str = ""
    country: str = ""

    def is_empty(self) -> bool:
        """Whether nothing narrows the list."""
        return not (self.q or self.year or self.category or self.department or self.site or self.country)


def _person_filter(filters: WallFilter):
    conditions = [getattr(User, name) == getattr(filters, name) for name in ("department", "site", "country")
                  if getattr(filters, name)]
    if not conditions:
        return None
    return exists(select(Nominee.id).join(User, Nominee.user_id == User.id)
                  .where(Nominee.nomination_id == Nomination.id, *conditions))


def _apply_filters(session: Session, query, filters: WallFilter):
    if filters.year:
        query = query.where(Nomination.campaign_id.in_(select(Campaign.id).where(Campaign.year == filters.year)))
    if filters.category:
        query = query.where(Nomination.category_id.in_(select(Category.id).where(Category.name == filters.category)))
    people = _person_filter(filters)
    if people is not None:
        query = query.where(people)
    if filters.q:
        query = query.where(search.matching(session, filters.q))
    return query


def wall(session: Session, filters: WallFilter, after: tuple[datetime, int] | None = None,
         limit: int = PAGE_SIZE) -> tuple[list[Nomination], tuple[datetime, int] | None]:
    """Approved stories, newest first, one page; and the key of the next page."""
    query = select(Nomination).where(Nomination.status == APPROVED, Nomination.hidden.is_(False))
    query = _apply_filters(session, query, filters)
    if after is not None:
        created, last_id = after
        query = query.where(or_(Nomination.created_at < created,
                                and_(Nomination.created_at == created, Nomination.id < last_id)))
    query = (query.order_by(Nomination.created_at.desc(), Nomination.id.desc()).limit(limit + 1)
             .options(selectinload(Nomination.nominee_links).selectinload(Nominee.user),
                      joinedload(Nomination.category), joinedload(Nomination.campaign),
                      joinedload(Nomination.team)))
    stories = list(session.scalars(query))
    if len(stories) > limit:
        stories = stories[:limit]
        return stories, (stories[-1].created_at, stories[-1].id)
    return stories, None


def content_stamp(session: Session) -> tuple:
    """What changes whenever the wall or the Hall of Fame would: the last change to any story, the last induction.

    Every change to a story (approval, edit, hiding, withdrawal) moves its
    ``updated_at``; both maxima are read from an index.
    """
    return tuple(session.execute(select(func.max(Nomination.updated_at),
                                        select(func.max(Induction.id)).scalar_subquery())).one())


# Asked for every page with cheer buttons: a fixed statement through the connection, so that
# neither building nor caching the SQL nor the ORM's row handling costs anything per request.
_CHEER_STATE = text(
    "SELECT nomination_id, count(*), max(CASE WHEN user_id = :viewer THEN 1 ELSE 0 END) FROM cheers"
    " WHERE nomination_id IN :stories GROUP BY nomination_id").bindparams(bindparam("stories", expanding=True))


def cheer_state(session: Session, user: User, story_ids: list[int]) -> dict[int, tuple[int, bool]]:
    """Each story's cheer count and whether ``user`` is among the cheerers, in one query (stories without cheers are left out)."""
    if not story_ids:
        return {}
    rows = session.connection().execute(_CHEER_STATE, {"viewer": user.id, "stories": story_ids}).all()
    return {story_id: (count, bool(cheered)) for story_id, count, cheered in rows}


def toggle_cheer(session: Session, nomination: Nomination, user: User) -> bool:
    """Cheer a story, or take the cheer back; returns whether the person now cheers it."""
    if nomination.status != APPROVED or nomination.hidden:
        raise GalleryError(_l("Only published stories can be cheered."))
    existing = session.scalar(select(Cheer).where(Cheer.nomination_id == nomination.id, Cheer.user_id == user.id))
    if existing is not None:
        session.delete(existing)
        session.flush()
        return False
    try:
        with session.begin_nested():
            session.add(Cheer(nomination_id=nomination.id, user_id=user.id))
            session.flush()
    except IntegrityError:
        pass  # the same person's double click: already cheered
    return True


def visible_comments(session: Session, nomination: Nomination, viewer) -> list[Comment]:
    """Comments, oldest first; hidden ones only for HR."""
    query = select(Comment).where(Comment.nomination_id == nomination.id).order_by(Comment.created_at, Comment.id)
    if not getattr(viewer, "is_hr", False):
        query = query.where(Comment.hidden.is_(False))
    return list(session.scalars(query.options(selectinload(Comment.user))))


def add_comment(session: Session, nomination: Nomination, user: User, text: str, now: datetime) -> Comment:
    """Comment on a published story (at most ``COMMENTS_PER_HOUR`` an hour)."""
    text = text.strip()
    if not text:
        raise GalleryError(_l("Write a comment first."), field="text")
    if len(text) > MAX_COMMENT:
        raise GalleryError(_l("Keep comments under %(count)d characters.", count=MAX_COMMENT), field="text")
    if nomination.status != APPROVED or nomination.hidden:
        raise GalleryError(_l("Only published stories can be commented on."), field="text")
    limit = current_app.config["COMMENTS_PER_HOUR"]
    recent = session.scalar(select(func.count()).select_from(Comment).where(
        Comment.user_id == user.id, Comment.created_at > now - timedelta(hours=1)))
    if recent >= limit:
        raise GalleryError(_l("You have written %(count)d comments in the last hour. Please wait a little.",
                              count=limit), field="text")
    comment = Comment(nomination_id=nomination.id, user_id=user.id, text=text, created_at=now)
    session.add(comment)
    session.flush()
    return comment


def set_comment_hidden(session: Session, comment: Comment, hr: User, hidden: bool) -> None:
    """HR hides a comment from everyone (or shows it again); audited."""
    comment.hidden, comment.hidden_by_id = hidden, hr.id if hidden else None
    record(session, hr, "comment.hidden" if hidden else "comment.shown", "comment", comment.id, comment.text[:200])
    session.flush()


def hall_of_fame(session: Session, filters: WallFilter) -> list[Induction]:
    """Inductees, newest year first, filtered like the wall."""
    query = (select(Induction).join(Nomination, Induction.nomination_id == Nomination.id)
             .join(Campaign, Induction.campaign_id == Campaign.id))
    query = _apply_filters(session, query, filters)
    query = query.order_by(Campaign.year.desc(), Induction.category_id, Induction.id).options(
        selectinload(Induction.nomination).selectinload(Nomination.nominee_links).selectinload(Nominee.user),
        selectinload(Induction.nomination).selectinload(Nomination.team),
        selectinload(Induction.category), selectinload(Induction.campaign))
    return list(session.scalars(query))


def certificate_name(induction: Induction, person_id: int | None) -> str | None:
    """The name a certificate of ``induction`` is made out to, or None when there is no such certificate.

    A team's induction has one certificate, for the team; a story about people has one for each
    nominee (``person_id``). Every signed-in person may download them: the Hall of Fame is public
    within the organisation, and HR prints them for the ceremony.
    """
    story = induction.nomination
    if story.team is not None:
        return story.team.name
    return next((person.display_name for person in story.nominees if person.id == person_id), None)


def filter_options(session: Session) -> dict[str, list]:
    """Years, category names, departments, sites and countries to offer.

    Kept for ``FILTER_OPTIONS_CACHE_SECONDS``: listing the departments, sites
    and countries reads the whole directory, and they change only when it does.
    """
    lifetime = current_app.config["FILTER_OPTIONS_CACHE_SECONDS"]
    options = cache.get("filter-options") if lifetime else None
    if options is None:
        options = _read_filter_options(session)
        if lifetime:
            cache.set("filter-options", options, timeout=lifetime)
    return options


def _read_filter_options(session: Session) -> dict[str, list]:
    def distinct(column, *where):
        return [value for value in session.scalars(select(column).where(*where).distinct().order_by(column)) if value]
    return {"years": sorted(distinct(Campaign.year), reverse=True), "categories": distinct(Category.name),
            "departments": distinct(User.department, User.active.is_(True)),
            "sites": distinct(User.site, User.active.is_(True)),
            "countries": distinct(User.country, User.active.is_(True))}


def spotlight(session: Session, now: datetime) -> Nomination | None:
    """During Customer Service Week, a different approved story of the week's campaign each day."""
    monday, friday = csw_week(now.year)
    today = now.date()
    if not monday <= today <= friday:
        return None
    campaign = session.scalar(select(Campaign).where(Campaign.year == now.year))
    if campaign is None:
        return None
    ids = list(session.scalars(select(Nomination.id).where(
        Nomination.campaign_id == campaign.id, Nomination.status == APPROVED, Nomination.hidden.is_(False))
        .order_by(Nomination.id)))
    if not ids:
        return None
    # Spread the five days over the list, so each day shows another story.
    day = (today - monday).days
    return session.get(Nomination, ids[(day * max(len(ids) // 5, 1)) % len(ids)])
