"""Stories of great service (nominations), their nominees, endorsements, reports, cheers and comments."""
from datetime import date, datetime
from typing import Optional

from sqlalchemy import (Boolean, CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint, func,
                        text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import Team, User
from portal.campaigns.models import Campaign, Category
from portal.extensions import db
from portal.types import UTCDateTime, utcnow

PENDING, APPROVED, REJECTED, WITHDRAWN = "pending", "approved", "rejected", "withdrawn"


class Story(db.Model):
    """A story told by a colleague about one or more nominees, or one team."""

    __tablename__ = "stories"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'approved', 'rejected', 'withdrawn')", name="status_known"),
        # A nominator names a team once per category and campaign (withdrawn stories aside).
        Index("uq_stories_team_once", "campaign_id", "category_id", "nominator_id", "team_id", unique=True,
              sqlite_where=text("team_id IS NOT NULL AND status != 'withdrawn'"),
              postgresql_where=text("team_id IS NOT NULL AND status != 'withdrawn'")),
        Index("ix_stories_status_created_at", "status", "created_at"),
        Index("ix_stories_nominator_created_at", "nominator_id", "created_at"),
        Index("ix_stories_wall", "status", "hidden", "created_at", "id"),
        # The newest change to any story: the stamp of the shared wall and Hall of Fame pages.
        Index("ix_stories_updated_at", "updated_at"),
        # A campaign's published stories with all the tally reads of them, so that it never reads the
        # stories' rows (long, with their text) but this index alone; in the order of their ids, so that
        # the tally's count of each story's votes walks the votes' story index forwards.
        Index("ix_stories_published_by_campaign", "campaign_id", "status", "hidden", "id", "category_id", "title"),
        Index("ix_stories_search_trgm", "search_text", postgresql_using="gin",
              postgresql_ops={"search_text": "gin_trgm_ops"}).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"), index=True)
    nominator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    team_id: Mapped[Optional[int]] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    customer_impact: Mapped[str] = mapped_column(Text, default="")
    moment_date: Mapped[date] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(16), default="en")
    # Lower-cased title, story and names, kept by nominations.search.refresh.
    search_text: Mapped[str] = mapped_column(Text, default="")
    photo_key: Mapped[Optional[str]] = mapped_column(String(40), unique=True)
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    rejection_reason: Mapped[str] = mapped_column(Text, default="")
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    campaign: Mapped[Campaign] = relationship()
    category: Mapped[Category] = relationship()
    nominator: Mapped[User] = relationship(foreign_keys=[nominator_id])
    team: Mapped[Optional[Team]] = relationship()
    nominee_links: Mapped[list["Nominee"]] = relationship(back_populates="story", cascade="all, delete-orphan",
                                                          order_by="Nominee.id")
    endorsements: Mapped[list["Endorsement"]] = relationship(back_populates="story",
                                                             cascade="all, delete-orphan",
                                                             order_by="Endorsement.created_at")

    @property
    def nominees(self) -> list[User]:
        """The people nominated (empty for a team nomination)."""
        return [link.user for link in self.nominee_links]

    def __repr__(self) -> str:
        return f"<Story {self.id} {self.status}>"


class Nominee(db.Model):
    """A person named in a story.

    The partial unique index is the database's guard against naming the same
    person twice in one category and campaign by the same nominator.
    """

    __tablename__ = "nominees"
    __table_args__ = (
        UniqueConstraint("story_id", "user_id"),
        Index("uq_nominees_once_per_category", "campaign_id", "category_id", "nominator_id", "user_id",
              unique=True, sqlite_where=text("active"), postgresql_where=text("active")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    nominator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # False once the story is withdrawn, which frees the nominee for another story.
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    story: Mapped[Story] = relationship(back_populates="nominee_links")
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class Endorsement(db.Model):
    """"I saw this too": a colleague's short addition to an approved story, one per person."""

    __tablename__ = "endorsements"
    __table_args__ = (UniqueConstraint("story_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(String(500))
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    story: Mapped[Story] = relationship(back_populates="endorsements")
    user: Mapped[User] = relationship()


class Report(db.Model):
    """A person's report of a story or an endorsement; three hide it until HR reviews."""

    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("target_type", "target_id", "reporter_id"),
        CheckConstraint("target_type IN ('story', 'endorsement')", name="target_type_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(12))
    target_id: Mapped[int] = mapped_column(index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(500), default="")
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.now())

    reporter: Mapped[User] = relationship()


class Cheer(db.Model):
    """One person's cheer for a story; once each (a unique constraint)."""

    __tablename__ = "cheers"
    __table_args__ = (UniqueConstraint("story_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Comment(db.Model):
    """A comment on a story; a comment HR hides is gone for everyone else."""

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_story_id_created_at", "story_id", "created_at"),
                      Index("ix_comments_user_id_created_at", "user_id", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
