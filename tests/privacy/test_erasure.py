"""HR erases a person: "Former colleague" everywhere, what they wrote gone, stories about them withdrawn
unless HR keeps their Hall of Fame induction, the decisions audited by ids, and no email ever again."""
import io
import json
import zipfile

from sqlalchemy import select

from portal.accounts.models import AuthToken, User
from portal.audit.models import AuditEntry
from portal.hall_of_fame.models import Induction
from portal.notifications.models import OutboxMessage
from portal.stories.models import Cheer, Comment, Endorsement, Story
from portal.voting.models import Vote
from tests.factories import (make_comment, make_endorsement, make_induction, make_live_campaign, make_outbox_message,
                             make_story, make_user)

ERASED = "Former colleague"


def _erase(hr, person_id: int, follow_redirects: bool = False, **form):
    return hr.post(f"/admin/people/{person_id}/erase", data={"confirm": "y", **form},
                   follow_redirects=follow_redirects)


def _page(client, url: str) -> str:
    return client.get(url).get_data(as_text=True)


def test_an_erased_person_is_a_former_colleague_and_what_they_wrote_is_gone(db, login_as):
    campaign = make_live_campaign((-3, -1, 2, 3))
    ada = make_user("ada.okafor@example.com", display_name="Ada Okafor", job_title="Agent", site="Leeds")
    bo = make_user(display_name="Bo Brave")
    told = make_story(campaign, nominator=ada, nominees=[bo], title="Bo rebooked a stranded family")
    other = make_story(campaign, nominees=[bo], title="Bo calmed a caller", category_index=1)
    about = make_story(campaign, nominees=[ada], title="Ada fixed the heating", category_index=2)
    make_comment(other, user=ada, text="Proud of you, Bo!")
    make_endorsement(other, user=ada, text="I was there and saw it all")
    db.session.add_all([Cheer(story_id=other.id, user_id=ada.id),
                        Vote(campaign_id=campaign.id, category_id=other.category_id, story_id=other.id,
                             voter_id=ada.id, slot=1),
                        AuthToken(user_id=ada.id, purpose="reset", token_hash="x" * 64, expires_at=campaign.announce_at)])
    db.session.commit()
    ada_id, told_id, other_id, about_id = ada.id, told.id, other.id, about.id
    hr, employee = login_as("hr"), login_as("employee")
    assert "Ada Okafor" in _page(employee, f"/stories/{told_id}")

    response = _erase(hr, ada_id, follow_redirects=True)

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "The person&#39;s personal data was erased." in page
    assert "Ada" not in page.split('class="flashes"')[1].split("</div>")[0]
    story_page = _page(employee, f"/stories/{told_id}")
    assert "Told by Former colleague" in story_page and "Ada Okafor" not in story_page
    other_page = _page(employee, f"/stories/{other_id}")
    assert "Proud of you, Bo!" not in other_page and "I was there and saw it all" not in other_page
    assert employee.get(f"/stories/{about_id}").status_code == 404
    wall = _page(employee, "/stories")
    assert "Ada fixed the heating" not in wall and "Bo rebooked a stranded family" in wall
    assert "Ada fixed the heating" not in _page(employee, "/stories?q=okafor")
    db.session.expire_all()
    person = db.session.get(User, ada_id)
    assert (person.email, person.stored_name, person.job_title, person.site) == (
        f"erased-{ada_id}@erased.invalid", ERASED, "", "")
    assert person.password_hash is None and not person.active and not person.is_hr and person.erased_at
    assert db.session.scalar(select(Story.status).where(Story.id == about_id)) == "withdrawn"
    assert "okafor" not in db.session.scalar(select(Story.search_text).where(Story.id == about_id))
    for model in (Comment, Endorsement, Cheer, AuthToken):
        assert db.session.scalars(select(model).where(model.user_id == ada_id)).all() == []
    assert db.session.scalars(select(Vote).where(Vote.voter_id == ada_id)).all() != []  # still counted


