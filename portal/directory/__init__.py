"""The employee directory, as HR sees it: people, import, invitations."""
from flask import Blueprint

bp = Blueprint("directory", __name__, url_prefix="/admin/people")

from portal.directory import views  # noqa: E402,F401
