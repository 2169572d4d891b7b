"""HR pages for the directory: people, CSV import, invitations, (de)activation."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts import service as accounts
from portal.accounts.models import User
from portal.directory import bp, importer
from portal.directory.forms import ImportForm, InviteForm
from portal.directory.service import PeopleFilter, filter_values, search_people, team_by_name
from portal.extensions import db
from portal.formtools import committed
from portal.params import int_arg
from portal.permissions import hr_required
from portal.urls import back_or


@bp.route("/")
@hr_required
def people():
    """The directory, searchable and filterable, a page at a time."""
    filters = PeopleFilter(
        q=request.args.get("q", "")[:100], department=request.args.get("department", "")[:120],
        site=request.args.get("site", "")[:120], country=request.args.get("country", "")[:2],
        team_id=int_arg("team"), status=request.args.get("status", "active"),
    )
    after_id = int_arg("after_id")
    after = (request.args.get("after_name", "")[:120], after_id) if after_id is not None else None
    found, next_key = search_people(db.session, filters, after)
    next_url = None
    if next_key:
        args = {key: value for key, value in request.args.items() if key not in {"after_name", "after_id"}}
        next_url = url_for("directory.people", **args, after_name=next_key[0], after_id=next_key[1])
    return render_template("directory/people.html", people=found, filters=filters,
                           options=filter_values(db.session), next_url=next_url)


@bp.route("/import", methods=["GET", "POST"])
@hr_required
def import_directory():
    """Upload a CSV: every line is checked first; a bad line means no change at all."""
    if request.method == "POST":
        # A directory of half a million people is far bigger than a photo.
        request.max_content_length = current_app.config["DIRECTORY_IMPORT_MAX_BYTES"]
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("directory/import.html", form=form, columns=importer.COLUMNS), \
            400 if form.errors else 200
    plan = importer.validate(db.session, form.file.data.read())
    if not plan.ok:
        db.session.rollback()
        return render_template("directory/import.html", form=form, columns=importer.COLUMNS,
                               errors=plan.errors, filename=form.file.data.filename), 400
    result = importer.apply(db.session, plan, deactivate_missing=form.deactivate_missing.data,
                            keep_active=current_user.id)
    db.session.commit()
    flash(_("Directory imported: %(created)d added, %(updated)d updated, %(unchanged)d unchanged, "
            "%(deactivated)d deactivated.", created=result.created, updated=result.updated,
            unchanged=result.unchanged, deactivated=result.deactivated), "success")
    return redirect(url_for("directory.people"))


@bp.route("/invite", methods=["GET", "POST"])
@hr_required
def invite():
    """Add one person and email them a link to choose a password."""
    form = InviteForm()
    if form.validate_on_submit():
        with committed(form, field="email") as outcome:
            team = team_by_name(db.session, form.team.data)
            person = accounts.create_person(
                db.session, form.email.data, form.display_name.data, job_title=form.job_title.data or "",
                department=form.department.data or "", team_id=team.id if team else None,
                site=form.site.data or "", country=form.country.data or "", is_hr=form.is_hr.data)
            accounts.invite(db.session, person, current_user)
        if outcome.ok:
            flash(_("%(name)s is invited; we emailed them a link to choose a password.",
                    name=person.display_name), "success")
            return redirect(url_for("directory.people", q=person.email))
    return render_template("directory/invite.html", form=form), 400 if form.errors else 200


@bp.route("/<id:user_id>/resend-invitation", methods=["POST"])
@hr_required
def resend_invitation(user_id: int):
    """Send a fresh invitation link (older links stop working)."""
    person = db.get_or_404(User, user_id)
    with committed() as outcome:
        accounts.invite(db.session, person, current_user)
    if outcome.ok:
        flash(_("We emailed %(name)s a new invitation.", name=person.display_name), "success")
    return redirect(back_or(url_for("directory.people")))


@bp.route("/<id:user_id>/deactivate", methods=["POST"])
@hr_required
def deactivate(user_id: int):
    """Deactivate a person: they are signed out and cannot sign in."""
    return _set_active(user_id, False)


@bp.route("/<id:user_id>/reactivate", methods=["POST"])
@hr_required
def reactivate(user_id: int):
    """Let a deactivated person sign in again."""
    return _set_active(user_id, True)


def _set_active(user_id: int, active: bool):
    person = db.get_or_404(User, user_id)
    with committed() as outcome:
        accounts.set_active(db.session, person, active, actor=current_user)
    if outcome.ok:
        if active:
            flash(_("%(name)s is active again.", name=person.display_name), "success")
        else:
            flash(_("%(name)s is deactivated and signed out.", name=person.display_name), "success")
    return redirect(back_or(url_for("directory.people")))

