"""Small named values the portal keeps about itself."""
from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.types import UTCDateTime, utcnow


class Setting(db.Model):
    """A named value: e.g. that this database holds demo data, the scheduler's heartbeat."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
