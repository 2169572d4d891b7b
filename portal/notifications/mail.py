"""Email: building messages, and sending them only once their transaction commits.

A message is queued on the database session and handed to the configured
backend after that session commits; a rollback discards it. So nobody gets a
link to something that was never saved.

Backends (``MAIL_BACKEND``): ``file`` writes each message as an ``.eml`` file
under ``instance/mail/`` (or ``MAIL_DIR``), for development; ``smtp`` sends
through ``MAIL_SERVER``; ``memory`` keeps them in ``app.extensions`` for tests.
"""
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.types import utcnow

_PENDING_KEY = "pending_mail"


@dataclass(frozen=True)
class Message:
    """One plain-text email to one recipient."""

    to: str
    subject: str
    body: str


def render_message(to: str, subject: str, template: str, locale: str | None = None, **context) -> Message:
    """Render ``templates/emails/<template>.txt`` in the recipient's language."""
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        body = render_template(f"emails/{template}.txt", **context)
        subject_text = str(subject)
    return Message(to=to, subject=subject_text, body=body)


def queue(session: Session, message: Message) -> None:
    """Send ``message`` when ``session`` commits; forget it on rollback."""
    session.info.setdefault(_PENDING_KEY, []).append((current_app._get_current_object(), message))


def _build(app, message: Message) -> EmailMessage:
    email = EmailMessage()
    email["From"] = app.config["MAIL_FROM"]
    email["To"] = message.to
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain="service-stars")
    email.set_content(message.body)
    return email


def deliver(app, message: Message) -> None:
    """Hand one message to the configured backend now."""
    backend = app.config["MAIL_BACKEND"]
    if backend == "memory":
        app.extensions.setdefault("mail_outbox", []).append(message)
        return
    email = _build(app, message)
    if backend == "file":
        folder = Path(app.config["MAIL_DIR"] or Path(app.instance_path) / "mail")
        folder.mkdir(parents=True, exist_ok=True)
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
        safe_to = "".join(ch if ch.isalnum() else "_" for ch in message.to)[:60]
        (folder / f"{stamp}-{safe_to}.eml").write_bytes(bytes(email))
        return
    if backend == "smtp":
        with smtplib.SMTP(app.config["MAIL_SERVER"], app.config["MAIL_PORT"], timeout=30) as smtp:
            if app.config["MAIL_USE_TLS"]:
                smtp.starttls()
            if app.config["MAIL_USERNAME"]:
                smtp.login(app.config["MAIL_USERNAME"], app.config["MAIL_PASSWORD"])
            smtp.send_message(email)
        return
    raise ValueError(f"unknown MAIL_BACKEND {backend!r}")


@event.listens_for(Session, "after_commit")
def _send_after_commit(session: Session) -> None:
    for app, message in session.info.pop(_PENDING_KEY, []):
        try:
            deliver(app, message)
        except Exception:  # a mail server hiccup must not undo a saved change
            app.logger.exception("could not send mail to %s", message.to)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(_PENDING_KEY, None)
