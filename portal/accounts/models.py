"""People, teams and the single-use tokens that let them set a password."""
from datetime import datetime
from typing import Optional

from flask_babel import gettext
from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, func
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.types import UTCDateTime, utcnow


class Team(db.Model):
    """A team of colleagues; a person belongs to at most one."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list["User"]] = relationship(back_populates="team", foreign_keys="User.team_id")

    def __repr__(self) -> str:
        return f"<Team {self.name!r}>"


#: What an erased person's column holds instead of their name, so that no raw read reveals it; pages
#: show the translation of these words (``User.display_name``).
ERASED_NAME = "Former colleague"


def erased_address(user_id: int) -> str:
    """The unique address an erased person keeps in place of theirs: ``.invalid`` can never receive
    mail, and no email is queued for it (``notifications.mail.queue``)."""
    return f"erased-{user_id}@erased.invalid"


class User(UserMixin, db.Model):
    """A person in the directory, who may sign in once they have a password.

    ``display_name`` is the name every page shows: "Former colleague", in the viewer's language,
    once the person is erased (``privacy.erasure``). In queries it is the column itself; bulk
    ``insert(User)`` and ``update(User)`` rows name the column's attribute, ``stored_name``.
    """

    __tablename__ = "users"
    __table_args__ = (
        # Emails are stored lower-cased, so the unique constraint on the
        # column makes them unique regardless of case.
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        Index("ix_users_display_name_id", "display_name", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    stored_name: Mapped[str] = mapped_column("display_name", String(120))
    job_title: Mapped[str] = mapped_column(String(120), default="")
    department: Mapped[str] = mapped_column(String(120), default="", index=True)
    team_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), index=True
    )
    site: Mapped[str] = mapped_column(String(120), default="", index=True)
    country: Mapped[str] = mapped_column(String(2), default="", index=True)
    # Checked at commit, so a directory import may insert people and their
    # managers in any order.
    manager_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL", deferrable=True, initially="DEFERRED"), index=True
    )
    locale: Mapped[Optional[str]] = mapped_column(String(16))
    timezone: Mapped[Optional[str]] = mapped_column(String(64))
    is_hr: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[Optional[str]] = mapped_column(String(255))
    # Bumped to end every session of this person at once (sign-out,
    # deactivation, password change): it is part of the session's user id.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    # Filled by the database, so bulk inserts need not send them row by row.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.now(), onupdate=utcnow)
    last_login_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    # Set by every deactivation and cleared by reactivation: the start of the retention period.
    # Erasure clears it, so the retention job's index holds only the people it may yet erase.
    deactivated_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime, index=True)
    erased_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    team: Mapped[Optional[Team]] = relationship(back_populates="members", foreign_keys=[team_id])
    manager: Mapped[Optional["User"]] = relationship(remote_side=[id], foreign_keys=[manager_id])

    @hybrid_property
    def display_name(self) -> str:
        """The person's name, or "Former colleague" in the current language once they are erased."""
        if self.erased_at is not None:
            return gettext("Former colleague")
        return self.stored_name

    @display_name.inplace.setter
    def _display_name_setter(self, value: str) -> None:
        self.stored_name = value

    @display_name.inplace.expression
    @classmethod
    def _display_name_expression(cls):
        return cls.stored_name

    @property
    def is_erased(self) -> bool:
        """Whether this person's personal data was erased."""
        return self.erased_at is not None

    @property
    def is_active(self) -> bool:
        """Flask-Login: deactivated people are treated as signed out."""
        return bool(self.active)

    def get_id(self) -> str:
        """Flask-Login: the session holds the id and the session version."""
        return f"{self.id}:{self.session_version}"

    @property
    def has_password(self) -> bool:
        """Whether this person has set a password yet."""
        return self.password_hash is not None

    def __repr__(self) -> str:
        return f"<User {self.email!r}>"


class AuthToken(db.Model):
    """A single-use, expiring link to set a password (reset or invitation).

    Only a SHA-256 of the token is stored, so a database leak reveals no
    usable link.
    """

    __tablename__ = "auth_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class Attempt(db.Model):
    """One counted try at signing in or asking for a password link (``portal.accounts.throttle``).

    ``key`` is an HMAC of what was tried (the action, and the address or the account), so the
    table names no one; rows older than the longest window are removed by the scheduler.
    """

    __tablename__ = "attempts"
    __table_args__ = (Index("ix_attempts_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
