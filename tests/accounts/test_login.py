"""Signing in: credentials, deactivated people, safe redirects and the rate limit."""
import pytest

from tests.factories import PASSWORD, make_user


def _login(client, email, password=PASSWORD, next_=None):
    data = {"email": email, "password": password}
    url = "/login" + (f"?next={next_}" if next_ is not None else "")
    if next_ is not None:
        data["next"] = next_
    return client.post(url, data=data)


def test_sign_in_takes_you_home_with_your_name(client, db):
    make_user("ada@example.com", display_name="Ada Okafor")
    response = _login(client, "ada@example.com")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "Ada Okafor" in client.get("/").get_data(as_text=True)


def test_email_is_matched_regardless_of_case(client, db):
    make_user("ada@example.com")
    assert _login(client, "  ADA@Example.COM ").status_code == 302


@pytest.mark.parametrize("email,password", [("ada@example.com", "wrong password!"),
                                            ("nobody@example.com", PASSWORD)])
def test_failed_sign_in_never_reveals_whether_the_account_exists(client, db, email, password):
    make_user("ada@example.com")
    response = _login(client, email, password)
    assert response.status_code == 400
    assert "That email and password do not match an account." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_deactivated_person_cannot_sign_in(client, db):
    make_user("gone@example.com", active=False)
    response = _login(client, "gone@example.com")
    assert response.status_code == 400
    assert "deactivated" in response.get_data(as_text=True)
    assert client.get("/").headers["Location"].startswith("/login")


def test_invited_person_without_password_cannot_sign_in(client, db):
    make_user("new@example.com", password=None)
    assert _login(client, "new@example.com", "").status_code == 400
    assert _login(client, "new@example.com", "anything at all").status_code == 400


def test_the_typed_email_is_kept_after_a_failure(client, db):
    body = _login(client, "typo@example.com", "nope nope nope").get_data(as_text=True)
    assert 'value="typo@example.com"' in body


def test_next_page_on_this_site_is_followed(client, db):
    make_user("ada@example.com")
    assert _login(client, "ada@example.com", next_="/account").headers["Location"] == "/account"


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "https://evil.example/",
                                    "/\\/evil.example", "javascript:alert(1)", "/%0a/evil.example".replace("%0a", "\n")])
def test_next_pointing_off_site_is_not_followed(client, db, target):
    make_user("ada@example.com")
    response = _login(client, "ada@example.com", next_=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_signed_out_visitor_is_sent_to_sign_in_and_back(client, db):
    make_user("ada@example.com")
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/account"
    assert _login(client, "ada@example.com", next_="/account").headers["Location"] == "/account"


def test_sign_in_is_rate_limited(app, client, db):
    app.config["LOGIN_RATE_LIMIT"] = "10 per minute"
    make_user("ada@example.com")
    statuses = [_login(client, "ada@example.com", "wrong password!").status_code for _ in range(12)]
    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429
    page = _login(client, "ada@example.com").get_data(as_text=True)
    assert "Too many requests" in page
    assert 'class="site-header"' in page


def test_an_already_signed_in_person_skips_the_form(login_as):
    client = login_as("employee")
    assert client.get("/login").headers["Location"] == "/"


def test_sign_in_is_rate_limited_per_account_across_addresses(app, db):
    app.config["LOGIN_RATE_LIMIT_PER_ACCOUNT"] = "3 per hour"
    make_user("ada@example.com")
    statuses = [app.test_client().post("/login", data={"email": "ada@example.com", "password": "guess guess"},
                                       environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}).status_code
                for n in range(1, 6)]
    assert statuses == [400, 400, 400, 429, 429]
