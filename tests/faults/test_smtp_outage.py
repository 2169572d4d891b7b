"""The mail server down for a while: every email goes out once it returns, none lost, none twice."""
from collections import Counter
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller

from portal import create_app
from portal.config import TestConfig
from portal.extensions import db as _db
from portal.notifications import mail
from portal.notifications.models import SENT, OutboxMessage
from portal.types import utcnow
from bench.server import free_port

MESSAGES = 120


class Sink:
    """A local SMTP server that counts what it accepts and can hang up after ``accept_only`` messages."""

    def __init__(self, accept_only: int | None = None):
        self.accept_only = accept_only
        self.received = Counter()

    async def handle_DATA(self, server, session, envelope):
        if self.accept_only is not None and sum(self.received.values()) >= self.accept_only:
            return "421 4.3.2 Shutting down"
        for recipient in envelope.rcpt_tos:
            self.received[recipient] += 1
        return "250 OK"


@pytest.fixture
def smtp_app(app, database_url):
    """The app sending through SMTP on a port where, for now, nothing listens."""
    port = free_port()
    smtp = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, MAIL_BACKEND="smtp",
                      MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    with smtp.app_context():
        yield smtp, port
        _db.session.remove()


def test_an_outage_delays_every_email_and_loses_or_repeats_none(smtp_app):
    app, port = smtp_app
    for n in range(MESSAGES):
        mail.queue(_db.session, mail.Message(to=f"person{n}@example.com", subject="Winners", body=f"Hello {n}"),
                   dedupe_key=f"outage:{n}")
    _db.session.commit()
    clock = utcnow()

    # Down: every try fails and is scheduled again; nothing is lost or marked sent.
    for _ in range(3):
        counts = mail.drain(_db.session, app, limit=MESSAGES, now=clock)
        assert counts["sent"] == 0 and counts["failed"] == 0
        clock += timedelta(minutes=10)
    assert _db.session.scalar(_db.select(_db.func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.status == SENT)) == 0

    # Back, but it hangs up after 50 messages; then fully back.
    sink = Sink(accept_only=50)
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert mail.drain(_db.session, app, limit=MESSAGES, now=clock) == \
            {"sent": 50, "retry": MESSAGES - 50, "failed": 0}
        sink.accept_only = None
        for _ in range(3):
            clock += timedelta(hours=1)
            mail.drain(_db.session, app, limit=MESSAGES, now=clock)
        assert mail.drain(_db.session, app, limit=MESSAGES, now=clock + timedelta(days=1))["sent"] == 0
    finally:
        controller.stop()

    assert sink.received == Counter({f"person{n}@example.com": 1 for n in range(MESSAGES)})
    rows = list(_db.session.scalars(_db.select(OutboxMessage)))
    assert {row.status for row in rows} == {SENT} and len(rows) == MESSAGES
