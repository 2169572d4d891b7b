"""Shared fragments: rendered once for everyone, never carrying anything personal, and never out of date."""
import re
from datetime import timedelta

import pytest
import time_machine
from jinja2 import ChoiceLoader, DictLoader

from portal.fragments import PersonalValueInFragment, render_shared
from portal.types import utcnow
from tests.factories import (make_comment, make_endorsement, make_induction, make_live_campaign, make_story,
                             make_user)


@pytest.fixture
def renders(monkeypatch):
    """The shared fragments actually rendered (not taken from the cache), by template."""
    import portal.fragments

    counted: list[str] = []
    original = portal.fragments.render_shared

    def counting(name, **context):
        counted.append(name)
        return original(name, **context)
    for module in ("portal.stories.views", "portal.hall_of_fame.views"):
        monkeypatch.setattr(f"{module}.render_shared", counting)
    return counted


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _pressed(page: str) -> list[str]:
    return re.findall(r'class="cheer" aria-pressed="(true|false)"', page)


def test_the_walls_cards_are_rendered_once_and_each_person_sees_their_own_name_token_and_cheers(db, login_as,
                                                                                              renders):
    story = make_story(make_live_campaign(), title="Kept for everyone")
    ada, bo = login_as("employee", display_name="Ada Cheerer"), login_as("employee", display_name="Bo Watcher")
    assert ada.post(f"/stories/{story.id}/cheer", headers={"Accept": "application/json"}).json["cheering"]

    first = ada.get("/stories").get_data(as_text=True)
    second = bo.get("/stories").get_data(as_text=True)
    assert renders == ["stories/_card.html"]  # the second person got the kept card
    assert "Kept for everyone" in second
    assert "Ada Cheerer" in first and "Bo Watcher" not in first
    assert "Bo Watcher" in second and "Ada Cheerer" not in second
    assert _pressed(first) == ["true"] and _pressed(second) == ["false"]
    assert '<span class="cheer-count">1</span>' in first and '<span class="cheer-count">1</span>' in second
    assert _token(first) != _token(second)


def test_a_cheer_shows_at_once_beside_a_kept_card(db, login_as, renders):
    story = make_story(make_live_campaign())
    ada, bo = login_as("employee"), login_as("employee")
    bo.get("/stories")
    ada.post(f"/stories/{story.id}/cheer", headers={"Accept": "application/json"})
    page = bo.get("/stories").get_data(as_text=True)
    assert renders == ["stories/_card.html"]
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


def test_a_storys_fragments_are_kept_and_its_discussion_shows_every_change_at_once(db, login_as, renders):
    story = make_story(make_live_campaign())
    reader = login_as("employee")
    reader.get(f"/stories/{story.id}")
    reader.get(f"/stories/{story.id}")
    assert sorted(renders) == ["stories/_article.html", "stories/_comments.html", "stories/_endorse_fields.html",
                               "stories/_endorsements.html", "stories/_report_fields.html"]
    renders.clear()
    make_comment(story, text="Brilliant work, truly")
    assert "Brilliant work, truly" in reader.get(f"/stories/{story.id}").get_data(as_text=True)
    comment = make_comment(story, text="Something rude")
    assert "Something rude" in reader.get(f"/stories/{story.id}").get_data(as_text=True)
    assert login_as("hr").post(f"/comments/{comment.id}/hide", data={"hidden": "1"}).status_code == 302
    assert "Something rude" not in reader.get(f"/stories/{story.id}").get_data(as_text=True)
    make_endorsement(story, text="I was on the next desk")
    assert "I was on the next desk" in reader.get(f"/stories/{story.id}").get_data(as_text=True)
    assert renders.count("stories/_article.html") == 4  # once for each change, not for each view
    reader.get(f"/stories/{story.id}")
    assert renders.count("stories/_article.html") == 4


def test_the_walls_stamp_is_trusted_for_a_second_but_not_by_whoever_just_made_a_change(app, db, login_as,
                                                                                       monkeypatch):
    monkeypatch.setitem(app.config, "FRAGMENT_STAMP_SECONDS", 1)
    campaign = make_live_campaign()
    make_story(campaign, title="Already there")
    reader = login_as("employee")
    with time_machine.travel(utcnow(), tick=False) as clock:
        reader.get("/stories")
        make_story(campaign, title="A story just published")
        assert "A story just published" not in reader.get("/stories").get_data(as_text=True)
        with reader.session_transaction() as session:
            session["_flashes"] = [("success", "Published.")]
        assert "A story just published" in reader.get("/stories").get_data(as_text=True)
        clock.shift(timedelta(milliseconds=1))
        make_story(campaign, title="Another one")
        assert "Another one" not in reader.get("/stories").get_data(as_text=True)
        clock.shift(timedelta(seconds=2))
        assert "Another one" in reader.get("/stories").get_data(as_text=True)


@pytest.mark.parametrize("body", ["{{ current_user.display_name }}", "{{ csrf_token() }}", "{{ session.get('x') }}",
                                  "{% if current_user.is_authenticated %}x{% endif %}", "{{ request.path }}",
                                  "{{ g.user }}", "{{ get_flashed_messages() }}", "{{ site_nav() }}",
                                  "{% from '_mine.html' import mine %}{{ mine() }}",
                                  "{% import '_mine.html' as m %}{{ m.mine() }}"])
