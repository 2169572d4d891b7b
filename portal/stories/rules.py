"""Who may see, edit and be concerned by a story: the rules every feature asks about a story.

Each takes a ``Nomination`` or its ``StoryFacts`` alike.
"""
from datetime import datetime

from portal.campaigns.models import NOMINATING
from portal.permissions import is_hr
from portal.stories.models import APPROVED, WITHDRAWN


def can_see(user, nomination) -> bool:
    """Approved, unhidden stories are for everyone; others only for their nominator and HR."""
    if nomination.status == APPROVED and not nomination.hidden:
        return True
    return is_hr(user) or nomination.nominator_id == getattr(user, "id", None)


def can_edit(user, nomination, now: datetime) -> bool:
    """Whether ``user`` may edit or withdraw ``nomination`` now: its nominator, while nominations are open."""
    return (nomination.nominator_id == getattr(user, "id", None) and nomination.status != WITHDRAWN
            and nomination.campaign.phase_at(now) == NOMINATING)


def is_involved(user, nomination) -> bool:
    """Whether ``user`` is a nominee of the story or a member of its nominated team."""
    if nomination.team_id is not None:
        return user.team_id == nomination.team_id
    return any(link.user_id == user.id for link in nomination.nominee_links)
