"""The story wall: every approved story, newest first, filtered and searched; the daily spotlight.

Queries are shaped for 100,000 stories: keyset pagination on (created_at, id)
over the ``ix_stories_wall`` index, filters as EXISTS sub-queries, and
per-page aggregates for the cards in one GROUP BY each. The Hall of Fame
filters its inductees with the same ``WallFilter``.
"""
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from portal.accounts.models import User
from portal.campaigns.models import Campaign, Category
from portal.campaigns.service import LIVE_PHASES
from portal.fragments import cache_get, cache_set, kept, render_shared
from portal.params import small_int
from portal.stories import search
from portal.stories.models import APPROVED, Nominee, Story

PAGE_SIZE = 24


@dataclass
class WallFilter:
    """The filters of the wall and of the Hall of Fame."""

    q: str = ""
    year: int | None = None
    category: str = ""
    department: str = ""
    site: str = ""
    country: str = ""

    @classmethod
    def from_args(cls, args) -> "WallFilter":
        """The filters a page's query string asks for; anything odd is simply absent."""
        return cls(q=args.get("q", "")[:100].strip(), year=small_int(args.get("year")),
                   category=args.get("category", "")[:80], department=args.get("department", "")[:120],
                   site=args.get("site", "")[:120], country=args.get("country", "")[:2])

    def is_empty(self) -> bool:
        """Whether nothing narrows the list."""
        return not (self.q or self.year or self.category or self.department or self.site or self.country)


def _person_filter(filters: WallFilter):
    conditions = [getattr(User, name) == getattr(filters, name) for name in ("department", "site", "country")
                  if getattr(filters, name)]
    if not conditions:
        return None
    return exists(select(Nominee.id).join(User, Nominee.user_id == User.id)
                  .where(Nominee.story_id == Story.id, *conditions))


def apply_filters(session: Session, query, filters: WallFilter):
    """``query`` (of stories, or of rows joined to them) narrowed to what ``filters`` ask for."""
    if filters.year:
        query = query.where(Story.campaign_id.in_(select(Campaign.id).where(Campaign.year == filters.year)))
    if filters.category:
        query = query.where(Story.category_id.in_(select(Category.id).where(Category.name == filters.category)))
    people = _person_filter(filters)
    if people is not None:
        query = query.where(people)
    if filters.q:
        query = query.where(search.matching(session, filters.q))
    return query


def wall(session: Session, filters: WallFilter, after: tuple[datetime, int] | None = None,
         limit: int = PAGE_SIZE) -> tuple[list[Story], tuple[datetime, int] | None]:
    """Approved stories, newest first, one page; and the key of the next page."""
    query = select(Story).where(Story.status == APPROVED, Story.hidden.is_(False))
    query = apply_filters(session, query, filters)
    if after is not None:
        created, last_id = after
        query = query.where(or_(Story.created_at < created,
                                and_(Story.created_at == created, Story.id < last_id)))
    query = (query.order_by(Story.created_at.desc(), Story.id.desc()).limit(limit + 1)
             .options(selectinload(Story.nominee_links).selectinload(Nominee.user),
                      joinedload(Story.category), joinedload(Story.campaign),
                      joinedload(Story.team)))
    stories = list(session.scalars(query))
    if len(stories) > limit:
        stories = stories[:limit]
        return stories, (stories[-1].created_at, stories[-1].id)
    return stories, None


def content_stamp(session: Session) -> datetime | None:
    """What changes whenever the wall would: the last change to any story.

    Every change to a story (approval, edit, hiding, withdrawal) moves its
    ``updated_at``, read from an index.
    """
    return session.scalar(select(func.max(Story.updated_at)))


def filter_options(session: Session) -> dict[str, list]:
    """Years, category names, departments, sites and countries to offer.

    Kept for ``FILTER_OPTIONS_CACHE_SECONDS``: listing the departments, sites
    and countries reads the whole directory, and they change only when it does.
    """
    lifetime = current_app.config["FILTER_OPTIONS_CACHE_SECONDS"]
    options = cache_get("filter-options") if lifetime else None
    if options is None:
        options = _read_filter_options(session)
        if lifetime:
            cache_set("filter-options", options, lifetime)
    return options


def _read_filter_options(session: Session) -> dict[str, list]:
    def distinct(column, *where):
        return [value for value in session.scalars(select(column).where(*where).distinct().order_by(column)) if value]
    return {"years": sorted(distinct(Campaign.year), reverse=True), "categories": distinct(Category.name),
            "departments": distinct(User.department, User.active.is_(True)),
            "sites": distinct(User.site, User.active.is_(True)),
            "countries": distinct(User.country, User.active.is_(True))}


def spotlight(session: Session, campaign: Campaign | None, now: datetime) -> Story | None:
    """From the opening of ``campaign``'s nominations to its announcement, whatever its dates, a
    different approved story of it each day.

    The days step through the range of the campaign's story ids and take the first story at or after
    each step: a few index lookups, where counting and skipping through a campaign's 100,000 stories
    would read them all on every home page.
    """
    if campaign is None or campaign.phase_at(now) not in LIVE_PHASES:
        return None
    shown = (Story.campaign_id == campaign.id, Story.status == APPROVED, Story.hidden.is_(False))
    ids = select(Story.id).where(*shown).limit(1)
    low, high = session.scalar(ids.order_by(Story.id)), session.scalar(ids.order_by(Story.id.desc()))
    if low is None:
        return None
    days = (campaign.announce_at - campaign.nominations_open_at).days + 1
    span = high - low + 1
    step = low + ((now - campaign.nominations_open_at).days * max(span // days, 1)) % span
    return session.scalar(select(Story).where(*shown, Story.id >= step).order_by(Story.id).limit(1))


def filter_form(session: Session, filters: WallFilter) -> str:
    """The filter form of the wall and the Hall of Fame, showing ``filters``, kept for everyone."""
    return kept(("filters", filters), lambda: render_shared("stories/_filters.html", filters=filters,
                                                            options=filter_options(session)))


def latest_approved(session: Session, limit: int = 6) -> list[Story]:
    """The newest approved, visible stories."""
    return list(session.scalars(select(Story).where(Story.status == APPROVED,
                                                    Story.hidden.is_(False))
                                .order_by(Story.created_at.desc()).limit(limit)))


def stories_about(session: Session, user: User, campaign: Campaign, limit: int = 5) -> list[Story]:
    """The published stories of ``campaign`` that name ``user`` or, in a team category, their team, newest
    first. Read from the person's nominee rows and the team categories' stories, never the whole campaign."""
    about = select(Nominee.story_id).where(Nominee.user_id == user.id, Nominee.active.is_(True),
                                           Nominee.campaign_id == campaign.id)
    team_categories = [category.id for category in campaign.categories if category.nominee_kind == "team"]
    if user.team_id and team_categories:
        # A union, so that each side is read from its own index (an OR would read the stories in order).
        about = about.union(select(Story.id).where(Story.category_id.in_(team_categories),
                                                   Story.team_id == user.team_id))
    return list(session.scalars(select(Story).where(Story.id.in_(about), Story.campaign_id == campaign.id,
                                                    Story.status == APPROVED, Story.hidden.is_(False))
                                .options(joinedload(Story.category))
                                .order_by(Story.created_at.desc()).limit(limit)))
