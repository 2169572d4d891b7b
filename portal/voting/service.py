"""Voting rules, the tally and its frozen results.

``cast_vote`` and ``withdraw_vote`` take the session first and write through
its connection, with fixed statements: a vote is the busiest write of the
week. The database constraints on ``Vote`` (see its docstring) are the final
guard, and these functions turn a refused insert into a friendly outcome.
"""
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import Row, bindparam, delete, func, select, text
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.campaigns.models import VOTING, Campaign, Category
from portal.rules import RuleError
from portal.stories.facts import StoryFacts
from portal.stories.models import APPROVED, Story
from portal.stories.rules import is_involved
from portal.types import UTCDateTime
from portal.voting.models import Result, Vote


class VoteError(RuleError):
    """A vote cannot be cast or withdrawn; the message says why."""


def vote_refusal(user, story: Story | StoryFacts, now: datetime) -> str | None:
    """Why ``user`` may not vote for ``story`` now (votes left aside), or None when they may.

    The one rule behind the ballot's buttons, ``cast_vote`` and the vote endpoints.
    """
    if story.campaign.phase_at(now) != VOTING:
        return _l("Voting is not open.")
    if not (user.is_authenticated and user.is_active):
        return _l("Your account is not active.")
    if story.status != APPROVED or story.hidden:
        return _l("This story cannot be voted on.")
    if not story.category.enabled:
        return _l("“%(category)s” is not part of this year's campaign: it takes no votes.",
                  category=story.category.display_name)
    if is_involved(user, story):
        return _l("This story is about you or your team: you cannot vote for it.")
    return None


def can_vote(user, story: Story | StoryFacts, now: datetime) -> bool:
    """Whether ``user`` may vote for ``story`` now (votes left aside)."""
    return vote_refusal(user, story, now) is None


def votes_left(limit: int, used: int) -> int:
    """How many of a category's ``limit`` votes are left after ``used``."""
    return max(limit - used, 0)


_MY_VOTES = select(Vote.story_id, Vote.slot).where(Vote.voter_id == bindparam("voter"),
                                                   Vote.category_id == bindparam("category"))
_USED = select(func.count()).select_from(Vote).where(Vote.voter_id == bindparam("voter"),
                                                     Vote.category_id == bindparam("category"))
_WITHDRAW = delete(Vote).where(Vote.voter_id == bindparam("voter"), Vote.story_id == bindparam("story"))
# A vote whose story or slot is already taken inserts nothing (and the caller looks again) rather
# than failing: no savepoint, and no aborted transaction on PostgreSQL. Written out because
# SQLAlchemy compiles a dialect's ON CONFLICT insert anew each time, which cost more than the write.
_CAST = text(
    "INSERT INTO votes (campaign_id, category_id, story_id, voter_id, slot, created_at)"
    " VALUES (:campaign_id, :category_id, :story_id, :voter_id, :slot, :created_at) ON CONFLICT DO NOTHING"
).bindparams(bindparam("created_at", type_=UTCDateTime()))


def my_votes(session: Session, voter: User, campaign: Campaign) -> dict[int, int]:
    """The voter's votes in a campaign: story id → category id."""
    rows = session.execute(select(Vote.story_id, Vote.category_id)
                           .where(Vote.voter_id == voter.id, Vote.campaign_id == campaign.id))
    return dict(rows.all())


def votes_used(session: Session, voter: User, category_id: int) -> int:
    """How many votes the voter has cast in a category."""
    return session.connection().execute(_USED, {"voter": voter.id, "category": category_id}).scalar_one()


class VoteOutcome(NamedTuple):
    """What a cast or withdrawal did: whether anything changed (no for a double submit), and the votes left."""

    changed: bool
    votes_left: int


def category_votes(session: Session, voter: User, category_id: int) -> list[tuple[int, int]]:
    """The voter's votes in a category, as (story id, slot) pairs."""
    return [tuple(row) for row in
            session.connection().execute(_MY_VOTES, {"voter": voter.id, "category": category_id}).all()]


