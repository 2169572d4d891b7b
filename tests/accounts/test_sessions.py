"""Sessions end when they should: sign-out, password change, deactivation."""
from portal.extensions import db as _db
from tests.factories import PASSWORD, make_user


def _cookie(client):
    return client.get_cookie("stars_session")


def _signed_in_client(app, email):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_an_old_session_cookie_replayed_after_logout_is_refused(app, db):
    make_user("ada@example.com")
    client = _signed_in_client(app, "ada@example.com")
    stolen = _cookie(client).value
    assert client.post("/logout").status_code == 302

    attacker = app.test_client()
    attacker.set_cookie("stars_session", stolen)
    response = attacker.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_logout_ends_sessions_on_every_device(app, db):
    make_user("ada@example.com")
    laptop = _signed_in_client(app, "ada@example.com")
    phone = _signed_in_client(app, "ada@example.com")
    laptop.post("/logout")
    assert phone.get("/").status_code == 302


def test_password_change_keeps_this_session_and_ends_the_others(app, db):
    make_user("ada@example.com")
    laptop = _signed_in_client(app, "ada@example.com")
    phone = _signed_in_client(app, "ada@example.com")
    response = laptop.post("/account/password", data={
        "current": PASSWORD, "password": "a brand new secret", "confirm": "a brand new secret"})
    assert response.status_code == 302
    assert laptop.get("/").status_code == 200
    assert phone.get("/").status_code == 302
    assert app.test_client().post("/login", data={"email": "ada@example.com",
                                                  "password": "a brand new secret"}).status_code == 302


def test_password_change_with_a_wrong_current_password_says_so(login_as):
    client = login_as("employee")
    response = client.post("/account/password", data={
        "current": "not it at all", "password": "a brand new secret", "confirm": "a brand new secret"})
    assert response.status_code == 400
    assert "Your current password is not correct." in response.get_data(as_text=True)


def test_deactivation_signs_the_person_out(app, db, login_as):
    person = make_user("leaver@example.com")
    their_client = _signed_in_client(app, "leaver@example.com")
    hr = login_as("hr")
    assert hr.post(f"/admin/people/{person.id}/deactivate").status_code == 302
    assert their_client.get("/").status_code == 302
    _db.session.refresh(person)
    assert person.active is False


def test_session_cookie_is_httponly_and_samesite_lax(app, db):
    make_user("ada@example.com")
    client = _signed_in_client(app, "ada@example.com")
    cookie = _cookie(client)
    assert cookie.http_only
    assert cookie.same_site == "Lax"
    assert not cookie.secure


def test_session_cookie_is_secure_when_the_portal_is_served_over_https(database_url):
    from portal import create_app
    from portal.config import TestConfig
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url,
                     PORTAL_BASE_URL="https://stars.example.com")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_sign_out_everywhere_keeps_only_this_session(app, db):
    make_user("ada@example.com")
    laptop = _signed_in_client(app, "ada@example.com")
    phone = _signed_in_client(app, "ada@example.com")
    assert laptop.post("/account/sign-out-everywhere").status_code == 302
    assert laptop.get("/").status_code == 200
    assert phone.get("/").status_code == 302


def test_a_tampered_session_id_is_refused(app, db):
    user = make_user("ada@example.com")
    client = app.test_client()
    for forged in (str(user.id), f"{user.id}:x", "garbage", f"{user.id}:{user.session_version + 1}"):
        with client.session_transaction() as session:
            session["_user_id"] = forged
        assert client.get("/").status_code == 302


def test_preferences_are_saved_and_bad_zones_refused(login_as, db):
    client = login_as("employee")
    assert client.post("/account/preferences", data={"locale": "en", "timezone": "Asia/Kolkata"}).status_code == 302
    db.session.refresh(client.user)
    assert client.user.timezone == "Asia/Kolkata" and client.user.locale == "en"
    assert "Asia/Kolkata" in client.get("/").get_data(as_text=True)
    bad = client.post("/account/preferences", data={"locale": "en", "timezone": "Mars/Base"})
    assert bad.status_code == 400
