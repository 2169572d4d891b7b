"""Campaign rules: creating a year's campaign, moving its moments, categories, cancelling.

Functions take the session first and the current time where the rule depends
on it, flush rather than commit, and raise ``CampaignError``.
"""
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.campaigns.calendar import default_timeline
from portal.campaigns.defaults import DEFAULT_CATEGORIES
from portal.campaigns.models import (ANNOUNCED, CANCELLED, COUNTING, MAX_VOTES_PER_CATEGORY, MOMENTS, NOMINATING,
                                     SCHEDULED, VOTING, Campaign, Category)
from portal.rules import RuleError

EDITABLE_CATEGORY_PHASES = (SCHEDULED, NOMINATING)
LIVE_PHASES = (NOMINATING, VOTING, COUNTING)
MOMENT_LABELS = {
    "nominations_open_at": _l("Nominations open"),
    "voting_open_at": _l("Nominations close and voting opens"),
    "voting_close_at": _l("Voting closes"),
    "announce_at": _l("Winners announced"),
}


class CampaignError(RuleError):
    """A campaign rule was broken; ``field`` names the form field it concerns."""


def get_campaign(session: Session, year: int) -> Campaign | None:
    """The campaign of ``year``, or None."""
    return session.scalar(select(Campaign).where(Campaign.year == year))


def list_campaigns(session: Session) -> list[Campaign]:
    """Every campaign, newest year first."""
    return list(session.scalars(select(Campaign).order_by(Campaign.year.desc())))


def featured_campaign(session: Session, now: datetime) -> Campaign | None:
    """The campaign to show on the home page.

    The live one if any, else the next one to open, else the latest announced.
    """
    campaigns = [c for c in session.scalars(select(Campaign).order_by(Campaign.year))
                 if c.phase_at(now) != CANCELLED]
    for phase_group in (LIVE_PHASES, (SCHEDULED,)):
        for campaign in campaigns:
            if campaign.phase_at(now) in phase_group:
                return campaign
    announced = [c for c in campaigns if c.phase_at(now) == ANNOUNCED]
    return announced[-1] if announced else None


def check_order(moments: dict[str, datetime]) -> None:
    """Raise when the moments are not in SPEC §2's order."""
    pairs = (("nominations_open_at", "voting_open_at"), ("voting_open_at", "voting_close_at"))
    for earlier, later in pairs:
        if not moments[earlier] < moments[later]:
            raise CampaignError(_l("“%(later)s” must come after “%(earlier)s”.",
                                   later=MOMENT_LABELS[later], earlier=MOMENT_LABELS[earlier]), field=later)
    if not moments["voting_close_at"] <= moments["announce_at"]:
        raise CampaignError(_l("The announcement cannot come before voting closes."), field="announce_at")


def _check_votes_per_category(votes_per_category: int) -> None:
    if not 1 <= votes_per_category <= MAX_VOTES_PER_CATEGORY:
        raise CampaignError(_l("Between %(min)s and %(max)s.", min=1, max=MAX_VOTES_PER_CATEGORY),
                            field="votes_per_category")


def create_campaign(session: Session, year: int, zone: str, now: datetime, theme: str = "",
                    moments: dict[str, datetime] | None = None, allow_past: bool = False,
                    votes_per_category: int = 1, auto_approve: bool = False) -> Campaign:
    """Create ``year``'s campaign with the default timeline (or ``moments``) and categories."""
    _check_votes_per_category(votes_per_category)
    if get_campaign(session, year) is not None:
        raise CampaignError(_l("There is already a campaign for %(year)d.", year=year), field="year")
    timeline = default_timeline(year, zone)
    values = {name: getattr(timeline, name) for name in MOMENTS}
    values.update(moments or {})
    check_order(values)
    if not allow_past:
        for name in MOMENTS:
            if values[name] <= now:
                raise CampaignError(_l("This moment is already in the past; choose a later time."), field=name)
    campaign = Campaign(year=year, theme=theme.strip(), votes_per_category=votes_per_category,
                        auto_approve=auto_approve, **values)
    for position, (name, description, kind) in enumerate(DEFAULT_CATEGORIES):
        campaign.categories.append(Category(name=name, description=description, nominee_kind=kind,
                                            position=position, enabled=True))
    session.add(campaign)
    session.flush()
    return campaign


