"""Directory queries for HR: finding people, teams and filter values."""
from dataclasses import dataclass

from sqlalchemy import and_, distinct, func, or_, select
from sqlalchemy.orm import Session, joinedload

from portal.accounts.models import Team, User
from portal.database import contains_pattern

PAGE_SIZE = 50


@dataclass
class PeopleFilter:
    """What HR asked the people list for."""

    q: str = ""
    department: str = ""
    site: str = ""
    country: str = ""
    team_id: int | None = None
    status: str = "active"


def search_people(session: Session, filters: PeopleFilter, after: tuple[str, int] | None = None,
                  limit: int = PAGE_SIZE) -> tuple[list[User], tuple[str, int] | None]:
    """One page of people by name, and the keyset of the next page (or None).

    Keyset pagination on (display_name, id) stays fast deep into 500,000 people.
    """
    query = select(User).options(joinedload(User.team), joinedload(User.manager))
    if filters.q:
        pattern = contains_pattern(filters.q)
        query = query.where(or_(User.display_name.ilike(pattern), User.email.like(pattern)))
    for column, value in ((User.department, filters.department), (User.site, filters.site),
                          (User.country, filters.country)):
        if value:
            query = query.where(column == value)
    if filters.team_id:
        query = query.where(User.team_id == filters.team_id)
    if filters.status == "active":
        query = query.where(User.active.is_(True))
    elif filters.status == "inactive":
        query = query.where(User.active.is_(False))
    if after is not None:
        name, last_id = after
        query = query.where(or_(User.display_name > name,
                                and_(User.display_name == name, User.id > last_id)))
    people = list(session.scalars(query.order_by(User.display_name, User.id).limit(limit + 1)).unique())
    if len(people) > limit:
        people = people[:limit]
        return people, (people[-1].stored_name, people[-1].id)  # the column, not the name shown
    return people, None


def filter_values(session: Session) -> dict[str, list]:
    """The departments, sites, countries and teams to offer as filters."""
    def values(column):
        return [value for value in session.scalars(select(distinct(column)).order_by(column)) if value]
    return {
        "departments": values(User.department),
        "sites": values(User.site),
        "countries": values(User.country),
        "teams": list(session.execute(select(Team.id, Team.name).order_by(Team.name))),
    }


def team_by_name(session: Session, name: str) -> Team | None:
    """The team with this name, created if new; None for an empty name."""
    name = " ".join((name or "").split())
    if not name:
        return None
    team = session.scalar(select(Team).where(Team.name == name))
    if team is None:
        team = Team(name=name)
        session.add(team)
        session.flush()
    return team


def directory_counts(session: Session) -> dict[str, int]:
    """Headline numbers for HR's dashboard."""
    active = session.scalar(select(func.count()).select_from(User).where(User.active.is_(True)))
    inactive = session.scalar(select(func.count()).select_from(User).where(User.active.is_(False)))
    hr = session.scalar(select(func.count()).select_from(User).where(User.active.is_(True), User.is_hr.is_(True)))
    teams = session.scalar(select(func.count()).select_from(Team))
    return {"active": active, "inactive": inactive, "hr": hr, "teams": teams}
