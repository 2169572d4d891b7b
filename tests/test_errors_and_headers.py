"""Error pages in the portal's style, CSRF, and the security headers."""
import io

import pytest
from flask import abort

from portal import create_app
from portal.config import TestConfig


def test_unknown_page_is_a_styled_404(client, db):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "Page not found" in body and 'class="site-header"' in body


def test_wrong_method_is_a_styled_405(login_as):
    response = login_as("employee").post("/")
    assert response.status_code == 405
    assert "cannot be used that way" in response.get_data(as_text=True)


def test_employee_on_an_hr_page_sees_a_styled_403(login_as):
    response = login_as("employee").get("/admin/")
    assert response.status_code == 403
    assert "You do not have permission" in response.get_data(as_text=True)


def test_oversized_upload_is_a_styled_413(client, db):
    response = client.post("/login", data={"email": "x" * (7 * 1024 * 1024)})
    assert response.status_code == 413
    assert "larger than we accept" in response.get_data(as_text=True)


def test_the_directory_import_accepts_files_larger_than_the_general_limit(db, login_as):
    big = "email,name\n" + "".join(f"p{n}@example.com,Person number {n:07d} of a very large company\n"
                                   for n in range(130_000))
    assert len(big) > 6 * 1024 * 1024
    response = login_as("hr").post("/admin/people/import", data={"file": (io.BytesIO(big.encode()), "big.csv")},
                                   content_type="multipart/form-data")
    assert response.status_code == 302


@pytest.fixture
def crashing_app(database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)

    @app.route("/boom")
    def boom():
        raise RuntimeError("kaboom")

    @app.route("/teapot")
    def teapot():
        abort(400)
    return app


def test_an_unexpected_error_is_a_styled_500_without_details(crashing_app, login_as):
    client = crashing_app.test_client()
    with crashing_app.app_context():
        from tests.factories import make_user
        from tests.conftest import sign_in
        sign_in(client, make_user())
    response = client.get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Something went wrong" in body and "kaboom" not in body and "Traceback" not in body
    assert client.get("/teapot").status_code == 400


def test_forms_without_a_csrf_token_are_refused(app, db):
    app.config["WTF_CSRF_ENABLED"] = True
    from tests.factories import PASSWORD, make_user
    make_user("ada@example.com")
    client = app.test_client()
    response = client.post("/login", data={"email": "ada@example.com", "password": PASSWORD})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_logout_without_a_csrf_token_does_nothing(app, db, login_as):
    client = login_as("employee")
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200


def test_every_response_carries_the_security_headers(client, db):
    for url in ("/login", "/healthz", "/static/css/portal.css", "/missing"):
        headers = client.get(url).headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in headers


def test_hsts_when_the_portal_is_served_over_https(database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, PORTAL_BASE_URL="https://stars.example.com")
    assert "max-age" in app.test_client().get("/healthz").headers["Strict-Transport-Security"]


def test_signed_in_pages_are_not_cached(login_as):
    assert login_as("employee").get("/").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("base,warned", [("http://stars.example.com", True), ("https://stars.example.com", False),
                                         ("http://127.0.0.1:5000", False), ("http://localhost:8080", False),
                                         ("http://[::1]:5000", False)])
def test_plain_http_on_a_real_address_is_warned_about_at_start(caplog, database_url, base, warned):
    with caplog.at_level("WARNING"):
        create_app(TestConfig, TESTING=False, PORTAL_BASE_URL=base, SQLALCHEMY_DATABASE_URI=database_url)
    assert ("cookies are sent without Secure" in caplog.text) is warned
