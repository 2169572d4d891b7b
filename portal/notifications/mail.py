"""Email: messages are written to the outbox in the caller's transaction, then delivered.

Queuing is part of the transaction that causes the email, so a rollback
leaves no email behind and a commit never loses one. The scheduler drains the
outbox (``drain``); a failed delivery is retried with exponential back-off
and marked failed after ``MAX_TRIES``, visible to HR.

Backends (``MAIL_BACKEND``): ``file`` writes each message as an ``.eml`` file
under ``instance/mail/`` (or ``MAIL_DIR``), for development; ``smtp`` sends
through Flask-Mail and ``MAIL_SERVER``; ``memory`` keeps them in
``app.extensions["mail_outbox"]`` for tests.
"""
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import Flask, current_app, render_template
from flask_babel import force_locale
from markupsafe import escape
from flask_mail import Message as FlaskMailMessage
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from portal.extensions import mailer
from portal.notifications.models import FAILED, PENDING, SENDING, SENT, OutboxMessage
from portal.timezones import recipient_timezone
from portal.types import utcnow

MAX_TRIES = 8
FIRST_RETRY = timedelta(seconds=30)
LEASE = timedelta(minutes=5)


@dataclass(frozen=True)
class Message:
    """One plain-text email to one recipient."""

    to: str
    subject: str
    body: str


def render_message(to: str, subject: str, template: str, locale: str | None = None, zone: str | None = None,
                   **context) -> Message:
    """Render ``templates/emails/<template>.txt`` in the recipient's language, with every date and time
    in their time zone ``zone``."""
    with recipient_timezone(zone), force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        body = render_template(f"emails/{template}.txt", **context)
        subject_text = str(subject)
    return Message(to=to, subject=subject_text, body=body)


_URL = re.compile(r"(https?://[^\s<>\"]+)")


def text_to_html(text: str) -> str:
    """The HTML alternative of a plain-text email: paragraphs, line breaks, clickable links."""
    paragraphs = []
    for block in text.strip().split("\n\n"):
        escaped = str(escape(block))
        linked = _URL.sub(r'<a href="\1">\1</a>', escaped)
        paragraphs.append("<p>" + linked.replace("\n", "<br>\n") + "</p>")
    return ('<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5; color: #1c1917">'
            + "\n".join(paragraphs) + "</body></html>")


def is_undeliverable(address: str) -> bool:
    """Whether ``address`` is under the reserved ``.invalid`` domain (RFC 2606), as an erased person's
    placeholder is: no mail can reach it, and none is ever queued for it."""
    return address.strip().lower().rstrip(".").endswith(".invalid")


def queue(session: Session, message: Message, dedupe_key: str | None = None) -> None:
    """Add ``message`` to the outbox in the session's transaction (nothing for an undeliverable address)."""
    if is_undeliverable(message.to):
        return
    session.add(OutboxMessage(recipient=message.to, subject=message.subject[:255], body_text=message.body,
                              body_html=text_to_html(message.body),
                              dedupe_key=dedupe_key or f"once:{secrets.token_hex(16)}",
                              status=PENDING, next_try_at=utcnow()))
    session.flush()


def _email(app: Flask, row: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = app.config["MAIL_FROM"]
    email["To"] = row.recipient
    email["Subject"] = row.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain="service-stars")
    email.set_content(row.body_text)
    if row.body_html:
        email.add_alternative(row.body_html, subtype="html")
    return email


def deliver(app: Flask, row: OutboxMessage) -> None:
    """Hand one message to the configured backend now; raises when it fails."""
    backend = app.config["MAIL_BACKEND"]
    if backend == "memory":
        app.extensions.setdefault("mail_outbox", []).append(
            Message(to=row.recipient, subject=row.subject, body=row.body_text))
    elif backend == "file":
        folder = Path(app.config["MAIL_DIR"] or Path(app.instance_path) / "mail")
        folder.mkdir(parents=True, exist_ok=True)
        safe_to = "".join(ch if ch.isalnum() else "_" for ch in row.recipient)[:60]
        (folder / f"{utcnow():%Y%m%dT%H%M%S}-{row.id:08d}-{safe_to}.eml").write_bytes(bytes(_email(app, row)))
    elif backend == "smtp":
        mailer.send(FlaskMailMessage(subject=row.subject, recipients=[row.recipient], body=row.body_text,
                                     html=row.body_html, sender=app.config["MAIL_FROM"]))
    else:
        raise ValueError(f"unknown MAIL_BACKEND {backend!r}")


def retry_delay(tries: int) -> timedelta:
    """Back-off after the ``tries``-th failure: 30 s, 1 min, 2 min, 4 min ..."""
    return FIRST_RETRY * (2 ** (tries - 1))


def _claim(session: Session, now, limit: int) -> list[int]:
    """Lease up to ``limit`` due messages to this process; commits."""
    due = (select(OutboxMessage.id)
           .where(or_((OutboxMessage.status == PENDING) & (OutboxMessage.next_try_at <= now),
                      (OutboxMessage.status == SENDING) & (OutboxMessage.claimed_until < now)))
           .order_by(OutboxMessage.id).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    ids = list(session.scalars(due))
    if ids:
        session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids))
                        .values(status=SENDING, claimed_until=now + LEASE))
    session.commit()
    return ids


def drain(session: Session, app: Flask, limit: int = 200, now=None) -> dict[str, int]:
    """Deliver due messages; returns how many were sent, retried and failed.

    Messages are leased in a short transaction and sent outside it, so a slow
    mail server never holds a database lock; a lease that runs out (a crash
    mid-send) makes the message due again.
    """
    now = now or utcnow()
    counts = {"sent": 0, "retry": 0, "failed": 0}
    for message_id in _claim(session, now, limit):
        row = session.get(OutboxMessage, message_id)
        try:
            deliver(app, row)
        except Exception as error:  # any backend failure is recorded and retried
            row.tries += 1
            row.last_error = f"{type(error).__name__}: {error}"[:2000]
            if row.tries >= MAX_TRIES:
                row.status = FAILED
                counts["failed"] += 1
            else:
                row.status, row.next_try_at = PENDING, now + retry_delay(row.tries)
                counts["retry"] += 1
        else:
            row.tries += 1
            row.status, row.sent_at, row.last_error = SENT, now, None
            counts["sent"] += 1
        row.claimed_until = None
        session.commit()
    return counts


def retry_failed(session: Session, message: OutboxMessage) -> None:
    """Give a failed message another full round of tries."""
    message.status, message.tries, message.next_try_at = PENDING, 0, utcnow()
    session.flush()
