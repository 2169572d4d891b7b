"""People's data: what the portal holds about a person, for them to download."""
from flask import Blueprint

bp = Blueprint("privacy", __name__)

from portal.privacy import views  # noqa: E402,F401
