"""What the web processes share holds across them: two real gunicorn workers on one database,
as ``make run`` serves it (limits in the database, fragments in each process) and as production
runs it (Redis for the rate limits and the fragments)."""
import pytest

from bench.server import free_port, gunicorn
from tests.factories import PASSWORD, make_comment, make_hr, make_live_campaign, make_story, make_user
from tests.multiprocess.workers import ACCESS_LOG, one_per_worker, signed_in_per_worker, workers_that_served

SETUPS = ["embedded", "redis"]


def _environment(setup: str, request) -> dict:
    if setup == "embedded":
        return dict(ACCESS_LOG)
    url = request.getfixturevalue("redis_url")
    return {**ACCESS_LOG, "RATELIMIT_STORAGE_URI": url, "CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": url}


@pytest.mark.parametrize("setup", SETUPS)
def test_failed_sign_ins_from_one_address_are_refused_from_the_eleventh(app, db, database_url, tmp_path,
                                                                         request, setup):
    make_user("ada@limits.example")
    db.session.commit()  # last: the test's own transaction must not hold SQLite's write lock meanwhile
    with gunicorn(database_url, tmp_path / "gunicorn.log", **_environment(setup, request)) as server:
        guessers = one_per_worker(server, "ada@limits.example", "not her password")
        statuses = []
        for attempt in range(12):  # in turn through each worker
            guesser = guessers[attempt % 2]
            status, _page = guesser.request("POST", "/login", {"email": guesser.email, "password": guesser.password,
                                                               "csrf_token": guesser.token("/login")})
            statuses.append(status)
        right, page = guessers[0].request("POST", "/login", {"email": guessers[0].email, "password": PASSWORD,
                                                             "csrf_token": guessers[0].token("/login")})
        served_by = workers_that_served(server, "POST", "/login")
    assert statuses == [400] * 10 + [429, 429]
    assert right == 429 and "Please wait 1 minute and try again." in page.decode()  # even the right password, until it passes
    assert len(served_by) == 2, "both workers should have answered sign-ins"


def test_a_guard_rail_limit_holds_across_workers_on_redis(app, db, database_url, tmp_path, request):
    story_id = make_story(make_live_campaign()).id
    make_user("reporter@limits.example")
    db.session.commit()  # last: the test's own transaction must not hold SQLite's write lock meanwhile
    path = f"/stories/{story_id}/report"
    with gunicorn(database_url, tmp_path / "gunicorn.log", **_environment("redis", request)) as server:
        reporters = signed_in_per_worker(server, "reporter@limits.example", PASSWORD)
        token = reporters[0].token(f"/stories/{story_id}")
        reporters[1].cookie = reporters[0].cookie  # the session that now holds the token
        statuses = [reporters[n % 2].request("POST", path, {"csrf_token": token, "reason": "Names a customer"})[0]
                    for n in range(31)]
        served_by = workers_that_served(server, "POST", path)
    assert 429 not in statuses[:30] and statuses[30] == 429  # "30 per hour", once across both workers
    assert len(served_by) == 2


@pytest.mark.parametrize("setup", SETUPS)
def test_a_change_in_one_worker_is_never_served_stale_by_the_other(app, db, database_url, tmp_path, request, setup):
    story = make_story(make_live_campaign())
    secret_id = make_comment(story, text="Her home address is 12 Elm Road").id
    page = f"/stories/{story.id}"
    make_user("viewer@limits.example")
    make_hr(email="hr@limits.example")
    db.session.commit()  # last: the test's own transaction must not hold SQLite's write lock meanwhile
    with gunicorn(database_url, tmp_path / "gunicorn.log", **_environment(setup, request)) as server:
        viewers = signed_in_per_worker(server, "viewer@limits.example", PASSWORD)
        before = [viewers[n % 2].request("GET", page)[1].decode() for n in range(8)]  # kept by both workers
        hrs = signed_in_per_worker(server, "hr@limits.example", PASSWORD)
        status, _ = hrs[0].request("POST", f"/comments/{secret_id}/hide", {"csrf_token": hrs[0].token(page),
                                                                           "hidden": "1"})
        after = [viewers[n % 2].request("GET", page)[1].decode() for n in range(8)]
        status_posted, _ = viewers[1].request("POST", f"{page}/comments", {"csrf_token": viewers[1].token(page),
                                                                           "text": "Thank you for staying late"})
        seen_by_hr = [hrs[n % 2].request("GET", page)[1].decode() for n in range(8)]
        served_by = workers_that_served(server, "GET", page)
    assert all("12 Elm Road" in body for body in before)
    assert status == 302 and not [body for body in after if "12 Elm Road" in body]
    assert status_posted == 302 and all("Thank you for staying late" in body for body in seen_by_hr)
    assert len(served_by) == 2


def test_pages_and_limits_still_work_while_redis_is_down(db, login_as, database_url):
    from portal import create_app
    from portal.config import TestConfig
    from tests.conftest import sign_in

    nowhere = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, FRAGMENT_CACHE_SECONDS=30, FILTER_OPTIONS_CACHE_SECONDS=60,
                     CACHE_TYPE="RedisCache", CACHE_REDIS_URL=nowhere, RATELIMIT_STORAGE_URI=nowhere)
    story_id = make_story(make_live_campaign(), title="Stayed late for a stranded traveller").id
    client = app.test_client()
    sign_in(client, make_user())
    db.session.commit()  # last: the test's own transaction must not hold SQLite's write lock meanwhile
    for path in (f"/stories/{story_id}", "/stories", "/hall-of-fame", "/"):
        response = client.get(path)
        assert response.status_code == 200, path
    assert "Stayed late for a stranded traveller" in client.get("/stories").get_data(as_text=True)
    assert client.post(f"/stories/{story_id}/cheer").status_code == 302  # its guard-rail counts in memory
