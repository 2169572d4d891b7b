"""Hall of Fame inductions: the winners of each announced campaign."""
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.campaigns.models import Campaign, Category
from portal.extensions import db
from portal.stories.models import Story
from portal.types import UTCDateTime, utcnow


class Induction(db.Model):
    """A winning story in the Hall of Fame: once per story (and so per campaign and story)."""

    __tablename__ = "inductions"
    __table_args__ = (UniqueConstraint("story_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    votes: Mapped[int] = mapped_column(Integer)
    inducted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    campaign: Mapped[Campaign] = relationship()
    category: Mapped[Category] = relationship()
    story: Mapped[Story] = relationship()
