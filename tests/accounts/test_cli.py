"""`flask users create-hr`."""
from portal.accounts.models import User
from tests.factories import make_user


def test_create_hr_creates_a_new_admin_with_a_single_use_link(runner, db):
    result = runner.invoke(args=["users", "create-hr", "Boss@Example.com", "--name", "The Boss"])
    assert result.exit_code == 0, result.output
    assert "Created HR admin boss@example.com" in result.output
    assert "http://portal.test/set-password/" in result.output
    user = db.session.query(User).filter_by(email="boss@example.com").one()
    assert user.is_hr and user.display_name == "The Boss" and not user.has_password


def test_create_hr_promotes_an_existing_person(runner, db):
    make_user("ada@example.com")
    result = runner.invoke(args=["users", "create-hr", "ada@example.com"])
    assert result.exit_code == 0
    assert "Promoted HR admin ada@example.com" in result.output
    assert "set-password" not in result.output
    assert db.session.query(User).filter_by(email="ada@example.com").one().is_hr


def test_create_hr_refuses_a_bad_address(runner, db):
    result = runner.invoke(args=["users", "create-hr", "not-an-email"])
    assert result.exit_code != 0
    assert "valid email" in result.output
    assert db.session.query(User).count() == 0
