"""Nomination rules, each as a person would meet them on /nominate."""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.stories.rules import can_see
from portal.stories.models import Nominee, Story
from portal.types import utcnow
from tests.factories import MOMENT, STORY, make_live_campaign, make_team, make_user


def _form(campaign, nominees=(), category_index=0, **changes):
    data = {"category": str(campaign.categories[category_index].id), "title": "Kept the lights on",
            "story": STORY, "customer_impact": "The family stayed warm.", "moment_date": MOMENT.isoformat(),
            "language": "en", "submit": "1", "nominees": [str(person.id) for person in nominees]}
    data.update(changes)
    return data


def _count(db):
    return db.session.scalar(select(func.count()).select_from(Story))


@pytest.fixture
def campaign(db):
    return make_live_campaign()


def test_a_colleague_is_nominated_and_hr_is_waiting(db, login_as, campaign):
    colleague = make_user(display_name="Grace Hopper")
    client = login_as("employee")
    response = client.post("/nominate", data=_form(campaign, [colleague]))
    assert response.status_code == 302 and response.headers["Location"] == "/nominate/mine"
    story = db.session.scalar(select(Story))
    assert story.status == "pending" and story.nominees == [colleague]
    assert "Waiting for HR" in client.get("/nominate/mine").get_data(as_text=True)


def test_nominating_yourself_is_refused_with_a_clear_message_and_nothing_is_created(db, login_as, campaign):
    client = login_as("employee")
    response = client.post("/nominate", data=_form(campaign, [client.user, make_user()]))
    assert response.status_code == 400
    assert "You cannot nominate yourself" in response.get_data(as_text=True)
    assert _count(db) == 0


def test_nominating_your_own_team_is_refused(db, login_as, campaign):
    team = make_team("Billing Care")
    client = login_as("employee", team_id=team.id)
    response = client.post("/nominate", data=_form(campaign, category_index=6, team=str(team.id)))
    assert response.status_code == 400
    assert "You cannot nominate your own team" in response.get_data(as_text=True)
    assert _count(db) == 0


def test_another_team_can_be_nominated_in_a_team_category(db, login_as, campaign):
    other = make_team("Tech Support")
    client = login_as("employee", team_id=make_team("Billing").id)
    assert client.post("/nominate", data=_form(campaign, category_index=6, team=str(other.id))).status_code == 302
    assert db.session.scalar(select(Story)).team_id == other.id


def test_inactive_people_cannot_be_nominated(db, login_as, campaign):
    response = login_as("employee").post("/nominate", data=_form(campaign, [make_user(active=False)]))
    assert "Only active colleagues" in response.get_data(as_text=True)


def test_one_to_ten_nominees(db, login_as, campaign):
    client = login_as("employee")
    assert "at least one colleague" in client.post("/nominate", data=_form(campaign, [])).get_data(as_text=True)
    eleven = [make_user() for _ in range(11)]
    assert "at most 10 people" in client.post("/nominate", data=_form(campaign, eleven)).get_data(as_text=True)
    assert _count(db) == 0


def test_the_same_nominee_twice_in_a_category_is_refused_until_withdrawn(db, login_as, campaign):
    colleague = make_user()
    client = login_as("employee")
    assert client.post("/nominate", data=_form(campaign, [colleague])).status_code == 302
    again = client.post("/nominate", data=_form(campaign, [colleague], title="Another time"))
    assert again.status_code == 400 and "already nominated them in this category" in again.get_data(as_text=True)
    assert client.post("/nominate", data=_form(campaign, [colleague], category_index=1)).status_code == 302
    first = db.session.scalar(select(Story).order_by(Story.id))
    assert client.post(f"/nominate/{first.id}/withdraw").status_code == 302
    assert client.post("/nominate", data=_form(campaign, [colleague], title="Third time")).status_code == 302