def _ensure_open(campaign: Campaign, now: datetime) -> None:
    phase = campaign.phase_at(now)
    if phase == CANCELLED:
        raise CampaignError(_l("This campaign is cancelled."))
    if phase == ANNOUNCED:
        raise CampaignError(_l("This campaign is over; its moments can no longer change."))


def _same_minute(first: datetime, second: datetime) -> bool:
    return first.replace(second=0, microsecond=0) == second.replace(second=0, microsecond=0)


def update_settings(session: Session, campaign: Campaign, now: datetime, theme: str, votes_per_category: int,
                    auto_approve: bool, moments: dict[str, datetime]) -> None:
    """Change theme, votes, auto-approve and the moments that have not passed yet.

    A moment that has passed cannot move, and a moment cannot be moved into
    the past; the order of SPEC §2 must hold.
    """
    _ensure_open(campaign, now)
    moments = dict(moments)
    for name in MOMENTS:
        old, new = getattr(campaign, name), moments[name]
        if _same_minute(new, old):  # forms carry minutes only: an untouched moment keeps its seconds
            moments[name] = old
            continue
        if old <= now:
            raise CampaignError(_l("This moment has already passed and cannot move."), field=name)
        if new <= now:
            raise CampaignError(_l("This moment cannot be moved into the past."), field=name)
    check_order(moments)
    _check_votes_per_category(votes_per_category)
    if votes_per_category != campaign.votes_per_category and campaign.phase_at(now) not in EDITABLE_CATEGORY_PHASES:
        raise CampaignError(_l("Votes per category cannot change once voting has opened."),
                            field="votes_per_category")
    campaign.theme = theme.strip()
    campaign.votes_per_category = votes_per_category
    campaign.auto_approve = auto_approve
    for name in MOMENTS:
        setattr(campaign, name, moments[name])
    session.flush()


def start_next_phase(session: Session, campaign: Campaign, now: datetime) -> str:
    """Move the next moment to now (e.g. close nominations early); returns the new phase."""
    _ensure_open(campaign, now)
    upcoming = campaign.next_moment(now)
    if upcoming is None:
        raise CampaignError(_l("There is no next phase to start."))
    name, _ = upcoming
    moments = {moment: getattr(campaign, moment) for moment in MOMENTS}
    index = MOMENTS.index(name)
    # Strictly after the previous moment, which may be exactly now.
    previous = moments[MOMENTS[index - 1]] if index else None
    moved = now if previous is None or previous < now else previous + timedelta(microseconds=1)
    moments[name] = moved
    check_order(moments)
    setattr(campaign, name, moved)
    session.flush()
    return campaign.phase_at(moved)


def cancel_campaign(session: Session, campaign: Campaign, now: datetime) -> None:
    """Cancel a campaign that has not been announced."""
    _ensure_open(campaign, now)
    campaign.cancelled_at = now
    session.flush()


def _ensure_categories_editable(campaign: Campaign, now: datetime) -> None:
    if campaign.phase_at(now) not in EDITABLE_CATEGORY_PHASES:
        raise CampaignError(_l("Categories can only change until voting opens."))


def save_category(session: Session, campaign: Campaign, now: datetime, name: str, description: str,
                  nominee_kind: str, enabled: bool, category: Category | None = None) -> Category:
    """Add a category, or rename, describe, enable or disable one, until voting opens."""
    _ensure_categories_editable(campaign, now)
    name = " ".join(name.split())
    clash = session.scalar(select(Category).where(Category.campaign_id == campaign.id, Category.name == name))
    if clash is not None and clash is not category:
        raise CampaignError(_l("This campaign already has a category with that name."), field="name")
    if category is None:
        position = max((c.position for c in campaign.categories), default=-1) + 1
        category = Category(campaign=campaign, position=position)
        session.add(category)
    category.name, category.description = name, description.strip()
    category.nominee_kind, category.enabled = nominee_kind, enabled
    session.flush()
    return category
