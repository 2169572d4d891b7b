"""The Hall of Fame: every inductee across the years."""
from flask import Blueprint

bp = Blueprint("gallery", __name__)

from portal.gallery import holes, views  # noqa: E402,F401
