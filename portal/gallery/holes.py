"""The personal parts of shared story cards and pages: each story's cheer count, and whether the viewer cheered it.

Counts are filled per request rather than kept with the page, so a cheer shows at once.
"""
from flask_login import current_user

from portal.extensions import db
from portal.gallery import service
from portal.pagecache import filler


@filler("cheers")
def cheer_counts(args: set[str]) -> dict[str, object]:
    """The cheer count of each story on the page."""
    counts = service.cheer_counts(db.session, [int(arg) for arg in args])
    return {arg: counts.get(int(arg), 0) for arg in args}


@filler("cheered")
def cheered(args: set[str]) -> dict[str, object]:
    """``"true"`` for the stories the viewer cheered (an ``aria-pressed`` value), else ``"false"``."""
    mine = service.cheered_by(db.session, current_user, [int(arg) for arg in args])
    return {arg: "true" if int(arg) in mine else "false" for arg in args}
