"""Portal-wide state (settings, markers) and the health check."""
from flask import Blueprint

bp = Blueprint("system", __name__)

from portal.system import views  # noqa: E402,F401
