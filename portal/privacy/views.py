"""A person downloads their data; HR erases a person."""
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.forms import DownloadDataForm
from portal.accounts.models import User
from portal.extensions import db
from portal.formtools import committed
from portal.permissions import hr_required
from portal.privacy import bp
from portal.privacy.erasure import erase_person, erasure_refusal, inductions_about, preview
from portal.privacy.export import export_zip
from portal.privacy.forms import EraseForm
from portal.transactions import reads_first
from portal.types import utcnow


@bp.route("/account/my-data.zip", methods=["POST"])
@reads_first  # it only reads: no voter waits for the write lock meanwhile
def download_my_data():
    """Everything the portal holds about the signed-in person, as a ZIP (JSON and photos)."""
    if not DownloadDataForm().validate_on_submit():
        abort(400)
    data = export_zip(db.session, current_user._get_current_object())
    db.session.rollback()
    name = f"service-stars-my-data-{utcnow():%Y-%m-%d}.zip"
    return Response(data, mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@bp.route("/admin/people/<id:user_id>/erase", methods=["GET", "POST"])
@hr_required
def erase(user_id: int):
    """HR confirms the erasure of a person, choosing which of their Hall of Fame inductions stay."""
    person = db.get_or_404(User, user_id)
    if person.erased_at is not None:
        flash(_("This person's personal data has already been erased."), "info")
        return redirect(url_for("directory.people", status="all"))
    form = EraseForm()
    inductions = inductions_about(db.session, person)
    # Every induction is kept unless HR unticks it: the Hall of Fame is the company's history.
    keep = ({induction.id for induction in inductions if str(induction.id) in request.form.getlist("keep")}
            if request.method == "POST" else {induction.id for induction in inductions})
    if form.validate_on_submit():
        with committed(form) as outcome:
            erase_person(db.session, person, current_user, utcnow(), keep_inductions=keep)
        if outcome.ok:
            flash(_("The person's personal data was erased."), "success")
            return redirect(url_for("directory.people"))
    return render_template("privacy/erase.html", person=person, form=form, inductions=inductions, keep=keep,
                           refusal=erasure_refusal(person, current_user),
                           counts=preview(db.session, person)), 400 if form.errors else 200
