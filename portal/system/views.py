"""The health check."""
from flask import jsonify

from portal.extensions import db, limiter
from portal.permissions import public
from portal.system import bp
from portal.system.service import health


@bp.route("/healthz")
@public
@limiter.exempt
def healthz():
    """JSON for load balancers and monitors; 503 when the database is unreachable."""
    report = health(db.session)
    db.session.rollback()
    return jsonify(status="ok" if report["database"] else "unavailable", **report), \
        200 if report["database"] else 503
