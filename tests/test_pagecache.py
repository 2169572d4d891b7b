"""Shared pages: rendered once for everyone, each person's own parts filled in, and never out of date."""
import re
from datetime import timedelta

import pytest
import time_machine

from portal.types import utcnow
from tests.factories import make_comment, make_live_campaign, make_story


@pytest.fixture
def renders(monkeypatch):
    """How many times each shared page's template was actually rendered."""
    import flask

    counted: list[str] = []
    original = flask.render_template

    def counting(name, **context):
        counted.append(name)
        return original(name, **context)
    monkeypatch.setattr("portal.stories.views.render_template", counting)
    monkeypatch.setattr("portal.hall_of_fame.views.render_template", counting)
    return counted


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _pressed(page: str) -> list[str]:
    return re.findall(r'class="cheer" aria-pressed="(true|false)"', page)


def test_the_wall_is_rendered_once_and_each_person_sees_their_own_name_token_and_cheers(db, login_as, renders):
    story = make_story(make_live_campaign(), title="Kept for everyone")
    ada, bo = login_as("employee", display_name="Ada Cheerer"), login_as("employee", display_name="Bo Watcher")
    assert ada.post(f"/stories/{story.id}/cheer", headers={"Accept": "application/json"}).json["cheering"]

    first = ada.get("/stories").get_data(as_text=True)
    second = bo.get("/stories").get_data(as_text=True)
    assert renders == ["stories/wall.html"]  # the second person got the kept page
    assert "Kept for everyone" in second
    assert "Ada Cheerer" in first and "Bo Watcher" not in first
    assert "Bo Watcher" in second and "Ada Cheerer" not in second
    assert _pressed(first) == ["true"] and _pressed(second) == ["false"]
    assert '<span class="cheer-count">1</span>' in first and '<span class="cheer-count">1</span>' in second
    with ada.session_transaction() as session_a, bo.session_transaction() as session_b:
        assert session_a["csrf_token"] != session_b["csrf_token"]
    assert _token(first) != _token(second)


def test_a_cheer_shows_at_once_on_a_kept_page(db, login_as, renders):
    story = make_story(make_live_campaign())
    ada, bo = login_as("employee"), login_as("employee")
    bo.get("/stories")
    ada.post(f"/stories/{story.id}/cheer", headers={"Accept": "application/json"})
    page = bo.get("/stories").get_data(as_text=True)
    assert renders == ["stories/wall.html"]
    assert '<span class="cheer-count">1</span>' in page and _pressed(page) == ["false"]


def test_a_hidden_or_edited_story_leaves_the_kept_wall_at_once(db, login_as):
    from portal.extensions import db as database
    campaign = make_live_campaign()
    keep, hide = make_story(campaign, title="Stays up"), make_story(campaign, title="Taken down")
    client = login_as("employee")
    assert "Taken down" in client.get("/stories").get_data(as_text=True)
    hide.hidden = True
    keep.title = "Stays up, retitled"
    database.session.commit()
    page = client.get("/stories").get_data(as_text=True)
    assert "Taken down" not in page and "Stays up, retitled" in page


def test_a_new_comment_shows_on_a_kept_story_page_at_once(db, login_as, renders):
    story = make_story(make_live_campaign())
    reader = login_as("employee")
    reader.get(f"/stories/{story.id}")
    reader.get(f"/stories/{story.id}")
    assert renders == ["stories/story.html"]
    make_comment(story, text="Brilliant work, truly")
    assert "Brilliant work, truly" in reader.get(f"/stories/{story.id}").get_data(as_text=True)
    comment = make_comment(story, text="Something rude")
    assert "Something rude" in reader.get(f"/stories/{story.id}").get_data(as_text=True)
    from portal.extensions import db as database
    comment.hidden = True
    database.session.commit()
    assert "Something rude" not in reader.get(f"/stories/{story.id}").get_data(as_text=True)


def test_the_walls_stamp_is_trusted_for_a_second_and_a_storys_discussion_not_at_all(app, db, login_as,
                                                                                    monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_STAMP_SECONDS", 1)
    campaign = make_live_campaign()
    story = make_story(campaign)
    writer, reader = login_as("employee"), login_as("employee")
    with time_machine.travel(utcnow(), tick=False) as clock:
        reader.get("/stories")
        make_story(campaign, title="A story just published")
        assert "A story just published" not in reader.get("/stories").get_data(as_text=True)
        clock.shift(timedelta(seconds=2))
        assert "A story just published" in reader.get("/stories").get_data(as_text=True)

        reader.get(f"/stories/{story.id}")
        response = writer.post(f"/stories/{story.id}/comments", data={"text": "Seen it myself"},
                               follow_redirects=True)
        assert "Seen it myself" in response.get_data(as_text=True)  # the page with "Your comment is posted."
        assert "Seen it myself" in reader.get(f"/stories/{story.id}").get_data(as_text=True)


def test_hr_pages_and_pages_with_a_message_are_never_kept(db, login_as, renders):
    make_story(make_live_campaign())
    hr = login_as("hr")
    hr.get("/hall-of-fame")
    hr.get("/hall-of-fame")
    assert renders == ["hall_of_fame/index.html"] * 2
    employee = login_as("employee")
    with employee.session_transaction() as session:
        session["_flashes"] = [("success", "Something just happened")]
    assert "Something just happened" in employee.get("/hall-of-fame").get_data(as_text=True)
    assert len(renders) == 3
    employee.get("/hall-of-fame")
    employee.get("/hall-of-fame")
    assert len(renders) == 4


def test_a_page_that_wrote_someones_real_token_is_never_shared(app, db, login_as):
    from flask import render_template_string
    from flask_wtf.csrf import generate_csrf

    from portal.pagecache import shared_page

    @app.route("/_token_page")
    def token_page():
        return shared_page(("token",), lambda: render_template_string("<p>{{ token }}</p>", token=generate_csrf()))

    ada, bo = login_as("employee"), login_as("employee")
    first, second = ada.get("/_token_page").get_data(as_text=True), bo.get("/_token_page").get_data(as_text=True)
    assert first != second



def test_a_page_kept_by_one_web_process_is_filled_in_by_another(app, db, tmp_path):
    from portal import create_app
    from portal.config import TestConfig
    from tests.conftest import IsolatedClient, sign_in
    from tests.factories import make_user

    story = make_story(make_live_campaign(), title="Shared between workers")
    shared = dict(CACHE_TYPE="FileSystemCache", CACHE_DIR=str(tmp_path / "cache"), SECRET_KEY=app.config["SECRET_KEY"],
                  SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    pages = []
    for worker, name in ((create_app(TestConfig, **shared), "Ada First"), (create_app(TestConfig, **shared), "Bo Second")):
        worker.test_client_class = IsolatedClient
        person = make_user(display_name=name)
        client = worker.test_client()
        sign_in(client, person)
        pages.append(client.get(f"/stories/{story.id}").get_data(as_text=True))
    assert "Shared between workers" in pages[1] and "\x00" not in pages[1]
    assert "Bo Second" in pages[1] and "Ada First" not in pages[1]
    assert _token(pages[1]) != _token(pages[0])