def cast_vote(session: Session, voter: User, story: Story | StoryFacts, now: datetime,
              mine: list[tuple[int, int]] | None = None) -> VoteOutcome:
    """Vote for a story; nothing changes when the vote already existed (a harmless double submit).

    Takes the lowest free slot of the voter in the category; if a racing
    request took it first, the unique constraint makes the insert a no-op and
    the slots are read again, until the limit. ``mine`` is the voter's
    ``category_votes`` if read already (before the write lock, so that the
    lock is held for the insert alone); a refusal is only ever concluded from
    a fresh read.
    """
    refusal = vote_refusal(voter, story, now)
    if refusal is not None:
        raise VoteError(refusal)
    limit = story.campaign.votes_per_category
    for _attempt in range(limit + 2):
        fresh = mine is None
        existing = category_votes(session, voter, story.category_id) if fresh else mine
        mine = None
        if any(story_id == story.id for story_id, _slot in existing):
            return VoteOutcome(False, votes_left(limit, len(existing)))
        used = {slot for _story_id, slot in existing}
        free = [slot for slot in range(1, limit + 1) if slot not in used]
        if not free:
            if not fresh:
                continue
            raise VoteError(_l("You have used all %(count)d of your votes in “%(category)s”. "
                               "Withdraw one to vote for this story.",
                               count=limit, category=story.category.display_name))
        inserted = session.connection().execute(_CAST, {
            "campaign_id": story.campaign_id, "category_id": story.category_id, "story_id": story.id,
            "voter_id": voter.id, "slot": free[0], "created_at": now}).rowcount
        if inserted:
            return VoteOutcome(True, votes_left(limit, len(existing) + 1))
    raise VoteError(_l("Too many votes at once. Please try again."))


def withdraw_vote(session: Session, voter: User, story: Story | StoryFacts, now: datetime,
                  mine: list[tuple[int, int]] | None = None) -> VoteOutcome:
    """Take a vote back while voting is open; nothing changes when there was none.

    ``mine`` as for ``cast_vote``: with it, a withdrawal of no vote writes nothing.
    """
    if story.campaign.phase_at(now) != VOTING:
        raise VoteError(_l("Voting is not open."))
    limit = story.campaign.votes_per_category
    if mine is not None and all(story_id != story.id for story_id, _slot in mine):
        return VoteOutcome(False, votes_left(limit, len(mine)))
    removed = session.connection().execute(_WITHDRAW, {"voter": voter.id, "story": story.id}).rowcount
    used = len(mine) - removed if mine is not None else votes_used(session, voter, story.category_id)
    return VoteOutcome(removed > 0, votes_left(limit, used))


@dataclass
class CategoryTally:
    """The counts of one category and its winners: each story with its ``id`` and ``title`` (a row of the
    live tally, or, frozen, the ``Story``)."""

    category: Category
    counts: list[tuple[Row | Story, int]]
    winners: list[Row | Story]


_VOTES = select(func.count()).select_from(Vote).where(Vote.story_id == Story.id).correlate(Story).scalar_subquery()
# Counted once (MATERIALIZED), then ranked: ordering by the count of a plain query had SQLite count
# every story twice.
_COUNTED = (select(Story.id, Story.category_id, Story.title, _VOTES.label("votes"))
            .where(Story.campaign_id == bindparam("campaign"), Story.status == APPROVED, Story.hidden.is_(False))
            .cte("counted").prefix_with("MATERIALIZED"))
_TALLY = select(_COUNTED).order_by(_COUNTED.c.category_id, _COUNTED.c.votes.desc(), _COUNTED.c.id)


