"""A story as one person's permission checks see it, read in one fixed statement.

The busiest requests of the week, a story's page and a vote, need a story's
rules and the stamps of its shared fragments, not the story: they read a
``StoryFacts`` (about 0.2 ms) instead of loading the story, its nominees and
its endorsements through the ORM (about 0.8 ms, a fifth of a story page; see
``bench/README.md``). The rules of ``stories.rules`` and ``can_endorse`` take
either (``stories.rules.StoryView``); ``vote_refusal`` reads its category too.
"""
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, exists, func, select
from sqlalchemy.orm import Session

from portal.campaigns.defaults import translated
from portal.campaigns.models import Campaign, Category, phase_of
from portal.stories.models import Cheer, Comment, Endorsement, Nominee, Story


class CampaignFacts(NamedTuple):
    """A campaign's moments and vote limit, with ``phase_at`` like ``Campaign``'s."""

    nominations_open_at: datetime
    voting_open_at: datetime
    voting_close_at: datetime
    announce_at: datetime
    cancelled_at: datetime | None
    votes_per_category: int

    def phase_at(self, now: datetime) -> str:
        """The phase at ``now``, by the same rule as ``Campaign.phase_at``."""
        return phase_of(self, now)


class CategoryFacts(NamedTuple):
    """A category's name and whether it takes part, as ``Category`` has them."""

    name: str
    enabled: bool

    @property
    def display_name(self) -> str:
        """The name to show, as ``Category.display_name``."""
        return translated(self.name)


class PersonLink(NamedTuple):
    """The viewer's own nominee link or endorsement: all the rules ask of one is whose it is."""

    user_id: int


class StoryFacts(NamedTuple):
    """A story for the rules about one viewer.

    ``nominee_links`` and ``endorsements`` hold only the viewer's own, if any:
    enough for every rule about the viewer, which only ask whether the viewer is
    among them. Nothing else may read them.
    """

    id: int
    title: str
    status: str
    hidden: bool
    nominator_id: int
    team_id: int | None
    category_id: int
    campaign_id: int
    updated_at: datetime
    campaign: CampaignFacts
    category: CategoryFacts
    nominee_links: list[PersonLink]
    endorsements: list[PersonLink]
    # Read for a story's page only (``story_facts(..., for_page=True)``); None for a vote.
    language: str | None
    #: The story's cheer count, and whether the viewer is among the cheerers.
    cheers: tuple[int, bool] | None
    #: Change whenever a comment / an endorsement is added or removed (see ``_stamp``).
    comments_stamp: tuple | None
    endorsements_stamp: tuple | None


def _viewers(model):
    return exists().where(model.story_id == Story.id, model.user_id == bindparam("viewer"))


def _stamp(model) -> list:
    """How many rows of ``model`` the story has, and the newest: they change when one is added or removed.
    (Hiding or showing one moves the story's ``updated_at``: ``stories.social.discussion_changed``.)"""
    about_story = model.story_id == Story.id
    return [select(aggregate).where(about_story).scalar_subquery() for aggregate in (func.count(), func.max(model.id))]


_RULES = (select(Story.id, Story.title, Story.status, Story.hidden, Story.nominator_id,
                 Story.team_id, Story.category_id, Story.campaign_id, Story.updated_at,
                 Campaign.nominations_open_at, Campaign.voting_open_at, Campaign.voting_close_at,
                 Campaign.announce_at, Campaign.cancelled_at, Campaign.votes_per_category,
                 Category.name.label("category_name"), Category.enabled,
                 _viewers(Nominee).label("named"), _viewers(Endorsement).label("endorsed"))
          .join(Campaign, Campaign.id == Story.campaign_id).join(Category, Category.id == Story.category_id)
          .where(Story.id == bindparam("story")))
# A story's page also needs its language, its cheers and the stamps of its discussion; a vote does not.
_PAGE = _RULES.add_columns(Story.language, select(func.count()).where(Cheer.story_id == Story.id)
                           .scalar_subquery().label("cheers"), _viewers(Cheer).label("cheered"),
                           *_stamp(Comment), *_stamp(Endorsement))


def story_facts(session: Session, viewer_id: int, story_id: int, for_page: bool = True) -> StoryFacts | None:
    """The story ``story_id`` as the rules about ``viewer_id`` see it, or None when there is none.

    One statement through the connection, with no ORM work per request. Without ``for_page``
    (for a vote) the language, the cheers and the discussion's stamps are left out (``None``).
    """
    statement = _PAGE if for_page else _RULES
    row = session.connection().execute(statement, {"story": story_id, "viewer": viewer_id}).first()
    if row is None:
        return None
    mine = [PersonLink(viewer_id)]
    return StoryFacts(row.id, row.title, row.status, row.hidden, row.nominator_id, row.team_id, row.category_id,
                      row.campaign_id, row.updated_at,
                      CampaignFacts(row.nominations_open_at, row.voting_open_at, row.voting_close_at, row.announce_at,
                                    row.cancelled_at, row.votes_per_category),
                      CategoryFacts(row.category_name, row.enabled),
                      mine if row.named else [], mine if row.endorsed else [],
                      *((row.language, (row.cheers, bool(row.cheered)), tuple(row[-4:-2]), tuple(row[-2:]))
                        if for_page else (None, None, None, None)))
