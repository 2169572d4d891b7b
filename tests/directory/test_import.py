"""The directory import: validate the whole file, then upsert; a bad line changes nothing."""
import io

from sqlalchemy import func, select

from portal.accounts.models import Team, User
from portal.directory import importer
from tests.factories import make_user

HEADER = "email,name,department,team,site,country,manager_email,job_title,locale,timezone\n"
GOOD = HEADER + (
    "lead@example.com,Lena Lead,Customer Care,Billing Care,Leeds,GB,,Team Lead,en,Europe/London\n"
    "Wei.Wang@Example.com,王伟,Customer Care,Billing Care,Shenzhen,cn,lead@example.com,Advisor,zh-CN,Asia/Shanghai\n"
    "ravi.rao@example.com,రవి రావు,Technical Support,Tech,Hyderabad,IN,lead@example.com,Advisor,te,Asia/Kolkata\n"
)


def _import(db, text, **options):
    plan = importer.validate(db.session, text.encode("utf-8"))
    if not plan.ok:
        db.session.rollback()
        return plan, None
    result = importer.apply(db.session, plan, **options)
    db.session.commit()
    return plan, result


def _people(db):
    return {user.email: user for user in db.session.scalars(select(User))}


def test_a_good_file_adds_people_teams_and_managers(db):
    plan, result = _import(db, GOOD)
    assert plan.ok and (result.created, result.updated, result.teams_created) == (3, 0, 2)
    people = _people(db)
    wei = people["wei.wang@example.com"]
    assert wei.display_name == "王伟" and wei.country == "CN" and wei.locale == "zh_Hans"
    assert wei.timezone == "Asia/Shanghai" and wei.team.name == "Billing Care"
    assert wei.manager.email == "lead@example.com"
    assert people["ravi.rao@example.com"].display_name == "రవి రావు"


def test_importing_the_same_file_again_changes_nothing(db):
    _import(db, GOOD)
    _, result = _import(db, GOOD)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)


def test_a_changed_line_updates_only_that_person(db):
    _import(db, GOOD)
    _, result = _import(db, GOOD.replace("Tech,Hyderabad", "Tech,Vizag"))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert _people(db)["ravi.rao@example.com"].site == "Vizag"


def test_a_manager_change_alone_counts_as_an_update(db):
    _import(db, GOOD)
    _, result = _import(db, GOOD.replace("Asia/Kolkata", "Asia/Kolkata").replace(
        "Tech,Hyderabad,IN,lead@example.com", "Tech,Hyderabad,IN,wei.wang@example.com"))
    assert (result.updated, result.unchanged) == (1, 2)
    assert _people(db)["ravi.rao@example.com"].manager.email == "wei.wang@example.com"


def test_every_bad_line_is_reported_and_nothing_changes(db):
    make_user("existing@example.com", display_name="Existing Person", site="Leeds")
    bad = HEADER + (
        "existing@example.com,Renamed,,,Glasgow,GB,,,,\n"           # line 2: fine on its own
        "not-an-email,Someone,,,,,,,,\n"                            # 3: bad email
        "a@example.com,,,,,,,,,\n"                                  # 4: no name
        "b@example.com,Bee,,,,XX,,,,\n"                             # 5: unknown country
        "c@example.com,Cee,,,,,ghost@example.com,,,\n"              # 6: unknown manager
        "d@example.com,Dee,,,,,,,,Mars/Olympus\n"                   # 7: unknown time zone
        "e@example.com,Ee,,,,,,,,\n"                                # 8: fine
        "E@example.com,Ee again,,,,,,,,\n"                          # 9: duplicate of line 8
        "f@example.com,Eff,,,,,,,xx,\n"                             # 10: unknown language
        "g@example.com,Gee\n"                                       # 11: too few fields
        "h@example.com,Aitch,,,,,h@example.com,,,\n"                # 12: own manager
    )
    plan, result = _import(db, bad)
    assert result is None
    reasons = {error.line: error.reason for error in plan.errors}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 9, 10, 11, 12]
    assert "not a valid email" in reasons[3]
    assert "name is empty" in reasons[4]
    assert "unknown country code “XX”" in reasons[5]
    assert "unknown manager ghost@example.com" in reasons[6]
    assert "unknown time zone “Mars/Olympus”" in reasons[7]
    assert "appears twice in the file (first on line 8)" in reasons[9]
    assert "unknown language" in reasons[10]
    assert "expected 10 fields, found 2" in reasons[11]
    assert "own manager" in reasons[12]
    people = _people(db)
    assert list(people) == ["existing@example.com"]
    assert people["existing@example.com"].display_name == "Existing Person"
    assert db.session.scalar(select(func.count()).select_from(Team)) == 0


def test_header_problems_are_reported_on_line_one(db):
    plan, _ = _import(db, "mail,name,favourite_colour\nx@example.com,X,blue\n")
    assert [error.line for error in plan.errors] == [1, 1]
    assert "Unknown column(s): mail, favourite_colour" in plan.errors[0].reason
    assert "Missing column(s): email" in plan.errors[1].reason