def test_a_shared_fragment_cannot_use_anything_personal(app, login_as, monkeypatch, body):
    """Not in the partial, nor in a macro it imports (which sees the globals, not the partial's context)."""
    templates = {"_test.html": body, "_mine.html": "{% macro mine() %}{{ current_user.display_name }}"
                                                  "{{ csrf_token() }}{% endmacro %}"}
    monkeypatch.setattr(app.jinja_env, "loader", ChoiceLoader([DictLoader(templates), app.jinja_env.loader]))
    with app.test_request_context(), pytest.raises(PersonalValueInFragment):
        render_shared("_test.html")


def test_a_shared_fragment_may_translate_link_and_show_its_own_data(app, monkeypatch):
    body = "{{ _('Stories') }} {{ url_for('stories.index') }} {{ title }}"
    monkeypatch.setattr(app.jinja_env, "loader", ChoiceLoader([DictLoader({"_test.html": body}), app.jinja_env.loader]))
    with app.test_request_context():
        assert render_shared("_test.html", title="Kept") == "Stories /stories Kept"


def test_a_fragment_kept_by_one_web_process_is_used_by_another(app, db, tmp_path, renders):
    from portal import create_app
    from portal.config import TestConfig
    from tests.conftest import IsolatedClient, sign_in

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
    assert len(renders) == len(set(renders)) == 5  # each fragment rendered by the first worker only
    assert "Shared between workers" in pages[1]
    assert "Bo Second" in pages[1] and "Ada First" not in pages[1]
    assert _token(pages[1]) != _token(pages[0])


# --- Two people, one cache: what the second sees is exactly what they would see with nothing kept. ---

def _normalised(page: str) -> str:
    # A CSRF token is signed with the time: two renders for the same session differ in it alone.
    return re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token" value=""', page)


@pytest.fixture
def world(db):
    """A small organisation where each cached page has something personal for each kind of viewer."""
    campaign = make_live_campaign((-4, -3, -2, -1))
    nominee = make_user(display_name="Nadia Nominee", email="nadia@example.com", locale="zh_Hans",
                        timezone="Asia/Kolkata")
    story = make_story(campaign, nominees=[nominee], title="Calm on the night shift")
    other = make_story(campaign, title="Second story", category_index=1)
    make_induction(story)
    make_comment(story, text="Hidden remark", hidden=True)
    make_comment(other, text="Visible remark")
    return {"story": story, "other": other, "nominee": nominee}


PAGES = ["/stories", "/stories?q=night", "/stories?category=Reliability", "/hall-of-fame", "/hall-of-fame?year={year}",
         "/stories/{story}", "/stories/{other}"]


def _viewers(login_as, world):
    return [
        ("employee", login_as("employee", display_name="Eve Employee", email="eve@example.com", locale="en",
                              timezone="UTC")),
        ("nominee", login_as(world["nominee"])),
        ("HR", login_as("hr", display_name="Hana HR", email="hana@example.com", locale="te",
                        timezone="America/Los_Angeles")),
    ]


@pytest.mark.parametrize("path", PAGES)
def test_no_cached_page_shows_one_person_anything_of_another(app, db, login_as, world, path, monkeypatch):
    url = path.format(story=world["story"].id, other=world["other"].id, year=world["story"].campaign.year)
    viewers = _viewers(login_as, world)
    world["story"].nominator.display_name = "Nico Nominator"
    from portal.extensions import db as database
    database.session.commit()
    viewers.append(("nominator", login_as(world["story"].nominator)))
    private = {"employee": ["Eve Employee", "eve@example.com"], "nominee": ["nadia@example.com"],
               "HR": ["Hana HR", "hana@example.com", "Hidden remark"], "nominator": []}

    monkeypatch.setitem(app.config, "FRAGMENT_CACHE_SECONDS", 0)
    alone = {role: _normalised(client.get(url).get_data(as_text=True)) for role, client in viewers}
    monkeypatch.setitem(app.config, "FRAGMENT_CACHE_SECONDS", 30)
    for order in (viewers, list(reversed(viewers))):
        from portal.extensions import cache
        cache.clear()
        for role, client in order:
            response = client.get(url)
            assert response.status_code == 200
            page = _normalised(response.get_data(as_text=True))
            assert page == alone[role], f"{role} sees something of someone else on {url}"
            for other_role, secrets in private.items():
                if other_role != role:
                    assert not any(secret in page for secret in secrets), (role, other_role, url)


def test_hiding_and_showing_comments_and_endorsements_shows_at_once_however_they_combine(db, login_as):
    story = make_story(make_live_campaign())
    first, second, third = (make_comment(story, text=f"Comment number {n}") for n in (1, 2, 3))
    reader, hr = login_as("employee"), login_as("hr")
    page = lambda: reader.get(f"/stories/{story.id}").get_data(as_text=True)  # noqa: E731
    assert "Comment number 3" in page()
    for comment, hidden in ((third, "1"), (third, "0"), (first, "1"), (second, "1")):
        hr.post(f"/comments/{comment.id}/hide", data={"hidden": hidden})
    shown = page()
    assert "Comment number 1" not in shown and "Comment number 2" not in shown and "Comment number 3" in shown
    endorsement = make_endorsement(story, text="Seen from the next desk")
    assert "Seen from the next desk" in page()
    for _ in range(3):
        login_as("employee").post(f"/endorsements/{endorsement.id}/report")
    assert "Seen from the next desk" not in page()
    hr.post(f"/admin/moderation/reports/endorsement/{endorsement.id}", data={"decision": "keep"})
    assert "Seen from the next desk" in page()
