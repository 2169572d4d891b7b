"""Account rules: signing in, sessions, passwords, invitations and HR roles.

Functions take the session first, flush rather than commit, and raise
``AccountError`` with a message fit to show the person.
"""
import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.accounts.fields import is_valid_email, normalise_email
from portal.accounts.models import AuthToken, User
from portal.accounts.passwords import MAX_LENGTH, MIN_LENGTH, hash_password, needs_rehash, verify_password
from portal.database import read_intent
from portal.notifications import mail
from portal.rules import RuleError
from portal.timezones import is_valid_timezone
from portal.types import utcnow
from portal.urls import external_url

PURPOSE_RESET = "reset"
PURPOSE_INVITE = "invite"


class AccountError(RuleError):
    """A rule of accounts was broken; the message is shown to the person.

    ``field`` names the form field the message belongs next to, if any.
    """


def find_by_email(session: Session, email: str) -> User | None:
    """The person with this address, in any case, or None (always None for an erased person's placeholder)."""
    return session.scalar(select(User).where(User.email == normalise_email(email), User.erased_at.is_(None)))


def authenticate(session: Session, email: str, password: str) -> User:
    """Return the person these credentials belong to, or raise AccountError.

    The message is the same whether the address is unknown or the password
    wrong, and both paths cost one hash verification. The hashing happens in a
    read transaction that ends before the write, so on SQLite a crowd signing in
    at once does not queue behind one another's hash checks for the write lock.
    """
    with read_intent():
        user = find_by_email(session, email)
        password_ok = verify_password(user.password_hash if user else None, password)
        if user is None or not password_ok:
            session.rollback()
            raise AccountError(_l("That email and password do not match an account."))
        if not user.active:
            session.rollback()
            raise AccountError(_l("This account has been deactivated. Please contact HR."))
        new_hash = hash_password(password) if needs_rehash(user.password_hash) else None
        user_id = user.id
        session.rollback()
    user = session.get(User, user_id)
    if user is None or not user.active:  # removed or deactivated a moment ago
        raise AccountError(_l("That email and password do not match an account."))
    if new_hash:
        user.password_hash = new_hash
    user.last_login_at = utcnow()
    session.flush()
    return user


def end_all_sessions(session: Session, user: User) -> None:
    """Sign this person out everywhere: every existing session stops working."""
    session.execute(
        update(User).where(User.id == user.id).values(session_version=User.session_version + 1)
    )
    session.refresh(user)


def save_preferences(user: User, locale: str | None, timezone: str | None) -> None:
    """Keep a person's language and time zone (None: the browser's language, the organisation's zone)."""
    if locale is not None and locale not in current_app.config["LANGUAGES"]:
        raise AccountError(_l("Choose a language from the list."), field="locale")
    if timezone is not None and not is_valid_timezone(timezone):
        raise AccountError(_l("Choose a time zone from the list."), field="timezone")
    user.locale, user.timezone = locale, timezone


