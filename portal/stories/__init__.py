"""Stories: the wall, a story's page, its cheers, comments, endorsements, reports and photo."""
from flask import Blueprint

bp = Blueprint("stories", __name__)

from portal.stories import views  # noqa: E402,F401
