"""Audit entries, written in the same transaction as the decision they record."""
from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.extensions import db
from portal.types import UTCDateTime, utcnow


class AuditEntry(db.Model):
    """One decision: e.g. HR approved story 42."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor: Mapped[Optional[User]] = relationship()


def record(session, actor, action: str, subject_type: str, subject_id: int, detail: str = "") -> AuditEntry:
    """Add an audit entry in the caller's transaction."""
    entry = AuditEntry(actor_id=actor.id if actor else None, action=action, subject_type=subject_type,
                       subject_id=subject_id, detail=detail[:2000])
    session.add(entry)
    return entry
