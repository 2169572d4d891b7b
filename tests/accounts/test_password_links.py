"""Forgotten passwords and invitations: emailed single-use links that expire."""
import re
from datetime import timedelta

from sqlalchemy import update

from portal.accounts.models import AuthToken
from portal.types import utcnow
from tests.factories import PASSWORD, make_user

NEW = "my fresh password"


def _link(message) -> str:
    return re.search(r"http://portal\.test(/set-password/\S+)", message.body).group(1)


def _set(client, path, password=NEW, confirm=None):
    return client.post(path, data={"password": password, "confirm": confirm or password})


def test_forgot_password_emails_a_link_that_sets_the_password_once(client, db, mail):
    make_user("ada@example.com", display_name="Ada")
    response = client.post("/forgot-password", data={"email": "Ada@Example.com"})
    assert response.status_code == 302
    assert len(mail) == 1 and mail[0].to == "ada@example.com"
    assert "Hello Ada" in mail[0].body
    path = _link(mail[0])

    assert client.get(path).status_code == 200
    assert _set(client, path).status_code == 302
    assert client.get("/").status_code == 200  # signed in by the link

    fresh = client.application.test_client
    assert fresh().post("/login", data={"email": "ada@example.com", "password": NEW}).status_code == 302
    assert fresh().post("/login", data={"email": "ada@example.com", "password": PASSWORD}).status_code == 400
    assert _set(fresh(), path, "another password").status_code == 410


def test_unknown_and_deactivated_addresses_get_the_same_answer_and_no_mail(client, db, mail):
    make_user("gone@example.com", active=False)
    make_user("ada@example.com")
    answers = [client.post("/forgot-password", data={"email": email}, follow_redirects=True).get_data(as_text=True)
               for email in ("nobody@example.com", "gone@example.com", "ada@example.com")]
    assert len(mail) == 1
    marker = "If an active account uses that address"
    assert all(marker in answer for answer in answers)


def test_an_expired_link_is_refused(client, db, mail):
    make_user("ada@example.com")
    client.post("/forgot-password", data={"email": "ada@example.com"})
    db.session.execute(update(AuthToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    response = client.get(_link(mail[0]))
    assert response.status_code == 410
    assert "This link no longer works" in response.get_data(as_text=True)


def test_a_newer_link_cancels_the_older_one(client, db, mail):
    make_user("ada@example.com")
    client.post("/forgot-password", data={"email": "ada@example.com"})
    client.post("/forgot-password", data={"email": "ada@example.com"})
    first, second = _link(mail[0]), _link(mail[1])
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_a_made_up_link_is_refused(client, db):
    assert client.get("/set-password/not-a-real-token").status_code == 410
    assert client.get("/set-password/" + "x" * 500).status_code == 410


def test_setting_a_password_ends_existing_sessions(app, client, db, mail):
    make_user("ada@example.com")
    old = app.test_client()
    old.post("/login", data={"email": "ada@example.com", "password": PASSWORD})
    client.post("/forgot-password", data={"email": "ada@example.com"})
    _set(client, _link(mail[0]))
    assert old.get("/").status_code == 302


def test_a_weak_or_mismatched_password_is_explained_and_the_link_still_works(client, db, mail):
    make_user("ada@example.com")
    client.post("/forgot-password", data={"email": "ada@example.com"})
    path = _link(mail[0])
    short = _set(client, path, "short")
    assert short.status_code == 400
    assert "Use between 10 and 128 characters." in short.get_data(as_text=True)
    mismatch = _set(client, path, "long enough one", "long enough two")
    assert "The two passwords are not the same." in mismatch.get_data(as_text=True)
    same_as_email = _set(client, path, "ada@example.com")
    assert "must not be your email" in same_as_email.get_data(as_text=True)
    assert _set(client, path).status_code == 302


def test_hr_invites_a_person_who_then_joins(app, db, mail, login_as):
    hr = login_as("hr", display_name="Harriet")
    response = hr.post("/admin/people/invite", data={
        "email": "New.Starter@Example.com", "display_name": "New Starter", "team": "Billing Care",
        "country": "GB", "site": "Leeds"})
    assert response.status_code == 302
    assert len(mail) == 1 and mail[0].to == "new.starter@example.com"
    assert "Harriet has invited you" in mail[0].body

    newcomer = app.test_client()
    page = newcomer.get(_link(mail[0]))
    assert "Welcome, New Starter" in page.get_data(as_text=True)
    assert _set(newcomer, _link(mail[0])).status_code == 302
    assert "New Starter" in newcomer.get("/").get_data(as_text=True)
    assert "Billing Care" in newcomer.get("/account").get_data(as_text=True)


def test_inviting_an_existing_email_is_refused_and_keeps_what_was_typed(db, mail, login_as):
    make_user("ada@example.com")
    hr = login_as("hr")
    response = hr.post("/admin/people/invite", data={"email": "ADA@example.com", "display_name": "Ada Again",
                                                     "job_title": "Advisor"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "already in the directory" in body
    assert 'value="Ada Again"' in body and 'value="Advisor"' in body
    assert mail == []


def test_hr_can_resend_an_invitation(db, mail, login_as):
    person = make_user("new@example.com", password=None)
    hr = login_as("hr")
    assert hr.post(f"/admin/people/{person.id}/resend-invitation").status_code == 302
    assert len(mail) == 1 and "/set-password/" in mail[0].body
