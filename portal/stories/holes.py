"""The personal parts of shared story cards and pages: each story's cheer count, and whether the viewer cheered it.

Counts are filled per request rather than kept with the page, so a cheer shows at once.
"""
from flask import g
from flask_login import current_user

from portal.extensions import db
from portal.stories import social
from portal.pagecache import filler


def _cheer_state(args: set[str]) -> dict[int, tuple[int, bool]]:
    # Both kinds of hole name the same stories: one query answers both.
    asked, answers = frozenset(args), g.setdefault("cheer_state", {})
    if asked not in answers:
        answers[asked] = social.cheer_state(db.session, current_user, [int(arg) for arg in args])
    return answers[asked]


@filler("cheers")
def cheer_counts(args: set[str]) -> dict[str, object]:
    """The cheer count of each story on the page."""
    state = _cheer_state(args)
    return {arg: state.get(int(arg), (0, False))[0] for arg in args}


@filler("cheered")
def cheered(args: set[str]) -> dict[str, object]:
    """``"true"`` for the stories the viewer cheered (an ``aria-pressed`` value), else ``"false"``."""
    state = _cheer_state(args)
    return {arg: "true" if state.get(int(arg), (0, False))[1] else "false" for arg in args}
