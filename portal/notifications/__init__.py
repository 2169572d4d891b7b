"""Notifications: the email outbox, its delivery, and HR's view of it."""
from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/admin/outbox")

from portal.notifications import views  # noqa: E402,F401
