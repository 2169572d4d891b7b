"""The outbox: retried with back-off against a real SMTP server that fails, then recovers."""
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller

from portal import create_app
from portal.config import TestConfig
from portal.extensions import db as _db
from portal.notifications import mail
from portal.notifications.models import FAILED, PENDING, SENT, OutboxMessage
from portal.types import utcnow
from tests.factories import make_outbox_message


class FlakySink:
    """An SMTP server that refuses the first ``failures`` messages, then accepts."""

    def __init__(self, failures: int):
        self.failures = failures
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        if self.failures > 0:
            self.failures -= 1
            return "451 4.3.0 Try again later"
        self.received.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_sink():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = FlakySink(failures=2)
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    yield sink, port
    controller.stop()


@pytest.fixture
def smtp_app(app, database_url, smtp_sink):
    _sink, port = smtp_sink
    smtp = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, MAIL_BACKEND="smtp",
                      MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    with smtp.app_context():
        yield smtp
        _db.session.remove()


def test_delivery_is_retried_with_back_off_until_the_server_recovers(smtp_app, smtp_sink):
    sink, _port = smtp_sink
    mail.queue(_db.session, mail.Message(to="ada@example.com", subject="Hello", body="Hi Ada"))
    _db.session.commit()
    start = utcnow()

    assert mail.drain(_db.session, smtp_app, now=start) == {"sent": 0, "retry": 1, "failed": 0}
    row = _db.session.scalar(_db.select(OutboxMessage))
    assert row.status == PENDING and row.tries == 1 and "451" in row.last_error
    assert row.next_try_at == start + timedelta(seconds=30)
    assert mail.drain(_db.session, smtp_app, now=start + timedelta(seconds=10)) == {"sent": 0, "retry": 0, "failed": 0}

    second = start + timedelta(seconds=31)
    assert mail.drain(_db.session, smtp_app, now=second)["retry"] == 1
    _db.session.refresh(row)
    assert row.next_try_at == second + timedelta(seconds=60)

    assert mail.drain(_db.session, smtp_app, now=second + timedelta(seconds=61))["sent"] == 1
    _db.session.refresh(row)
    assert row.status == SENT and row.tries == 3 and row.last_error is None
    assert len(sink.received) == 1
    assert sink.received[0].rcpt_tos == ["ada@example.com"]
    assert b"Hi Ada" in sink.received[0].content


def test_after_eight_tries_a_message_is_failed_and_hr_can_retry_it(app, db, login_as):
    app.config["MAIL_BACKEND"] = "broken"
    message = make_outbox_message(recipient="bob@example.com")
    now = utcnow()
    for attempt in range(mail.MAX_TRIES):
        mail.drain(db.session, app, now=now + timedelta(days=attempt))
    db.session.refresh(message)
    assert message.status == FAILED and message.tries == 8
    hr = login_as("hr")
    page = hr.get("/admin/outbox/").get_data(as_text=True)
    assert "bob@example.com" in page and "unknown MAIL_BACKEND" in page
    assert hr.post(f"/admin/outbox/{message.id}/retry").status_code == 302
    db.session.refresh(message)
    assert message.status == PENDING and message.tries == 0


def test_a_rolled_back_transaction_leaves_no_email(app, db, mail):
    from portal.notifications.mail import Message, queue
    queue(db.session, Message(to="x@example.com", subject="s", body="b"))
    db.session.rollback()
    assert mail == []


def test_the_same_dedupe_key_is_stored_once(db):
    from sqlalchemy.exc import IntegrityError
    from portal.notifications.mail import Message, queue
    queue(db.session, Message(to="x@example.com", subject="s", body="b"), dedupe_key="k")
    db.session.commit()
    with pytest.raises(IntegrityError):
        queue(db.session, Message(to="x@example.com", subject="s", body="b"), dedupe_key="k")
    db.session.rollback()


def test_a_lease_that_runs_out_makes_the_message_due_again(app, db, mail):
    message = make_outbox_message(status="sending", claimed_until=utcnow() - timedelta(seconds=1))
    assert len(mail) == 1
    db.session.refresh(message)
    assert message.status == SENT


def test_file_backend_writes_readable_eml_files(app, db, tmp_path):
    app.config.update(MAIL_BACKEND="file", MAIL_DIR=str(tmp_path / "mail"))
    make_outbox_message(recipient="ada@example.com", subject="Welcome", body_text="Hello Ada")
    mail.drain(db.session, app)
    files = list((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 1
    content = files[0].read_text()
    assert "To: ada@example.com" in content and "Subject: Welcome" in content and "Hello Ada" in content


def test_every_email_has_an_html_alternative_with_links_and_escaping(db):
    from portal.notifications.mail import text_to_html
    html = text_to_html("Hello <Ada>,\n\nOpen https://stars.example/set-password/abc\nThanks")
    assert "Hello &lt;Ada&gt;," in html
    assert '<a href="https://stars.example/set-password/abc">' in html
    assert "<br>" in html
