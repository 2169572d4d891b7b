"""`flask seed-demo`: the demo organisation."""
from sqlalchemy import func, select

from portal.accounts.models import Team, User
from portal.demo.people import EMPLOYEE_EMAIL, HR_EMAIL, PASSWORD


def test_seed_demo_loads_an_organisation_in_three_languages(runner, db):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert f"{HR_EMAIL} / {PASSWORD}" in result.output and f"{EMPLOYEE_EMAIL} / {PASSWORD}" in result.output
    count = db.session.scalar(select(func.count()).select_from(User))
    assert 190 <= count <= 210
    assert db.session.scalar(select(func.count()).select_from(Team)) == 5
    assert db.session.scalar(select(func.count(func.distinct(User.site)))) == 4
    assert db.session.scalar(select(func.count(func.distinct(User.country)))) == 3
    names = list(db.session.scalars(select(User.display_name)))
    assert any("\u4e00" <= ch <= "\u9fff" for name in names for ch in name)   # Chinese
    assert any("\u0c00" <= ch <= "\u0c7f" for name in names for ch in name)   # Telugu
    hr = db.session.scalar(select(User).where(User.email == HR_EMAIL))
    ada = db.session.scalar(select(User).where(User.email == EMPLOYEE_EMAIL))
    assert hr.is_hr and not ada.is_hr and ada.manager is not None and ada.team.name == "Billing Care"


def test_demo_sign_ins_work(runner, app, db):
    runner.invoke(args=["seed-demo"])
    for email in (HR_EMAIL, EMPLOYEE_EMAIL):
        client = app.test_client()
        assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    hr = app.test_client()
    hr.post("/login", data={"email": HR_EMAIL, "password": PASSWORD})
    assert hr.get("/admin/people/").status_code == 200


def test_seed_demo_refuses_a_database_with_people(runner, db):
    runner.invoke(args=["seed-demo"])
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code != 0
    assert "already has people" in again.output


def test_if_empty_loads_once_and_then_says_so(runner, db):
    first = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "The database is empty: loading the demo organisation." in first.output
    second = runner.invoke(args=["seed-demo", "--if-empty"])
    assert second.exit_code == 0
    assert "already holds the demo organisation" in second.output
