"""Cheers and comments on stories."""
from datetime import datetime
from typing import Optional

from sqlalchemy import Boolean, ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.extensions import db
from portal.types import UTCDateTime, utcnow


class Cheer(db.Model):
    """One person's cheer for a story; once each (a unique constraint)."""

    __tablename__ = "cheers"
    __table_args__ = (UniqueConstraint("nomination_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Comment(db.Model):
    """A comment on a story; a comment HR hides is gone for everyone else."""

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_nomination_id_created_at", "nomination_id", "created_at"),
                      Index("ix_comments_user_id_created_at", "user_id", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