def test_a_file_that_is_not_utf8_or_empty_is_refused(db):
    assert "not UTF-8" in importer.validate(db.session, "email,name\nü@x.com,Ü\n".encode("latin-1")).errors[0].reason
    assert "empty" in importer.validate(db.session, b"").errors[0].reason


def test_columns_left_out_keep_their_values_and_empty_cells_clear_them(db):
    _import(db, GOOD)
    _import(db, "email,name\nlead@example.com,Lena Lead-Smith\n")
    lead = _people(db)["lead@example.com"]
    assert lead.display_name == "Lena Lead-Smith" and lead.site == "Leeds" and lead.timezone == "Europe/London"
    _import(db, "email,name,site,timezone\nlead@example.com,Lena Lead-Smith,,\n")
    db.session.refresh(lead)
    assert lead.site == "" and lead.timezone is None


def test_deactivate_missing_deactivates_only_people_absent_from_the_file(db):
    _import(db, GOOD)
    keeper = make_user("hr@example.com", is_hr=True)
    _, result = _import(db, HEADER + "lead@example.com,Lena Lead,,,,,,,,\n",
                        deactivate_missing=True, keep_active=keeper.id)
    assert result.deactivated == 2
    people = _people(db)
    assert people["lead@example.com"].active and people["hr@example.com"].active
    assert not people["wei.wang@example.com"].active and not people["ravi.rao@example.com"].active


def test_a_person_in_the_file_is_reactivated(db):
    make_user("lead@example.com", display_name="Lena Lead", active=False)
    _import(db, "email,name\nlead@example.com,Lena Lead\n")
    assert _people(db)["lead@example.com"].active


def test_manager_may_be_someone_already_in_the_directory(db):
    make_user("boss@example.com")
    plan, result = _import(db, "email,name,manager_email\nnew@example.com,New,BOSS@example.com\n")
    assert plan.ok and _people(db)["new@example.com"].manager.email == "boss@example.com"


def test_managers_may_come_later_in_the_file_and_have_managers_of_their_own(db):
    make_user("boss@example.com")
    plan, result = _import(db, "email,name,manager_email\n"
                               "agent@example.com,Agent,lead@example.com\n"
                               "loner@example.com,Loner,\n"
                               "lead@example.com,Lead,head@example.com\n"
                               "head@example.com,Head,boss@example.com\n")
    assert plan.ok and result.created == 4
    people = _people(db)
    assert people["agent@example.com"].manager.email == "lead@example.com"
    assert people["lead@example.com"].manager.email == "head@example.com"
    assert people["head@example.com"].manager.email == "boss@example.com"
    assert len({person.id for person in people.values()}) == 5
    # The directory still hands out fresh ids afterwards.
    _, result = _import(db, "email,name\nlater@example.com,Later\n")
    assert result.created == 1 and len(_people(db)) == 6


def test_a_large_file_imports_in_bulk(db):
    rows = "".join(f"person{n}@example.com,Person {n},Care,Team {n % 7},Site {n % 4},GB,"
                   f"{'' if n == 0 else 'person0@example.com'},Advisor,en,Europe/London\n" for n in range(3000))
    _, result = _import(db, HEADER + rows)
    assert result.created == 3000 and result.teams_created == 7
    assert db.session.scalar(select(func.count()).select_from(User).where(User.manager_id.is_not(None))) == 2999


def test_the_upload_page_reports_a_bad_line_then_imports_the_fixed_file(db, login_as):
    hr = login_as("hr")
    bad = GOOD + "broken-email,Broken,,,,,,,,\n"
    response = hr.post("/admin/people/import", data={"file": (io.BytesIO(bad.encode()), "people.csv")},
                       content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Nothing was imported: 1 problem in people.csv" in page
    assert "<td>5</td>" in page and "is not a valid email address" in page
    assert db.session.scalar(select(func.count()).select_from(User)) == 1  # only HR

    response = hr.post("/admin/people/import", data={"file": (io.BytesIO(GOOD.encode()), "people.csv")},
                       content_type="multipart/form-data", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Directory imported: 3 added, 0 updated, 0 unchanged, 0 deactivated." in page
    assert "王伟" in page and "Lena Lead" in page


def test_the_upload_page_asks_for_a_file(login_as):
    response = login_as("hr").post("/admin/people/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose a CSV file to upload." in response.get_data(as_text=True)


def test_hr_import_with_deactivate_missing_never_deactivates_the_importer(db, login_as):
    hr = login_as("hr")
    hr.post("/admin/people/import", data={"file": (io.BytesIO(GOOD.encode()), "p.csv"), "deactivate_missing": "y"},
            content_type="multipart/form-data")
    assert hr.get("/admin/people/").status_code == 200