def tally(session: Session, campaign: Campaign) -> list[CategoryTally]:
    """Count the votes of every approved story, per category.

    Most votes wins and a tie makes joint winners; a category without an
    approved story, or without a single vote, has no winner; a category that
    does not take part (``Campaign.open_categories``) is not counted at all.

    One query through the connection (no ORM processing of 20,000 rows): the
    campaign's published stories, read in the order of their ids from the one
    index that holds all the tally reads of them (migration 0010), each with its
    count from the index on the votes' story, which that order walks forwards.
    At full scale on SQLite (2,000,000 votes, 20,000 stories) it ran at 0.83–0.92
    of the speed of a raw ``GROUP BY`` of every vote in three runs (``make bench``'s
    tally ratio); over the stories in category order it was 0.65, and the
    textbook ``LEFT JOIN … GROUP BY`` 0.31.
    """
    rows = session.connection().execute(_TALLY, {"campaign": campaign.id})
    by_category = {category_id: [(row, row[3]) for row in ranked]
                   for category_id, ranked in groupby(rows, key=itemgetter(1))}
    tallies = []
    for category in campaign.open_categories:
        ranked = by_category.get(category.id, [])
        top = ranked[0][1] if ranked else 0
        winners = [story for story, votes in ranked if votes == top] if top > 0 else []
        tallies.append(CategoryTally(category, ranked, winners))
    return tallies


def freeze_results(session: Session, campaign: Campaign) -> list[CategoryTally]:
    """Store every counted story's final count, once; returns the tally frozen (empty if it was already).

    Called by the announcement, inside its claim transaction; the unique key
    on ``Result`` guards the once too.
    """
    if session.scalar(select(func.count()).select_from(Result).where(Result.campaign_id == campaign.id)):
        return []
    tallies = tally(session, campaign)
    for category_tally in tallies:
        winners = {story.id for story in category_tally.winners}
        for story, votes in category_tally.counts:
            session.add(Result(campaign_id=campaign.id, category_id=category_tally.category.id,
                               story_id=story.id, votes=votes, winner=story.id in winners))
    session.flush()
    return tallies


def frozen_tally(session: Session, campaign: Campaign) -> list[CategoryTally] | None:
    """The snapshot stored at the announcement, in the shape of ``tally``; None before it."""
    rows = list(session.execute(select(Result, Story).join(Story, Result.story_id == Story.id)
                                .where(Result.campaign_id == campaign.id)
                                .order_by(Result.votes.desc(), Result.story_id)).tuples())
    if not rows:
        return None
    tallies = []
    for category in campaign.open_categories:
        mine = [(result, story) for result, story in rows if result.category_id == category.id]
        tallies.append(CategoryTally(category, [(story, result.votes) for result, story in mine],
                                     [story for result, story in mine if result.winner]))
    return tallies


BALLOT_PAGE = 30


def ballot_stories(session: Session, category: Category, after_id: int | None,
                   limit: int = BALLOT_PAGE) -> list[Story]:
    """One page of a category's approved stories, oldest first (keyset on id), and one more to tell if
    there are more."""
    query = select(Story).where(Story.category_id == category.id, Story.status == APPROVED,
                                Story.hidden.is_(False))
    if after_id:
        query = query.where(Story.id > after_id)
    return list(session.scalars(query.order_by(Story.id).limit(limit + 1)))


def participation(session: Session, campaign: Campaign, by=None) -> list[tuple[str, int, int]]:
    """(group, people eligible, people who voted), overall or grouped by a User column."""
    voted = select(Vote.voter_id).where(Vote.campaign_id == campaign.id).distinct().subquery()
    columns = [func.count(User.id), func.count(voted.c.voter_id)]
    query = (select(*(([by] if by is not None else []) + columns)).select_from(User)
             .outerjoin(voted, voted.c.voter_id == User.id).where(User.active.is_(True)))
    if by is None:
        eligible, voters = session.execute(query).one()
        return [("", eligible, voters)]
    rows = session.execute(query.group_by(by).order_by(by)).all()
    return [(label or "—", eligible, voters) for label, eligible, voters in rows]
