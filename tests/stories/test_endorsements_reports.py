"""Endorsements ("I saw this too") and reports that hide a story until HR reviews it."""
from sqlalchemy import select

from portal.stories.models import Endorsement
from tests.factories import make_endorsement, make_story, make_user


def test_a_colleague_endorses_once(db, login_as):
    story = make_story()
    client = login_as("employee")
    response = client.post(f"/stories/{story.id}/endorse", data={"text": "I was on the next desk: it was true."})
    assert response.status_code == 302
    page = client.get(f"/stories/{story.id}").get_data(as_text=True)
    assert "I was on the next desk" in page
    again = client.post(f"/stories/{story.id}/endorse", data={"text": "Once more"})
    assert again.status_code == 400 and "You have already endorsed this story." in again.get_data(as_text=True)
    assert len(list(db.session.scalars(select(Endorsement)))) == 1


def test_endorsements_have_a_limit_and_need_text(db, login_as):
    story = make_story()
    client = login_as("employee")
    too_long = client.post(f"/stories/{story.id}/endorse", data={"text": "x" * 501})
    assert too_long.status_code == 400 and "500 characters" in too_long.get_data(as_text=True)
    assert client.post(f"/stories/{story.id}/endorse", data={"text": "  "}).status_code == 400


def test_nominator_and_nominees_cannot_endorse_their_own_story(db, login_as):
    nominee = make_user()
    story = make_story(nominees=[nominee])
    for person in (story.nominator, nominee):
        response = login_as(person).post(f"/stories/{story.id}/endorse", data={"text": "Me too"})
        assert response.status_code == 400


def test_pending_stories_cannot_be_endorsed(db, login_as):
    story = make_story(status="pending")
    assert login_as("employee").post(f"/stories/{story.id}/endorse", data={"text": "Hm"}).status_code == 404


def test_three_reports_by_different_people_hide_a_story_until_hr_restores_it(db, login_as):
    story = make_story(title="Reported story")
    reporters = [login_as("employee") for _ in range(3)]
    reporters[0].post(f"/stories/{story.id}/report", data={"reason": "Names a customer"})
    reporters[0].post(f"/stories/{story.id}/report", data={"reason": "Again"})  # counts once
    reporters[1].post(f"/stories/{story.id}/report")
    viewer = login_as("employee")
    assert viewer.get(f"/stories/{story.id}").status_code == 200
    reporters[2].post(f"/stories/{story.id}/report")
    assert viewer.get(f"/stories/{story.id}").status_code == 404
    hr = login_as("hr")
    page = hr.get("/admin/moderation/").get_data(as_text=True)
    assert "Reported story" in page and "3 reports" in page
    hr.post(f"/admin/moderation/reports/story/{story.id}", data={"decision": "keep"})
    assert viewer.get(f"/stories/{story.id}").status_code == 200


def test_a_reported_story_taken_down_stays_down(db, login_as):
    story = make_story()
    for _ in range(3):
        login_as("employee").post(f"/stories/{story.id}/report")
    login_as("hr").post(f"/admin/moderation/reports/story/{story.id}", data={"decision": "remove"})
    db.session.refresh(story)
    assert story.status == "rejected"
    assert login_as("employee").get(f"/stories/{story.id}").status_code == 404


def test_three_reports_hide_an_endorsement(db, login_as):
    story = make_story()
    endorsement = make_endorsement(story, text="Rude remark")
    for _ in range(3):
        login_as("employee").post(f"/endorsements/{endorsement.id}/report")
    assert "Rude remark" not in login_as("employee").get(f"/stories/{story.id}").get_data(as_text=True)
    assert "Rude remark" in login_as("hr").get("/admin/moderation/").get_data(as_text=True)