def test_hr_keeps_or_removes_each_hall_of_fame_induction_and_the_audit_names_no_one(db, login_as):
    campaign = make_live_campaign((-4, -3, -2, -1))
    ada = make_user("ada.okafor@example.com", display_name="Ada Okafor")
    kept = make_story(campaign, nominees=[ada], title="The kept induction")
    dropped = make_story(campaign, nominees=[ada], title="The dropped induction", category_index=1)
    kept_induction, dropped_induction = make_induction(kept), make_induction(dropped)
    ids = (ada.id, kept.id, dropped.id, kept_induction.id, dropped_induction.id)
    ada_id, kept_id, dropped_id, kept_induction_id, dropped_induction_id = ids
    hr, employee = login_as("hr"), login_as("employee")
    form = _page(hr, f"/admin/people/{ada_id}/erase")
    assert "The kept induction" in form and "The dropped induction" in form and form.count("checked") == 2

    assert _erase(hr, ada_id, keep=str(kept_induction_id)).status_code == 302

    hall = _page(employee, "/hall-of-fame")
    assert "The kept induction" in hall and "The dropped induction" not in hall
    assert ERASED in hall and "Ada Okafor" not in hall
    assert "Former colleague" in _page(employee, f"/stories/{kept_id}")
    assert employee.get(f"/stories/{dropped_id}").status_code == 404
    assert [i.id for i in db.session.scalars(select(Induction))] == [kept_induction_id]
    entries = {(e.action, e.subject_type, e.subject_id): e for e in db.session.scalars(select(AuditEntry))}
    assert {("person.erased", "user", ada_id), ("induction.kept", "induction", kept_induction_id),
            ("induction.removed", "induction", dropped_induction_id),
            ("story.withdrawn", "story", dropped_id)} <= set(entries)
    assert all(e.actor_id == hr.user.id for e in entries.values())
    log = json.dumps([e.detail for e in entries.values()]) + _page(hr, "/admin/moderation/audit")
    assert "Ada" not in log and "okafor" not in log.lower()


def test_the_story_page_says_former_colleague_in_chinese_and_telugu(db, login_as):
    ada = make_user(display_name="Ada Okafor")
    story = make_story(nominator=ada, title="A story she told")
    story_id = story.id
    _erase(login_as("hr"), ada.id)
    reader = login_as("employee")
    for locale, words in (("zh_Hans", "前同事"), ("te", "మాజీ సహోద్యోగి")):
        reader.post("/language", data={"locale": locale})
        page = _page(reader, f"/stories/{story_id}")
        assert words in page and "Ada Okafor" not in page and ERASED not in page


def test_an_unconfirmed_erasure_changes_nothing(db, login_as):
    ada = make_user("ada@example.com", display_name="Ada Okafor")
    make_comment(make_story(), user=ada, text="Still here")
    hr = login_as("hr")

    response = hr.post(f"/admin/people/{ada.id}/erase", data={})

    assert response.status_code == 400
    assert "Tick the box to confirm that this cannot be undone." in response.get_data(as_text=True)
    db.session.expire_all()
    person = db.session.get(User, ada.id)
    assert person.display_name == "Ada Okafor" and person.active and person.erased_at is None
    assert db.session.scalar(select(Comment.text)) == "Still here"


def test_only_hr_erases_never_themselves_and_only_once(db, login_as):
    ada = make_user(display_name="Ada Okafor")
    assert login_as("employee").post(f"/admin/people/{ada.id}/erase", data={"confirm": "y"}).status_code == 403
    hr = login_as("hr")
    assert "You cannot erase your own account." in _page(hr, f"/admin/people/{hr.user.id}/erase")
    assert "You cannot erase your own account." in _erase(hr, hr.user.id, follow_redirects=True).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, hr.user.id).erased_at is None and db.session.get(User, ada.id).erased_at is None
    assert hr.get("/admin/people/999999/erase").status_code == 404

    _erase(hr, ada.id)
    again = hr.get(f"/admin/people/{ada.id}/erase", follow_redirects=True).get_data(as_text=True)
    assert "This person&#39;s personal data has already been erased." in again
    assert db.session.scalars(select(AuditEntry).where(AuditEntry.action == "person.erased")).all().__len__() == 1


