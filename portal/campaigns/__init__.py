"""Campaigns: one year's Customer Service Week, its moments and categories."""
from flask import Blueprint

bp = Blueprint("campaigns", __name__, url_prefix="/admin/campaigns")

from portal.campaigns import views  # noqa: E402,F401
