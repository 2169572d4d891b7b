"""A year's campaign, its categories, and the record of side effects performed."""
from datetime import datetime
from typing import Optional

from sqlalchemy import (Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint,
                        func)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.types import UTCDateTime, utcnow

SCHEDULED, NOMINATING, VOTING, COUNTING, ANNOUNCED, CANCELLED = (
    "scheduled", "nominating", "voting", "counting", "announced", "cancelled")
#: The most votes per person in one category a campaign can give (the least is one).
MAX_VOTES_PER_CATEGORY = 10
PHASES = (SCHEDULED, NOMINATING, VOTING, COUNTING, ANNOUNCED)
#: The moment that starts each phase after ``scheduled``, in order.
MOMENTS = ("nominations_open_at", "voting_open_at", "voting_close_at", "announce_at")


def phase_of(moments, now: datetime) -> str:
    """The phase at ``now`` of anything carrying a campaign's moments and ``cancelled_at``: a
    ``Campaign``, or a row read without the ORM where a request must stay cheap (a vote)."""
    if moments.cancelled_at is not None and now >= moments.cancelled_at:
        return CANCELLED
    if now < moments.nominations_open_at:
        return SCHEDULED
    if now < moments.voting_open_at:
        return NOMINATING
    if now < moments.voting_close_at:
        return VOTING
    if now < moments.announce_at:
        return COUNTING
    return ANNOUNCED


class Campaign(db.Model):
    """One year's recognition cycle. Its phase is derived from its moments and the clock."""

    __tablename__ = "campaigns"
    __table_args__ = (
        CheckConstraint("nominations_open_at < voting_open_at AND voting_open_at < voting_close_at "
                        "AND voting_close_at <= announce_at", name="moments_in_order"),
        CheckConstraint(f"votes_per_category BETWEEN 1 AND {MAX_VOTES_PER_CATEGORY}", name="votes_per_category_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    theme: Mapped[str] = mapped_column(String(200), default="")
    nominations_open_at: Mapped[datetime] = mapped_column(UTCDateTime)
    voting_open_at: Mapped[datetime] = mapped_column(UTCDateTime)
    voting_close_at: Mapped[datetime] = mapped_column(UTCDateTime)
    announce_at: Mapped[datetime] = mapped_column(UTCDateTime)
    votes_per_category: Mapped[int] = mapped_column(Integer, default=1)
    auto_approve: Mapped[bool] = mapped_column(Boolean, default=False)
    cancelled_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.now())

    categories: Mapped[list["Category"]] = relationship(
        back_populates="campaign", order_by="Category.position", cascade="all, delete-orphan")

    @property
    def open_categories(self) -> list["Category"]:
        """The categories that take part: only they take nominations and votes, have a ballot and winners."""
        return [category for category in self.categories if category.enabled]

    def phase_at(self, now: datetime) -> str:
        """The phase at ``now``: scheduled, nominating, voting, counting, announced or cancelled."""
        return phase_of(self, now)

    @property
    def phase(self) -> str:
        """The phase now."""
        return self.phase_at(utcnow())

    def next_moment(self, now: datetime) -> tuple[str, datetime] | None:
        """The next moment still to come (its name and time), or None."""
        if self.phase_at(now) == CANCELLED:
            return None
        for name in MOMENTS:
            when = getattr(self, name)
            if when > now:
                return name, when
        return None

    def __repr__(self) -> str:
        return f"<Campaign {self.year}>"


class Category(db.Model):
    """An award of a campaign, for people or for a team."""

    __tablename__ = "categories"
    __table_args__ = (
        UniqueConstraint("campaign_id", "name"),
        CheckConstraint("nominee_kind IN ('people', 'team')", name="nominee_kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    nominee_kind: Mapped[str] = mapped_column(String(10), default="people")
    position: Mapped[int] = mapped_column(Integer, default=0)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)

    campaign: Mapped[Campaign] = relationship(back_populates="categories")

    @property
    def display_name(self) -> str:
        """The name to show: a default category in the viewer's language."""
        from portal.campaigns.defaults import translated
        return translated(self.name)

    @property
    def display_description(self) -> str:
        """The description to show, translated like ``display_name``."""
        from portal.campaigns.defaults import translated
        return translated(self.description)


class CampaignEvent(db.Model):
    """The claim that a moment's side effects were performed, once.

    The row is inserted in the same transaction as the moment's one-off
    effects (e.g. the announcement's tally); the unique (campaign, event) key
    makes a second scheduler's attempt fail and roll back instead of
    repeating them. Mass emails then go out in batches: ``cursor`` is the
    last person id done, and every email has a unique dedupe key, so a
    crash or a second scheduler resumes without sending anything twice.
    """

    __tablename__ = "campaign_events"
    __table_args__ = (UniqueConstraint("campaign_id", "event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(40))
    cursor: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
