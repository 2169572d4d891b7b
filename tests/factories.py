"""Test data: ``make_<model>()`` helpers that build valid rows with overridable fields."""
import itertools

from portal.accounts.models import Team, User
from portal.accounts.passwords import hash_password
from portal.extensions import db

_counter = itertools.count(1)
PASSWORD = "correct horse battery"


def make_team(name: str | None = None) -> Team:
    """A saved team."""
    team = Team(name=name or f"Team {next(_counter)}")
    db.session.add(team)
    db.session.commit()
    return team


def make_user(email: str | None = None, password: str | None = PASSWORD, **fields) -> User:
    """A saved, active person (with a password unless ``password=None``)."""
    number = next(_counter)
    fields.setdefault("display_name", f"Person {number}")
    user = User(email=(email or f"person{number}@example.com").lower(),
                password_hash=hash_password(password) if password else None, **fields)
    db.session.add(user)
    db.session.commit()
    return user


def make_hr(**fields) -> User:
    """A saved HR admin."""
    return make_user(is_hr=True, **fields)
