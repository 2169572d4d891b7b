"""HR's view of the outbox: what is waiting, what failed, and a retry button."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.extensions import db
from portal.notifications import bp
from portal.notifications.mail import retry_failed
from portal.notifications.models import FAILED, PENDING, OutboxMessage
from portal.permissions import hr_required


@bp.route("/")
@hr_required
def index():
    """Counts by status, the failed messages and the oldest waiting ones."""
    counts = dict(db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    failed = list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.status == FAILED)
                                     .order_by(OutboxMessage.id.desc()).limit(100)))
    waiting = list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.status == PENDING)
                                      .order_by(OutboxMessage.next_try_at).limit(20)))
    return render_template("notifications/outbox.html", counts=counts, failed=failed, waiting=waiting)


@bp.route("/<id:message_id>/retry", methods=["POST"])
@hr_required
def retry(message_id: int):
    """Try a failed email again."""
    message = db.get_or_404(OutboxMessage, message_id)
    if message.status != FAILED:
        flash(_("That email has not failed; it needs no retry."), "info")
    else:
        retry_failed(db.session, message)
        db.session.commit()
        flash(_("The email to %(recipient)s will be sent again shortly.", recipient=message.recipient), "success")
    return redirect(url_for("notifications.index"))
