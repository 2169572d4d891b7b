"""Who may see, edit and be concerned by a story: the rules every feature asks about a story.

Each takes a ``Story`` or its ``StoryFacts`` alike: both are a ``StoryView``.
"""
from datetime import datetime
from typing import Protocol, Sequence

from portal.campaigns.models import NOMINATING
from portal.permissions import is_hr
from portal.stories.models import APPROVED, WITHDRAWN


class _Campaign(Protocol):
    def phase_at(self, now: datetime) -> str: ...


class _PersonLink(Protocol):
    user_id: int


class StoryView(Protocol):
    """What the rules read of a story. ``StoryFacts`` (``stories.facts``) holds, in ``nominee_links`` and
    ``endorsements``, only the viewer's own: enough for every rule about that viewer."""

    status: str
    hidden: bool
    nominator_id: int
    team_id: int | None
    campaign: _Campaign
    nominee_links: Sequence[_PersonLink]
    endorsements: Sequence[_PersonLink]


def can_see(user, story: StoryView) -> bool:
    """Approved, unhidden stories are for everyone; others only for their nominator and HR."""
    if story.status == APPROVED and not story.hidden:
        return True
    return is_hr(user) or story.nominator_id == getattr(user, "id", None)


def can_edit(user, story: StoryView, now: datetime) -> bool:
    """Whether ``user`` may edit or withdraw ``nomination`` now: its nominator, while nominations are open."""
    return (story.nominator_id == getattr(user, "id", None) and story.status != WITHDRAWN
            and story.campaign.phase_at(now) == NOMINATING)


def is_involved(user, story: StoryView) -> bool:
    """Whether ``user`` is a nominee of the story or a member of its nominated team."""
    if story.team_id is not None:
        return user.team_id == story.team_id
    return any(link.user_id == user.id for link in story.nominee_links)
