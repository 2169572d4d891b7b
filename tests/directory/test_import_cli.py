"""`flask users import FILE.csv`."""
from sqlalchemy import func, select

from portal.accounts.models import User
from tests.directory.test_import import GOOD, HEADER


def test_cli_imports_and_reports_speed(runner, db, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "3 created, 0 updated, 0 unchanged, 0 deactivated" in result.output
    assert "rows/s" in result.output
    again = runner.invoke(args=["users", "import", str(path)])
    assert "0 created, 0 updated, 3 unchanged" in again.output


def test_cli_lists_every_bad_line_and_imports_nothing(runner, db, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "ok@example.com,Okay,,,,,,,,\nbad,Bad,,,,,,,,\nx@example.com,X,,,,,,,,Nowhere/Town\n")
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 1
    assert "Nothing was imported: 2 problem(s) found." in result.output
    assert "line 3: “bad” is not a valid email address" in result.output
    assert "line 4: unknown time zone “Nowhere/Town”" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_cli_deactivate_missing(runner, db, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(GOOD)
    runner.invoke(args=["users", "import", str(path)])
    path.write_text(HEADER + "lead@example.com,Lena Lead,,,,,,,,\n")
    result = runner.invoke(args=["users", "import", "--deactivate-missing", str(path)])
    assert "2 deactivated" in result.output
    assert db.session.scalar(select(func.count()).select_from(User).where(User.active.is_(True))) == 1
