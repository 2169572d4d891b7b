"""Nominations: telling a colleague's story of great service, and HR's moderation of the stories told."""
from flask import Blueprint

bp = Blueprint("nominations", __name__)
moderation_bp = Blueprint("moderation", __name__, url_prefix="/admin/moderation")

from portal.nominations import moderation_views, views  # noqa: E402,F401