def test_another_hr_admin_can_be_erased_and_is_no_longer_hr(db, login_as):
    other = make_user(display_name="Hana HR", is_hr=True)
    _erase(login_as("hr"), other.id)
    db.session.expire_all()
    assert db.session.get(User, other.id).is_hr is False


def test_people_shows_an_erased_person_as_former_colleague_without_actions(db, login_as):
    ada = make_user("ada.okafor@example.com", display_name="Ada Okafor")
    hr = login_as("hr")
    assert f"/admin/people/{ada.id}/erase" in _page(hr, "/admin/people/")
    _erase(hr, ada.id)

    page = _page(hr, "/admin/people/?status=all")

    assert "Former colleague" in page and "Erased" in page
    assert "Ada Okafor" not in page and "ada.okafor" not in page and "erased.invalid" not in page
    assert f"/admin/people/{ada.id}/erase" not in page and f"/admin/people/{ada.id}/reactivate" not in page
    assert hr.post(f"/admin/people/{ada.id}/reactivate").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, ada.id).active is False


def test_the_export_of_a_colleague_names_an_erased_teller_a_former_colleague(db, login_as):
    ada, bo = make_user(display_name="Ada Okafor"), make_user(display_name="Bo Brave")
    make_story(nominator=ada, nominees=[bo], title="About Bo")
    _erase(login_as("hr"), ada.id)
    archive = zipfile.ZipFile(io.BytesIO(login_as(bo).post("/account/my-data.zip").data))
    data = json.loads(archive.read("data.json"))
    assert data["stories_about_you"][0]["nominated_by"] == ERASED and "Ada" not in json.dumps(data)


def test_the_command_line_erases_only_with_yes(db, runner):
    ada = make_user("ada@example.com", display_name="Ada Okafor")
    ada_id = ada.id
    db.session.commit()  # SQLite: the command's own connection must not wait for this one

    refused = runner.invoke(args=["users", "erase", "ada@example.com"])
    assert refused.exit_code != 0 and "add --yes" in refused.output
    done = runner.invoke(args=["users", "erase", "ADA@example.com", "--yes"])
    assert done.exit_code == 0 and f"Erased user {ada_id}" in done.output and "Ada" not in done.output
    db.session.expire_all()
    assert db.session.get(User, ada_id).erased_at is not None
    assert runner.invoke(args=["users", "erase", "ada@example.com", "--yes"]).exit_code != 0


def test_the_placeholder_address_cannot_be_imported_or_invited(db, login_as):
    from portal.directory import importer
    ada = make_user(display_name="Ada Okafor")
    _erase(login_as("hr"), ada.id)
    placeholder = f"erased-{ada.id}@erased.invalid"
    plan = importer.validate(db.session, f"email,name\n{placeholder},Someone Else\n".encode())
    assert not plan.ok
    response = login_as("hr").post("/admin/people/invite", data={"email": placeholder, "display_name": "Someone"})
    assert response.status_code == 400


# No email, ever again ------------------------------------------------------------------------------

OLD = "ada.okafor@example.com"


def _erased_person(db, login_as, **fields) -> User:
    ada = make_user(OLD, display_name="Ada Okafor", **fields)
    assert _erase(login_as("hr"), ada.id).status_code == 302
    db.session.expire_all()
    return db.session.get(User, ada.id)


def _nothing_to(db, mail, person: User) -> None:
    addresses = {OLD, person.email}
    assert not [message for message in mail if message.to in addresses]
    assert not db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient.in_(addresses))).all()


def test_mail_queued_before_the_erasure_is_never_sent(db, login_as, mail):
    ada = make_user(OLD, display_name="Ada Okafor")
    make_outbox_message(recipient=OLD, body_text="Dear Ada Okafor")
    make_outbox_message(recipient=OLD, status="sent", body_text="Dear Ada Okafor")
    _erase(login_as("hr"), ada.id)
    db.session.expire_all()
    _nothing_to(db, mail, db.session.get(User, ada.id))


