"""HR's moderation pages: pending stories, reports, and the audit log."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.audit.models import AuditEntry
from portal.extensions import db
from portal.formtools import committed
from portal.nominations import moderation, moderation_bp as bp
from portal.nominations.forms import RejectForm
from portal.stories.markdown import render_story
from portal.stories.models import Endorsement, Story
from portal.params import int_list
from portal.permissions import hr_required
from portal.types import utcnow


def _page(status: int = 200, reject_forms: dict | None = None):
    stories = moderation.pending_stories(db.session)
    forms = reject_forms or {}
    return render_template("nominations/moderation.html", stories=stories, render_story=render_story,
                           reject_forms={s.id: forms.get(s.id) or RejectForm(formdata=None, prefix=f"r{s.id}")
                                         for s in stories},
                           reported=moderation.reported_items(db.session)), status


@bp.route("/")
@hr_required
def index():
    """Pending stories, oldest first, and hidden reported items."""
    return _page()


@bp.route("/<id:story_id>/approve", methods=["POST"])
@hr_required
def approve(story_id: int):
    """Publish one story."""
    with committed() as outcome:
        moderation.approve(db.session, db.get_or_404(Story, story_id), current_user, utcnow())
    if outcome.ok:
        flash(_("Published. The nominator and the nominees are told by email."), "success")
    return redirect(url_for("moderation.index"))


@bp.route("/<id:story_id>/reject", methods=["POST"])
@hr_required
def reject(story_id: int):
    """Decline one story, with a reason for its nominator."""
    story = db.get_or_404(Story, story_id)
    form = RejectForm(prefix=f"r{story_id}")
    if not form.validate_on_submit():
        return _page(400, {story_id: form})
    with committed(form, field="reason") as outcome:
        moderation.reject(db.session, story, current_user, form.reason.data, utcnow())
    if not outcome.ok:
        return _page(400, {story_id: form})
    flash(_("Rejected. The nominator is told why."), "success")
    return redirect(url_for("moderation.index"))


@bp.route("/approve", methods=["POST"])
@hr_required
def bulk_approve():
    """Publish every ticked story."""
    ids = int_list("story")
    if not ids:
        flash(_("Tick the stories to publish first."), "error")
        return redirect(url_for("moderation.index"))
    count = moderation.bulk_approve(db.session, ids, current_user, utcnow())
    db.session.commit()
    flash(_("%(count)d stories published.", count=count), "success")
    return redirect(url_for("moderation.index"))


@bp.route("/reports/<target_type>/<id:target_id>", methods=["POST"])
@hr_required
def review(target_type: str, target_id: int):
    """Restore a reported item, or take it down."""
    model = {"story": Story, "endorsement": Endorsement}.get(target_type)
    target = db.session.get(model, target_id) if model else None
    if target is None:
        abort(404)
    keep = request.form.get("decision") == "keep"
    moderation.review_report(db.session, target_type, target, current_user, keep, utcnow())
    db.session.commit()
    flash(_("Restored.") if keep else _("Taken down."), "success")
    return redirect(url_for("moderation.index"))


@bp.route("/audit")
@hr_required
def audit():
    """Every moderation decision: who, when, what."""
    entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(500)))
    return render_template("nominations/audit.html", entries=entries)