def check_password_policy(password: str, user: User | None = None) -> None:
    """Raise AccountError when a new password is too weak."""
    if len(password) < MIN_LENGTH:
        raise AccountError(_l("Use at least %(count)d characters.", count=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        raise AccountError(_l("Use at most %(count)d characters.", count=MAX_LENGTH))
    if user is not None and password.strip().lower() in {user.email, user.email.split("@")[0]}:
        raise AccountError(_l("Your password must not be your email address."))


def set_password(session: Session, user: User, password: str) -> None:
    """Give this person a new password and end all their other sessions."""
    check_password_policy(password, user)
    user.password_hash = hash_password(password)
    end_all_sessions(session, user)


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """Change a password after checking the current one."""
    if not verify_password(user.password_hash, current):
        raise AccountError(_l("Your current password is not correct."), field="current")
    set_password(session, user, new)


def _digest(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode("utf-8")).hexdigest()


def issue_token(session: Session, user: User, purpose: str) -> str:
    """Create a single-use link token for ``purpose``; returns the raw token.

    Issuing a new token cancels the person's older unused ones of any purpose.
    """
    now = utcnow()
    session.execute(
        update(AuthToken)
        .where(AuthToken.user_id == user.id, AuthToken.used_at.is_(None))
        .values(used_at=now)
    )
    if purpose == PURPOSE_INVITE:
        lifetime = timedelta(days=current_app.config["INVITATION_DAYS"])
    else:
        lifetime = timedelta(hours=current_app.config["PASSWORD_RESET_HOURS"])
    raw = secrets.token_urlsafe(32)
    session.add(AuthToken(user_id=user.id, purpose=purpose, token_hash=_digest(raw),
                          created_at=now, expires_at=now + lifetime))
    session.flush()
    return raw


def token_for(session: Session, raw_token: str) -> AuthToken | None:
    """The usable token behind a link: unused, unexpired, for an active person."""
    if not raw_token or len(raw_token) > 200:
        return None
    token = session.scalar(select(AuthToken).where(AuthToken.token_hash == _digest(raw_token)))
    if token is None or token.used_at is not None or token.expires_at <= utcnow():
        return None
    if not token.user.active:
        return None
    return token


def redeem_token(session: Session, raw_token: str, password: str) -> User:
    """Set a password through a link, which then stops working."""
    token = token_for(session, raw_token)
    if token is None:
        raise AccountError(_l("This link has expired or has already been used."))
    set_password(session, token.user, password)
    token.used_at = utcnow()
    session.flush()
    return token.user


def request_password_reset(session: Session, email: str) -> None:
    """Email a reset link if an active account has this address; silent otherwise."""
    user = find_by_email(session, email)
    if user is None or not user.active:
        return
    raw = issue_token(session, user, PURPOSE_RESET)
    mail.queue(session, mail.render_message(
        user.email, _l("Reset your Service Stars password"), "reset_password", user.locale, user.timezone,
        user=user, link=external_url("accounts.set_password", token=raw),
        hours=current_app.config["PASSWORD_RESET_HOURS"]))


def invite(session: Session, user: User, invited_by: User | None) -> None:
    """Email a person a link to set their password and join the portal."""
    if not user.active:
        raise AccountError(_l("%(name)s is deactivated; reactivate them first.", name=user.display_name))
    raw = issue_token(session, user, PURPOSE_INVITE)
    mail.queue(session, mail.render_message(
        user.email, _l("You are invited to Service Stars"), "invitation", user.locale, user.timezone,
        user=user, inviter=invited_by, link=external_url("accounts.set_password", token=raw),
        days=current_app.config["INVITATION_DAYS"]))


def create_person(session: Session, email: str, display_name: str, **fields) -> User:
    """Add a person to the directory; the email must be new."""
    email = normalise_email(email)
    if not is_valid_email(email):
        raise AccountError(_l("Enter a valid email address."))
    if find_by_email(session, email) is not None:
        raise AccountError(_l("Someone with this email address is already in the directory."))
    user = User(email=email, display_name=display_name.strip(), **fields)
    session.add(user)
    session.flush()
    return user


def create_or_promote_hr(session: Session, email: str, display_name: str | None = None) -> tuple[User, bool]:
    """Make the person with this email an HR admin, adding them if new.

    Returns the person and whether they were created.
    """
    user = find_by_email(session, email)
    if user is None:
        name = display_name or normalise_email(email).split("@")[0]
        return create_person(session, email, name, is_hr=True), True
    user.is_hr = True
    user.active, user.deactivated_at = True, None
    session.flush()
    return user, False


def set_active(session: Session, user: User, active: bool, actor: User | None = None) -> None:
    """Deactivate or reactivate a person; deactivation ends their sessions."""
    if actor is not None and actor.id == user.id and not active:
        raise AccountError(_l("You cannot deactivate your own account."))
    if user.erased_at is not None:
        raise AccountError(_l("This person's personal data was erased; they cannot be reactivated."))
    if user.active != active:
        user.deactivated_at = None if active else utcnow()
    user.active = active
    if not active:
        end_all_sessions(session, user)
    session.flush()
