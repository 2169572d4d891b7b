"""Property-based fuzzing of every form and query parameter: whatever arrives, never a 5xx."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_access_matrix import fill_urls, matrix_data

ANY_TEXT = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", " ", "0", "-1", "99999999999999999999", "2026-13-45", "2026-01-01T25:61", "null",
                     "<script>alert(1)</script>", "' OR 1=1 --", "%00", "\x00", "../../etc/passwd", "é" * 3000,
                     "zh_Hans", "Asia/Kolkata", "on", "y", "people", "team"]),
)

FORMS = {
    "/login": ["email", "password", "next"],
    "/forgot-password": ["email"],
    "/account/preferences": ["locale", "timezone"],
    "/account/password": ["current", "password", "confirm"],
    "/admin/people/invite": ["email", "display_name", "job_title", "department", "team", "site", "country", "is_hr"],
    "/admin/campaigns/new": ["year", "theme", "votes_per_category", "auto_approve", "nominations_open_at",
                             "voting_open_at", "voting_close_at", "announce_at"],
    "/admin/campaigns/{campaign}": ["theme", "votes_per_category", "nominations_open_at", "voting_open_at",
                                    "voting_close_at", "announce_at"],
    "/admin/campaigns/{campaign}/categories/new": ["name", "description", "nominee_kind", "enabled"],
    "/nominate": ["category", "nominees", "team", "title", "story", "customer_impact", "moment_date", "language",
                  "person_search", "search", "preview", "submit"],
    "/stories/{story}/endorse": ["text"],
    "/stories/{story}/report": ["reason"],
    "/stories/{story}/comments": ["text"],
    "/admin/moderation/{pending}/reject": ["r{pending}-reason"],
    "/admin/moderation/approve": ["story"],
    "/language": ["locale"],
}

QUERIES = {
    "/stories": ["q", "year", "category", "department", "site", "country", "after"],
    "/hall-of-fame": ["q", "year", "category", "country"],
    "/admin/people/": ["q", "department", "site", "country", "team", "status", "after_name", "after_id"],
    "/vote": ["category", "after"],
    "/nominate/people": ["q"],
    "/admin/campaigns/new": ["year"],
    "/login": ["next"],
    "/hall-of-fame/{induction}/certificate.pdf": ["person", "paper"],
}

FUZZ = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])


@pytest.mark.parametrize("path", sorted(FORMS))
def test_forms_never_fail_with_a_server_error(login_as, path):
    data = matrix_data()
    client = login_as("hr")
    url = fill_urls(path, data)
    fields = [fill_urls(name, data) for name in FORMS[path]]

    @FUZZ
    @given(st.fixed_dictionaries({}, optional={name: ANY_TEXT for name in fields}))
    def post(values):
        response = client.post(url, data=values)
        assert response.status_code < 500, (url, values)

    post()


@pytest.mark.parametrize("path", sorted(QUERIES))
def test_query_parameters_never_fail_with_a_server_error(login_as, path):
    data = matrix_data()
    client = login_as("hr")
    url = fill_urls(path, data)

    @FUZZ
    @given(st.fixed_dictionaries({}, optional={name: ANY_TEXT for name in QUERIES[path]}))
    def get(values):
        response = client.get(url, query_string=values)
        assert response.status_code < 500, (url, values)

    get()
