"""Votes and the frozen results of an announcement."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.campaigns.models import MAX_VOTES_PER_CATEGORY
from portal.extensions import db
from portal.types import UTCDateTime, utcnow


class Vote(db.Model):
    """One vote of one person for one story, in one of their numbered slots.

    The database keeps every vote single and every voter within the limit,
    whatever the application does and however requests race:

    - ``UNIQUE (voter_id, story_id)``: at most one vote per person per story;
    - ``UNIQUE (voter_id, category_id, slot)`` with ``slot`` in 1..votes_per_category
      (the application picks the lowest free slot and ``CHECK`` bounds it): two
      concurrent votes in the same category cannot take the same slot, so a
      person never holds more votes in a category than there are slots.

    Withdrawing deletes the row, which frees its slot.
    """

    __tablename__ = "votes"
    __table_args__ = (
        UniqueConstraint("voter_id", "story_id"),
        UniqueConstraint("voter_id", "category_id", "slot"),
        CheckConstraint(f"slot BETWEEN 1 AND {MAX_VOTES_PER_CATEGORY}", name="slot_range"),
        Index("ix_votes_story_id", "story_id"),
        Index("ix_votes_campaign_id_voter_id", "campaign_id", "voter_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    voter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    slot: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Result(db.Model):
    """A story's final count, frozen at the announcement and never changed afterwards."""

    __tablename__ = "results"
    __table_args__ = (UniqueConstraint("campaign_id", "story_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    votes: Mapped[int] = mapped_column(Integer)
    winner: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
