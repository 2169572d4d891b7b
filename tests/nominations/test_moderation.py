"""HR moderation: approve, reject with a reason, bulk approve; emails and the audit log."""
from sqlalchemy import select

from portal.audit.models import AuditEntry
from portal.stories.models import Story
from tests.factories import make_live_campaign, make_story, make_team, make_user


def test_approving_publishes_and_emails_the_nominator_and_nominees(db, login_as, mail):
    nominator = make_user("teller@example.com", display_name="Teller")
    nominee = make_user("star@example.com", display_name="Star")
    story = make_story(nominator=nominator, nominees=[nominee], status="pending", title="Warm house")
    stranger = login_as("employee")
    assert stranger.get(f"/stories/{story.id}").status_code == 404
    hr = login_as("hr")
    assert "Warm house" in hr.get("/admin/moderation/").get_data(as_text=True)
    assert hr.post(f"/admin/moderation/{story.id}/approve").status_code == 302
    assert stranger.get(f"/stories/{story.id}").status_code == 200
    by_person = {message.to: message for message in mail}
    assert set(by_person) == {"teller@example.com", "star@example.com"}
    assert "Your story “Warm house” is published" in by_person["teller@example.com"].body
    assert "Teller has nominated you" in by_person["star@example.com"].body
    assert f"/stories/{story.id}" in by_person["star@example.com"].body
    entry = db.session.scalar(select(AuditEntry))
    assert entry.action == "story.approved" and entry.actor_id == hr.user.id and entry.subject_id == story.id
    assert "story.approved" in hr.get("/admin/moderation/audit").get_data(as_text=True)


def test_approving_twice_emails_once(db, login_as, mail):
    story = make_story(status="pending")
    hr = login_as("hr")
    hr.post(f"/admin/moderation/{story.id}/approve")
    second = hr.post(f"/admin/moderation/{story.id}/approve", follow_redirects=True)
    assert "Only a pending story can be approved." in second.get_data(as_text=True)
    assert len(mail) == 2


def test_a_team_story_emails_the_team_members(db, login_as, mail):
    team = make_team("Night Shift")
    members = [make_user(team_id=team.id) for _ in range(3)]
    story = make_story(team=team, category_index=6, status="pending")
    login_as("hr").post(f"/admin/moderation/{story.id}/approve")
    assert {message.to for message in mail} == {story.nominator.email} | {m.email for m in members}


def test_rejecting_needs_a_reason_which_the_nominator_is_told(db, login_as, mail):
    story = make_story(status="pending", title="Odd story")
    hr = login_as("hr")
    response = hr.post(f"/admin/moderation/{story.id}/reject", data={f"r{story.id}-reason": ""})
    assert response.status_code == 400 and "Tell the nominator why." in response.get_data(as_text=True)
    response = hr.post(f"/admin/moderation/{story.id}/reject",
                       data={f"r{story.id}-reason": "Please leave out the customer's full name."})
    assert response.status_code == 302
    db.session.refresh(story)
    assert story.status == "rejected"
    assert len(mail) == 1 and mail[0].to == story.nominator.email
    assert "Please leave out the customer's full name." in mail[0].body
    mine = login_as(story.nominator).get("/nominate/mine").get_data(as_text=True)
    assert "Not published" in mine and "leave out the customer" in mine


def test_bulk_approve_publishes_only_the_ticked_pending_stories(db, login_as):
    campaign = make_live_campaign()
    first, second, third = (make_story(campaign, status="pending") for _ in range(3))
    hr = login_as("hr")
    response = hr.post("/admin/moderation/approve", data={"story": [str(first.id), str(third.id)]},
                       follow_redirects=True)
    assert "2 stories published." in response.get_data(as_text=True)
    statuses = dict(db.session.execute(select(Story.id, Story.status)).all())
    assert statuses == {first.id: "approved", second.id: "pending", third.id: "approved"}


def test_pending_stories_are_listed_oldest_first(db, login_as):
    campaign = make_live_campaign()
    make_story(campaign, status="pending", title="Older story")
    make_story(campaign, status="pending", title="Newer story")
    page = login_as("hr").get("/admin/moderation/").get_data(as_text=True)
    assert page.index("Older story") < page.index("Newer story")


def test_editing_an_approved_story_sends_it_back_to_moderation(db, login_as):
    from tests.nominations.test_rules import _form
    campaign = make_live_campaign()
    nominee = make_user()
    client = login_as("employee")
    story = make_story(campaign, nominator=client.user, nominees=[nominee], status="approved")
    client.post(f"/nominate/{story.id}/edit", data=_form(campaign, [nominee], title="Changed title"))
    db.session.refresh(story)
    assert story.status == "pending" and story.title == "Changed title"
