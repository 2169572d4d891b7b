"""Every state-changing route refuses a request without a CSRF token; every response carries
the security headers; no redirect leaves the site."""
import pytest

from tests.test_access_matrix import MATRIX, fill_urls, matrix_data

# One URL per endpoint that accepts POST (from the access matrix, which lists every route).
STATE_CHANGING = sorted({endpoint: rows[0][1] for endpoint, rows in MATRIX.items()
                         if endpoint in {"accounts.login", "accounts.forgot_password", "accounts.set_password",
                                         "directory.import_directory", "directory.invite", "campaigns.create",
                                         "campaigns.edit", "campaigns.category", "nominations.nominate",
                                         "nominations.edit"}
                         or any(method == "POST" for method, *_ in rows)}.items())


def test_every_post_route_is_checked(app):
    posting = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in (rule.methods or ())}
    assert posting == {endpoint for endpoint, _url in STATE_CHANGING}


@pytest.mark.parametrize("endpoint,url", STATE_CHANGING, ids=[e for e, _ in STATE_CHANGING])
def test_a_post_without_a_csrf_token_is_refused(app, login_as, endpoint, url):
    data = matrix_data()
    client = login_as("hr")
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(fill_urls(url, data).split("?")[0], data={"text": "x", "reason": "y", "locale": "te"})
    assert response.status_code == 400, endpoint
    assert "This form has expired" in response.get_data(as_text=True)


GET_PAGES = [(endpoint, url) for endpoint, rows in MATRIX.items()
             for method, url, *_ in rows if method == "GET"]


@pytest.mark.parametrize("endpoint,url", GET_PAGES, ids=[e for e, _ in GET_PAGES])
def test_every_page_carries_the_security_headers(login_as, endpoint, url):
    data = matrix_data()
    response = login_as("hr").get(fill_urls(url, data))
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_page_has_an_inline_script_or_handler(login_as):
    data = matrix_data()
    client = login_as("hr")
    for endpoint, url in GET_PAGES:
        response = client.get(fill_urls(url, data))
        if response.mimetype != "text/html":
            continue
        body = response.get_data(as_text=True)
        assert "<script>" not in body and " onclick=" not in body and " onload=" not in body, endpoint


@pytest.mark.parametrize("referrer", ["http://evil.example/", "//evil.example/x", "http://localhost.evil.example/",
                                      "javascript:alert(1)"])
def test_redirects_back_never_leave_the_site(client, db, referrer):
    response = client.post("/language", data={"locale": "te"}, headers={"Referer": referrer})
    assert response.headers["Location"] == "/"


def test_nul_bytes_in_any_field_are_refused_before_reaching_the_database(db, login_as):
    client = login_as("employee")
    assert client.get("/stories", query_string={"q": "a\x00b"}).status_code == 400
    assert client.post("/language", data={"locale": ["te", "x\x00"]}).status_code == 400