def test_the_database_itself_refuses_a_second_active_nominee_row(db, campaign):
    from sqlalchemy.exc import IntegrityError
    nominator, colleague = make_user(), make_user()
    category = campaign.categories[0]
    for title in ("One story", "Two stories"):
        story = Story(campaign_id=campaign.id, category_id=category.id, nominator_id=nominator.id,
                      title=title, body=STORY, moment_date=date(2026, 1, 1))
        db.session.add(story)
        db.session.flush()
        db.session.add(Nominee(story_id=story.id, user_id=colleague.id, campaign_id=campaign.id,
                               category_id=category.id, nominator_id=nominator.id, active=True))
        if title == "One story":
            db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize("changes,message", [
    ({"title": "Hi"}, "The title needs 5 to 120 characters."),
    ({"story": "Too short."}, "Tell the story in 50 to 5,000 characters."),
    ({"story": "x" * 5001}, "Field cannot be longer than 5000 characters."),
    ({"customer_impact": "y" * 1001}, "Field cannot be longer than 1000 characters."),
    ({"moment_date": (date.today() + timedelta(days=2)).isoformat()}, "The moment cannot be in the future."),
    ({"moment_date": "2020-01-01"}, "within the last 18 months"),
    ({"moment_date": ""}, "Enter the date of the moment."),
    ({"category": ""}, "Choose a category."),
])
def test_limits_are_explained_next_to_the_field_keeping_what_was_typed(db, login_as, campaign, changes, message):
    colleague = make_user(display_name="Grace Hopper")
    response = login_as("employee").post("/nominate", data=_form(campaign, [colleague], **changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert "Grace Hopper" in page  # the chosen nominee is still chosen
    if "title" not in changes:
        assert 'value="Kept the lights on"' in page
    assert _count(db) == 0


def test_nominations_are_closed_outside_the_nominating_phase(db, login_as):
    make_live_campaign((1, 2, 3, 4))
    client = login_as("employee")
    assert "Nominations are closed" in client.get("/nominate").get_data(as_text=True)
    assert "Nominations are closed" in client.post("/nominate", data={}).get_data(as_text=True)


def test_a_daily_limit_stops_floods(app, db, login_as, campaign):
    app.config["NOMINATIONS_PER_DAY"] = 2
    client = login_as("employee")
    for index in range(2):
        assert client.post("/nominate", data=_form(campaign, [make_user()], category_index=index)).status_code == 302
    response = client.post("/nominate", data=_form(campaign, [make_user()], category_index=3))
    assert response.status_code == 400 and "daily limit" in response.get_data(as_text=True)


def test_search_finds_colleagues_by_name_email_or_team_and_never_yourself(db, login_as):
    team = make_team("Social Media Care")
    wang = make_user("wei.wang@example.com", display_name="王伟")
    ravi = make_user("ravi@example.com", display_name="రవి రావు", team_id=team.id)
    make_user("gone@example.com", display_name="Gone Person", active=False)
    client = login_as("employee", display_name="Searching Person")
    assert "王伟" in client.get("/nominate/people?q=王").get_data(as_text=True)
    assert "రవి రావు" in client.get("/nominate/people?q=social media").get_data(as_text=True)
    assert "王伟" in client.get("/nominate/people?q=wei.wang").get_data(as_text=True)
    assert "Gone Person" not in client.get("/nominate/people?q=gone").get_data(as_text=True)
    assert "Searching Person" not in client.get("/nominate/people?q=searching").get_data(as_text=True)
    assert wang.id and ravi.id


def test_the_search_button_works_without_javascript_and_keeps_the_form(db, login_as, campaign):
    make_user(display_name="Grace Hopper")
    data = _form(campaign, [], person_search="grace", title="Typed title")
    data.pop("submit")
    data["search"] = "1"
    page = login_as("employee").post("/nominate", data=data).get_data(as_text=True)
    assert "Grace Hopper" in page and 'value="Typed title"' in page
    assert _count(db) == 0


def test_preview_renders_the_story_without_saving(db, login_as, campaign):
    data = _form(campaign, [make_user()], story="**Bold** and *kind* service " + "x" * 60)
    data.pop("submit")
    data["preview"] = "1"
    page = login_as("employee").post("/nominate", data=data).get_data(as_text=True)
    assert "<strong>Bold</strong>" in page and "<em>kind</em>" in page
    assert _count(db) == 0


def test_edit_and_withdraw_while_nominating_only(db, login_as, campaign):
    colleague = make_user()
    client = login_as("employee")
    client.post("/nominate", data=_form(campaign, [colleague]))
    story = db.session.scalar(select(Story))
    assert client.get(f"/nominate/{story.id}/edit").status_code == 200
    response = client.post(f"/nominate/{story.id}/edit", data=_form(campaign, [colleague], title="A better title"))
    assert response.status_code == 302
    db.session.refresh(story)
    assert story.title == "A better title"
    campaign.voting_open_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get(f"/nominate/{story.id}/edit").status_code == 403
    assert client.post(f"/nominate/{story.id}/withdraw").status_code == 403


def test_auto_approve_publishes_at_once(db, login_as, campaign, mail):
    campaign.auto_approve = True
    db.session.commit()
    colleague = make_user()
    client = login_as("employee")
    client.post("/nominate", data=_form(campaign, [colleague]))
    assert db.session.scalar(select(Story)).status == "approved"
    assert {message.to for message in mail} == {colleague.email, client.user.email}


def test_service_can_see_rules(db):
    story = __import__("tests.factories", fromlist=["make_story"]).make_story(status="pending")
    stranger = make_user()
    assert not can_see(stranger, story)
    assert can_see(story.nominator, story)


def test_four_wrong_fields_are_all_explained_in_one_response(db, login_as, campaign):
    data = _form(campaign, [], title="", story="Too short.",
                 moment_date=(date.today() + timedelta(days=3)).isoformat())
    response = login_as("employee").post("/nominate", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    summary = page[page.index('class="error-summary"'):page.index("</ul>", page.index('class="error-summary"'))]
    # Each problem is in the summary, linked to its field, in the order the form asks: who, then the story.
    expected = [("#person_search", "Choose at least one colleague to nominate."), ("#title", "Give the story a title."),
                ("#story", "Tell the story in 50 to 5,000 characters."),
                ("#moment_date", "The moment cannot be in the future.")]
    positions = [summary.index(f'href="{anchor}"') for anchor, _message in expected]
    assert positions == sorted(positions)
    for _anchor, message in expected:
        assert message in summary and page.count(message) == 2  # in the summary and at its field
    assert re.search(r">\s*Too short\.</textarea>", page)  # what was typed is kept
    assert _count(db) == 0


def test_a_nomination_that_breaks_several_rules_at_once_is_refused_with_each(db, campaign):
    from portal.nominations import service
    nominator = make_user()
    data = service.StoryInput(category_id=campaign.categories[0].id, nominee_ids=[nominator.id], title="Hi",
                              body="Short", moment_date=None)
    with pytest.raises(service.NominationProblems) as refused:
        service.submit(db.session, nominator, campaign, data, utcnow())
    assert [problem.field for problem in refused.value.problems] == ["nominees", "title", "story", "moment_date"]


def test_the_form_asks_who_then_which_category_then_the_story(db, login_as, campaign):
    page = login_as("employee").get("/nominate").get_data(as_text=True)
    assert page.index('id="who-heading"') < page.index('name="category"') < page.index('id="story-heading"')


def test_an_edit_with_a_wrong_field_is_not_refused_as_a_second_nomination(db, login_as, campaign):
    colleague = make_user()
    client = login_as("employee")
    assert client.post("/nominate", data=_form(campaign, [colleague])).status_code == 302
    story = db.session.scalar(select(Story))
    page = client.post(f"/nominate/{story.id}/edit", data=_form(campaign, [colleague], title="No")).get_data(as_text=True)
    assert "The title needs 5 to 120 characters." in page and "already nominated" not in page


def test_an_id_past_the_databases_range_is_no_category_and_no_team(db, login_as, campaign):
    response = login_as("employee").post("/nominate", data=_form(campaign, [make_user()], category=str(2 ** 70),
                                                                team=str(2 ** 70)))
    assert response.status_code == 400 and "Choose a category." in response.get_data(as_text=True)
