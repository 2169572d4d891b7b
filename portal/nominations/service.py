"""Nomination rules: who may nominate whom, with what story, and when.

Functions take the session first and the current time, flush rather than
commit, and raise ``NominationError`` with the message to show next to the
field it names.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.accounts.models import Team, User
from portal.campaigns.models import NOMINATING, Campaign, Category
from portal.database import contains_pattern
from portal.nominations.moderation import approve
from portal.rules import RuleError
from portal.stories import search
from portal.stories.models import APPROVED, PENDING, REJECTED, WITHDRAWN, Nominee, Story
from portal.stories.rules import can_edit

MAX_NOMINEES = 10
OLDEST_MOMENT_DAYS = 548  # about 18 months


class NominationError(RuleError):
    """A nomination rule was broken; ``field`` names the form field it concerns."""


@dataclass
class StoryInput:
    """What a nominator submits (checked by ``check_nomination``)."""

    category_id: int | None
    nominee_ids: list[int] = field(default_factory=list)
    team_id: int | None = None
    title: str = ""
    body: str = ""
    customer_impact: str = ""
    moment_date: date | None = None
    language: str = "en"


def nomination_refusal(user, campaign: Campaign | None, now: datetime) -> str | None:
    """Why ``user`` may not submit a story to ``campaign`` now, or None when they may.

    The one rule behind the Nominate page (which shows that nominations are closed when it refuses)
    and ``submit``; who may be nominated, in which category and with what story are checked by
    ``submit`` itself, each at its field.
    """
    if campaign is None or campaign.phase_at(now) != NOMINATING:
        return _l("Nominations are not open right now.")
    if not (user.is_authenticated and user.is_active):
        return _l("Your account is not active.")
    return None


def can_nominate(user, campaign: Campaign | None, now: datetime) -> bool:
    """Whether ``user`` may submit a story to ``campaign`` now."""
    return nomination_refusal(user, campaign, now) is None


def search_people(session: Session, query: str, exclude_id: int | None = None, limit: int = 20) -> list[User]:
    """Active colleagues whose name, email or team matches ``query``."""
    query = " ".join((query or "").split())[:100]
    # One Chinese character is a real search; one Latin letter is not.
    if not query or (len(query) < 2 and query.isascii()):
        return []
    pattern = contains_pattern(query)
    statement = (select(User).outerjoin(Team, User.team_id == Team.id)
                 .where(User.active.is_(True),
                        or_(func.lower(User.display_name).like(pattern), User.email.like(pattern),
                            func.lower(Team.name).like(pattern)))
                 .order_by(User.display_name).limit(limit))
    if exclude_id is not None:
        statement = statement.where(User.id != exclude_id)
    return list(session.scalars(statement))


def _category(session: Session, campaign: Campaign, category_id: int | None) -> Category:
    category = session.get(Category, category_id) if category_id else None
    if category is None or category not in campaign.open_categories:
        raise NominationError(_l("Choose a category."), field="category")
    return category


def _check_people(session: Session, nominator: User, nominee_ids: list[int]) -> list[User]:
    ids = list(dict.fromkeys(nominee_ids))
    if not ids:
        raise NominationError(_l("Choose at least one colleague to nominate."), field="nominees")
    if len(ids) > MAX_NOMINEES:
        raise NominationError(_l("Nominate at most %(count)d people in one story.", count=MAX_NOMINEES),
                              field="nominees")
    if nominator.id in ids:
        raise NominationError(_l("You cannot nominate yourself. Nominate a colleague whose service you saw."),
                              field="nominees")
    people = list(session.scalars(select(User).where(User.id.in_(ids))))
    if len(people) != len(ids) or not all(person.active for person in people):
        raise NominationError(_l("Only active colleagues can be nominated."), field="nominees")
    return sorted(people, key=lambda person: ids.index(person.id))


def _check_team(session: Session, nominator: User, team_id: int | None) -> Team:
    team = session.get(Team, team_id) if team_id else None
    if team is None:
        raise NominationError(_l("Choose the team you are nominating."), field="team")
    if nominator.team_id == team.id:
        raise NominationError(_l("You cannot nominate your own team. Nominate another team whose service you saw."),
                              field="team")
    return team


def _check_title(data: StoryInput) -> None:
    if not 5 <= len(data.title.strip()) <= 120:
        raise NominationError(_l("The title needs 5 to 120 characters."), field="title")


def _check_body(data: StoryInput) -> None:
    if not 50 <= len(data.body.strip()) <= 5000:
        raise NominationError(_l("Tell the story in 50 to 5,000 characters."), field="story")


def _check_impact(data: StoryInput) -> None:
    if len(data.customer_impact) > 1000:
        raise NominationError(_l("Keep the customer impact under 1,000 characters."), field="customer_impact")


def _check_moment(data: StoryInput, today: date) -> None:
    if data.moment_date is None:
        raise NominationError(_l("Enter the date of the moment."), field="moment_date")
    if data.moment_date > today:
        raise NominationError(_l("The moment cannot be in the future."), field="moment_date")
    if data.moment_date < today - timedelta(days=OLDEST_MOMENT_DAYS):
        raise NominationError(_l("The moment must be within the last 18 months."), field="moment_date")


def _check_daily_limit(session: Session, nominator: User, now: datetime) -> None:
    limit = current_app.config["NOMINATIONS_PER_DAY"]
    recent = session.scalar(select(func.count()).select_from(Story).where(
        Story.nominator_id == nominator.id, Story.created_at > now - timedelta(days=1)))
    if recent >= limit:
        raise NominationError(_l("You have sent %(count)d nominations today, the daily limit. "
                                 "Please try again tomorrow.", count=limit))


def _check_not_twice(session: Session, campaign: Campaign, category: Category, nominator: User,
                     people: list[User], team: Team | None, ignore: Story | None) -> None:
    if team is not None:
        statement = select(Story.id).where(
            Story.campaign_id == campaign.id, Story.category_id == category.id,
            Story.nominator_id == nominator.id, Story.team_id == team.id, Story.status != WITHDRAWN)
        field_name = "team"
    else:
        statement = select(Nominee.story_id).where(
            Nominee.campaign_id == campaign.id, Nominee.category_id == category.id,
            Nominee.nominator_id == nominator.id, Nominee.active.is_(True),
            Nominee.user_id.in_([person.id for person in people]))
        field_name = "nominees"
    if ignore is not None and ignore.id is not None:
        column = Story.id if team is not None else Nominee.story_id
        statement = statement.where(column != ignore.id)
    if session.scalar(statement.limit(1)) is not None:
        raise NominationError(_l("You have already nominated them in this category. "
                                 "Add to your existing story instead."), field=field_name)


class NominationProblems(NominationError):
    """Several nomination rules were broken at once: ``problems`` holds each, at its field."""

    def __init__(self, problems: list[NominationError]):
        super().__init__(str(problems[0]), field=problems[0].field)
        self.problems = problems


@dataclass
class CheckedNomination:
    """What a submitted story names, as the rules found it, and every problem with it."""

    category: Category | None = None
    team: Team | None = None
    people: list[User] = field(default_factory=list)
    problems: list[NominationError] = field(default_factory=list)


def _keep_problem(problems: list[NominationError], check, *args):
    """``check(*args)``, or None with its refusal added to ``problems``: so that one submit hears them all."""
    try:
        return check(*args)
    except NominationError as error:
        problems.append(error)
        return None


def check_nomination(session: Session, nominator: User, campaign: Campaign, data: StoryInput, today: date,
                     story: Story | None = None) -> CheckedNomination:
    """Every rule of SPEC §4 about who, which category and what story, all at once, in the form's order.

    ``submit`` and ``update`` refuse with all of them (``NominationProblems``); the form asks the
    same function about what its own field checks let through, so a submit shows every problem.
    ``story`` is the story being edited, which does not count as a nomination made before.
    """
    checked = CheckedNomination()
    problems = checked.problems
    with session.no_autoflush:  # nothing half-filled is written while the rules are checked
        category = checked.category = _keep_problem(problems, _category, session, campaign, data.category_id)
        wants_team = category.nominee_kind == "team" if category else bool(data.team_id and not data.nominee_ids)
        if wants_team:
            checked.team = _keep_problem(problems, _check_team, session, nominator, data.team_id)
        else:
            checked.people = _keep_problem(problems, _check_people, session, nominator, data.nominee_ids) or []
        _keep_problem(problems, _check_title, data)
        _keep_problem(problems, _check_body, data)
        _keep_problem(problems, _check_impact, data)
        _keep_problem(problems, _check_moment, data, today)
        if category is not None and (checked.team or checked.people):
            _keep_problem(problems, _check_not_twice, session, campaign, category, nominator, checked.people,
                          checked.team, story)
    problems.sort(key=lambda problem: problem.field not in ("nominees", "team"))  # who comes first, as on the form
    return checked


def _apply(session: Session, story: Story, nominator: User, campaign: Campaign, data: StoryInput,
           now: datetime) -> None:
    checked = check_nomination(session, nominator, campaign, data, now.date(), story)
    if checked.problems:
        raise NominationProblems(checked.problems)
    category, team, people = checked.category, checked.team, checked.people
    story.category_id, story.team_id = category.id, team.id if team else None
    story.title, story.body = data.title.strip(), data.body.strip()
    story.customer_impact, story.moment_date = data.customer_impact.strip(), data.moment_date
    story.language = data.language
    # Keep the rows of people who stay nominated, so their unique keys are never written twice.
    kept = {link.user_id: link for link in story.nominee_links}
    links = []
    for person in people:
        link = kept.get(person.id) or Nominee(user_id=person.id, campaign_id=campaign.id,
                                              nominator_id=nominator.id, active=True)
        link.category_id = category.id
        links.append(link)
    story.nominee_links = links
    story.search_text = search.compose(story.title, story.body, story.customer_impact,
                                       [person.display_name for person in people] + ([team.name] if team else []))
    session.add(story)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as error:  # a double submit raced past the check above
        raise NominationError(_l("You have already nominated them in this category."),
                              field="team" if team else "nominees") from error


def submit(session: Session, nominator: User, campaign: Campaign, data: StoryInput, now: datetime,
           photo_key: str | None = None) -> Story:
    """Create a story; approved at once when the campaign auto-approves."""
    refusal = nomination_refusal(nominator, campaign, now)
    if refusal is not None:
        raise NominationError(refusal)
    _check_daily_limit(session, nominator, now)
    story = Story(campaign_id=campaign.id, nominator_id=nominator.id, status=PENDING,
                  photo_key=photo_key, created_at=now)
    _apply(session, story, nominator, campaign, data, now)
    if campaign.auto_approve:
        approve(session, story, None, now)
    return story


def update(session: Session, story: Story, actor: User, data: StoryInput, now: datetime,
           photo_key: str | None = None, remove_photo: bool = False) -> None:
    """Edit a story; an approved or rejected story goes back to moderation."""
    if not can_edit(actor, story, now):
        raise NominationError(_l("This story can no longer be edited."))
    _apply(session, story, actor, story.campaign, data, now)
    if photo_key or remove_photo:
        story.photo_key = photo_key
    if story.campaign.auto_approve:
        story.status = APPROVED
    elif story.status in (APPROVED, REJECTED):
        story.status, story.rejection_reason = PENDING, ""
    session.flush()


def withdraw(session: Session, story: Story, actor: User, now: datetime) -> None:
    """Withdraw a story; its nominees become free to be nominated again."""
    if not can_edit(actor, story, now):
        raise NominationError(_l("This story can no longer be withdrawn."))
    story.status = WITHDRAWN
    for link in story.nominee_links:
        link.active = False
    session.flush()


def my_nominations(session: Session, user: User) -> list[Story]:
    """The stories a person has told, newest first."""
    return list(session.scalars(select(Story).where(Story.nominator_id == user.id)
                                .order_by(Story.created_at.desc())))


def selected_people(session: Session, ids: list[int]) -> list[User]:
    """The people picked so far in the form, in the order picked."""
    if not ids:
        return []
    people = {person.id: person for person in session.scalars(select(User).where(User.id.in_(ids)))}
    return [people[person_id] for person_id in dict.fromkeys(ids) if person_id in people]