def test_an_erased_person_gets_no_announcement(db, login_as, mail):
    from portal.scheduler import perform_moments
    from portal.types import utcnow
    person = _erased_person(db, login_as)
    make_live_campaign((-1, 2, 4, 5))  # nominations have just opened
    perform_moments(db.session, utcnow())
    assert len(mail) >= 1  # everyone else (the HR admin) was told
    _nothing_to(db, mail, person)


def test_an_erased_person_gets_no_invitation(db, login_as, mail):
    person = _erased_person(db, login_as, password=None)
    login_as("hr").post(f"/admin/people/{person.id}/resend-invitation")
    _nothing_to(db, mail, person)


def test_a_reset_request_for_an_erased_address_answers_as_for_an_unknown_one(db, client, login_as, mail):
    person = _erased_person(db, login_as)

    def answer(address: str) -> str:
        page = client.post("/forgot-password", data={"email": address}, follow_redirects=True).get_data(as_text=True)
        return page.split("<main")[1]

    assert "If an active account uses that address" in answer(OLD)
    assert answer(OLD) == answer("nobody@example.com")
    # The placeholder is refused as undeliverable, like any address under .invalid, erased or not.
    other = "erased-999999@erased.invalid"
    assert answer(person.email).replace(person.email, "?") == answer(other).replace(other, "?")
    _nothing_to(db, mail, person)


def test_an_erased_teller_is_not_emailed_when_their_story_is_approved_or_rejected(db, login_as, mail):
    ada = make_user(OLD, display_name="Ada Okafor")
    bo = make_user("bo@example.com", display_name="Bo Brave")
    campaign = make_live_campaign()
    approved = make_story(campaign, nominator=ada, nominees=[bo], status="pending", title="Waiting for HR")
    rejected = make_story(campaign, nominator=ada, nominees=[], status="pending", title="Also waiting",
                          category_index=1)
    hr = login_as("hr")
    _erase(hr, ada.id)

    assert hr.post(f"/admin/moderation/{approved.id}/approve").status_code == 302
    assert hr.post(f"/admin/moderation/{rejected.id}/reject", data={f"r{rejected.id}-reason": "Too short"}).status_code == 302

    assert [message.to for message in mail] == ["bo@example.com"]
    db.session.expire_all()
    _nothing_to(db, mail, db.session.get(User, ada.id))


def test_the_next_page_of_people_goes_on_after_an_erased_person_in_any_language(db, login_as):
    from portal.directory.service import PAGE_SIZE
    for n in range(PAGE_SIZE - 1):
        make_user(display_name=f"Aaron {n:03d}")
    erased = make_user(display_name="Bea Gone")
    make_user(display_name="Zoe After")
    hr = login_as("hr", display_name="Yan HR", locale="zh_Hans")
    _erase(hr, erased.id)  # "Former colleague": the last of the first page

    first = _page(hr, "/admin/people/?status=all")

    assert "前同事" in first and "Zoe After" not in first
    next_url = first.split('class="pager"><a class="button" href="')[1].split('"')[0].replace("&amp;", "&")
    second = _page(hr, next_url)
    assert "Zoe After" in second and "Yan HR" in second and "前同事" not in second


def test_the_confirmation_page_names_each_induction_in_hrs_language(app, db, login_as):
    from flask_babel import force_locale
    campaign = make_live_campaign((-4, -3, -2, -1))
    ada = make_user(display_name="Ada Okafor")
    induction = make_induction(make_story(campaign, nominees=[ada], title="The kept induction"))
    with app.test_request_context(), force_locale("zh_Hans"):
        category = str(induction.category.display_name)
    english = induction.category.name
    hr = login_as("hr", locale="zh_Hans")
    page = _page(hr, f"/admin/people/{ada.id}/erase")
    assert category in page and category != english and f"{campaign.year}, {english}" not in page
